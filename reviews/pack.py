"""The inspection evidence pack: one ZIP for a period, made in the background, holding what an
inspection of the partnership's co-production asks to see.

Its contents come from PARTS, each a function `(partnership, period, made_on) -> list[PackFile]`:
the charter in force and its history, each kite-marked project's case study and verification link,
and the kite mark's history in the period. The insights report and the "You said, we did" report
add their own parts to the list. The ZIP opens with index.html, which lists every file with its
title and what it holds; every file is named with the period or the date it stands for.
"""

import datetime
import logging
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from charter_portal import notify
from charter_portal.documents import PackFile, Table, save_zip
from charter_portal.pdf import html_to_pdf, pdf_available
from charter_portal.periods import Period
from charters.models import Charter, Partnership
from charters.services import charter_with_parts
from feedback import report
from projects.models import Project
from projects.services import ProjectError
from reviews import insights, kite_mark, services
from reviews.models import CaseStudy, EvidencePack, EvidencePackEvent, KiteMarkApplication

logger = logging.getLogger(__name__)

Part = Callable[[Partnership, Period, datetime.date], list[PackFile]]

FAILED_MESSAGE = (
    "Something went wrong while the pack's files were being put together, so it was not finished. "
    "Try again. If it fails again, tell the people who run the portal, saying when you asked."
)


def _pdf_base() -> str:
    # The documents carry their styles inside them, so a PDF reads nothing from the server.
    return f"{settings.SITE_URL}/"


def document_files(template: str, context: dict, stem: str, title: str, description: str) -> list[PackFile]:
    """A document of the pack as an HTML file and, where the server can make one, a PDF copy."""
    html = render_to_string(template, {**context, "title": title})
    files = [PackFile(f"{stem}.html", title, html.encode(), description)]
    if pdf_available():
        pdf = html_to_pdf(html, _pdf_base(), title)
        files.append(PackFile(f"{stem}.pdf", f"{title} (PDF)", pdf, f"The same as {stem}.html, as a PDF to print."))
    return files


def _documents_per_copy() -> int:
    return 2 if pdf_available() else 1


# The charter in force, and its history.


def charter_in_force(partnership: Partnership, day: datetime.date) -> Charter | None:
    """The version of the charter that stood on `day`: the last one published on or before it."""
    versions = Charter.objects.public().filter(partnership=partnership)
    dated = versions.filter(published_on__lte=day).order_by("-published_on", "-created_at")
    # A version published without a date counts from when it was made.
    undated = versions.filter(published_on__isnull=True, created_at__date__lte=day).order_by("-created_at")
    found = dated.first() or undated.first()
    return charter_with_parts(Charter.objects.filter(pk=found.pk)).get() if found else None


def charter_history(partnership: Partnership, day: datetime.date) -> list[dict]:
    """Every version published by `day`, oldest first, with when it was published, when the next one
    replaced it, and what was done to it on its timeline up to `day`."""
    versions = list(
        Charter.objects.public()
        .filter(partnership=partnership)
        .filter(Q(published_on__lte=day) | Q(published_on__isnull=True, created_at__date__lte=day))
        .order_by("published_on", "created_at")
    )
    _, after = Period(day, day).bounds()
    events: dict[int, list] = {}
    for event in partnership.charter_events.filter(charter__in=versions, at__lt=after).select_related("actor"):
        events.setdefault(event.charter_id, []).append(event)
    history = []
    for number, version in enumerate(versions):
        following = versions[number + 1] if number + 1 < len(versions) else None
        history.append(
            {
                "charter": version,
                "replaced_by": following,
                "in_force_on_day": following is None,
                "events": sorted(events.get(version.pk, []), key=lambda e: (e.at, e.pk)),
            }
        )
    return history


def _history_table(history: list[dict]) -> Table:
    table = Table(
        "Versions of the charter",
        ["Version", "Title", "Published", "Replaced by", "Replaced on", "Review due", "Date", "What was done", "By"],
        name="charter-history",
    )
    for entry in history:
        charter, following = entry["charter"], entry["replaced_by"]
        about = [
            charter.version,
            charter.title,
            charter.published_in_words,
            following.version if following else "",
            following.published_in_words if following else "",
            charter.review_due_in_words,
        ]
        if not entry["events"]:
            table.rows.append([*about, "", "", ""])
        for event in entry["events"]:
            when = timezone.localtime(event.at)
            table.rows.append([*about, f"{when:%Y-%m-%d %H:%M}", event.what, event.actor.name if event.actor else ""])
    return table


