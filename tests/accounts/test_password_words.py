"""The password rules said the GOV.UK way, on every form that sets a password: what to do, not
Django's "This password is too short. It must contain at least 10 characters."."""

import pytest
from django.urls import reverse

from accounts import forms
from tests.accounts.test_register import GOOD
from tests.feedback.test_contact_errors import summary_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short", "Your password must be 10 characters or more"),
        ("password123", "Choose a password that is harder to guess"),
        ("4815162342108", "Your password must have letters in it, not only numbers"),
        ("dana.carer@example.org", "Choose a password that is not like your name or email address"),
        ("Dana Carer!", "Choose a password that is not like your name or email address"),
    ],
)
def test_registering_with_a_weak_password_says_what_to_do(client, partnership, password, message):
    answers = {**GOOD, "partnership": partnership.pk, "email": "dana.carer@example.org"}
    answers |= {"password1": password, "password2": password}
    page = client.post(reverse("accounts:register"), answers).text
    assert message in summary_of(page)
    assert "This password" not in page and "The password is too similar" not in page


def test_two_different_new_passwords_are_told_plainly(family):
    form = forms.SetPasswordForm(family, {"new_password1": "purple kites fly", "new_password2": "green kites fly"})
    assert form.errors["new_password2"] == ["The two passwords do not match. Type the same password twice."]


def test_a_new_password_has_our_hint_and_no_hint_to_type_it_again(family):
    for form in [forms.SetPasswordForm(family), forms.PasswordChangeForm(family)]:
        assert form.fields["new_password1"].help_text == (
            "Use at least 10 characters. A few words together are easy to remember."
        )
        assert form.fields["new_password2"].help_text == ""
    register = forms.RegisterForm()
    assert register.fields["password1"].help_text.startswith("Use at least 10 characters.")
    assert register.fields["password2"].help_text == ""


def test_a_weak_new_password_from_the_reset_link_says_what_to_do(family):
    form = forms.SetPasswordForm(family, {"new_password1": "short", "new_password2": "short"})
    assert form.errors["new_password2"] == ["Your password must be 10 characters or more"]
