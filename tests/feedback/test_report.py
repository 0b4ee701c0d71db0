"""The You said, we did report: only what was published in the period, evidence only from public
projects, and the same rows on the page, in the CSV, the ODS and the PDF."""

import datetime
import io

import pytest
import tablib
from django.urls import reverse

from feedback import services
from feedback.models import Feedback
from feedback.report import yswd_report
from tests.conftest import make_feedback
from tests.reviews.test_insights import ADDRESS, PERIOD, at

pytestmark = pytest.mark.django_db


def published(partnership, officer, when, you_said, project=None):
    item = make_feedback(partnership)
    services.change_status(item, "doing", officer)
    services.publish(item, officer, you_said, "We are writing a new guide with families")
    Feedback.objects.filter(pk=item.pk).update(published_at=when, project=project)
    return item


@pytest.fixture
def board(partnership, other_partnership, officer, outsider_officer, project):
    published(partnership, officer, at(PERIOD.start, 0), "Families asked for clearer health passports", project)
    published(partnership, officer, at(PERIOD.end, 23), "Parents wanted the clinic's hours online")
    published(partnership, officer, at(PERIOD.start - datetime.timedelta(days=1), 23), "Before the period")
    published(other_partnership, outsider_officer, at(PERIOD.start), "Another area's item")
    make_feedback(partnership)  # received, never published
    return partnership


def test_only_this_areas_items_published_in_the_period(board):
    report = yswd_report(board, PERIOD)
    said = [row.item.you_said for row in report.rows]
    assert sorted(said) == ["Families asked for clearer health passports", "Parents wanted the clinic's hours online"]
    assert dict(report.figures)["Published here as You said, we did"] == "2"


def test_a_private_project_is_not_named(client, board, project):
    page = client.get(reverse("feedback:report", args=["wirral"]) + ADDRESS).text
    assert "A project that is not public yet" in page and project.title not in page
    project.is_public = True
    project.save()
    assert f"Project: {project.title}" in [line for row in yswd_report(board, PERIOD).rows for line in row.evidence]


def test_grouped_by_principle_puts_unlinked_items_last(board):
    report = yswd_report(board, PERIOD, "principle")
    assert [group.title for group in report.groups] == ["Not linked to a principle"]


def test_csv_ods_and_pdf_hold_the_same_rows(client, board, pdf_text):
    csv = client.get(reverse("feedback:report_csv", args=["wirral"]) + ADDRESS).content.decode("utf-8-sig")
    assert "Families asked for clearer health passports" in csv and "Before the period" not in csv
    ods = client.get(reverse("feedback:report_ods", args=["wirral"]) + ADDRESS).content
    rows = tablib.Databook().load(io.BytesIO(ods).read(), "ods").sheets()[0]
    assert len(rows) == 2 and rows.headers[:2] == ["Number", "Topic"]
    text = pdf_text(client.get(reverse("feedback:report_pdf", args=["wirral"]) + ADDRESS).content)
    assert "You said, we did: 1 July to 30 September 2026" in text
    assert "Parents wanted the clinic's hours online" in text


def test_a_wrong_period_is_explained(client, board):
    address = "?start_0=1&start_1=9&start_2=2026&end_0=1&end_1=7&end_2=2026"
    response = client.get(reverse("feedback:report", args=["wirral"]) + address)
    assert response.status_code == 400 and "The last day must be the same as or after" in response.text
    assert client.get(reverse("feedback:report_csv", args=["wirral"]) + address).status_code == 302


@pytest.mark.parametrize("size", [1, 15])
def test_queries_do_not_grow_with_the_rows(client, partnership, officer, project, django_assert_max_num_queries, size):
    for n in range(size):
        published(partnership, officer, at(PERIOD.start + datetime.timedelta(days=n)), f"Item {n}", project)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("feedback:report", args=["wirral"]) + ADDRESS).status_code == 200
