"""A meeting's times typed as people write them ("10am", "14.30", "midday"), in GOV.UK inputs sized
for a time, and the online link in a full-width link input."""

import datetime
import re

import pytest
from django.urls import reverse

from projects.models import Meeting
from tests.projects.test_meetings import make_meeting, meeting_data, schedule


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.mark.parametrize(
    ("start", "end", "times"),
    [
        ("10am", "midday", ((10, 0), (12, 0))),
        ("10:00", "12.00", ((10, 0), (12, 0))),
        ("10.30", "noon", ((10, 30), (12, 0))),
        ("11:30am", "1pm", ((11, 30), (13, 0))),
        ("1030", "12:15pm", ((10, 30), (12, 15))),
    ],
)
def test_a_meeting_is_scheduled_with_times_as_people_write_them(officer_client, project, start, end, times):
    response = schedule(officer_client, project, meeting_data(30, start=start, end=end))
    assert response.status_code == 302, response.text
    meeting = Meeting.objects.get()
    assert (meeting.start, meeting.end) == tuple(datetime.time(*time) for time in times)


@pytest.mark.parametrize(
    ("start", "message"),
    [
        ("25:00", "Enter a start time, like 10am or 2:30pm"),
        ("13pm", "Enter a start time, like 10am or 2:30pm"),
        ("10:60", "Enter a start time, like 10am or 2:30pm"),
        ("", "Enter a start time"),
    ],
)
def test_a_start_time_that_is_not_one_is_told_the_gov_uk_way(officer_client, project, start, message):
    response = schedule(officer_client, project, meeting_data(30, start=start))
    assert response.status_code == 400
    assert message in response.text
    assert not Meeting.objects.exists()


def inputs(page: str) -> dict[str, str]:
    return {m.group(1): m.group(0) for m in re.finditer(r'<input[^>]*name="(start|end|online_link)"[^>]*>', page)}


def test_times_and_the_link_are_gov_uk_inputs(officer_client, project):
    page = officer_client.get(reverse("projects:schedule_meeting", args=["wirral", project.pk, "need"])).text
    found = inputs(page)
    for name in ("start", "end"):
        assert re.search(r'class="govuk-input govuk-input--width-5"', found[name]), found[name]
        assert 'type="text"' in found[name]
    assert 'type="url"' in found["online_link"]
    assert re.search(r'class="[^"]*\bgovuk-input\b', found["online_link"])
    assert "govuk-input--width" not in found["online_link"]


def test_a_time_with_a_problem_has_the_error_border_once(officer_client, project):
    page = schedule(officer_client, project, meeting_data(30, start="25:00", online_link="zoom")).text
    found = inputs(page)
    assert found["start"].count("govuk-input--error") == 1
    assert found["online_link"].count("govuk-input--error") == 1


def test_changing_a_meeting_shows_its_times_the_gov_uk_way(officer_client, project, officer):
    meeting = make_meeting(project, officer)
    page = officer_client.get(reverse("projects:change_meeting", args=["wirral", project.pk, meeting.pk])).text
    found = inputs(page)
    assert 'value="10am"' in found["start"] and 'value="midday"' in found["end"]
