"""Input from anyone never becomes an error page: wrong hosts, odd query strings, dates and ids too
large for any column, lines where one is expected, and double clicks on actions that change state."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import client_for


def test_a_wrong_host_gets_the_400_page_not_an_error(db, settings):
    settings.DEBUG = False
    response = Client(raise_request_exception=False).get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "Something was wrong with the request" in response.text


def test_the_error_page_never_promises_nothing_was_lost(client, db):
    from django.template.loader import render_to_string

    page = render_to_string("500.html")
    assert "has been lost" not in page and "may not have been saved" in page


ODD = ["²", "٣", "99999999999999999999999", "1\x00", "\x00", "-1", "1e5", "0x10", " 7", "%00", "a" * 5000]


@pytest.mark.parametrize("value", ODD)
def test_list_filters_ignore_what_they_cannot_use(charter, project, officer, feedback_item, forum_lead, value):
    officer_client = client_for(officer)
    pages = [
        (
            client_for(None),
            reverse("projects:list", args=["wirral"]),
            ["officer", "level", "priority", "stage", "page"],
        ),
        (client_for(None), reverse("feedback:board", args=["wirral"]), ["topic", "status", "page"]),
        (
            officer_client,
            reverse("feedback:queue", args=["wirral"]),
            ["topic", "assigned", "status", "closed", "sort", "q", "page"],
        ),
        (officer_client, reverse("feedback:export", args=["wirral"]), ["topic", "assigned", "sort", "q"]),
        (client_for(forum_lead), reverse("reviews:dashboard", args=["wirral"]), ["status", "page"]),
        (officer_client, reverse("projects:timeline", args=["wirral", project.pk]), ["page"]),
    ]
    for client, url, names in pages:
        for name in names:
            response = client.get(url, {name: value})
            assert response.status_code == 200, f"{url}?{name}={value!r}: {response.status_code}"


@pytest.mark.parametrize("part", ["99999999999", "0", "2", "-5", "１２"])
def test_a_date_no_calendar_has_is_explained(client, officer, charter, part):
    client.force_login(officer)
    data = {"title": "T", "summary": "S", "level": charter.levels.first().pk, "level_reason": "r"}
    for consideration in charter.considerations.exclude(key="level"):
        data[f"consideration_{consideration.key}"] = "answer"
    response = client.post(
        reverse("projects:start", args=["wirral"]),
        {**data, "target_date_0": part, "target_date_1": "99999999999", "target_date_2": "99999999999"},
    )
    assert response.status_code == 400


def test_an_id_too_large_for_any_table_is_no_choice(client, officer, project, family):
    import datetime

    from projects import services

    meeting = services.record_past_meeting(
        project.stages.get(stage="need"),
        officer,
        [project.members.get(user=family)],
        "",
        title="Coffee morning",
        date=datetime.date(2026, 1, 10),
        start=datetime.time(10),
        end=datetime.time(11),
        standard_breaches=[],
        override_reason="",
    )
    client.force_login(officer)
    url = reverse("projects:attendance", args=["wirral", project.pk, meeting.pk])
    for value in ["99999999999999999999999", "²", "-1"]:
        response = client.post(url, {"attendees": [value], "minutes": ""})
        assert response.status_code == 400 and "Select one of the options shown" in response.text


def test_a_title_is_one_line_so_emails_about_it_can_be_sent(
    client, officer, charter, django_capture_on_commit_callbacks
):
    from django.core import mail

    from projects.models import Project

    client.force_login(officer)
    data = {"title": "Health\r\nPassports\n", "summary": "S", "level": charter.levels.first().pk, "level_reason": "r"}
    for consideration in charter.considerations.exclude(key="level"):
        data[f"consideration_{consideration.key}"] = "answer"
    client.post(reverse("projects:start", args=["wirral"]), data)
    project = Project.objects.get()
    assert project.title == "Health Passports"
    from projects import services

    with django_capture_on_commit_callbacks(execute=True):
        for record in project.stages.all()[:5]:
            services.complete_stage(record, officer, "moved on for the test")
    assert any("Health Passports" in m.subject for m in mail.outbox)


def test_double_clicking_publish_gives_the_normal_page(client, admin, draft):
    from charters import services

    client.force_login(admin)
    url = reverse("charters:publish", args=["wirral", draft.version])
    # The second click is checked (the page still shows a draft) before the first one's publishing lands.
    services.publish(draft, admin)
    from unittest import mock

    with mock.patch("charters.views.charter_for_editor", return_value=draft):
        response = client.post(url)
    assert response.status_code == 302
    response = client.post(reverse("charters:delete_draft", args=["wirral", draft.version]))
    assert response.status_code == 302


def test_double_clicking_apply_for_the_kite_mark_gives_the_normal_page(client, officer, ready_project):
    from reviews.models import KiteMarkApplication

    client.force_login(officer)
    url = reverse("reviews:apply", args=["wirral", ready_project.pk])
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302
    assert KiteMarkApplication.objects.count() == 1


@pytest.mark.parametrize(
    "path",
    [
        "/wirral/charter/%00/",
        "/wirral/charter/%00/charter.yaml",
        "/wirral/charter/%00/edit/",
        "/kite-mark/%00/",
        "/kite-mark/%00/badge.svg",
        "/invitations/%00/",
        "/register/confirm/%00/",
        "/account/email/%00/",
        "/wirral/feedback/%00/",
        "/your-feedback/%01/",
    ],
)
def test_a_control_character_in_an_address_is_not_found(charter, admin, path):
    """PostgreSQL refuses a NUL byte even in a comparison: the address must not reach a query."""
    for client in (client_for(None), client_for(admin)):
        assert client.get(path).status_code == 404


def test_charter_words_are_text_in_labels_and_legends(charter, project_in_evaluation, officer, family):
    """The GOV.UK form templates print labels, hints and legends as HTML, so text from a charter file
    must arrive there escaped."""
    from charters.models import Consideration, ReviewQuestion

    payload = '<img src=x onerror="alert(1)">'
    Consideration.objects.filter(charter=charter).update(name=f"Who {payload}", question=f"Why {payload}")
    ReviewQuestion.objects.filter(charter=charter).update(section=f"Part {payload}", text=f"Was it {payload}")
    pages = [
        (officer, reverse("projects:start", args=["wirral"])),
        (officer, reverse("projects:change", args=["wirral", project_in_evaluation.pk])),
        (family, reverse("reviews:answer", args=["wirral", project_in_evaluation.pk])),
    ]
    for person, url in pages:
        response = client_for(person).get(url)
        assert response.status_code == 200, url
        assert payload not in response.text, url
        assert "&lt;img src=x" in response.text, url
