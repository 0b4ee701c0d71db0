"""Insights: each figure matches what the database holds, counted independently; names only for the
partnership's own people; the same numbers in the chart, the table, the CSV, the ODS and the PDF."""

import datetime
import io

import pytest
import tablib
from django.urls import reverse
from django.utils import timezone

from charter_portal.periods import Period
from feedback import services as feedback_services
from feedback.models import Feedback, Topic
from projects.models import Meeting, StageRecord
from reviews.insights import Insights, working_days
from tests.conftest import client_for, make_feedback, review_answers

pytestmark = pytest.mark.django_db

PERIOD = Period(datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))
ADDRESS = "?start_0=1&start_1=7&start_2=2026&end_0=30&end_1=9&end_2=2026"


def at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=timezone.get_current_timezone())


def item(partnership, received: datetime.datetime, channel="online", topic="Health", answered=None, status="received"):
    feedback = make_feedback(partnership)
    Feedback.objects.filter(pk=feedback.pk).update(
        received_at=received,
        due_on=received.date() + datetime.timedelta(days=28),
        channel=channel,
        topic=Topic.objects.get(partnership=partnership, name=topic),
        answered_at=answered,
        status=status,
        not_able_reason="No money this year" if status == "not-able" else "",
    )
    return feedback


@pytest.fixture
def year(partnership, other_partnership, charter):
    """A spread of feedback over a year: in the period, either side of its edges, and another area's."""
    start = PERIOD.start
    item(
        partnership,
        at(start, 0) + datetime.timedelta(minutes=1),
        "online",
        answered=at(start + datetime.timedelta(days=5)),
        status="doing",
    )
    item(
        partnership,
        at(start + datetime.timedelta(days=10)),
        "phone",
        "Transport",
        at(start + datetime.timedelta(days=60)),
        "done",
    )
    item(partnership, at(start + datetime.timedelta(days=20)), "email", "Transport", None, "received")
    item(
        partnership,
        at(PERIOD.end, 23),
        "event",
        answered=at(PERIOD.end + datetime.timedelta(days=2)),
        status="not-able",
    )
    item(partnership, at(start - datetime.timedelta(days=1), 23), "online")
    item(partnership, at(PERIOD.end + datetime.timedelta(days=1), 0), "online")
    item(other_partnership, at(start + datetime.timedelta(days=3)), "online")
    return partnership


def figure(insights, name) -> dict:
    return {row[0]: row[1] for row in insights.table(name).rows}


def test_feedback_figures_match_the_database_counted_another_way(year):
    insights = Insights(year, PERIOD, with_names=True, today=datetime.date(2026, 12, 1))
    first, after = PERIOD.bounds()
    ours = Feedback.objects.filter(partnership=year, received_at__gte=first, received_at__lt=after)
    assert ours.count() == 4
    channels = figure(insights, "feedback-by-channel")
    for value, label in Feedback.Channel.choices:
        assert channels[label] == ours.filter(channel=value).count()
    assert sum(figure(insights, "feedback-by-topic").values()) == ours.count()
    assert figure(insights, "feedback-by-topic")["Transport"] == ours.filter(topic__name="Transport").count() == 2
    assert figure(insights, "feedback-by-month") == {"July 2026": 3, "August 2026": 0, "September 2026": 1}
    answered = figure(insights, "answered-within-target")
    on_time = sum(1 for f in ours if f.answered_at and timezone.localdate(f.answered_at) <= f.due_on)
    assert answered["Answered on time"] == on_time == 2
    assert answered["Answered late"] == 1
    assert answered["Not answered, past its due date"] == 1
    statuses = figure(insights, "outcomes")
    assert (statuses["We are doing"], statuses["We did"], statuses["Not able to"], statuses["Received"]) == (1, 1, 1, 1)
    headlines = dict(insights.sections[0].headlines)
    assert headlines["Feedback received"] == "4"
    assert headlines["Answered within the response target"] == "50%"


def test_working_days_skip_weekends_and_bank_holidays():
    assert working_days(datetime.date(2026, 12, 24), datetime.date(2026, 12, 29)) == 1  # 25, 26, 28 are off
    assert working_days(datetime.date(2026, 7, 6), datetime.date(2026, 7, 13)) == 5
    assert working_days(datetime.date(2026, 7, 6), datetime.date(2026, 7, 6)) == 0


