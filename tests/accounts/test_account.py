from django.urls import reverse

from tests.factories import PASSWORD


def test_account_page_shows_details_and_timeline(client, family, admin):
    family.record(admin, "Account reopened")
    client.force_login(family)
    response = client.get(reverse("accounts:account"))
    assert "Sam Parent" in response.text
    assert family.email in response.text
    assert "Account reopened" in response.text
    assert "by Morgan Admin" in response.text


def test_family_member_changes_contact_details(client, family):
    client.force_login(family)
    data = {
        "name": "Sam Parent",
        "email": family.email,
        "family_kind": "parent-carer",
        "preferred_contact": "post",
        "phone": "",
        "postal_address": "1 High Street\nBirkenhead",
        "access_needs": "Step-free access",
    }
    response = client.post(reverse("accounts:change_account"), data, follow=True)
    assert "Your details have been saved" in response.text
    family.refresh_from_db()
    assert family.preferred_contact == "post"
    assert family.access_needs == "Step-free access"
    event = family.events.get()
    assert event.what == "Changed their details: preferred contact, postal address, access needs"
    assert event.actor == family


def test_changing_to_post_without_an_address_is_refused(client, family):
    client.force_login(family)
    data = {"name": "Sam", "email": family.email, "family_kind": "parent-carer", "preferred_contact": "post"}
    response = client.post(reverse("accounts:change_account"), data)
    assert "Enter an address so we can write to you" in response.text
    family.refresh_from_db()
    assert family.preferred_contact == "email"


def test_an_address_someone_else_has_is_not_taken_and_not_revealed(
    client, family, officer, django_capture_on_commit_callbacks
):
    from django.core import mail

    client.force_login(family)
    data = {
        "name": "Sam",
        "email": officer.email.upper(),
        "family_kind": "parent-carer",
        "preferred_contact": "email",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:change_account"), data, follow=True)
    # The same answer as for a free address; the owner is told, and nothing changes.
    assert f"Check {officer.email}" in response.text and "already" not in response.text
    family.refresh_from_db()
    assert family.email == "sam@example.org"
    assert [m.to for m in mail.outbox] == [[officer.email]]


def test_staff_are_not_asked_whether_they_are_a_parent(client, officer):
    client.force_login(officer)
    response = client.get(reverse("accounts:change_account"))
    assert "family_kind" not in response.context["form"].fields


def test_password_change_needs_the_current_password(client, family):
    client.force_login(family)
    data = {
        "old_password": "wrong",
        "new_password1": "a new long phrase",
        "new_password2": "a new long phrase",
    }
    response = client.post(reverse("accounts:password_change"), data)
    assert "Your current password is not right. Enter the password you sign in with" in response.text
    data["old_password"] = PASSWORD
    response = client.post(reverse("accounts:password_change"), data, follow=True)
    assert "Your password has been changed" in response.text
    family.refresh_from_db()
    assert family.check_password("a new long phrase")
    assert family.events.get().what == "Changed their password"
    # Still signed in after the change.
    assert client.get(reverse("accounts:account")).status_code == 200


def test_password_change_with_mismatched_passwords_is_refused(client, family):
    client.force_login(family)
    data = {"old_password": PASSWORD, "new_password1": "a new long phrase", "new_password2": "different"}
    response = client.post(reverse("accounts:password_change"), data)
    assert response.context["form"].errors["new_password2"]


def test_a_new_email_address_is_used_only_once_confirmed_from_it(client, family, django_capture_on_commit_callbacks):
    import re

    from django.core import mail

    client.force_login(family)
    data = {
        "name": family.name,
        "email": "Sam.New@example.org",
        "family_kind": "parent-carer",
        "preferred_contact": "email",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:change_account"), data)
    assert response.status_code == 302
    family.refresh_from_db()
    assert family.email == "sam@example.org"
    message = mail.outbox[-1]
    assert message.to == ["sam.new@example.org"]
    link = re.search(r"http://127\.0\.0\.1:8000(/account/email/\S+/)", message.body).group(1)
    # Someone else signed in cannot use it, and a tampered link does nothing.
    assert client.get(link[:-3] + "xx/").status_code == 400
    response = client.get(link)
    assert response["Location"] == reverse("accounts:account")
    family.refresh_from_db()
    assert family.email == "sam.new@example.org"
    assert family.events.first().what == "Confirmed their new email address"
    # Used once: the link was for the old address.
    assert client.get(link).status_code == 400


def test_an_email_change_link_is_only_for_its_own_account(
    client, family, partnership, django_capture_on_commit_callbacks
):
    import re

    from django.core import mail

    from tests.factories import UserFactory

    client.force_login(family)
    data = {
        "name": family.name,
        "email": "taken.over@example.org",
        "family_kind": "parent-carer",
        "preferred_contact": "email",
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:change_account"), data)
    link = re.search(r"(/account/email/\S+/)", mail.outbox[-1].body).group(1)
    client.force_login(UserFactory(partnership=partnership))
    assert client.get(link).status_code == 400
    family.refresh_from_db()
    assert family.email == "sam@example.org"
