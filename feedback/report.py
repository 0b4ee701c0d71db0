"""The "You said, we did" report for a period: each item published in it, as You said / We did /
Evidence, grouped by topic or by charter principle, with the partnership's figures at the top.

It is public, so it holds only what the board already shows, and names a project (or its decisions)
only when the project is public: a private project's work is "a project that is not public yet".
The same rows make the page, the PDF, the CSV and the ODS (`report_table`).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, Q
from django.db.models.functions import TruncDate
from django.template.loader import render_to_string
from django.utils import timezone

from charter_portal.documents import PackFile, Table
from charter_portal.pdf import html_to_pdf, pdf_available
from charter_portal.periods import Period
from feedback.models import Feedback
from projects.models import Decision

GROUPINGS = {"topic": "By topic", "principle": "By charter principle"}
NO_PRINCIPLE = "Not linked to a principle"
# A PDF is made while the reader waits up to this many items; a longer one is in the evidence pack.
PDF_MOST = 500


@dataclass
class Row:
    item: Feedback
    evidence: list[str]

    @property
    def we_did(self) -> str:
        item = self.item
        if item.status == Feedback.Status.NOT_ABLE and not item.we_did:
            return f"We are not able to, because: {item.not_able_reason}"
        return item.we_did


@dataclass
class Group:
    title: str
    rows: list[Row] = field(default_factory=list)


@dataclass
class Report:
    partnership: object
    period: Period
    grouping: str
    groups: list[Group]
    figures: list[tuple[str, str]]

    @property
    def rows(self) -> list[Row]:
        return [row for group in self.groups for row in group.rows]

    @property
    def grouping_label(self) -> str:
        return GROUPINGS[self.grouping]


def answer_counts(items, today: datetime.date) -> dict:
    """Of `items`: how many were received, answered by their due date, answered after it, and not
    answered with the due date passed. An item is answered when it first becomes "We are doing",
    "We did" or "Not able to" (Feedback.answered_at)."""
    return items.annotate(answered_on=TruncDate("answered_at")).aggregate(
        received=Count("id"),
        on_time=Count("id", filter=Q(answered_on__lte=F("due_on"))),
        late=Count("id", filter=Q(answered_on__gt=F("due_on"))),
        unanswered_past_due=Count("id", filter=Q(answered_at__isnull=True, due_on__lt=today)),
    )


def share(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "–"


def _evidence(item: Feedback) -> list[str]:
    """What the partnership did with it that anyone may read: the public project it is about and that
    project's decisions it shaped."""
    found = []
    if item.project is not None:
        found.append(f"Project: {item.project.title}" if item.project.is_public else "A project that is not public yet")
    for decision in item.decisions.all():
        if decision.project.is_public:
            found.append(f"Decision of {decision.decided_on:%-d %B %Y} in “{decision.project.title}”: {decision.what}")
    return found


def published_in(partnership, period: Period):
    first, after = period.bounds()
    return Feedback.objects.filter(partnership=partnership, published_at__gte=first, published_at__lt=after).published()


def yswd_report(partnership, period: Period, grouping: str = "topic", today: datetime.date | None = None) -> Report:
    """In a fixed number of queries: the figures, then the items with their topic, principle,
    project and decisions."""
    grouping = grouping if grouping in GROUPINGS else "topic"
    today = today or timezone.localdate()
    items = (
        published_in(partnership, period)
        .select_related("topic", "principle__charter", "project")
        .prefetch_related(Prefetch("decisions", queryset=Decision.objects.select_related("project")))
        .defer("search_vector", "text", "name", "email", "phone")
    )
    if grouping == "principle":
        # The newest charter's principles first, in its order; items about no principle last.
        order = [
            F("principle__charter__published_on").desc(nulls_last=True),
            F("principle__order").asc(nulls_last=True),
        ]
    else:
        order = [F("topic__order").asc(), F("topic__name").asc()]
    items = items.order_by(*order, "-published_at", "-pk")
    groups: dict = {}
    versions = set()
    for item in items:
        if grouping == "principle":
            principle = item.principle
            versions.add(principle.charter.version if principle else None)
            key = principle.pk if principle else None
            title = (principle.title or f"Principle {principle.order}") if principle else NO_PRINCIPLE
            if principle is not None:
                title = f"{title} ({principle.charter.version})"
        else:
            key, title = item.topic_id, item.topic.name
        groups.setdefault(key, Group(title)).rows.append(Row(item, _evidence(item)))
    first, after = period.bounds()
    received = Feedback.objects.filter(partnership=partnership, received_at__gte=first, received_at__lt=after)
    counts = answer_counts(received, today)
    due = counts["on_time"] + counts["late"] + counts["unanswered_past_due"]
    published = sum(len(g.rows) for g in groups.values())
    figures = [
        ("Feedback received", str(counts["received"])),
        ("Answered within the response target", share(counts["on_time"], due)),
        ("Published here as You said, we did", str(published)),
    ]
    return Report(partnership, period, grouping, list(groups.values()), figures)


def report_table(report: Report) -> Table:
    """Every row of the report, as the CSV and ODS give it."""
    return Table(
        "You said, we did",
        [
            "Number",
            "Topic",
            "Principle",
            "Status",
            "You said",
            "We did",
            "Evidence",
            "Received",
            "Published",
        ],
        [
            [
                number,
                row.item.topic.name,
                (row.item.principle.title or f"Principle {row.item.principle.order}") if row.item.principle else "",
                row.item.get_status_display(),
                row.item.you_said,
                row.we_did,
                "; ".join(row.evidence),
                f"{timezone.localdate(row.item.received_at):%Y-%m-%d}",
                f"{timezone.localdate(row.item.published_at):%Y-%m-%d}",
            ]
            for number, row in enumerate(report.rows, start=1)
        ],
        name="you-said-we-did",
    )


def report_document(report: Report, made_on: datetime.date) -> str:
    context = {"report": report, "partnership": report.partnership, "made_on": made_on}
    return render_to_string("feedback/report_document.html", context)


def pack_files(partnership, period: Period, made_on: datetime.date) -> list[PackFile]:
    """The report as HTML and PDF, and its rows as CSV, for the evidence pack."""
    report = yswd_report(partnership, period, "topic", today=made_on)
    html = report_document(report, made_on)
    base = f"you-said-we-did-{period.slug}"
    about = f"Everything published as You said, we did from {period.label}, by topic."
    files = [PackFile(f"{base}.html", "You said, we did report (web page)", html.encode(), about)]
    if pdf_available():
        pdf = html_to_pdf(html, "http://localhost/", "You said, we did")
        files.append(PackFile(f"{base}.pdf", "You said, we did report (PDF)", pdf, about))
    files.append(PackFile(f"data/{base}.csv", "Data: You said, we did", report_table(report).as_csv(), about))
    return files
