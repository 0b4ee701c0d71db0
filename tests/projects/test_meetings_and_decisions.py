import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from charters.models import MeetingStandard
from feedback import services as feedback_services
from projects import services
from projects.models import Decision, Meeting


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def hounslow_rules(charter):
    # The test charter carries 10:00-14:00 and 2 hours; add Hounslow's notice rules.
    MeetingStandard.objects.filter(charter=charter).update(min_notice_days=25, papers_notice_days=7)
    return charter


def meeting_data(days_ahead: int, start: str = "10:00", end: str = "12:00", **change):
    day = timezone.localdate() + datetime.timedelta(days=days_ahead)
    papers = day - datetime.timedelta(days=8)
    data = {
        "title": "Planning the passport",
        "date_0": day.day,
        "date_1": day.month,
        "date_2": day.year,
        "start": start,
        "end": end,
        "place": "Birkenhead Town Hall",
        "online_link": "",
        "agenda": "1. Welcome",
        "papers_sent_on_0": papers.day,
        "papers_sent_on_1": papers.month,
        "papers_sent_on_2": papers.year,
        "override_reason": "",
    }
    return {**data, **change}


def schedule(client, project, data):
    return client.post(reverse("projects:schedule_meeting", args=["wirral", project.pk, "need"]), data)


def test_a_meeting_that_keeps_the_standard(officer_client, project, hounslow_rules):
    response = schedule(officer_client, project, meeting_data(30))
    meeting = Meeting.objects.get()
    assert response["Location"] == reverse("projects:meeting", args=["wirral", project.pk, meeting.pk])
    assert meeting.keeps_standard
    assert "Keeps the meeting standard" in officer_client.get(response["Location"]).text


def test_a_meeting_breaking_the_standard_needs_a_reason_which_is_kept(officer_client, project, hounslow_rules):
    day = timezone.localdate() + datetime.timedelta(days=10)
    late = day - datetime.timedelta(days=3)
    data = meeting_data(
        10,
        start="09:00",
        end="15:00",
        papers_sent_on_0=late.day,
        papers_sent_on_1=late.month,
        papers_sent_on_2=late.year,
    )
    response = schedule(officer_client, project, data)
    assert response.status_code == 200
    for breach in [
        "It starts before 10am.",
        "It ends after 2pm.",
        "It lasts longer than 2 hours.",
        "It is booked less than 25 days ahead.",
        "The papers are sent less than 7 days before.",
    ]:
        assert breach in response.text
    assert not Meeting.objects.exists()
    schedule(officer_client, project, {**data, "override_reason": "the only day the clinic staff could come"})
    meeting = Meeting.objects.get()
    assert len(meeting.standard_breaches) == 5
    assert meeting.override_reason == "the only day the clinic staff could come"
    assert "(does not keep the meeting standard)" in project.events.first().what


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": ""}, "Enter what the meeting is called"),
        ({"start": "ten"}, "Enter the start time like 10:00"),
        ({"end": "09:30"}, "The end time must be after the start time"),
        ({"date_0": ""}, "Enter the date of the meeting"),
        ({"online_link": "zoom"}, "Enter a link starting https://"),
    ],
)
def test_bad_meeting_details(officer_client, project, change, message):
    response = schedule(officer_client, project, meeting_data(30, **change))
    assert message in response.text


def make_meeting(project, officer):
    return services.schedule_meeting(
        project.stages.get(stage="need"),
        officer,
        title="First meeting",
        date=datetime.date(2030, 1, 10),
        start=datetime.time(10),
        end=datetime.time(12),
        place="Town Hall",
    )


def test_attendance_counts_as_taking_part(officer_client, project, officer, family):
    meeting = make_meeting(project, officer)
    parent = project.members.get(user=family)
    officer_client.post(
        reverse("projects:attendance", args=["wirral", project.pk, meeting.pk]),
        {"attendees": [parent.pk], "minutes": "We agreed a photo on the front."},
    )
    meeting.refresh_from_db()
    assert meeting.held and meeting.minutes == "We agreed a photo on the front."
    assert services.family_took_part(project.stages.get(stage="need"))
    services.complete_stage(project.stages.get(stage="need"), officer)


def test_calendar_file(officer_client, project, officer):
    meeting = make_meeting(project, officer)
    response = officer_client.get(reverse("projects:calendar", args=["wirral", project.pk, meeting.pk]))
    body = response.content.decode()
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "BEGIN:VEVENT" in body and "SUMMARY:Health Passports: First meeting" in body
    assert "DTSTART;TZID=Europe/London:20300110T100000" in body


def test_papers_are_checked_and_served_only_to_those_allowed(
    officer_client, client, project, officer, outsider_officer
):
    meeting = make_meeting(project, officer)
    url = reverse("projects:add_paper", args=["wirral", project.pk, meeting.pk])
    response = officer_client.post(url, {"file": SimpleUploadedFile("virus.exe", b"MZ")})
    assert "The file must be a PDF, Word, OpenDocument text or image file" in response.text
    big = SimpleUploadedFile("big.pdf", b"0" * (10 * 1024 * 1024 + 1))
    assert "smaller than 10 MB" in officer_client.post(url, {"file": big}).text
    officer_client.post(url, {"file": SimpleUploadedFile("agenda.pdf", b"%PDF-1.4 agenda")})
    paper = meeting.papers.get()
    download = reverse("projects:paper", args=["wirral", project.pk, meeting.pk, paper.pk])
    assert b"".join(officer_client.get(download).streaming_content) == b"%PDF-1.4 agenda"
    client.force_login(outsider_officer)
    assert client.get(download).status_code == 404


def test_a_decision_links_the_contributions_and_feedback_it_came_from(
    officer_client, project, officer, family, feedback_item
):
    parent = project.members.get(user=family)
    need = project.stages.get(stage="need")
    idea = services.contribute(need, parent, "idea", "A photo on the front")
    feedback_item.project = project
    feedback_item.save()
    day = datetime.date(2026, 11, 20)
    response = officer_client.post(
        reverse("projects:record_decision", args=["wirral", project.pk, "need"]),
        {
            "what": "The passport has a photo on the front",
            "decided_on_0": day.day,
            "decided_on_1": day.month,
            "decided_on_2": day.year,
            "how_input_shaped": "A parent's idea",
            "contributions": [idea.pk],
            "feedback": [feedback_item.pk],
        },
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


def test_a_decision_needs_what_and_how(officer_client, project):
    response = officer_client.post(reverse("projects:record_decision", args=["wirral", project.pk, "need"]), {})
    assert "Enter what was decided" in response.text
    assert "Say how members&#x27; input shaped the decision" in response.text
