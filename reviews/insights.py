"""Insights: how the partnership listens, answers, works with families and keeps its charter, for a
period. Every figure is a `Table` (shown on the page, charted, and given as CSV or ODS), counted
by the database in a fixed number of aggregate queries however much data there is.

The public version (`with_names=False`) has the same figures and no names: no projects, people,
meetings or reasons that were not already published.
"""

import bisect
import datetime
from dataclasses import dataclass, field
from functools import cache

from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate, TruncMonth
from django.template.loader import render_to_string
from django.utils import timezone

from charter_portal.charts import Chart, bar_chart
from charter_portal.documents import PackFile, Table
from charter_portal.pdf import html_to_pdf, pdf_available
from charter_portal.periods import Period
from charters.models import Charter, OutcomeStatement, ParticipationLevel
from feedback.models import Feedback, Topic, _bank_holidays
from projects.models import Contribution, Meeting, Member, Project, Stage, StageRecord
from reviews.models import ApplicationStatus, KiteMarkApplication, PrincipleAssessment, Rating, ReviewAnswer, SignOff
from reviews.results import GroupCounts, answers_differ

# How many reasons (not able to, stages without families, meetings off the standard) are listed.
LISTED = 20

Status = Feedback.Status


@dataclass
class Figure:
    table: Table
    chart: Chart | None = None
    # What the figure counts, in words.
    note: str = ""


@dataclass
class Listed:
    """Rows shown as a list of reasons under a figure (staff version only, or already public)."""

    title: str
    rows: list[tuple[str, str]]
    total: int


@dataclass
class Section:
    key: str
    title: str
    headlines: list[tuple[str, str]] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    lists: list[Listed] = field(default_factory=list)


def _figure(key: str, table: Table, note: str, columns: list[int] | None = None, chart: bool = True) -> Figure:
    table.name = key
    return Figure(table, bar_chart(f"chart-{key}", table, columns) if chart else None, note)


def _key(status: str) -> str:
    """A status as the name of a count: "status_not_able"."""
    return "status_" + status.replace("-", "_")