def _count_charter_files(partnership: Partnership, period: Period) -> int:
    in_force = charter_in_force(partnership, period.end) is not None
    return (_documents_per_copy() if in_force else 0) + _documents_per_copy() + 1


def charter_files(partnership: Partnership, period: Period, made_on: datetime.date) -> list[PackFile]:
    """The charter that stood on the period's last day, as the partnership published it, and the
    story of every version up to then."""
    day = period.end
    files = []
    charter = charter_in_force(partnership, day)
    if charter is not None:
        files += document_files(
            "reviews/pack/charter.html",
            {"partnership": partnership, "charter": charter, "made_on": made_on, "period": period, "day": day},
            f"charter-{slugify(charter.version) or charter.pk}-in-force-{day:%Y-%m-%d}",
            f"{charter.title} (version {charter.version})",
            f"The charter in force on {day.day} {day:%B %Y}, the last day of the period, as published"
            + (f" in {charter.published_in_words}." if charter.published_on else "."),
        )
    history = charter_history(partnership, day)
    stem = f"charter-history-to-{day:%Y-%m-%d}"
    files += document_files(
        "reviews/pack/charter_history.html",
        {"partnership": partnership, "history": history, "made_on": made_on, "period": period, "day": day},
        stem,
        "History of the charter",
        f"Every version of the charter published by {day.day} {day:%B %Y}, when each replaced the one "
        "before, and what was done to each on its timeline.",
    )
    files.append(
        PackFile(
            f"{stem}.csv",
            "History of the charter (table)",
            _history_table(history).as_csv(),
            "The charter's versions and their timelines, as a spreadsheet.",
        )
    )
    return files


charter_files.count = _count_charter_files


# Kite-marked projects: their case studies and the links that verify them.


def standing_awards(partnership: Partnership, period: Period):
    """Kite marks awarded by the end of the period that still stand today, first awarded first."""
    _, after = period.bounds()
    return (
        KiteMarkApplication.objects.filter(
            project__partnership=partnership, status=KiteMarkApplication.Status.AWARDED, awarded_at__lt=after
        )
        .select_related("project")
        .order_by("awarded_at", "pk")
    )


def verification_link(award: KiteMarkApplication) -> str:
    """The public page anyone can open to check the kite mark stands."""
    return notify.absolute(reverse("reviews:verify", args=[award.code]))


def _count_case_study_files(partnership: Partnership, period: Period) -> int:
    projects = standing_awards(partnership, period).values("project")
    studies = CaseStudy.objects.filter(project__in=projects, published_at__isnull=False).count()
    return studies * _documents_per_copy() + 1


def case_study_files(partnership: Partnership, period: Period, made_on: datetime.date) -> list[PackFile]:
    """Each project whose kite mark was awarded in or before the period and still stands: its
    published case study, with the link that verifies the award, and a table of every such award."""
    awards = list(standing_awards(partnership, period))
    projects = {
        p.pk: p
        for p in kite_mark.with_kite_mark_counts(
            Project.objects.filter(pk__in=[a.project_id for a in awards]).select_related("partnership")
        )
    }
    studies = {s.project_id: s for s in CaseStudy.objects.filter(project__in=projects, published_at__isnull=False)}
    table = Table(
        "Kite marks that stand",
        ["Project", "Awarded on", "Under charter version", "Case study", "Check it at"],
        name="kite-marks-awarded",
    )
    files = []
    for award in awards:
        project, link = projects[award.project_id], verification_link(award)
        study = studies.get(project.pk)
        awarded = timezone.localdate(award.awarded_at)
        stem = f"case-study-{slugify(project.title)[:60] or project.pk}-{period.slug}"
        if study is not None:
            context = {
                **services.case_study_context(project, study),
                "partnership": partnership,
                "made_on": made_on,
                "period": period,
                "verification_link": link,
            }
            files += document_files(
                "reviews/pack/case_study.html",
                context,
                stem,
                f"Case study: {project.title}",
                f"The case study of “{project.title}”, kite-marked on {awarded.day} {awarded:%B %Y}. "
                f"Anyone can check the kite mark at {link}",
            )
        table.rows.append(
            [project.title, f"{awarded:%Y-%m-%d}", award.charter_version, f"{stem}.html" if study else "", link]
        )
    files.append(
        PackFile(
            f"kite-marks-awarded-{period.slug}.csv",
            "Kite marks that stand, with their verification links",
            table.as_csv(),
            f"Every project kite-marked by {period.end.day} {period.end:%B %Y} whose kite mark still stands on "
            f"{made_on.day} {made_on:%B %Y}, with the public page that verifies each. A project with no case "
            "study file has not published one.",
        )
    )
    return files


