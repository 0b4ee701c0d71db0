from crispy_forms_gds.layout import Field, Fluid
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from accounts.models import DataRequest, User
from charter_portal.forms import EMAIL_FORMAT, PortalForm, gds_helper
from charter_portal.privacy.holdings import found_by_feedback
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