def _share(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "–"


@cache
def _holidays() -> tuple[datetime.date, ...]:
    return tuple(sorted(day for day in _bank_holidays() if day.weekday() < 5))


@cache
def _working_day_number(day: datetime.date) -> int:
    """How many working days there are from a fixed Monday to `day`: the difference of two is the
    working days between them."""
    days = (day - _MONDAY).days
    weeks, extra = divmod(days, 7)
    # The days after that Monday: Tuesday to Friday are working days, then Saturday and Sunday are not.
    weekdays = weeks * 5 + min(extra, 4)
    return weekdays - bisect.bisect_right(_holidays(), day)


_MONDAY = datetime.date(2000, 1, 3)


def working_days(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (0 on the same day), as due dates count them."""
    if end <= start:
        return 0
    return _working_day_number(end) - _working_day_number(start)


def _median_days(queryset, start: str, end: str) -> str:
    """The median of the working days from `start` to `end` over the rows, in words. The database
    counts the rows of each pair of days; only the pairs come back."""
    pairs = (
        queryset.filter(**{f"{start}__isnull": False, f"{end}__isnull": False})
        .annotate(first=TruncDate(start), last=TruncDate(end))
        .values_list("first", "last")
        .annotate(n=Count("id"))
        .order_by()
    )
    spread: dict[int, int] = {}
    for first, last, n in pairs:
        days = working_days(first, last)
        spread[days] = spread.get(days, 0) + n
    total = sum(spread.values())
    if not total:
        return "–"
    # The middle row's days (the mean of the two middle rows' for an even count).
    ordered = sorted(spread.items())

    def at(position: int) -> int:
        seen = 0
        for days, n in ordered:
            seen += n
            if seen > position:
                return days
        return ordered[-1][0]

    middle = (at((total - 1) // 2) + at(total // 2)) / 2
    return f"{middle:g} working day{'' if middle == 1 else 's'}"


class Insights:
    def __init__(self, partnership, period: Period, with_names: bool, today: datetime.date | None = None):
        self.partnership, self.period, self.with_names = partnership, period, with_names
        self.today = today or timezone.localdate()
        self.first, self.after = period.bounds()
        self.sections = [
            self._listening(),
            self._closing_the_loop(),
            self._working_together(),
            self._charter_kept(),
            self._kite_marks(),
        ]

    def tables(self) -> list[Table]:
        return [figure.table for section in self.sections for figure in section.figures]

    def table(self, name: str) -> Table | None:
        return next((t for t in self.tables() if t.name == name), None)

    def _in_period(self, name: str) -> dict:
        return {f"{name}__gte": self.first, f"{name}__lt": self.after}

    # Listening: what families told us, and how quickly we answered.

    def _listening(self) -> Section:
        items = Feedback.objects.filter(partnership=self.partnership, **self._in_period("received_at"))
        counts = items.annotate(answered_on=TruncDate("answered_at")).aggregate(
            received=Count("id"),
            on_time=Count("id", filter=Q(answered_on__lte=F("due_on"))),
            late=Count("id", filter=Q(answered_on__gt=F("due_on"))),
            unanswered_past_due=Count("id", filter=Q(answered_at__isnull=True, due_on__lt=self.today)),
            overdue=Count("id", filter=Q(status__in=Feedback.OPEN_STATUSES, due_on__lt=self.today)),
            **{_key(status): Count("id", filter=Q(status=status)) for status in Status.values},
        )
        overdue_now = Feedback.objects.filter(partnership=self.partnership).overdue(self.today).count()
        received = counts["received"]
        answered = counts["on_time"] + counts["late"]
        due = answered + counts["unanswered_past_due"]
        section = Section("listening", "Listening")
        section.headlines = [
            ("Feedback received", str(received)),
            ("Answered within the response target", _share(counts["on_time"], due)),
            (
                "Median time to answer",
                _median_days(items, "received_at", "answered_at"),
            ),
            ("Overdue now (all feedback)", str(overdue_now)),
        ]
        channels = dict(items.values_list("channel").annotate(n=Count("id")).order_by())
        section.figures.append(
            _figure(
                "feedback-by-channel",
                Table(
                    "Feedback received by channel",
                    ["Channel", "Items"],
                    [[label, channels.get(value, 0)] for value, label in Feedback.Channel.choices],
                ),
                "Every item received in the period, by how it reached us.",
            )
        )
        topics = dict(items.values_list("topic").annotate(n=Count("id")).order_by())
        section.figures.append(
            _figure(
                "feedback-by-topic",
                Table(
                    "Feedback received by topic",
                    ["Topic", "Items"],
                    [
                        [topic.name, topics.get(topic.pk, 0)]
                        for topic in Topic.objects.filter(partnership=self.partnership)
                        if topic.active or topics.get(topic.pk)
                    ],
                ),
                "Every item received in the period, by its topic.",
            )
        )
        months = {
            timezone.localtime(month).date() if isinstance(month, datetime.datetime) else month: n
            for month, n in items.annotate(month=TruncMonth("received_at"))
            .values_list("month")
            .annotate(n=Count("id"))
            .order_by()
        }
        section.figures.append(
            _figure(
                "feedback-by-month",
                Table(
                    "Feedback received by month",
                    ["Month", "Items"],
                    [[f"{month:%B %Y}", months.get(month, 0)] for month in self.period.months()],
                ),
                "Every item received in the period, by the month it arrived.",
            )
        )
        target = self.partnership.response_target_days
        section.figures.append(
            _figure(
                "answered-within-target",
                Table(
                    "Answered within the response target",
                    ["Answer", "Items"],
                    [
                        ["Answered on time", counts["on_time"]],
                        ["Answered late", counts["late"]],
                        ["Not answered, past its due date", counts["unanswered_past_due"]],
                        ["Not answered, not due yet", received - answered - counts["unanswered_past_due"]],
                    ],
                ),
                f"Items received in the period. The target is {target} working days. An item is answered when it "
                "first becomes “We are doing”, “We did” or “Not able to”. "
                f"{counts['overdue']} of these items are overdue now: still open after their due date.",
            )
        )
        section.figures.append(
            _figure(
                "outcomes",
                Table(
                    "Where the feedback stands now",
                    ["Status", "Items"],
                    [[label, counts[_key(value)]] for value, label in Status.choices],
                ),
                f"Items received in the period. {_share(counts[_key(Status.NOT_ABLE)], received)} are “Not able to”; "
                "each of those has its reason, which the family is told.",
            )
        )
        not_able = items.filter(status=Status.NOT_ABLE)
        if not self.with_names:
            not_able = not_able.published()
        section.lists.append(
            Listed(
                "Why we were not able to" + ("" if self.with_names else " (as published)"),
                [
                    (f"{topic}, {reference[:4]}-{reference[4:]}", reason)
                    for reference, topic, reason in not_able.order_by("-received_at").values_list(
                        "reference", "topic__name", "not_able_reason"
                    )[:LISTED]
                ],
                not_able.count(),
            )
        )
        return section

    # Closing the loop: what was published as You said, we did.

    def _closing_the_loop(self) -> Section:
        published = Feedback.objects.filter(partnership=self.partnership, **self._in_period("published_at")).published()
        topics = dict(published.values_list("topic").annotate(n=Count("id")).order_by())
        total = sum(topics.values())
        section = Section("closing-the-loop", "Closing the loop")
        section.headlines = [
            ("Published as You said, we did", str(total)),
            (
                "Median time from receipt to publication",
                _median_days(published, "received_at", "published_at"),
            ),
        ]
        section.figures.append(
            _figure(
                "published-by-topic",
                Table(
                    "Published as You said, we did, by topic",
                    ["Topic", "Items"],
                    [
                        [topic.name, topics.get(topic.pk, 0)]
                        for topic in Topic.objects.filter(partnership=self.partnership)
                        if topics.get(topic.pk)
                    ],
                ),
                "Items published in the period and still on the You said, we did page.",
            )
        )
        return section

    # Working together: projects, stages, meetings and contributions.

    def _working_together(self) -> Section:
        area = {"project__partnership": self.partnership}
        section = Section("working-together", "Working together")
        projects = Project.objects.filter(partnership=self.partnership, created_at__lt=self.after)
        levels = {
            (group, name, version): n
            for group, name, version, n in projects.values_list(
                "level__group", "level__name", "level__charter__version"
            )
            .annotate(n=Count("id"))
            .order_by()
        }
        groups = {value: 0 for value in ParticipationLevel.Group.values}
        for (group, _name, _version), n in levels.items():
            groups[group or ""] = groups.get(group or "", 0) + n
        group_rows = [[label, groups[value]] for value, label in ParticipationLevel.Group.choices]
        if groups.get(""):
            group_rows.append(["A level the ladder does not group", groups[""]])
        section.figures.append(
            _figure(
                "projects-by-ladder",
                Table("Projects by the ladder of ways of working", ["Way of working", "Projects"], group_rows),
                "Projects started by the end of the period, by the level of the charter's ladder they work at.",
            )
        )
        section.figures.append(
            _figure(
                "projects-by-level",
                Table(
                    "Projects by level",
                    ["Level", "Charter", "Projects"],
                    [[name, version, n] for (group, name, version), n in sorted(levels.items(), key=lambda kv: -kv[1])],
                ),
                "The same projects by the level's name in their charter.",
                chart=False,
            )
        )
        stages = StageRecord.objects.filter(
            status=StageRecord.Status.COMPLETED, **area, **self._in_period("completed_at")
        )
        stage_counts = stages.aggregate(
            family=Count("id", filter=Q(with_family=True)), without=Count("id", filter=Q(with_family=False))
        )
        section.figures.append(
            _figure(
                "stages-completed",
                Table(
                    "Stages completed",
                    ["How", "Stages"],
                    [
                        ["With a family member taking part", stage_counts["family"]],
                        ["Without, with a written reason", stage_counts["without"]],
                    ],
                ),
                "NAOMIE stages completed in the period.",
            )
        )
        meetings = Meeting.objects.filter(
            held=True, cancelled_at__isnull=True, date__gte=self.period.start, date__lte=self.period.end, **area
        )
        meeting_counts = meetings.aggregate(
            held=Count("id"),
            kept=Count("id", filter=Q(standard_breaches=[])),
            broke=Count("id", filter=~Q(standard_breaches=[])),
        )
        section.figures.append(
            _figure(
                "meeting-standard",
                Table(
                    "Meetings and the charter's meeting standard",
                    ["Meetings", "Number"],
                    [
                        ["Kept the standard", meeting_counts["kept"]],
                        ["Did not keep it, with a reason", meeting_counts["broke"]],
                    ],
                ),
                "Meetings held in the period.",
            )
        )
        attendance = dict(
            Meeting.attendees.through.objects.filter(meeting__in=meetings)
            .values_list("member__kind")
            .annotate(n=Count("id"))
            .order_by()
        )
        contributions = {
            (kind, shaped): n
            for kind, shaped, n in Contribution.objects.filter(
                stage__project__partnership=self.partnership, **self._in_period("created_at")
            )
            .values_list("member__kind", "shaped_decision")
            .annotate(n=Count("id"))
            .order_by()
        }
        people = Table(
            "Family and professional taking part",
            ["Who", "Attended a meeting", "Contributions", "Contributions that shaped a decision"],
            [
                [
                    "Families" if kind == Member.Kind.FAMILY else "Professionals",
                    attendance.get(kind, 0),
                    contributions.get((kind, False), 0) + contributions.get((kind, True), 0),
                    contributions.get((kind, True), 0),
                ]
                for kind in Member.Kind.values
            ],
        )
        section.figures.append(
            _figure(
                "taking-part",
                people,
                "Attendances at meetings held in the period (one person at one meeting), and contributions "
                "made in the period.",
                columns=[1, 2],
            )
        )
        if self.with_names:
            section.lists.append(
                Listed(
                    "Stages completed without a family member",
                    [
                        (f"{title}: {Stage(stage).label}", reason)
                        for title, stage, reason in stages.filter(with_family=False)
                        .order_by("-completed_at")
                        .values_list("project__title", "stage", "override_reason")[:LISTED]
                    ],
                    stage_counts["without"],
                )
            )
            section.lists.append(
                Listed(
                    "Meetings that did not keep the standard",
                    [
                        (
                            f"{title} ({project}, {day:%-d %B %Y})",
                            f"{'; '.join(breaches)}. Why: {reason or 'not given'}",
                        )
                        for title, project, day, breaches, reason in meetings.exclude(standard_breaches=[])
                        .order_by("-date")
                        .values_list("title", "project__title", "date", "standard_breaches", "override_reason")[:LISTED]
                    ],
                    meeting_counts["broke"],
                )
            )
        return section

    # The charter kept: self-assessments, review answers, outcome statements.

    def _charter_kept(self) -> Section:
        section = Section("charter-kept", "The charter kept")
        ratings: dict = {}
        principles: dict = {}
        for pk, title, order, version, rating, n in (
            PrincipleAssessment.objects.filter(project__partnership=self.partnership, **self._in_period("updated_at"))
            .values_list("principle", "principle__title", "principle__order", "principle__charter__version", "rating")
            .annotate(n=Count("id"))
            .order_by()
        ):
            principles[pk] = (version, order, title)
            ratings[(pk, rating)] = n
        section.figures.append(
            _figure(
                "principles-assessed",
                Table(
                    "How projects rated each principle",
                    ["Principle", *Rating.labels],
                    [
                        [
                            f"{title or f'Principle {order}'} ({version})",
                            *(ratings.get((pk, r), 0) for r in Rating.values),
                        ]
                        for pk, (version, order, title) in sorted(principles.items(), key=lambda kv: kv[1])
                    ],
                ),
                "Projects' self-assessments of the charter's principles, saved in the period.",
                columns=[1, 2, 3],
            )
        )
        answers: dict = {}
        questions: dict = {}
        for pk, text, order, version, kind, answer, n in (
            ReviewAnswer.objects.filter(project__partnership=self.partnership, **self._in_period("updated_at"))
            .exclude(answer="")
            .values_list(
                "question", "question__text", "question__order", "question__charter__version", "member__kind", "answer"
            )
            .annotate(n=Count("id"))
            .order_by()
        ):
            questions[pk] = (version, order, text)
            answers.setdefault((pk, kind), {})[answer] = n
        rows = []
        for pk, (version, _order, text) in sorted(questions.items(), key=lambda kv: kv[1]):
            families = GroupCounts("Families", answers.get((pk, Member.Kind.FAMILY), {}))
            professionals = GroupCounts("Professionals", answers.get((pk, Member.Kind.PROFESSIONAL), {}))
            rows.append(
                [
                    f"{text} ({version})",
                    _share(families.counts.get("yes", 0), families.total),
                    _share(professionals.counts.get("yes", 0), professionals.total),
                    families.total,
                    professionals.total,
                    "Yes" if answers_differ(families, professionals) else "No",
                ]
            )
        section.figures.append(
            Figure(
                Table(
                    "What families and professionals answered in reviews",
                    [
                        "Question",
                        "Families answering yes",
                        "Professionals answering yes",
                        "Families answering",
                        "Professionals answering",
                        "Families and professionals differ",
                    ],
                    rows,
                    name="review-answers",
                ),
                None,
                "Review answers given or changed in the period. They differ where families said no and most "
                "professionals said yes, or the shares answering yes are half or more apart.",
            )
        )
        charter = (
            Charter.objects.filter(partnership=self.partnership, published_on__lte=self.period.end)
            .public()
            .order_by("-published_on", "-id")
            .first()
        )
        if charter is not None:
            outcome_rows = []
            feedback_by_principle = dict(
                Feedback.objects.filter(
                    partnership=self.partnership, principle__charter=charter, **self._in_period("received_at")
                )
                .values_list("principle")
                .annotate(n=Count("id"))
                .order_by()
            )
            for outcome in OutcomeStatement.objects.filter(charter=charter).prefetch_related("themes__principles"):
                linked = {p.pk for theme in outcome.themes.all() for p in theme.principles.all()}
                outcome_rows.append(
                    [
                        outcome.statement,
                        sum(ratings.get((pk, Rating.MET), 0) for pk in linked),
                        sum(
                            ratings.get((pk, Rating.PARTLY), 0) + ratings.get((pk, Rating.NOT_MET), 0) for pk in linked
                        ),
                        sum(feedback_by_principle.get(pk, 0) for pk in linked),
                    ]
                )
            if outcome_rows:
                section.figures.append(
                    Figure(
                        Table(
                            f"Outcome statements of the charter ({charter.version})",
                            [
                                "Outcome",
                                "Principles met",
                                "Principles partly or not met",
                                "Feedback about them",
                            ],
                            outcome_rows,
                            name="outcome-statements",
                        ),
                        None,
                        "The evidence linked to each outcome statement: the self-assessments and feedback of the "
                        "principles that share its themes, in the period.",
                    )
                )
        return section

    # Kite marks: applied, declined, awarded, revoked.

    def _kite_marks(self) -> Section:
        applications = KiteMarkApplication.objects.filter(project__partnership=self.partnership)
        counts = applications.aggregate(
            applied=Count("id", filter=Q(**self._in_period("applied_at"))),
            awarded=Count("id", filter=Q(**self._in_period("awarded_at"))),
            withdrawn=Count("id", filter=Q(**self._in_period("withdrawn_at"))),
            revoked=Count("id", filter=Q(**self._in_period("revoked_at"))),
        )
        declines = SignOff.objects.filter(
            application__project__partnership=self.partnership,
            decision=SignOff.Decision.DECLINED,
            **self._in_period("at"),
        )
        counts["declined"] = declines.count()
        section = Section("kite-marks", "Kite marks")
        section.figures.append(
            _figure(
                "kite-marks",
                Table(
                    "Kite marks",
                    ["What happened", "Projects"],
                    [
                        ["Applied", counts["applied"]],
                        ["Declined", counts["declined"]],
                        ["Awarded", counts["awarded"]],
                        ["Withdrawn", counts["withdrawn"]],
                        ["Revoked", counts["revoked"]],
                    ],
                ),
                "Kite-mark applications, sign-off declines, awards and revocations in the period.",
            )
        )
        if self.with_names:
            section.lists.append(
                Listed(
                    "Why kite marks were declined",
                    [
                        (title, reason or "No reason given")
                        for title, reason in declines.order_by("-at").values_list(
                            "application__project__title", "reason"
                        )[:LISTED]
                    ],
                    counts["declined"],
                )
            )
            revoked = applications.filter(status=ApplicationStatus.REVOKED, **self._in_period("revoked_at"))
            section.lists.append(
                Listed(
                    "Why kite marks were revoked",
                    list(revoked.order_by("-revoked_at").values_list("project__title", "revoked_reason")[:LISTED]),
                    counts["revoked"],
                )
            )
        return section


def insights_document(insights: Insights, made_on: datetime.date) -> str:
    """The insights as a document of their own (for the PDF and the evidence pack)."""
    context = {"insights": insights, "partnership": insights.partnership, "made_on": made_on}
    return render_to_string("reviews/insights_document.html", context)


def pack_files(partnership, period: Period, made_on: datetime.date) -> list[PackFile]:
    """The insights report as HTML and PDF, and a CSV of the table behind every figure."""
    insights = Insights(partnership, period, with_names=True, today=made_on)
    html = insights_document(insights, made_on)
    base = f"insights-{period.slug}"
    files = [PackFile(f"{base}.html", "Insights report (web page)", html.encode(), f"Insights for {period.label}.")]
    if pdf_available():
        files.append(
            PackFile(f"{base}.pdf", "Insights report (PDF)", html_to_pdf(html, "http://localhost/", "Insights"))
        )
    for table in insights.tables():
        files.append(
            PackFile(
                f"data/{table.name}-{period.slug}.csv",
                f"Data: {table.title}",
                table.as_csv(),
                "The figures behind the insights report.",
            )
        )
    return files
