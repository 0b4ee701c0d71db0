import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from projects.models import Invitation


@pytest.fixture
def invitation_link(client, officer, project, django_capture_on_commit_callbacks):
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("projects:invite", args=["wirral", project.pk]), {"email": "New.Parent@example.org"})
    client.logout()
    return re.search(r"http://testserver(/invitations/\S+/)", mail.outbox[0].body).group(1)


def test_an_invited_parent_registers_straight_into_the_project(client, project, invitation_link):
    assert mail.outbox[0].to == ["new.parent@example.org"]
    page = client.get(invitation_link).text
    assert "Join “Health Passports”" in page
    assert 'value="new.parent@example.org"' in page
    response = client.post(
        invitation_link,
        {
            "partnership": project.partnership.pk,
            "name": "New Parent",
            "email": "new.parent@example.org",
            "family_kind": "parent-carer",
            "preferred_contact": "email",
            "password1": "bright kites fly far",
            "password2": "bright kites fly far",
        },
    )
    assert response["Location"] == reverse("projects:detail", args=["wirral", project.pk])
    user = User.objects.get(email="new.parent@example.org")
    assert project.members.get(user=user).kind == "family"
    assert Invitation.objects.get().accepted_by == user
    assert "This invitation has already been used" in client.get(invitation_link).text


def test_a_signed_in_family_member_joins_with_one_button(client, project, invitation_link, partnership):
    from tests.factories import UserFactory

    someone = UserFactory(partnership=partnership, email="other@example.org")
    client.force_login(someone)
    client.post(invitation_link)
    assert project.members.filter(user=someone).exists()


def test_an_invitation_for_another_area_is_refused(client, invitation_link, outsider_officer):
    client.force_login(outsider_officer)
    assert client.get(invitation_link).status_code == 403


def test_registration_errors_on_the_invitation_page(client, invitation_link):
    response = client.post(invitation_link, {"name": ""})
    assert "Enter your full name" in response.text


@pytest.mark.parametrize(
    ("email", "message"), [("", "Enter the email address"), ("sam@example.org", "already a member")]
)
def test_bad_invitations(client, officer, project, email, message):
    client.force_login(officer)
    response = client.post(reverse("projects:invite", args=["wirral", project.pk]), {"email": email})
    assert message in response.text
