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


def confirmation_link(message) -> str:
    import re

    return re.search(r"http://127\.0\.0\.1:8000(/register/confirm/\S+/)", message.body).group(1)


def test_family_member_registers_confirms_their_address_and_is_signed_in(
    client, good, partnership, django_capture_on_commit_callbacks
):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:register"), good)
    assert response["Location"] == reverse("accounts:register_sent")
    assert "dana@example.org" in client.get(response["Location"]).text
    user = User.objects.get(email="dana@example.org")
    assert user.role == Role.FAMILY
    assert user.partnership == partnership
    assert user.access_needs == "Large print, please"
    assert user.check_password("purple kites fly high")
    assert not user.email_confirmed
    assert "_auth_user_id" not in client.session
    # Until confirmed, it cannot sign in.
    refused = client.post(reverse("accounts:login"), {"username": user.email, "password": "purple kites fly high"})
    assert "Confirm your email address first" in refused.text
    assert mail.outbox[0].to == ["dana@example.org"]
    response = client.get(confirmation_link(mail.outbox[0]))
    assert response["Location"] == reverse("accounts:account")
    user.refresh_from_db()
    assert user.email_confirmed
    assert [e.what for e in user.events.all()] == ["Confirmed their email address", "Registered as a family member"]
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_confirmation_link_that_is_wrong_or_expired_is_explained(client, db):
    response = client.get(reverse("accounts:confirm_account", args=["not-a-real-link"]))
    assert response.status_code == 400 and "This link has expired" in response.text


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
        ({"password1": "short", "password2": "short"}, "password2", "Your password must be 10 characters or more"),
        ({"password1": "password123", "password2": "password123"}, "password2", "harder to guess"),
        ({"preferred_contact": "text"}, "phone", "Enter a phone number so we can call or text you"),
        ({"preferred_contact": "phone"}, "phone", "Enter a phone number so we can call or text you"),
        ({"preferred_contact": "post"}, "postal_address", "Enter an address so we can write to you"),
        ({"preferred_contact": "pigeon"}, "preferred_contact", "Select one of the options shown"),
        ({"partnership": 999999}, "partnership", "Select one of the options shown"),
        ({"name": "x" * 151}, "name", "must be 150 characters or fewer"),
    ],
)
def test_each_bad_answer_is_explained_and_nothing_typed_is_lost(client, good, change, field, message):
    response = client.post(reverse("accounts:register"), {**good, **change})
    assert response.status_code == 400
    form = response.context["form"]
    assert any(message in error for error in form.errors[field])
    assert message in response.text
    assert "Large print, please" in response.text
    assert not User.objects.exists()


def test_an_address_with_an_account_gets_the_same_answer_and_its_owner_is_told(
    client, good, family, django_capture_on_commit_callbacks
):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:register"), {**good, "email": "SAM@example.org"})
    # The same answer as for a new address: nobody learns that this family has an account.
    assert response["Location"] == reverse("accounts:register_sent")
    assert "already exists" not in client.get(response["Location"]).text
    assert User.objects.filter(email__iexact="sam@example.org").count() == 1
    assert mail.outbox[0].to == [family.email]
    assert "It is already yours, so nothing has changed" in mail.outbox[0].body
    family.refresh_from_db()
    assert family.name == "Sam Parent" and not family.check_password("purple kites fly high")


def test_signed_in_people_are_sent_to_their_account(client, family):
    client.force_login(family)
    assert client.get(reverse("accounts:register"))["Location"] == reverse("accounts:account")


@pytest.mark.parametrize("email", ["new.parent@example.org", "sam@example.org"])
def test_registering_hashes_a_password_whether_or_not_the_address_has_an_account(
    client, good, family, monkeypatch, email
):
    """Hashing is the slow part of registering: done either way, the answer's timing does not say
    whether an address has an account."""
    from django.contrib.auth.hashers import get_hasher

    hashed = []
    hasher = type(get_hasher())
    original = hasher.encode
    monkeypatch.setattr(
        hasher, "encode", lambda self, *args, **kwargs: hashed.append(1) or original(self, *args, **kwargs)
    )
    client.post(reverse("accounts:register"), {**good, "email": email})
    assert len(hashed) == 1