case_study_files.count = _count_case_study_files


# The kite mark's history in the period.


def kite_mark_history_table(partnership: Partnership, period: Period) -> Table:
    """Every application, sign-off, decline, award, withdrawal and revocation in the period, with the reasons."""
    first, after = period.bounds()
    applications = (
        KiteMarkApplication.objects.filter(project__partnership=partnership, applied_at__lt=after)
        .select_related("project", "applied_by", "withdrawn_by", "revoked_by")
        .prefetch_related("sign_offs__lead")
        .order_by("applied_at", "pk")
    )
    table = Table(
        "The kite mark in the period",
        ["Date", "Project", "What happened", "By", "Reason"],
        name="kite-mark-history",
    )
    for application in applications:
        for entry in reversed(kite_mark.history([application])):
            if first <= entry.at < after:
                when = timezone.localtime(entry.at)
                table.rows.append(
                    [f"{when:%Y-%m-%d %H:%M}", application.project.title, entry.what, entry.by, entry.reason]
                )
    table.rows.sort(key=lambda row: row[0])
    return table


def kite_mark_history_files(partnership: Partnership, period: Period, made_on: datetime.date) -> list[PackFile]:
    return [
        PackFile(
            f"kite-mark-history-{period.slug}.csv",
            "The kite mark in the period (table)",
            kite_mark_history_table(partnership, period).as_csv(),
            f"Every kite-mark application from {period.label}: when it was applied for, signed off, declined, "
            "awarded, withdrawn or revoked, by whom, and the reasons given.",
        )
    ]


kite_mark_history_files.count = lambda partnership, period: 1


# The insights report (reviews.insights.pack_files) and the "You said, we did" report
# (feedback.report.pack_files) are added here, first, as they are merged.
PARTS: list[Part] = [
    insights.pack_files,
    report.pack_files,
    charter_files,
    case_study_files,
    kite_mark_history_files,
]


# Asking for a pack, and making it.


def _record(pack: EvidencePack, actor, what: str) -> EvidencePackEvent:
    return EvidencePackEvent.objects.create(pack=pack, actor=actor, what=what)


def request_pack(partnership: Partnership, period: Period, actor) -> EvidencePack:
    """Ask for a pack; it is made in the background once this is committed. A second ask for the
    same period while the first is still being made (a double click) gets the first."""
    with transaction.atomic():
        Partnership.objects.select_for_update().get(pk=partnership.pk)
        waiting = EvidencePack.objects.filter(
            partnership=partnership,
            period_start=period.start,
            period_end=period.end,
            status__in=[EvidencePack.Status.QUEUED, EvidencePack.Status.BUILDING],
        ).first()
        if waiting is not None:
            return waiting
        pack = EvidencePack.objects.create(
            partnership=partnership, period_start=period.start, period_end=period.end, requested_by=actor
        )
        _record(pack, actor, f"Asked for the evidence pack for {period.label}")
        transaction.on_commit(lambda: build_evidence_pack.enqueue(pack.pk))
    return pack


def try_again(pack: EvidencePack, actor) -> EvidencePack:
    """Make a pack that failed again, from the start."""
    with transaction.atomic():
        pack = EvidencePack.objects.select_for_update().get(pk=pack.pk)
        if pack.status != EvidencePack.Status.FAILED:
            raise ProjectError("Only a pack that could not be made can be tried again.", ProjectError.CONFLICT)
        pack.status, pack.error, pack.finished_at = EvidencePack.Status.QUEUED, "", None
        pack.files_done = pack.files_total = 0
        pack.requested_by = actor
        pack.save(update_fields=["status", "error", "finished_at", "files_done", "files_total", "requested_by"])
        _record(pack, actor, "Asked to try again")
        transaction.on_commit(lambda: build_evidence_pack.enqueue(pack.pk))
    return pack


def record_download(pack: EvidencePack, actor) -> None:
    _record(pack, actor, "Downloaded the pack")


