"""The groups who sign off the kite mark can read what they sign: every forum lead (and officer) of the
partnership reads a project's record without being a member, read-only and without families' names."""

import datetime

import pytest
from django.urls import reverse

from projects import services


@pytest.fixture
def evidence(project, officer, family):
    parent = project.members.get(user=family)
    need = project.stages.get(stage="need")
    services.save_summary(need, officer, "Families said passports get lost.", need.version)
    services.contribute(need, parent, "concern", "Every new doctor asks the same questions")
    meeting = services.record_past_meeting(
        need,
        officer,
        [parent],
        "Parents described losing passports.",
        title="Coffee morning",
        date=datetime.date(2026, 1, 10),
        start=datetime.time(10),
        end=datetime.time(11),
        standard_breaches=[],
        override_reason="",
    )
    services.record_decision(
        need,
        officer,
        [],
        [],
        what="A photo on the front",
        decided_on=datetime.date(2026, 1, 11),
        how_input_shaped="A parent asked",
    )
    return meeting


def test_a_forum_lead_reads_the_record_without_families_names(client, project, forum_lead, family, evidence):
    client.force_login(forum_lead)
    detail = client.get(reverse("projects:detail", args=["wirral", project.pk]))
    assert detail.status_code == 200
    assert "You are reading the project's record as a forum lead" in detail.text
    stage = client.get(reverse("projects:stage", args=["wirral", project.pk, "need"])).text
    assert "Families said passports get lost." in stage
    assert "Every new doctor asks the same questions" in stage and "A parent carer" in stage
    assert "A photo on the front" in stage
    meeting = client.get(reverse("projects:meeting", args=["wirral", project.pk, evidence.pk])).text
    assert "Parents described losing passports." in meeting and "1 member, 1 from families." in meeting
    for page in (detail.text, stage, meeting):
        assert family.name not in page
    # Nothing to do there but read.
    assert 'name="text"' not in stage and "Complete this stage" not in stage
    assert "Members</a>" not in detail.text and "Timeline" not in detail.text


def test_a_forum_lead_cannot_take_part_or_open_what_names_families(client, project, forum_lead, evidence):
    client.force_login(forum_lead)
    contribute = reverse("projects:contribute", args=["wirral", project.pk, "need"])
    assert client.post(contribute, {"kind": "comment", "text": "Signing off"}).status_code == 403
    for name in ("projects:members", "projects:timeline"):
        assert client.get(reverse(name, args=["wirral", project.pk])).status_code == 403
    assert client.get(reverse("projects:calendar", args=["wirral", project.pk, evidence.pk])).status_code == 403
    assert client.get(reverse("reviews:answer", args=["wirral", project.pk])).status_code == 403


def test_a_forum_lead_who_is_a_member_sees_names(client, project, forum_lead, officer, family, evidence):
    services.add_member(project, forum_lead, officer)
    client.force_login(forum_lead)
    assert family.name in client.get(reverse("projects:stage", args=["wirral", project.pk, "need"])).text


def test_forum_leads_of_another_area_see_nothing(client, project, other_partnership, evidence):
    from accounts.models import Role
    from charters.models import Organisation
    from tests.factories import staff

    theirs = staff(Role.FORUM_LEAD, other_partnership, Organisation.Kind.FORUM, email="lead@hounslow.example.org")
    client.force_login(theirs)
    assert client.get(reverse("projects:detail", args=["wirral", project.pk])).status_code == 404
    assert client.get(reverse("projects:stage", args=["wirral", project.pk, "need"])).status_code == 404


def test_forum_leads_see_every_project_in_the_list(client, project, forum_lead):
    client.force_login(forum_lead)
    assert "Health Passports" in client.get(reverse("projects:list", args=["wirral"])).text


def test_members_who_follow_the_review_results_link_see_the_results(client, project_in_evaluation, family):
    client.force_login(family)
    detail = client.get(reverse("projects:detail", args=["wirral", project_in_evaluation.pk])).text
    results = reverse("reviews:results", args=["wirral", project_in_evaluation.pk])
    assert results in detail
    assert client.get(results).status_code == 200
    kite_mark = client.get(reverse("reviews:kite_mark", args=["wirral", project_in_evaluation.pk])).text
    assert results in kite_mark
