import pytest
from django.urls import reverse

from accounts.models import Role, User

GOOD = {
    "name": "Dana Carer",
    "email": "Dana@Example.org",
    "family_kind": "parent-carer",
    "preferred_contact": "email",
    "phone": "",
    "postal_address": "",
    "access_needs": "Large print, please",
    "password1": "purple kites fly high",
    "password2": "purple kites fly high",
}


@pytest.fixture
def good(partnership):
    return {**GOOD, "partnership": partnership.pk}


def test_family_member_registers_and_is_signed_in(client, good, partnership):
    response = client.post(reverse("accounts:register"), good)
    assert response.status_code == 302
    user = User.objects.get(email="dana@example.org")
    assert user.role == Role.FAMILY
    assert user.partnership == partnership
    assert user.access_needs == "Large print, please"
    assert user.check_password("purple kites fly high")
    assert [e.what for e in user.events.all()] == ["Registered as a family member"]
    assert client.session["_auth_user_id"] == str(user.pk)


def test_empty_form_names_every_missing_answer(client, partnership):
    response = client.post(reverse("accounts:register"), {})
    for message in [
        "Select your local area",
        "Enter your full name",
        "Enter your email address",
        "Select whether you are a parent or carer, or a young person",
        "Create a password",
        "Type the password again",
    ]:
        assert message in response.text
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"email": "not-an-email"}, "email", "Enter an email address in the correct format"),
        ({"password2": "something else entirely"}, "password2", "The two passwords do not match"),
        ({"password1": "short", "password2": "short"}, "password2", "too short"),
        ({"password1": "password123", "password2": "password123"}, "password2", "too common"),
        ({"preferred_contact": "text"}, "phone", "Enter a phone number so we can call or text you"),
        ({"preferred_contact": "phone"}, "phone", "Enter a phone number so we can call or text you"),
        ({"preferred_contact": "post"}, "postal_address", "Enter an address so we can write to you"),
        ({"preferred_contact": "pigeon"}, "preferred_contact", "Select a valid choice"),
        ({"partnership": 999999}, "partnership", "Select a valid choice"),
        ({"name": "x" * 151}, "name", "at most 150 characters"),
    ],
)
def test_each_bad_answer_is_explained_and_nothing_typed_is_lost(client, good, change, field, message):
    response = client.post(reverse("accounts:register"), {**good, **change})
    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field])
    assert message in response.text
    assert "Large print, please" in response.text
    assert not User.objects.exists()


def test_an_email_already_registered_is_refused_whatever_its_case(client, good, family):
    response = client.post(reverse("accounts:register"), {**good, "email": "SAM@example.org"})
    assert "An account with this email address already exists" in response.text
    assert User.objects.filter(email__iexact="sam@example.org").count() == 1


def test_signed_in_people_are_sent_to_their_account(client, family):
    client.force_login(family)
    assert client.get(reverse("accounts:register"))["Location"] == reverse("accounts:account")
