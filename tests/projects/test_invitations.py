"""Invitations: the officer decides how someone takes part, and the link works only for its address, for a while."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from charters.models import Organisation
from projects import services
from projects.models import Invitation
from tests.factories import OrganisationFactory, UserFactory, staff

REGISTER = {
    "name": "New Parent",
    "family_kind": "parent-carer",
    "preferred_contact": "email",
    "password1": "bright kites fly far",
    "password2": "bright kites fly far",
}


@pytest.fixture
def school(partnership):
    return OrganisationFactory(partnership=partnership, name="Birkenhead High School", kind=Organisation.Kind.EDUCATION)


def invite(client, officer, project, django_capture_on_commit_callbacks, **data):
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("projects:invite", args=["wirral", project.pk]),
            {"email": "New.Parent@example.org", "kind": "family", **data},
        )
    client.logout()
    return response


def link_in(message) -> str:
    return re.search(r"http://127\.0\.0\.1:8000(/invitations/\S+/)", message.body).group(1)


@pytest.fixture
def invitation_link(client, officer, project, django_capture_on_commit_callbacks):
    invite(client, officer, project, django_capture_on_commit_callbacks)
    return link_in(mail.outbox[0])


def test_an_invited_parent_registers_straight_into_the_project(client, project, invitation_link):
    assert mail.outbox[0].to == ["new.parent@example.org"]
    assert "as a family member" in mail.outbox[0].body
    page = client.get(invitation_link).text
    assert "Join “Health Passports”" in page and "new.parent@example.org" in page
    assert 'name="email"' not in page and 'name="partnership"' not in page
    # Another address typed into the form is ignored: the account is for the invitation's address.
    response = client.post(invitation_link, {**REGISTER, "email": "someone.else@example.org"})
    assert response["Location"] == reverse("projects:detail", args=["wirral", project.pk])
    user = User.objects.get(email="new.parent@example.org")
    assert not User.objects.filter(email="someone.else@example.org").exists()
    assert (user.role, user.partnership) == (Role.FAMILY, project.partnership)
    assert project.members.get(user=user).kind == "family"
    assert Invitation.objects.get().accepted_by == user
    assert "This invitation has already been used" in client.get(invitation_link).text


def test_an_invited_professional_gets_a_professional_account_of_the_chosen_organisation(
    client, officer, project, school, django_capture_on_commit_callbacks
):
    invite(
        client,
        officer,
        project,
        django_capture_on_commit_callbacks,
        email="senco@example.org",
        kind="professional",
        organisation=school.pk,
    )
    link = link_in(mail.outbox[0])
    assert "as a professional from Birkenhead High School" in mail.outbox[0].body
    page = client.get(link).text
    assert 'name="family_kind"' not in page
    # Trying to come in as a family member changes nothing.
    client.post(link, {**REGISTER, "name": "Sue Senco", "family_kind": "parent-carer", "kind": "family"})
    user = User.objects.get(email="senco@example.org")
    assert (user.role, user.organisation, user.family_kind) == (Role.PROFESSIONAL, school, "")
    assert project.members.get(user=user).kind == "professional"
    # A professional account sees nothing of the partnership's private work.
    assert client.get(reverse("feedback:queue", args=["wirral"])).status_code == 403


def test_a_professional_can_never_become_a_family_member_through_a_link(client, project, invitation_link, partnership):
    professional = staff(Role.OFFICER, partnership, email="new.parent@example.org", name="Pat Professional")
    client.force_login(professional)
    response = client.get(invitation_link)
    assert response.status_code == 403
    assert "This invitation is for a family member" in response.text
    assert client.post(invitation_link).status_code == 403
    assert not project.members.filter(user=professional).exists()
    with pytest.raises(services.ProjectError):
        services.accept_invitation(Invitation.objects.get(), professional)


def test_a_family_account_cannot_take_a_professionals_place(
    client, officer, project, school, partnership, django_capture_on_commit_callbacks
):
    invite(client, officer, project, django_capture_on_commit_callbacks, kind="professional", organisation=school.pk)
    parent = UserFactory(partnership=partnership, email="new.parent@example.org")
    client.force_login(parent)
    assert "This invitation is for a professional" in client.get(link_in(mail.outbox[0])).text


def test_an_invitation_works_only_for_its_own_address(client, project, invitation_link, partnership):
    someone = UserFactory(partnership=partnership, email="other@example.org")
    client.force_login(someone)
    response = client.post(invitation_link)
    assert response.status_code == 403
    assert "This invitation is for another email address" in response.text
    assert not project.members.filter(user=someone).exists()
    invited = UserFactory(partnership=partnership, email="new.parent@example.org")
    client.force_login(invited)
    client.post(invitation_link)
    assert project.members.get(user=invited).kind == "family"


def test_someone_with_an_account_is_asked_to_sign_in(client, invitation_link, partnership):
    UserFactory(partnership=partnership, email="new.parent@example.org")
    page = client.get(invitation_link).text
    assert "There is already an account for new.parent@example.org" in page
    assert 'name="password1"' not in page


def test_an_invitation_for_another_area_is_refused(client, invitation_link, outsider_officer):
    client.force_login(outsider_officer)
    assert client.get(invitation_link).status_code == 403


def test_an_invitation_expires(client, invitation_link, settings):
    settings.INVITATION_DAYS = 14
    Invitation.objects.update(sent_at=timezone.now() - datetime.timedelta(days=15))
    response = client.get(invitation_link)
    assert response.status_code == 410
    assert "This invitation has expired" in response.text
    response = client.post(invitation_link, REGISTER)
    assert response.status_code == 410
    assert not User.objects.filter(email="new.parent@example.org").exists()


def test_a_withdrawn_invitation_no_longer_works(client, officer, project, invitation_link):
    invitation = Invitation.objects.get()
    client.force_login(officer)
    client.post(reverse("projects:withdraw_invitation", args=["wirral", project.pk, invitation.pk]))
    client.logout()
    assert "This invitation has been withdrawn" in client.get(invitation_link).text
    assert client.post(invitation_link, REGISTER).status_code == 410


def test_withdrawing_an_invitation_asks_first_and_changes_nothing(client, officer, project, invitation_link):
    invitation = Invitation.objects.get()
    client.force_login(officer)
    url = reverse("projects:withdraw_invitation", args=["wirral", project.pk, invitation.pk])
    members = client.get(reverse("projects:members", args=["wirral", project.pk])).text
    assert f'href="{url}"' in members and f'action="{url}"' not in members
    page = client.get(url).text
    assert f"Are you sure you want to withdraw the invitation to {invitation.email}?" in page
    assert f'<form method="post" action="{url}"' in page
    client.logout()
    assert "This invitation has been withdrawn" not in client.get(invitation_link).text


def test_resending_renews_the_invitation(client, officer, project, invitation_link, django_capture_on_commit_callbacks):
    invitation = Invitation.objects.get()
    Invitation.objects.update(sent_at=timezone.now() - datetime.timedelta(days=20))
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("projects:resend_invitation", args=["wirral", project.pk, invitation.pk]))
    assert len(mail.outbox) == 2 and link_in(mail.outbox[1]) == invitation_link
    invitation.refresh_from_db()
    assert not invitation.has_expired
    assert project.events.first().what == "Sent the invitation to a family member again"


def test_the_members_page_lists_pending_invitations_for_officers_only(
    client, officer, family, project, invitation_link
):
    client.force_login(officer)
    page = client.get(reverse("projects:members", args=["wirral", project.pk])).text
    assert "new.parent@example.org" in page and "Send again" in page and "Withdraw" in page
    client.force_login(family)
    page = client.get(reverse("projects:members", args=["wirral", project.pk])).text
    assert "new.parent@example.org" not in page


def test_invitees_addresses_are_never_on_the_timeline(client, family, project, invitation_link):
    events = " ".join(project.events.values_list("what", flat=True))
    assert "Invited a family member to join" in events
    assert "new.parent@example.org" not in events
    client.force_login(family)
    assert "new.parent@example.org" not in client.get(reverse("projects:detail", args=["wirral", project.pk])).text


def test_registration_errors_on_the_invitation_page(client, invitation_link):
    response = client.post(invitation_link, {"name": ""})
    assert response.status_code == 400
    assert "Enter your full name" in response.text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": ""}, "Enter the email address to invite"),
        ({"email": "not-an-address"}, "Enter an email address in the correct format"),
        ({"email": "sam@example.org"}, "already a member"),
        ({"kind": ""}, "Select whether they take part as a family member or a professional"),
        ({"kind": "officer"}, "Select one of the options shown"),
        ({"kind": "professional"}, "Select the organisation the professional works for"),
        ({"kind": "professional", "organisation": "999999"}, "Select one of the options shown"),
    ],
)
def test_bad_invitations(client, officer, project, data, message):
    client.force_login(officer)
    response = client.post(
        reverse("projects:invite", args=["wirral", project.pk]), {"email": "x@example.org", "kind": "family", **data}
    )
    assert response.status_code == 400
    assert message in response.text
    assert response.text.count("There is a problem") == 1
    assert "<title>Error: " in response.text
    assert not Invitation.objects.exists()


def test_an_organisation_of_another_partnership_cannot_be_chosen(client, officer, project, other_partnership):
    theirs = OrganisationFactory(partnership=other_partnership)
    client.force_login(officer)
    response = client.post(
        reverse("projects:invite", args=["wirral", project.pk]),
        {"email": "x@example.org", "kind": "professional", "organisation": theirs.pk},
    )
    assert "Select one of the options shown" in response.text


def test_changing_ones_address_to_the_invited_one_does_not_take_the_invitation(
    client, project, invitation_link, partnership
):
    someone = UserFactory(partnership=partnership, email="other@example.org")
    client.force_login(someone)
    data = {
        "name": someone.name,
        "email": "new.parent@example.org",
        "family_kind": "parent-carer",
        "preferred_contact": "email",
    }
    client.post(reverse("accounts:change_account"), data)
    someone.refresh_from_db()
    assert someone.email == "other@example.org"
    assert client.post(invitation_link).status_code == 403
    assert not project.members.filter(user=someone).exists()


def test_joining_twice_gives_a_page_not_an_error(client, project, invitation_link, partnership):
    invited = UserFactory(partnership=partnership, email="new.parent@example.org")
    client.force_login(invited)
    assert client.post(invitation_link).status_code == 302
    response = client.post(invitation_link)
    assert response.status_code == 403 and "This invitation has already been used" in response.text


def test_an_invitation_used_at_the_same_moment_gives_a_page_not_an_error(client, project, invitation_link, partnership):
    from unittest import mock

    # The other window registers first, between this one's checks and its save.
    def other_window_first(invitation, user):
        raise services.ProjectError("used", services.ProjectError.FORBIDDEN)

    with mock.patch.object(services, "accept_invitation", other_window_first):
        response = client.post(invitation_link, REGISTER)
    assert response.status_code == 409
    assert not User.objects.filter(email="new.parent@example.org").exists()


def test_an_address_longer_than_the_column_is_refused(client, officer, project):
    client.force_login(officer)
    email = "a" * 64 + "@" + ("b" * 60 + ".") * 4 + "org"
    response = client.post(reverse("projects:invite", args=["wirral", project.pk]), {"email": email, "kind": "family"})
    assert response.status_code == 400
    assert "254 characters or fewer" in response.text


def test_adding_the_same_person_twice_at_once_is_refused_not_an_error(project, officer, partnership):
    parent = UserFactory(partnership=partnership)
    services.add_member(project, parent, officer)
    with pytest.raises(services.ProjectError, match="already a member"):
        services.add_member(project, parent, officer)
