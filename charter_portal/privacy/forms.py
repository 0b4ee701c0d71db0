"""The privacy forms: what an admin finds a family's information by, and how long personal data is kept."""

from crispy_forms_gds.layout import Field, Fieldset, Fluid, Size
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, validate_email

from accounts.models import DataRequest, User
from charter_portal.forms import EMAIL_FORMAT, PortalForm, PortalModelForm, gds_helper
from charter_portal.privacy.holdings import found_by_feedback
from charters.models import Partnership
from feedback.models import REFERENCE_ALPHABET, REFERENCE_LENGTH, clean_reference

FOUND_BY_LENGTH = DataRequest._meta.get_field("found_by").max_length
EMAIL_LENGTH = User._meta.get_field("email").max_length


class FindHoldingsForm(PortalForm):
    """What an admin finds a family's information by, when they gave feedback without an account."""

    found_by = forms.CharField(
        label="Feedback reference or email address",
        help_text="The reference we gave them, like ABCD-2345, or the email address they gave with their feedback.",
        max_length=FOUND_BY_LENGTH,
        error_messages={
            "required": "Enter a feedback reference or an email address",
            "max_length": f"An email address must be {EMAIL_LENGTH} characters or fewer, and a reference 8",
        },
    )

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.fields["found_by"].widget.attrs.update(autocomplete="off", spellcheck="false")
        self.helper = gds_helper(Field.text("found_by", field_width=Fluid.TWO_THIRDS), submit="Make a copy")

    def clean_found_by(self) -> str:
        typed = self.cleaned_data["found_by"].strip()
        found_by = self._email(typed) if "@" in typed else self._reference(typed)
        if not found_by_feedback(self.partnership, found_by).exists():
            what = "given with that email address" if "@" in found_by else "with that reference"
            raise ValidationError(f"We hold no feedback {what}. Check it and enter it again", code="not-found")
        return found_by

    def _email(self, typed: str) -> str:
        if len(typed) > EMAIL_LENGTH:
            raise ValidationError(f"An email address must be {EMAIL_LENGTH} characters or fewer", code="long")
        try:
            validate_email(typed)
        except ValidationError:
            raise ValidationError(EMAIL_FORMAT, code="invalid") from None
        email = typed.lower()
        if User.objects.in_partnership(self.partnership).filter(email__iexact=email).exists():
            raise ValidationError(
                "That email address belongs to an account. Make the copy from the person's page", code="account"
            )
        return email

    def _reference(self, typed: str) -> str:
        reference = clean_reference(typed)
        if len(reference) != REFERENCE_LENGTH or any(ch not in REFERENCE_ALPHABET for ch in reference):
            raise ValidationError(
                "Enter a feedback reference of 8 letters and numbers, like ABCD-2345, or an email address",
                code="format",
            )
        return reference


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