def test_project_figures_and_names_only_for_the_partnerships_people(year, project, officer):
    type(project).objects.filter(pk=project.pk).update(created_at=at(PERIOD.start))
    stage = project.stages.get(stage="need")
    StageRecord.objects.filter(pk=stage.pk).update(
        status="completed",
        completed_at=at(PERIOD.start + datetime.timedelta(days=3)),
        with_family=False,
        override_reason="Nobody could come in August",
    )
    Meeting.objects.create(
        project=project,
        stage=stage,
        title="Planning",
        date=PERIOD.start + datetime.timedelta(days=4),
        start=datetime.time(10),
        end=datetime.time(11),
        held=True,
        standard_breaches=["Less than 10 days' notice"],
        override_reason="The venue moved",
    )
    Meeting.objects.create(
        project=project,
        stage=stage,
        title="Kept",
        date=PERIOD.start + datetime.timedelta(days=5),
        start=datetime.time(10),
        end=datetime.time(11),
        held=True,
    )
    staff = Insights(year, PERIOD, with_names=True)
    assert figure(staff, "stages-completed")["Without, with a written reason"] == 1
    assert figure(staff, "meeting-standard") == {"Kept the standard": 1, "Did not keep it, with a reason": 1}
    assert figure(staff, "projects-by-ladder") and sum(figure(staff, "projects-by-ladder").values()) == 1
    listed = {listed.title: listed.rows for section in staff.sections for listed in section.lists}
    assert "Nobody could come in August" in str(listed["Stages completed without a family member"])
    assert "The venue moved" in str(listed["Meetings that did not keep the standard"])

    public = client_for(None).get(reverse("reviews:insights", args=["wirral"]) + ADDRESS).text
    assert "Nobody could come in August" not in public and project.title not in public
    assert "The venue moved" not in public
    own = client_for(officer).get(reverse("reviews:insights", args=["wirral"]) + ADDRESS).text
    assert "Nobody could come in August" in own and "The venue moved" in own


def test_not_able_reasons_in_public_only_when_published(year, officer):
    public = client_for(None).get(reverse("reviews:insights", args=["wirral"]) + ADDRESS).text
    assert "No money this year" not in public
    assert "No money this year" in client_for(officer).get(reverse("reviews:insights", args=["wirral"]) + ADDRESS).text


def test_each_chart_is_named_with_its_numbers_and_has_its_table(client, year):
    page = client.get(reverse("reviews:insights", args=["wirral"]) + ADDRESS).text
    assert '<svg class="app-bar-chart" role="img" aria-labelledby="chart-feedback-by-channel-title"' in page
    assert (
        "Feedback received by channel: Online form 1; Phone call 1; Email 1; Event 1; Survey 0; Forum meeting 0" in page
    )
    assert (
        '<caption class="govuk-table__caption govuk-table__caption--s">Feedback received by channel</caption>' in page
    )


def test_this_quarter_is_shown_unless_another_period_is_chosen(client, year):
    page = client.get(reverse("reviews:insights", args=["wirral"]))
    assert page.status_code == 200
    assert page.context["period"].start.month in (1, 4, 7, 10) and page.context["period"].start.day == 1


@pytest.mark.parametrize(
    ("address", "error"),
    [
        ("?start_0=31&start_1=2&start_2=2026&end_0=1&end_1=3&end_2=2026", "Enter a real date"),
        ("?start_0=1&start_1=9&start_2=2026&end_0=1&end_1=7&end_2=2026", "The last day must be the same as or after"),
        ("?start_0=1&start_1=1&start_2=1999&end_0=1&end_1=7&end_2=2026", "The period must start on or after"),
        ("?start_0=1&start_1=1&start_2=2010&end_0=1&end_1=7&end_2=2026", "The period must be 5 years or shorter"),
        ("?start_0=&start_1=&start_2=&end_0=1&end_1=7&end_2=2026", "Enter the first day of the period"),
        ("?start_0=1&start_1=1&start_2=99999999999&end_0=1&end_1=7&end_2=2026", "Enter a real date"),
    ],
)
def test_a_period_that_cannot_be_shown_is_explained(client, year, address, error):
    response = client.get(reverse("reviews:insights", args=["wirral"]) + address)
    assert response.status_code == 400
    assert 'class="govuk-error-summary"' in response.text and error in response.text
    # A download of such a period goes back to the page that explains it.
    assert client.get(reverse("reviews:insights_pdf", args=["wirral"]) + address).status_code == 302
    assert client.get(reverse("reviews:insights_figures", args=["wirral"]) + address).status_code == 302


