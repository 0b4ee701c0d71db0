"""The partnership admin's form for how long personal data is kept."""

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from charter_portal.forms import PortalModelForm, gds_helper
from charters.models import Partnership

# What each period is called in its messages, and its unit.
NAMED = {
    "feedback_retention_months": ("feedback's private text", "months"),
    "account_retention_months": ("unused accounts", "months"),
    "paper_retention_months": ("meeting papers", "months"),
    "invitation_retention_days": ("invitations", "days"),
}


class RetentionForm(PortalModelForm):
    """The four periods, each within Partnership.RETENTION_LIMITS, and the privacy contact."""

    class Meta:
        model = Partnership
        fields = [*NAMED, "privacy_contact"]
        labels = {
            "feedback_retention_months": "Months to keep what a family told us and their contact details, "
            "after the feedback is closed",
            "account_retention_months": "Months before an account nobody has signed in to is erased",
            "paper_retention_months": "Months to keep meeting papers after a project is complete",
            "invitation_retention_days": "Days to keep an invitation after it expires or is withdrawn",
            "privacy_contact": "How to contact your data protection officer (optional)",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, (what, unit) in NAMED.items():
            least, most = Partnership.RETENTION_LIMITS[name]
            field = self.fields[name]
            default = Partnership._meta.get_field(name).default
            field.help_text = f"Between {least} and {most} {unit}. The portal's default is {default}."
            # The limits are the form's own, so the database's range check is never what refuses a value.
            field.validators = [MinValueValidator(least), MaxValueValidator(most)]
            field.min_value = field.max_value = None
            field.widget = forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"})
            field.error_messages |= {
                "required": f"Enter how many {unit} to keep {what}",
                "invalid": f"Enter the number of {unit} to keep {what} as a whole number, like {default}",
                "min_value": f"The {unit} to keep {what} must be {least} or more",
                "max_value": f"The {unit} to keep {what} must be {most} or fewer",
            }
        self.fields["privacy_contact"].help_text = (
            "An email address, phone number or postal address, shown in your privacy notice. "
            "Leave it empty to tell people to contact your partnership's admins."
        )
        self.helper = gds_helper(
            Fieldset(
                *(Field.text(name, field_width=3) for name in NAMED),
                legend="How long personal data is kept",
                legend_size=Size.MEDIUM,
            ),
            Field.text("privacy_contact"),
            submit="Save the periods",
        )
