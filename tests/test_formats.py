"""Times and numbers as GOV.UK writes them: "9am", "2:30pm", "11:42pm", "midday", "midnight", never
Django's "11:42 p.m."; counts with a comma between thousands, "1,234"."""

import datetime
import re

import pytest
from django.core.paginator import Paginator
from django.template import Context, Template
from django.test import RequestFactory

from charter_portal.formats import clock, number


@pytest.mark.parametrize(
    ("hour", "minute", "said"),
    [
        (9, 0, "9am"),
        (14, 30, "2:30pm"),
        (23, 42, "11:42pm"),
        (12, 0, "midday"),
        (0, 0, "midnight"),
        (12, 30, "12:30pm"),
        (0, 5, "12:05am"),
        (11, 59, "11:59am"),
    ],
)
def test_a_time_is_said_the_gov_uk_way(hour, minute, said):
    assert clock(datetime.time(hour, minute)) == said


def test_a_date_and_time_is_said_in_local_time():
    # 22:42 in UTC is 23:42 in London in summer.
    assert clock(datetime.datetime(2026, 7, 1, 22, 42, tzinfo=datetime.UTC)) == "11:42pm"
    assert clock(datetime.datetime(2026, 1, 1, 12, 0, tzinfo=datetime.UTC)) == "midday"


@pytest.mark.parametrize(("value", "said"), [(0, "0"), (999, "999"), (1234, "1,234"), (1234567, "1,234,567"), ("", "")])
def test_a_count_has_a_comma_between_thousands(value, said):
    assert number(value) == said


def render(source: str, **context) -> str:
    return Template("{% load portal %}" + source).render(Context(context))


def test_the_template_filters_say_times_and_counts_the_gov_uk_way():
    late = datetime.datetime(2026, 3, 27, 23, 42, tzinfo=datetime.UTC)
    page = render("{{ at|clock }} {{ n|number }}", at=late, n=1234)
    assert page == "11:42pm 1,234"


def test_the_messages_sent_table_says_times_the_gov_uk_way(db):
    from charter_portal.models import Message

    late = datetime.datetime(2026, 3, 27, 23, 42, tzinfo=datetime.UTC)
    message = Message(subject="Your feedback", created_at=late, channel="email", status="sent")
    page = Template('{% include "includes/messages_table.html" %}').render(
        Context({"messages_page": Paginator([message], 20).page(1), "request": RequestFactory().get("/")})
    )
    assert "27 Mar 2026, 11:42pm" in page
    seen = re.sub(r"<[^>]+>", " ", page)  # what a person reads, not the machine-readable datetime=""
    assert not re.search(r"\d\s?[ap]\.m\.|23:42", seen)


def test_pagination_counts_have_a_comma_between_thousands():
    page_obj = Paginator(range(1234), 20).page(2)
    page = Template('{% include "includes/pagination.html" %}').render(
        Context({"page_obj": page_obj, "page_range": [1, 2, 3], "request": RequestFactory().get("/")})
    )
    assert "Showing 21 to 40 of 1,234" in page


def test_a_timeline_line_says_its_time_the_gov_uk_way():
    from feedback.models import FeedbackEvent

    event = FeedbackEvent(what="Received", at=datetime.datetime(2026, 3, 27, 23, 42, tzinfo=datetime.UTC))
    assert str(event) == "27 Mar 2026, 11:42pm: Received"


def visible(page: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def test_a_feedback_timeline_says_times_the_gov_uk_way(client, officer, feedback_item):
    from django.urls import reverse

    feedback_item.events.update(at=datetime.datetime(2026, 3, 27, 23, 42, tzinfo=datetime.UTC))
    client.force_login(officer)
    page = visible(client.get(reverse("feedback:detail", args=["wirral", feedback_item.reference])).text)
    assert "27 March 2026, 11:42pm" in page
    assert not re.search(r"[ap]\.m\.|23:42", page)


def test_a_meeting_at_midday_says_so(client, officer, project):
    from django.urls import reverse

    from tests.projects.test_meetings import make_meeting

    meeting = make_meeting(project, officer)
    meeting.end = datetime.time(12)
    meeting.save()
    client.force_login(officer)
    page = visible(client.get(reverse("projects:meeting", args=["wirral", project.pk, meeting.pk])).text)
    assert "10am to midday" in page
    assert not re.search(r"[ap]\.m\.", page)


def test_the_people_list_counts_with_a_comma_between_thousands(client, admin, partnership):
    from django.urls import reverse

    from accounts.models import User

    User.objects.bulk_create(
        User(email=f"person{i}@example.org", name=f"Person {i}", partnership=partnership) for i in range(1_000)
    )
    client.force_login(admin)
    page = visible(client.get(reverse("accounts:user_list")).text)
    assert f"Showing 1 to 25 of {User.objects.filter(partnership=partnership).count():,}" in page