def test_the_spreadsheet_and_csv_hold_the_tables_numbers(client, year):
    insights = Insights(year, PERIOD, with_names=False)
    ods = client.get(reverse("reviews:insights_figures", args=["wirral"]) + ADDRESS)
    assert ods["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    book = tablib.Databook().load(io.BytesIO(ods.content).read(), "ods")
    sheets = {sheet.title: sheet for sheet in book.sheets()}
    channels = sheets["Feedback received by channel"]
    assert {row[0]: int(row[1]) for row in channels} == figure(insights, "feedback-by-channel")
    csv = client.get(reverse("reviews:insights_figure", args=["wirral", "feedback-by-channel"]) + ADDRESS)
    assert csv.content.decode("utf-8-sig").splitlines()[:3] == ["Channel,Items", "Online form,1", "Phone call,1"]
    assert (
        client.get(reverse("reviews:insights_figure", args=["wirral", "no-such-figure"]) + ADDRESS).status_code == 404
    )


def test_the_pdf_holds_the_figures(client, year, pdf_text):
    response = client.get(reverse("reviews:insights_pdf", args=["wirral"]) + ADDRESS)
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Insights: 1 July to 30 September 2026" in text
    assert "Feedback received by channel" in text and "Answered within the response target" in text


def test_another_areas_feedback_never_counts(year, other_partnership):
    theirs = Insights(other_partnership, PERIOD, with_names=True)
    assert dict(theirs.sections[0].headlines)["Feedback received"] == "1"


@pytest.mark.parametrize("size", [1, 20])
def test_queries_do_not_grow_with_the_data(client, partnership, charter, officer, django_assert_max_num_queries, size):
    for n in range(size):
        feedback = item(partnership, at(PERIOD.start + datetime.timedelta(days=n % 80)), answered=at(PERIOD.end))
        if n % 2:
            feedback_services.change_status(feedback, "not-able", officer, "Not this year")
    client.force_login(officer)
    with django_assert_max_num_queries(35):
        assert client.get(reverse("reviews:insights", args=["wirral"]) + ADDRESS).status_code == 200


def test_the_evidence_packs_files_are_the_report_and_a_csv_per_figure(year, pdf_text):
    from reviews.insights import pack_files

    files = {f.name: f for f in pack_files(year, PERIOD, datetime.date(2026, 12, 1))}
    assert "insights-2026-07-01-to-2026-09-30.html" in files
    assert "Insights: 1 July to 30 September 2026" in pdf_text(files["insights-2026-07-01-to-2026-09-30.pdf"].content)
    channels = files["data/feedback-by-channel-2026-07-01-to-2026-09-30.csv"].content.decode("utf-8-sig")
    assert channels.splitlines()[1] == "Online form,1"
    html = files["insights-2026-07-01-to-2026-09-30.html"].content.decode()
    assert "<style>" in html and 'href="/static' not in html


def test_the_charter_and_kite_mark_figures_match_the_database(project_in_evaluation, family, officer, forum_lead):
    from reviews import services
    from reviews.models import KiteMarkApplication, PrincipleAssessment, ReviewAnswer, SignOff

    project = project_in_evaluation
    services.answer_review(project, project.members.get(user=family), review_answers(project, "no"), False)
    services.answer_review(project, project.members.get(user=officer), review_answers(project, "yes"), False)
    principles = list(project.charter.principles.all())
    for principle, rating in zip(principles, ["met", "partly", "not-met"], strict=False):
        PrincipleAssessment.objects.create(project=project, principle=principle, rating=rating, evidence="Minutes")
    when = at(datetime.date.today())
    declined = KiteMarkApplication.objects.create(project=project, status="declined", applied_at=when)
    SignOff.objects.create(
        application=declined,
        kind="forum",
        lead=forum_lead,
        decision="declined",
        reason="Families were not at the Aim stage",
    )
    KiteMarkApplication.objects.create(
        project=project,
        status="revoked",
        applied_at=when,
        awarded_at=when,
        revoked_at=when,
        revoked_reason="A complaint upheld",
    )
    today = Period(datetime.date.today(), datetime.date.today())
    insights = Insights(project.partnership, today, with_names=True)
    ratings = {row[0]: row[1:] for row in insights.table("principles-assessed").rows}
    assert sum(sum(r) for r in ratings.values()) == PrincipleAssessment.objects.filter(project=project).count()
    assert [sum(r[i] for r in ratings.values()) for i in range(3)] == [
        PrincipleAssessment.objects.filter(project=project, rating=r).count() for r in ("met", "partly", "not-met")
    ]
    reviews = insights.table("review-answers").rows
    scale = ReviewAnswer.objects.filter(project=project).exclude(answer="").values("question").distinct().count()
    assert len(reviews) == scale
    assert all(row[1] == "0%" and row[2] == "100%" and row[5] == "Yes" for row in reviews)
    kite = figure(insights, "kite-marks")
    assert kite == {"Applied": 2, "Declined": 1, "Awarded": 1, "Withdrawn": 0, "Revoked": 1}
    listed = {listed.title: listed.rows for section in insights.sections for listed in section.lists}
    assert listed["Why kite marks were declined"] == [(project.title, "Families were not at the Aim stage")]
    assert listed["Why kite marks were revoked"] == [(project.title, "A complaint upheld")]
    public = Insights(project.partnership, today, with_names=False)
    assert figure(public, "kite-marks") == kite
    assert not any(listed.title.startswith("Why kite") for s in public.sections for listed in s.lists)


def test_working_days_agree_with_how_due_dates_are_set():
    from feedback.models import add_working_days

    for start in [datetime.date(2025, 12, 19) + datetime.timedelta(days=n) for n in range(0, 40, 3)]:
        for days in (0, 1, 4, 5, 9, 20):
            assert working_days(start, add_working_days(start, days)) == days, (start, days)
