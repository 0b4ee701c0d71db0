"""Decisions: what was decided, how members' input shaped it, and its history when it changes."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from feedback import services as feedback_services
from projects import services
from projects.models import Decision


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def decision_data(**change):
    day = datetime.date(2026, 11, 20)
    return {
        "what": "The passport has a photo on the front",
        "decided_on_0": day.day,
        "decided_on_1": day.month,
        "decided_on_2": day.year,
        "how_input_shaped": "A parent's idea",
        **change,
    }


def test_a_decision_links_the_contributions_and_feedback_it_came_from(
    officer_client, project, officer, family, feedback_item
):
    parent = project.members.get(user=family)
    need = project.stages.get(stage="need")
    idea = services.contribute(need, parent, "idea", "A photo on the front")
    feedback_item.project = project
    feedback_item.save()
    response = officer_client.post(
        reverse("projects:record_decision", args=["wirral", project.pk, "need"]),
        decision_data(contributions=[idea.pk], feedback=[feedback_item.pk]),
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert list(decision.contributions.all()) == [idea] and list(decision.feedback.all()) == [feedback_item]
    idea.refresh_from_db()
    assert idea.shaped_decision
    feedback_services.change_status(feedback_item, "doing", None)
    feedback_services.publish(feedback_item, None, "Parents said passports get lost.", "A photo and a scan.")
    services.make_public(project, officer, True)
    public = officer_client.get(reverse("projects:public", args=["wirral", project.pk])).text
    assert "The passport has a photo on the front" in public
    assert "a family member's idea" in public
    assert "You said: Parents said passports get lost." in public
    assert family.name not in public


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"what": ""}, "Enter what was decided"),
        ({"how_input_shaped": ""}, "Say how members&#x27; input shaped the decision"),
        ({"what": "x" * 2001}, "The decision must be 2,000 characters or fewer"),
        ({"decided_on_0": "31", "decided_on_1": "2"}, "date"),
        ("tomorrow", "The date it was decided must be today or in the past"),
    ],
)
def test_bad_decisions(officer_client, project, change, message):
    if change == "tomorrow":
        day = timezone.localdate() + datetime.timedelta(days=1)
        change = {"decided_on_0": day.day, "decided_on_1": day.month, "decided_on_2": day.year}
    response = officer_client.post(
        reverse("projects:record_decision", args=["wirral", project.pk, "need"]), decision_data(**change)
    )
    assert response.status_code == 400
    assert message in response.text
    assert not Decision.objects.exists()


def test_changing_a_decision_keeps_its_earlier_wording(officer_client, project, officer):
    decision = services.record_decision(
        project.stages.get(stage="need"),
        officer,
        [],
        [],
        what="Passports are paper only",
        decided_on=datetime.date(2026, 6, 1),
        how_input_shaped="Parents asked for paper",
    )
    url = reverse("projects:change_decision", args=["wirral", project.pk, decision.pk])
    assert "Passports are paper only" in officer_client.get(url).text
    officer_client.post(url, decision_data(what="Passports are paper and electronic"))
    decision.refresh_from_db()
    assert decision.what == "Passports are paper and electronic"
    earlier = decision.changes.get()
    assert (earlier.what, earlier.changed_by) == ("Passports are paper only", officer)
    page = officer_client.get(reverse("projects:stage", args=["wirral", project.pk, "need"])).text
    assert "Changed 1 time: earlier wording" in page and "“Passports are paper only”" in page
    assert project.events.first().what == "Changed the decision at Need: Passports are paper and electronic"


def test_a_decision_of_another_project_is_not_found(officer_client, project, officer, charter):
    other = services.create_project(
        actor=officer,
        partnership=charter.partnership,
        charter=charter,
        level=charter.levels.first(),
        title="Other",
        summary="s",
        level_reason="r",
    )
    decision = services.record_decision(
        other.stages.get(stage="need"),
        officer,
        [],
        [],
        what="w",
        decided_on=datetime.date(2026, 1, 1),
        how_input_shaped="h",
    )
    url = reverse("projects:change_decision", args=["wirral", project.pk, decision.pk])
    assert officer_client.get(url).status_code == 404
