"""Meetings: scheduled ahead against the charter's meeting standard (Hounslow's rules), recorded
after they took place, changed, cancelled, attended, and offered as calendar files."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from charters.models import MeetingStandard
from projects import services
from projects.models import Meeting


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def hounslow_rules(charter):
    # The test charter carries 10:00-14:00 and 2 hours; add Hounslow's notice rules.
    MeetingStandard.objects.filter(charter=charter).update(min_notice_days=25, papers_notice_days=7)
    return charter


def day_in(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def meeting_data(days_ahead: int, start: str = "10:00", end: str = "12:00", **change):
    day = day_in(days_ahead)
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
        "override_reason": "",
    }
    return {**data, **change}


def schedule(client, project, data, stage="need"):
    return client.post(reverse("projects:schedule_meeting", args=["wirral", project.pk, stage]), data)


def make_meeting(project, officer, days_ahead=30, stage="need", **fields):
    return services.schedule_meeting(
        project.stages.get(stage=stage),
        officer,
        title=fields.pop("title", "First meeting"),
        date=day_in(days_ahead),
        start=datetime.time(10),
        end=datetime.time(12),
        place="Town Hall",
        **fields,
    )


def test_a_meeting_that_keeps_the_standard_and_the_members_are_told(
    officer_client, project, hounslow_rules, family, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = schedule(officer_client, project, meeting_data(30))
    meeting = Meeting.objects.get()
    assert response["Location"] == reverse("projects:meeting", args=["wirral", project.pk, meeting.pk])
    assert meeting.keeps_standard and meeting.booked_on == timezone.localdate()
    page = officer_client.get(response["Location"]).text
    assert "Keeps the meeting standard" in page and "Papers not sent" in page
    told = {m.to[0]: m for m in mail.outbox}
    assert set(told) == {family.email, "priya@example.org"}
    assert "Planning the passport" in told[family.email].subject
    assert f"http://127.0.0.1:8000/wirral/projects/{project.pk}/meetings/{meeting.pk}/" in told[family.email].body


def test_a_meeting_breaking_the_standard_needs_a_reason_which_is_kept(officer_client, project, hounslow_rules):
    data = meeting_data(10, start="09:00", end="15:00")
    response = schedule(officer_client, project, data)
    assert response.status_code == 400
    for breach in [
        "It starts before 10am.",
        "It ends after 2pm.",
        "It lasts longer than 2 hours.",
        "It is booked less than 25 days ahead.",
    ]:
        assert breach in response.text
    assert not Meeting.objects.exists()
    schedule(officer_client, project, {**data, "override_reason": "the only day the clinic staff could come"})
    meeting = Meeting.objects.get()
    assert len(meeting.standard_breaches) == 4
    assert meeting.override_reason == "the only day the clinic staff could come"
    assert "(does not keep the meeting standard)" in project.events.first().what


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": ""}, "Enter what the meeting is called"),
        ({"title": "x" * 201}, "The name must be 200 characters or fewer"),
        ({"start": "ten"}, "Enter a start time, like 10am or 2:30pm"),
        ({"end": "09:30"}, "The end time must be after the start time"),
        ({"date_0": ""}, "Enter the date of the meeting"),
        ({"date_1": "13"}, "date"),
        ({"online_link": "zoom"}, "Enter a link starting https://"),
        ({"place": "x" * 301}, "The place must be 300 characters or fewer"),
        ({"agenda": "x" * 5001}, "The agenda must be 5,000 characters or fewer"),
    ],
)
def test_bad_meeting_details(officer_client, project, change, message):
    response = schedule(officer_client, project, meeting_data(30, **change))
    assert response.status_code == 400
    assert message in response.text
    assert not Meeting.objects.exists()


def test_a_meeting_cannot_be_scheduled_in_the_past(officer_client, project, officer):
    response = schedule(officer_client, project, meeting_data(-3))
    assert "The meeting must be in the future" in response.text
    assert not Meeting.objects.exists()
    # Nor round the form, straight to the rule.
    with pytest.raises(services.ProjectError, match="cannot be scheduled in the past"):
        make_meeting(project, officer, days_ahead=-1)


def test_attendance_only_once_the_meeting_has_started(officer_client, project, officer, family):
    meeting = make_meeting(project, officer, days_ahead=5)
    parent = project.members.get(user=family)
    url = reverse("projects:attendance", args=["wirral", project.pk, meeting.pk])
    response = officer_client.post(url, {"attendees": [parent.pk], "minutes": "Too early"})
    assert "Attendance can be recorded once the meeting has started" in response.text
    meeting.refresh_from_db()
    assert not meeting.held and not meeting.attendees.exists()
    assert not services.family_took_part(project.stages.get(stage="need"))


def test_attendance_counts_as_taking_part(officer_client, project, officer, family):
    meeting = make_meeting(project, officer, days_ahead=5)
    Meeting.objects.filter(pk=meeting.pk).update(date=day_in(-1))
    parent = project.members.get(user=family)
    officer_client.post(
        reverse("projects:attendance", args=["wirral", project.pk, meeting.pk]),
        {"attendees": [parent.pk], "minutes": "We agreed a photo on the front."},
    )
    meeting.refresh_from_db()
    assert meeting.held and meeting.minutes == "We agreed a photo on the front."
    assert services.family_took_part(project.stages.get(stage="need"))
    services.complete_stage(project.stages.get(stage="need"), officer)


def test_attendance_for_a_completed_stage_is_refused(officer_client, project, officer, family):
    meeting = make_meeting(project, officer, days_ahead=5)
    Meeting.objects.filter(pk=meeting.pk).update(date=day_in(-1))
    services.complete_stage(project.stages.get(stage="need"), officer, "families answered a survey")
    parent = project.members.get(user=family)
    response = officer_client.post(
        reverse("projects:attendance", args=["wirral", project.pk, meeting.pk]), {"attendees": [parent.pk]}
    )
    assert "Need is complete, so who took part in it is fixed" in response.text
    assert not project.stages.get(stage="need").with_family
    assert not meeting.attendees.exists()


def past_meeting_data(days_ago: int, **change):
    day = day_in(-days_ago)
    return {
        "title": "Coffee morning at the family hub",
        "date_0": day.day,
        "date_1": day.month,
        "date_2": day.year,
        "start": "10:00",
        "end": "11:30",
        "place": "Family hub",
        "online_link": "",
        "override_reason": "",
        "minutes": "Parents described losing passports.",
        **change,
    }


def test_a_meeting_that_already_took_place_is_recorded_with_who_came(officer_client, project, family, hounslow_rules):
    parent = project.members.get(user=family)
    url = reverse("projects:record_past_meeting", args=["wirral", project.pk, "need"])
    response = officer_client.post(url, {**past_meeting_data(3), "attendees": [parent.pk]})
    meeting = Meeting.objects.get()
    assert response["Location"] == reverse("projects:meeting", args=["wirral", project.pk, meeting.pk])
    assert meeting.held and meeting.recorded_afterwards and list(meeting.attendees.all()) == [parent]
    # Booking notice does not apply to a meeting recorded afterwards.
    assert meeting.keeps_standard
    assert services.family_took_part(project.stages.get(stage="need"))
    assert project.events.first().what.startswith(
        "Recorded a meeting that already took place, for Need: Coffee morning at the family hub"
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"attendees": []}, "Select who came"),
        ("future", "The meeting must have already taken place"),
        ({"start": "08:00", "end": "09:00"}, "This meeting did not keep the charter&#x27;s meeting standard"),
        ({"minutes": "x" * 20001}, "The minutes must be 20,000 characters or fewer"),
    ],
)
def test_bad_past_meetings(officer_client, project, family, change, message):
    parent = project.members.get(user=family)
    data = {**past_meeting_data(3), "attendees": [parent.pk]}
    if change == "future":
        data.update({k: v for k, v in meeting_data(3).items() if k.startswith("date_")})
    else:
        data.update(change)
    response = officer_client.post(reverse("projects:record_past_meeting", args=["wirral", project.pk, "need"]), data)
    assert response.status_code == 400
    assert message in response.text
    assert not Meeting.objects.exists()


def test_a_meeting_is_changed_and_members_told(
    officer_client, project, officer, family, hounslow_rules, django_capture_on_commit_callbacks
):
    meeting = make_meeting(project, officer, days_ahead=40)
    url = reverse("projects:change_meeting", args=["wirral", project.pk, meeting.pk])
    assert officer_client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(url, meeting_data(40, title="Planning, moved to the library", place="Library"))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.title, meeting.place, meeting.sequence) == ("Planning, moved to the library", "Library", 1)
    assert "Meeting changed: Planning, moved to the library" in project.events.first().what
    assert any(m.subject.startswith("Meeting changed") and m.to == [family.email] for m in mail.outbox)


def test_a_meeting_is_cancelled_with_a_reason_and_members_told(
    officer_client, project, officer, family, django_capture_on_commit_callbacks
):
    meeting = make_meeting(project, officer)
    url = reverse("projects:cancel_meeting", args=["wirral", project.pk, meeting.pk])
    assert "Cancel “First meeting”" in officer_client.get(url).text
    response = officer_client.post(url, {"reason": ""})
    assert response.status_code == 400 and "Say why the meeting is cancelled" in response.text
    with django_capture_on_commit_callbacks(execute=True):
        officer_client.post(url, {"reason": "the venue flooded"})
    meeting.refresh_from_db()
    assert meeting.is_cancelled and meeting.cancel_reason == "the venue flooded" and meeting.sequence == 1
    cancelled = [m for m in mail.outbox if m.to == [family.email]]
    assert cancelled and "the venue flooded" in cancelled[0].body
    # A cancelled meeting cannot be changed, cancelled again or attended.
    assert (
        officer_client.get(reverse("projects:change_meeting", args=["wirral", project.pk, meeting.pk])).status_code
        == 302
    )
    with pytest.raises(services.ProjectError):
        services.cancel_meeting(meeting, officer, "again")
    with pytest.raises(services.ProjectError, match="cancelled"):
        services.record_attendance(meeting, [], "", officer)


def test_a_meeting_that_has_started_cannot_be_changed_or_moved_into_the_past(project, officer):
    meeting = make_meeting(project, officer, days_ahead=10)
    with pytest.raises(services.ProjectError, match="moved into the past"):
        services.change_meeting(meeting, officer, date=day_in(-2))
    Meeting.objects.filter(pk=meeting.pk).update(date=day_in(-1))
    meeting.refresh_from_db()
    with pytest.raises(services.ProjectError, match="can no longer be changed"):
        services.change_meeting(meeting, officer, title="Renamed")


def test_calendar_file_has_the_london_time_zone_an_installation_uid_and_a_sequence(
    officer_client, project, officer, settings
):
    settings.SITE_URL = "https://charter.example.org"
    meeting = make_meeting(project, officer)
    url = reverse("projects:calendar", args=["wirral", project.pk, meeting.pk])
    response = officer_client.get(url)
    body = response.content.decode()
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "BEGIN:VTIMEZONE" in body and "TZID:Europe/London" in body
    assert f"UID:meeting-{meeting.pk}@charter.example.org" in body
    assert "SEQUENCE:0" in body and "STATUS:CONFIRMED" in body
    assert "SUMMARY:Health Passports: First meeting" in body
    assert f"DTSTART;TZID=Europe/London:{meeting.date:%Y%m%d}T100000" in body
    services.cancel_meeting(meeting, officer, "the venue flooded")
    body = officer_client.get(url).content.decode()
    assert "STATUS:CANCELLED" in body and "SEQUENCE:1" in body