def _progress(pack: EvidencePack, done: int, total: int) -> None:
    pack.files_done, pack.files_total = done, total
    EvidencePack.objects.filter(pk=pack.pk).update(files_done=done, files_total=total)


def _expected(part: Part, partnership: Partnership, period: Period) -> int:
    """How many files a part will make, for the progress page: a part that cannot say counts as one."""
    count = getattr(part, "count", None)
    return count(partnership, period) if count else 1


def _unique_names(files: list[PackFile]) -> list[PackFile]:
    """Two files of one name (two projects with the same title) are told apart by a number."""
    seen: set[str] = {"index.html"}
    for file in files:
        name = file.name
        stem, dot, suffix = name.rpartition(".")
        number = 2
        while name in seen:
            name = f"{stem}-{number}.{suffix}" if dot else f"{file.name}-{number}"
            number += 1
        file.name = name
        seen.add(name)
    return files


def index_file(pack: EvidencePack, files: list[PackFile], made_on: datetime.date) -> PackFile:
    context = {
        "partnership": pack.partnership,
        "pack": pack,
        "period": pack.period,
        "files": files,
        "made_on": made_on,
        "pdf_made": pdf_available(),
        "title": f"Evidence pack: {pack.partnership.name}, {pack.period.label}",
    }
    html = render_to_string("reviews/pack/index.html", context)
    return PackFile("index.html", "What is in this pack", html.encode(), "This page.")


def pack_files(pack: EvidencePack) -> list[PackFile]:
    """Run every part, counting the files as they come: the pack's files, index first."""
    partnership, period = pack.partnership, pack.period
    made_on = timezone.localdate()
    expected = [_expected(part, partnership, period) for part in PARTS]
    files: list[PackFile] = []
    _progress(pack, 0, sum(expected) + 1)
    for number, part in enumerate(PARTS):
        files += part(partnership, period, made_on)
        _progress(pack, len(files), len(files) + sum(expected[number + 1 :]) + 1)
    files = _unique_names(files)
    return [index_file(pack, files, made_on), *files]


def _tell(pack: EvidencePack, name: str) -> None:
    if pack.requested_by is None or not pack.requested_by.is_active:
        return
    slug = pack.partnership.slug
    notify.send(
        name,
        [pack.requested_by],
        about=f"evidence-pack:{pack.pk}",
        area=slug,
        pack=pack,
        link=notify.absolute(reverse("reviews:evidence_pack", args=[slug, pack.pk])),
    )


def _fail(pack_id: int) -> None:
    with transaction.atomic():
        pack = (
            EvidencePack.objects.select_for_update(of=("self",))
            .select_related("partnership", "requested_by")
            .get(pk=pack_id)
        )
        pack.status, pack.error, pack.finished_at = EvidencePack.Status.FAILED, FAILED_MESSAGE, timezone.now()
        pack.save(update_fields=["status", "error", "finished_at"])
        _record(pack, None, "The pack could not be made")
        _tell(pack, "evidence_pack_failed")


@task
def build_evidence_pack(pack_id: int) -> str:
    """Make a pack that is waiting: nothing is done for one already being made, made, or failed."""
    with transaction.atomic():
        pack = (
            EvidencePack.objects.select_for_update(of=("self",))
            .select_related("partnership", "requested_by")
            .filter(pk=pack_id)
            .first()
        )
        if pack is None or pack.status != EvidencePack.Status.QUEUED:
            return pack.status if pack else "missing"
        pack.status = EvidencePack.Status.BUILDING
        pack.save(update_fields=["status"])
        _record(pack, None, "Started making the pack")
    try:
        files = pack_files(pack)
        save_zip(pack.file, pack.filename, files)
        count = len(files)
        size = pack.file.size
    except Exception:  # whatever went wrong, the person who asked is told in plain words
        logger.exception("Evidence pack %s could not be made", pack_id)
        _fail(pack_id)
        return EvidencePack.Status.FAILED
    with transaction.atomic():
        EvidencePack.objects.select_for_update().get(pk=pack_id)
        pack.status, pack.size, pack.finished_at = EvidencePack.Status.READY, size, timezone.now()
        pack.files_done = pack.files_total = count
        pack.save(update_fields=["status", "file", "size", "finished_at", "files_done", "files_total"])
        _record(pack, None, f"The pack is ready: {count} files, {filesizeformat(size)}")
        _tell(pack, "evidence_pack_ready")
    return EvidencePack.Status.READY
