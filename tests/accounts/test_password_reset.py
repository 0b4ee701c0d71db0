import re

from django.core import mail
from django.urls import reverse


def test_reset_link_is_emailed_and_sets_a_new_password(client, family, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "SAM@example.org"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [family.email]
    assert message.subject == "Reset your Charter Portal password"
    link = re.search(r"http://testserver(/password-reset/\S+/\S+/)", message.body).group(1)

    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.text
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "another long phrase", "new_password2": "another long phrase"},
    )
    assert response["Location"] == reverse("accounts:password_reset_complete")
    family.refresh_from_db()
    assert family.check_password("another long phrase")
    assert family.events.get().what == "Set a new password from an emailed link"


def test_unknown_email_gets_the_same_page_and_no_email(client, db):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"}, follow=True)
    assert "Check your email" in response.text
    assert mail.outbox == []


def test_bad_email_is_explained(client, db):
    response = client.post(reverse("accounts:password_reset"), {"email": "nonsense"})
    assert "Enter an email address in the correct format" in response.text
    response = client.post(reverse("accounts:password_reset"), {"email": ""})
    assert "Enter your email address" in response.text


def test_a_bad_link_says_it_has_expired(client, db):
    response = client.get(reverse("accounts:password_reset_confirm", args=["MQ", "set-password"]))
    assert "This link has expired" in response.text


def test_mismatched_new_passwords_are_refused(client, family, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": family.email})
    link = re.search(r"http://testserver(/password-reset/\S+/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "another long phrase", "new_password2": "nope"}
    )
    assert response.context["form"].errors["new_password2"]
    response = client.post(form_page.redirect_chain[-1][0], {})
    assert "Enter a new password" in response.text
