from crispy_forms_gds.layout import Field, Fluid, Size
from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import SetPasswordMixin

from accounts.confirmation import send_confirmation
from accounts.models import ORGANISATION_ROLES, STAFF_ROLES, Contact, FamilyKind, Role, User
from accounts.passwords import password_hint
from charter_portal import notify
from charter_portal.forms import (
    PlainWords,
    PortalForm,
    PortalModelForm,
    about_someone_else,
    about_yourself,
    ask_for,
    gds_helper,
)
from charter_portal.permissions import is_family_account
from charters.models import Organisation, Partnership


def email_is_taken(email: str, exclude: User | None = None) -> bool:
    users = User.objects.filter(email__iexact=email)
    if exclude is not None:
        users = users.exclude(pk=exclude.pk)
    return users.exists()


class ContactDetailsForm(PortalModelForm):
    """Name, email and how a person wants to be contacted, checked together:
    a phone number is needed for calls and texts, an address for post."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        about_yourself(self)

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if email_is_taken(email, exclude=self.instance if self.instance.pk else None):
            raise forms.ValidationError(
                "An account with this email address already exists. "
                "Sign in, or reset your password if you have forgotten it."
            )
        return email

    def clean(self) -> dict:
        data = super().clean()
        contact = data.get("preferred_contact")
        if contact in (Contact.PHONE, Contact.TEXT) and not data.get("phone"):
            ask_for(self, "phone", "Enter a phone number so we can call or text you")
        if contact == Contact.POST and not data.get("postal_address"):
            ask_for(self, "postal_address", "Enter an address so we can write to you")
        return data


CONTACT_LAYOUT = (
    Field.radios("preferred_contact", legend_size=Size.SMALL),
    Field.text("phone", field_width=Fluid.ONE_THIRD),
    Field.textarea("postal_address", rows=4),
    Field.textarea("access_needs", rows=4),
)

CONTACT_LABELS = {
    "preferred_contact": "How would you like us to contact you?",
    "phone": "Phone number (optional)",
    "postal_address": "Postal address (optional)",
    "access_needs": "Access needs (optional)",
}

CONTACT_HELP = {
    "phone": "Needed if you would like a phone call or a text message.",
    "postal_address": "Needed if you would like letters by post.",
    "access_needs": (
        "Tell us anything that helps you take part, for example large print, "
        "an interpreter, step-free access or meetings at certain times."
    ),
}


PASSWORD_MISMATCH = "The two passwords do not match. Type the same password twice."


class RegisterForm(SetPasswordMixin, ContactDetailsForm):
    """A family member creating their own account.

    An address that already has an account is not refused on the page: that would tell anyone
    which families use a SEND service. The view answers as for a new account and emails the owner.
    """

    error_messages = {"password_mismatch": PASSWORD_MISMATCH}
    password1, password2 = SetPasswordMixin.create_password_fields(
        label1="Create a password", label2="Type the password again"
    )
    partnership = forms.ModelChoiceField(
        queryset=Partnership.objects.all(),
        label="Which local area do you live in?",
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Select your local area"},
    )

    class Meta:
        model = User
        fields = [
            "partnership",
            "name",
            "email",
            "family_kind",
            "preferred_contact",
            "phone",
            "postal_address",
            "access_needs",
        ]
        labels = {"family_kind": "Which describes you?", **CONTACT_LABELS}
        help_texts = {
            "email": "We will use this to sign you in and to send you updates.",
            **CONTACT_HELP,
        }
        widgets = {
            "family_kind": forms.RadioSelect,
            "preferred_contact": forms.RadioSelect,
        }
        error_messages = {
            "name": {"required": "Enter your full name"},
            "email": {
                "required": "Enter your email address",
                "invalid": "Enter an email address in the correct format, like name@example.com",
            },
            "family_kind": {"required": "Select whether you are a parent or carer, or a young person"},
            "preferred_contact": {"required": "Select how you would like us to contact you"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["family_kind"].required = True
        self.fields["family_kind"].choices = FamilyKind.choices
        self.fields["preferred_contact"].choices = Contact.choices
        self.fields["password1"].error_messages["required"] = "Create a password"
        self.fields["password2"].error_messages["required"] = "Type the password again"
        self.fields["password1"].help_text = password_hint()
        self.fields["password2"].help_text = ""
        self.helper = gds_helper(
            Field.radios("partnership", legend_size=Size.SMALL),
            Field.text("name", field_width=Fluid.TWO_THIRDS),
            Field.text("email", field_width=Fluid.TWO_THIRDS),
            Field.radios("family_kind", legend_size=Size.SMALL),
            *CONTACT_LAYOUT,
            Field.text("password1", field_width=Fluid.ONE_HALF),
            Field.text("password2", field_width=Fluid.ONE_HALF),
            submit="Create account",
        )

    email_taken = False

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        self.email_taken = email_is_taken(email)
        return email

    def clean(self) -> dict:
        data = super().clean()
        self.validate_passwords()
        return data

    def validate_unique(self) -> None:
        # Saying the address is taken would tell who has an account: the view deals with it.
        if not self.email_taken:
            super().validate_unique()

    def validate_constraints(self) -> None:
        if not self.email_taken:
            super().validate_constraints()

    def _post_clean(self) -> None:
        super()._post_clean()
        self.validate_password_for_user(self.instance)

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=False)
        user.role = Role.FAMILY
        user.email_confirmed = False
        user = self.set_password_and_save(user, commit=commit)
        if commit:
            user.record(user, "Registered as a family member")
        return user


class InvitedRegisterForm(RegisterForm):
    """An account made from a project's invitation. The address is the invitation's, the local
    area is the project's and the kind of account is the one the officer chose: the person
    cannot change them, so a professional can never become a family member through a link."""

    class Meta(RegisterForm.Meta):
        fields = ["name", "family_kind", "preferred_contact", "phone", "postal_address", "access_needs"]

    def __init__(self, *args, invitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation
        self.is_family = invitation.is_for_family
        del self.fields["partnership"]
        self.instance.email = invitation.email
        self.instance.partnership = invitation.project.partnership
        layout = [Field.text("name", field_width=Fluid.TWO_THIRDS)]
        if self.is_family:
            layout.append(Field.radios("family_kind", legend_size=Size.SMALL))
        else:
            del self.fields["family_kind"]
        self.helper = gds_helper(
            *layout,
            *CONTACT_LAYOUT,
            Field.text("password1", field_width=Fluid.ONE_HALF),
            Field.text("password2", field_width=Fluid.ONE_HALF),
            submit="Create account",
        )

    def clean(self) -> dict:
        data = super().clean()
        if email_is_taken(self.invitation.email):
            raise forms.ValidationError("An account with this email address already exists. Sign in to join.")
        return data

    def save(self, commit: bool = True) -> User:
        user = super(RegisterForm, self).save(commit=False)
        user.email = self.invitation.email.lower()
        user.partnership = self.invitation.project.partnership
        if self.is_family:
            user.role = Role.FAMILY
        else:
            user.role, user.organisation = Role.PROFESSIONAL, self.invitation.organisation
        user = self.set_password_and_save(user, commit=commit)
        if commit:
            as_what = "a family member" if self.is_family else f"a professional of {user.organisation.name}"
            user.record(user, f"Registered as {as_what}, from an invitation to “{self.invitation.project.title}”")
        return user


class AccountForm(ContactDetailsForm):
    """A person changing their own details. A new email address is not saved here: it is used once
    its owner confirms it from that address (accounts.views.change_account), and whether it already
    has an account is never said, so nobody learns who uses the portal."""

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )

    class Meta:
        model = User
        fields = [
            "name",
            "family_kind",
            "preferred_contact",
            "phone",
            "postal_address",
            "access_needs",
        ]
        labels = {"family_kind": "Which describes you?", **CONTACT_LABELS}
        help_texts = CONTACT_HELP
        widgets = {
            "family_kind": forms.RadioSelect,
            "preferred_contact": forms.RadioSelect,
        }
        error_messages = RegisterForm.Meta.error_messages

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].initial = self.instance.email
        self.fields["preferred_contact"].choices = Contact.choices
        layout = [
            Field.text("name", field_width=Fluid.TWO_THIRDS),
            Field.text("email", field_width=Fluid.TWO_THIRDS),
        ]
        if is_family_account(self.instance):
            self.fields["family_kind"].required = True
            self.fields["family_kind"].choices = FamilyKind.choices
            layout.append(Field.radios("family_kind", legend_size=Size.SMALL))
        else:
            del self.fields["family_kind"]
        self.helper = gds_helper(*layout, *CONTACT_LAYOUT, submit="Save changes")


class StaffUserForm(PortalModelForm):
    """A partnership admin adding or changing an officer, forum lead or admin."""

    class Meta:
        model = User
        fields = ["name", "email", "role", "organisation", "phone"]
        labels = {"phone": "Phone number (optional)", "organisation": "Organisation"}
        widgets = {"role": forms.RadioSelect}
        error_messages = {
            "name": {"required": "Enter the person's full name"},
            "email": {
                "required": "Enter the person's email address",
                "invalid": "Enter an email address in the correct format, like name@example.com",
            },
            "role": {"required": "Select a role"},
        }

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        about_someone_else(self)
        self.partnership = partnership
        self.fields["role"].choices = [(r.value, r.label) for r in STAFF_ROLES]
        self.fields["organisation"].queryset = Organisation.objects.filter(partnership=partnership)
        self.fields["organisation"].empty_label = "Select an organisation"
        self.fields["organisation"].help_text = "Everyone but partnership admins must have one."
        self.helper = gds_helper(
            Field.text("name", field_width=Fluid.TWO_THIRDS),
            Field.text("email", field_width=Fluid.TWO_THIRDS),
            Field.radios("role", legend_size=Size.SMALL),
            Field.select("organisation"),
            Field.text("phone", field_width=Fluid.ONE_THIRD),
            submit="Save" if self.instance.pk else "Add person",
        )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if email_is_taken(email, exclude=self.instance if self.instance.pk else None):
            raise forms.ValidationError("Someone already has an account with this email address")
        return email

    def clean(self) -> dict:
        data = super().clean()
        if data.get("role") in ORGANISATION_ROLES and not data.get("organisation"):
            self.add_error("organisation", "Select the organisation this person works for")
        return data

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=False)
        user.partnership = self.partnership
        if not user.pk:
            user.set_unusable_password()
        if commit:
            user.save()
        return user


class LoginForm(PlainWords, auth_forms.AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter the email address and password of your account",
        "inactive": "This account has been closed. Ask your partnership admin to reopen it.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Email address"
        # No autofocus: it would take a keyboard or screen-reader user past the skip link.
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["username"].widget.attrs["spellcheck"] = "false"
        self.fields["username"].error_messages["required"] = "Enter your email address"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.helper = gds_helper(
            Field.text("username", field_width=Fluid.TWO_THIRDS),
            Field.text("password", field_width=Fluid.TWO_THIRDS),
            submit="Sign in",
        )

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()

    def confirm_login_allowed(self, user) -> None:
        super().confirm_login_allowed(user)
        if not user.email_confirmed:
            send_confirmation(user)
            raise forms.ValidationError(
                "Confirm your email address first: we have emailed you a new link to do it",
                code="unconfirmed",
            )


class PasswordResetForm(PlainWords, auth_forms.PasswordResetForm):
    """Sends the reset link as a background task rather than during the request."""

    def get_users(self, email):
        # An account whose address is not confirmed gets its confirmation link, nothing else.
        return (user for user in super().get_users(email) if user.email_confirmed)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].error_messages["required"] = "Enter your email address"
        self.fields["email"].error_messages["invalid"] = (
            "Enter an email address in the correct format, like name@example.com"
        )
        self.helper = gds_helper(Field.text("email", field_width=Fluid.TWO_THIRDS), submit="Send reset link")

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ) -> None:
        """The reset link goes to the address asked for, as a message like every other."""
        user = context["user"]
        notify.send("password_reset", [notify.Recipient(email=to_email, user=user)], about=f"user:{user.pk}", **context)


class SetPasswordForm(PlainWords, auth_forms.SetPasswordForm):
    error_messages = {"password_mismatch": PASSWORD_MISMATCH}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "New password"
        self.fields["new_password1"].help_text = password_hint()
        self.fields["new_password2"].help_text = ""
        self.fields["new_password2"].label = "Type the new password again"
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].error_messages["required"] = "Type the new password again"
        self.helper = gds_helper(
            Field.text("new_password1", field_width=Fluid.ONE_HALF),
            Field.text("new_password2", field_width=Fluid.ONE_HALF),
            submit="Save password",
        )


class PasswordChangeForm(auth_forms.PasswordChangeForm, SetPasswordForm):
    error_messages = {
        "password_mismatch": PASSWORD_MISMATCH,
        "password_incorrect": "Your current password is not right. Enter the password you sign in with",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Current password"
        self.fields["old_password"].error_messages["required"] = "Enter your current password"
        self.helper = gds_helper(
            Field.text("old_password", field_width=Fluid.ONE_HALF),
            Field.text("new_password1", field_width=Fluid.ONE_HALF),
            Field.text("new_password2", field_width=Fluid.ONE_HALF),
            submit="Change password",
        )


class MessageSettingsForm(PortalForm):
    """What a person chooses to be sent, of the messages they may turn off."""

    send = forms.MultipleChoiceField(
        label="Which of these should we send you?",
        help_text="Untick what you do not want. We always send messages about your own feedback, your "
        "account, invitations, meetings and kite marks waiting for your sign-off.",
        choices=list(notify.OPTIONAL.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Choose from the list"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.checkboxes("send", legend_size=Size.MEDIUM), submit="Save what we send you")
