"""A time of day typed as people write it: "2pm", "10am", "10.00", "9:30am", "14.30", "midday",
"noon". One parser for every form that asks for a time, with GOV.UK messages."""

import datetime

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from charter_portal.forms import TimeField, parse_time


@pytest.mark.parametrize(
    ("typed", "time"),
    [
        ("2pm", (14, 0)),
        ("10am", (10, 0)),
        ("10.00", (10, 0)),
        ("10:00", (10, 0)),
        ("9:30am", (9, 30)),
        ("9.30am", (9, 30)),
        ("9:30 AM", (9, 30)),
        ("9.30 a.m.", (9, 30)),
        ("14.30", (14, 30)),
        ("14:30", (14, 30)),
        ("1430", (14, 30)),
        ("09:05", (9, 5)),
        ("midday", (12, 0)),
        ("noon", (12, 0)),
        ("12 noon", (12, 0)),
        ("Midnight", (0, 0)),
        ("12pm", (12, 0)),
        ("12am", (0, 0)),
        ("12:30am", (0, 30)),
        (" 2 pm ", (14, 0)),
        ("00:00", (0, 0)),
        ("23:59", (23, 59)),
    ],
)
def test_a_time_typed_as_people_write_it_is_understood(typed, time):
    assert parse_time(typed) == datetime.time(*time)


@pytest.mark.parametrize(
    "typed",
    [
        "25:00",
        "24:00",
        "13pm",
        "0am",
        "10:60",
        "10.75",
        "",
        "10",
        "ten",
        "2:5pm",
        "14:00pm",
        "٣pm",
        "99999",
        "1 30",
        "130",
        "930",
    ],
)
def test_what_is_not_a_time_is_refused(typed):
    assert parse_time(typed) is None


@given(st.integers(0, 23), st.integers(0, 59))
def test_every_time_of_day_is_understood_in_each_way_it_is_written(hour, minute):
    time = datetime.time(hour, minute)
    twelve = f"{hour % 12 or 12}:{minute:02d}{'am' if hour < 12 else 'pm'}"
    for typed in [f"{hour:02d}:{minute:02d}", f"{hour}.{minute:02d}", twelve, twelve.upper()]:
        assert parse_time(typed) == time, typed


@given(st.text(max_size=30))
def test_anything_typed_is_a_time_or_refused_never_an_error_page(text):
    result = parse_time(text)
    assert result is None or isinstance(result, datetime.time)


class MeetingTimes(forms.Form):
    start = TimeField(what="a start time")


def test_a_time_not_understood_is_told_the_gov_uk_way():
    assert MeetingTimes({"start": "25:00"}).errors["start"] == ["Enter a start time, like 10am or 2:30pm"]
    assert MeetingTimes({"start": ""}).errors["start"] == ["Enter a start time"]
    assert MeetingTimes({"start": "x" * 10_000}).errors["start"] == ["Enter a start time, like 10am or 2:30pm"]
    form = MeetingTimes({"start": "2pm"})
    assert form.is_valid() and form.cleaned_data["start"] == datetime.time(14)


def test_a_saved_time_is_shown_back_the_gov_uk_way_and_the_box_is_a_gov_uk_input():
    html = str(MeetingTimes(initial={"start": datetime.time(14, 30)})["start"])
    assert 'value="2:30pm"' in html
    assert 'class="govuk-input govuk-input--width-5"' in html
    assert str(MeetingTimes(initial={"start": datetime.time(12)})["start"]).count('value="midday"') == 1
