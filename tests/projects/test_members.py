"""Members: added, removed with their past contributions kept, and what removal takes away."""

import pytest
from django.urls import reverse

from projects import services
from tests.factories import UserFactory


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def test_removing_a_member_asks_first_then_keeps_what_they_said(officer_client, client, project, officer, family):
    parent = project.members.get(user=family)
    idea = services.contribute(project.stages.get(stage="need"), parent, "idea", "A photo on the front")
    url = reverse("projects:remove_member", args=["wirral", project.pk, parent.pk])
    page = officer_client.get(url).text
    assert "Remove Sam Parent from the project?" in page
    assert officer_client.post(url)["Location"] == reverse("projects:members", args=["wirral", project.pk])
    parent.refresh_from_db()
    assert parent.removed_at is not None and parent.removed_by == officer
    idea.refresh_from_db()
    assert idea.member == parent
    assert (
        "A photo on the front"
        in officer_client.get(reverse("projects:stage", args=["wirral", project.pk, "need"])).text
    )
    assert project.events.first().what == "Sam Parent was removed from the project"
    members = officer_client.get(reverse("projects:members", args=["wirral", project.pk])).text
    assert '<td class="govuk-table__cell">Sam Parent' not in members
    assert "Sam Parent (family member)" in members  # offered to be added back
    # They no longer see the private project.
    client.force_login(family)
    assert client.get(reverse("projects:detail", args=["wirral", project.pk])).status_code == 404


def test_a_removed_member_can_be_added_back_with_their_record(officer_client, project, officer, family):
    parent = project.members.get(user=family)
    services.remove_member(parent, officer)
    response = officer_client.post(reverse("projects:members", args=["wirral", project.pk]), {"user": family.pk})
    assert response.status_code == 302
    parent.refresh_from_db()
    assert parent.removed_at is None


def test_the_lead_officer_cannot_be_removed(officer_client, project, officer):
    lead = project.members.get(user=officer)
    officer_client.post(reverse("projects:remove_member", args=["wirral", project.pk, lead.pk]))
    lead.refresh_from_db()
    assert lead.removed_at is None
    with pytest.raises(services.ProjectError, match="lead officer cannot be removed"):
        services.remove_member(lead, officer)


def test_removing_twice_is_refused_without_an_error_page(officer_client, project, officer, family):
    parent = project.members.get(user=family)
    services.remove_member(parent, officer)
    url = reverse("projects:remove_member", args=["wirral", project.pk, parent.pk])
    assert officer_client.post(url).status_code == 404


def test_a_family_member_cannot_remove_anyone(client, project, family, officer):
    client.force_login(family)
    lead = project.members.get(user=officer)
    assert client.post(reverse("projects:remove_member", args=["wirral", project.pk, lead.pk])).status_code == 403


def test_members_kind_follows_the_account_not_the_choice_of_whoever_adds_them(officer_client, project, partnership):
    from tests.factories import staff

    senco = staff("professional", partnership, "education", email="senco@example.org")
    officer_client.post(reverse("projects:members", args=["wirral", project.pk]), {"user": senco.pk, "kind": "family"})
    assert project.members.get(user=senco).kind == "professional"
    parent = UserFactory(partnership=partnership)
    officer_client.post(reverse("projects:members", args=["wirral", project.pk]), {"user": parent.pk})
    assert project.members.get(user=parent).kind == "family"


def test_adding_someone_of_another_area_is_refused(officer_client, project, other_partnership):
    stranger = UserFactory(partnership=other_partnership)
    response = officer_client.post(reverse("projects:members", args=["wirral", project.pk]), {"user": stranger.pk})
    assert response.status_code == 400
    assert "Select one of the options shown" in response.text
    assert not project.members.filter(user=stranger).exists()
