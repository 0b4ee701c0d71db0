"""Keeping personal data no longer than the partnership says (UK GDPR Article 5(1)(e)).

Each partnership sets four periods (charters.Partnership's *_retention_* fields). Once a day the
purge removes, in each partnership, what has outlived them:

- feedback closed ("We did" or "Not able to") longer ago than feedback_retention_months: what the
  family told us, their name, email address and phone number, and the officers' internal notes on it
  go; the published You said, we did pair, the topic, the status and the dates stay, so the public
  record and the counts stay true;
- accounts nobody has signed in to for account_retention_months: erased as if the person had asked
  (erasure.erase_account), a month after they were told it would happen;
- meeting papers of projects completed longer ago than paper_retention_months: the file goes, the
  paper's name stays on the meeting, and its link says it was removed;
- invitations that ended unused (expired or withdrawn) longer ago than invitation_retention_days:
  deleted, with the email address they were sent to.

Nothing is removed twice: each step picks only what still holds what it removes. What one run
removed is kept as counts, never values, in the partnership's PurgeRun for the day.
"""

import calendar
import datetime

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from accounts.models import DataRequest, PurgeRun, Role, User
from charter_portal import notify
from charter_portal.models import Message
from charter_portal.privacy import erasure
from charter_portal.public_cache import public_pages_changed
from charters import services as charter_services
from charters.models import Partnership
from feedback.models import Feedback, FeedbackEvent
from projects.models import Invitation, MeetingPaper, Project, Stage, StageRecord

# What the purge removes, in the order it runs, with the words the admin's page uses for each.
KINDS = {
    "feedback": "Feedback items: what the family told us and their contact details",
    "accounts": "Accounts nobody had signed in to",
    "papers": "Meeting papers of completed projects",
    "invitations": "Invitations that ended unused",
}
# A person is told this many days before their unused account is erased, so signing in keeps it.
WARNING_DAYS = 30
# Rows changed in one statement: small enough for SQLite's limit on a query's values, large enough
# that 100,000 items take a hundred statements, not a hundred thousand.
BATCH = 500
UNUSED_WARNING = "account_unused"


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` months earlier (the last of the month when that month is shorter)."""
    month = day.year * 12 + day.month - 1 - months
    year, month = divmod(month, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


# Feedback.


def _closed_at() -> models.Expression:
    """When the item was closed: its last change of status. An item stored without a timeline (an
    import, the benchmark's data) counts from when it last changed, which is never earlier."""
    last_status = (
        FeedbackEvent.objects.filter(feedback=models.OuterRef("pk"), kind=FeedbackEvent.Kind.STATUS)
        .order_by("-at")
        .values("at")[:1]
    )
    return Coalesce(models.Subquery(last_status), models.F("updated_at"))


def due_feedback(partnership: Partnership, today: datetime.date | None = None):
    """Closed items of the partnership, closed before the period began, that still hold private text."""
    since = _start_of(months_before(_today(today), partnership.feedback_retention_months))
    return (
        Feedback.objects.filter(
            partnership=partnership, status__in=Feedback.CLOSED_STATUSES, private_removed_at__isnull=True
        )
        .alias(closed_at=_closed_at())
        .filter(closed_at__lt=since)
    )


def _feedback_removed(partnership: Partnership) -> str:
    months = partnership.feedback_retention_months
    return (
        "What they told us, their name and contact details and the internal notes were removed: "
        f"{partnership.name} keeps them for {months} months after an item is closed. "
        "The outcome, and any published You said, we did, stay."
    )


def _purge_feedback(partnership: Partnership, today: datetime.date | None) -> int:
    ids = list(due_feedback(partnership, today).order_by("pk").values_list("pk", flat=True))
    what = _feedback_removed(partnership)
    removed = 0
    for start in range(0, len(ids), BATCH):
        with transaction.atomic():
            # Locked and asked again: an item reopened a moment ago, or closed again since, keeps what it holds.
            batch = list(
                due_feedback(partnership, today)
                .select_for_update()
                .filter(pk__in=ids[start : start + BATCH])
                .values_list("pk", "reference")
            )
            if not batch:
                continue
            pks = [pk for pk, _reference in batch]
            now = timezone.now()
            Feedback.objects.filter(pk__in=pks).update(text="", name="", email="", phone="", private_removed_at=now)
            FeedbackEvent.objects.filter(feedback_id__in=pks, kind=FeedbackEvent.Kind.NOTE).update(note="")
            # What was sent to a family without an account is addressed to the contact details they left.
            Message.objects.filter(
                user__isnull=True, about__in=[f"feedback:{reference}" for _pk, reference in batch]
            ).delete()
            FeedbackEvent.objects.bulk_create(
                FeedbackEvent(feedback_id=pk, kind=FeedbackEvent.Kind.REMOVED, what=what, at=now) for pk in pks
            )
            removed += len(pks)
    return removed


# Accounts.


def _keeps_account(partnership: Partnership) -> models.Q:
    """Accounts never erased for not being used, whatever their last sign-in.

    Superusers run the installation, and the partnership's admins run the partnership: erasing
    either would leave nobody to look after it, and an unused admin account is for the other admins
    to close, knowingly. Nor anyone in the partnership's running work: the lead officer of a project
    not yet complete, an officer given open feedback to answer, or a member of a project not yet
    complete (families often take part at meetings and by phone, never signing in). Their part would
    become "A professional" or "A parent carer" while the work still needs them; once it is done the
    period counts as for anyone.
    """
    running = Project.objects.filter(partnership=partnership, is_complete=False)
    return (
        models.Q(is_superuser=True)
        | models.Q(role=Role.ADMIN)
        | models.Q(projects_led__in=running)
        | models.Q(feedback_assigned__status__in=Feedback.OPEN_STATUSES)
        | models.Q(memberships__project__in=running, memberships__removed_at__isnull=True)
    )


def _unused_since(partnership: Partnership, today: datetime.date | None, days_sooner: int = 0):
    """The partnership's accounts, not erased and none it keeps, nobody has signed in to (or, never
    signed in, that were made) before the period began: `WARNING_DAYS` sooner for the warning."""
    since = _start_of(months_before(_today(today), partnership.account_retention_months))
    since += datetime.timedelta(days=days_sooner)
    kept = User.objects.filter(partnership=partnership).filter(_keeps_account(partnership)).values("pk")
    return (
        User.objects.filter(partnership=partnership, erased_at__isnull=True)
        .exclude(pk__in=kept)
        .alias(last_seen=Coalesce("last_login", "date_joined"))
        .filter(last_seen__lt=since)
    )


def _warned() -> models.Exists:
    """Told, since they last signed in, that the account would be erased: WARNING_DAYS ago or more."""
    return models.Exists(
        Message.objects.filter(
            user=models.OuterRef("pk"),
            name=UNUSED_WARNING,
            created_at__gte=models.OuterRef("last_seen"),
            created_at__lt=timezone.now() - datetime.timedelta(days=WARNING_DAYS),
        )
    )


def due_accounts(partnership: Partnership, today: datetime.date | None = None):
    """Unused accounts to erase now: told a month ago; or closed by an admin, or never confirmed,
    which nobody can sign in to keep (and a never-confirmed address is sent nothing but its link)."""
    return _unused_since(partnership, today).filter(
        _warned() | models.Q(email_confirmed=False) | models.Q(is_active=False)
    )


def to_warn(partnership: Partnership, today: datetime.date | None = None):
    """Accounts whose period ends within WARNING_DAYS (or has ended) that have not been told since
    they last signed in."""
    told = Message.objects.filter(
        user=models.OuterRef("pk"), name=UNUSED_WARNING, created_at__gte=models.OuterRef("last_seen")
    )
    return (
        _unused_since(partnership, today, days_sooner=WARNING_DAYS)
        .filter(email_confirmed=True, is_active=True)
        .exclude(models.Exists(told))
    )


def _warn_accounts(partnership: Partnership, today: datetime.date | None) -> int:
    """Tell each person, once, that their account will be erased unless they sign in; their timeline says so."""
    erase_on = timezone.localdate() + datetime.timedelta(days=WARNING_DAYS)
    warned = 0
    for user in to_warn(partnership, today).order_by("pk"):
        with transaction.atomic():
            notify.send(
                UNUSED_WARNING,
                [user],
                about=f"user:{user.pk}",
                area=partnership.slug,
                partnership=partnership,
                months=partnership.account_retention_months,
                erase_on=erase_on,
                link=notify.absolute(reverse("accounts:login")),
            )
            user.record(
                None,
                f"Told the account will be erased on or after {erase_on:%-d %B %Y} unless they sign in: nobody "
                f"had signed in for nearly {partnership.account_retention_months} months",
            )
        warned += 1
    return warned


def _purge_accounts(partnership: Partnership, today: datetime.date | None) -> int:
    erased = 0
    months = partnership.account_retention_months
    for user in due_accounts(partnership, today).order_by("pk"):
        waiting = DataRequest.objects.filter(
            subject=user, kind=DataRequest.Kind.ERASURE, status=DataRequest.Status.WAITING
        ).first()
        with transaction.atomic():
            user._lock()
            # Asked again once locked: someone who signed in since the run began keeps their account.
            if not due_accounts(partnership, today).filter(pk=user.pk).exists():
                continue
            try:
                erasure.erase_account(user, None, waiting)
            except erasure.ErasureError:
                continue  # Erased by an admin a moment ago.
            user.record(None, f"Erased because nobody had signed in for {months} months, the partnership's period")
        erased += 1
    return erased


# Meeting papers.


def due_papers(partnership: Partnership, today: datetime.date | None = None):
    """Papers still held of the partnership's projects completed before the period began."""
    since = _start_of(months_before(_today(today), partnership.paper_retention_months))
    completed = StageRecord.objects.filter(
        project__partnership=partnership,
        project__is_complete=True,
        stage=Stage.EVALUATION,
        completed_at__lt=since,
    ).values("project")
    return MeetingPaper.objects.filter(meeting__project__in=completed, removed_at__isnull=True)


def _purge_papers(partnership: Partnership, today: datetime.date | None) -> int:
    removed = 0
    papers = list(due_papers(partnership, today).order_by("pk").values_list("pk", "file"))
    for start in range(0, len(papers), BATCH):
        batch = papers[start : start + BATCH]
        with transaction.atomic():
            pks = [pk for pk, _file in batch]
            removed += MeetingPaper.objects.filter(pk__in=pks, removed_at__isnull=True).update(
                removed_at=timezone.now(), file=""
            )
            names = [name for _pk, name in batch if name]
            # Once the rows say so: a file whose removal was not committed is still there.
            transaction.on_commit(lambda names=names: _delete_files(names))
    return removed


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


# Invitations.


def due_invitations(partnership: Partnership, today: datetime.date | None = None):
    """Invitations of the partnership's projects that ended unused before the period began: expired
    (INVITATION_DAYS after they were last sent) or withdrawn."""
    since = _start_of(_today(today) - datetime.timedelta(days=partnership.invitation_retention_days))
    expired_before = since - datetime.timedelta(days=settings.INVITATION_DAYS)
    return Invitation.objects.filter(project__partnership=partnership, accepted_at__isnull=True).filter(
        models.Q(withdrawn_at__isnull=True, sent_at__lt=expired_before) | models.Q(withdrawn_at__lt=since)
    )


def _purge_invitations(partnership: Partnership, today: datetime.date | None) -> int:
    """Each invitation goes with the email that carried it (sent to the address, not to an account),
    unless the address has another invitation to the project still kept."""
    deleted = 0
    for pk, project_id, email in due_invitations(partnership, today).values_list("pk", "project_id", "email"):
        with transaction.atomic():
            deleted += Invitation.objects.filter(pk=pk).delete()[0]
            if not Invitation.objects.filter(project_id=project_id, email__iexact=email).exists():
                Message.objects.filter(
                    name="invitation", user__isnull=True, about=f"project:{project_id}", to__iexact=email
                ).delete()
    return deleted


# The run.

DUE = {"feedback": due_feedback, "accounts": due_accounts, "papers": due_papers, "invitations": due_invitations}
PURGES = {
    "feedback": _purge_feedback,
    "accounts": _purge_accounts,
    "papers": _purge_papers,
    "invitations": _purge_invitations,
}


def due(partnership: Partnership, today: datetime.date | None = None) -> dict[str, int]:
    """How many of each kind the next run would remove, and how many accounts it would warn."""
    counts = {kind: found(partnership, today).count() for kind, found in DUE.items()}
    counts["warned"] = to_warn(partnership, today).count()
    return counts


def purge(partnership: Partnership, today: datetime.date | None = None) -> dict[str, int]:
    """Remove what has outlived the partnership's periods; the counts are added to the day's PurgeRun."""
    today = _today(today)
    counts = {kind: run(partnership, today) for kind, run in PURGES.items()}
    counts["warned"] = _warn_accounts(partnership, today)
    with transaction.atomic():
        run, _made = PurgeRun.objects.select_for_update().get_or_create(partnership=partnership, on=today)
        run.counts = {kind: run.counts.get(kind, 0) + counts[kind] for kind in counts}
        run.ran_at = timezone.now()
        run.save(update_fields=["counts", "ran_at"])
    return counts


def purge_all(today: datetime.date | None = None) -> dict[str, dict[str, int]]:
    """The daily run: every partnership's purge, by slug."""
    return {partnership.slug: purge(partnership, today) for partnership in Partnership.objects.order_by("slug")}


def summary(counts: dict[str, int]) -> str:
    """A run's counts in words, for the daily command's output."""
    return (
        f"{counts.get('feedback', 0)} feedback item(s), {counts.get('accounts', 0)} account(s), "
        f"{counts.get('papers', 0)} paper(s), {counts.get('invitations', 0)} invitation(s) removed; "
        f"{counts.get('warned', 0)} person(s) told their account will be erased"
    )


# The settings.

PERIODS = {
    "feedback_retention_months": ("Feedback's private text and contact details", "months"),
    "account_retention_months": ("Unused accounts", "months"),
    "paper_retention_months": ("Meeting papers", "months"),
    "invitation_retention_days": ("Invitations that ended unused", "days"),
}


def change_periods(partnership: Partnership, actor: User, values: dict) -> list[str]:
    """Set the partnership's retention periods and privacy contact; each change goes on the
    partnership's timeline as old → new, and its privacy notice is rendered afresh. The changes, in words."""
    with transaction.atomic():
        locked = Partnership.objects.select_for_update().get(pk=partnership.pk)
        changes = []
        for field, (what, unit) in PERIODS.items():
            old, new = getattr(locked, field), values[field]
            if old != new:
                changes.append(f"{what}: kept {old} {unit}, now {new} {unit}")
        if locked.privacy_contact != values["privacy_contact"]:
            changes.append("How to contact the data protection officer changed")
        if not changes:
            return []
        for field, value in values.items():
            setattr(locked, field, value)
        locked.full_clean(exclude=["name", "slug"])
        locked.save(update_fields=[*PERIODS, "privacy_contact"])
        charter_services.record(None, actor, "Changed how long personal data is kept. " + "; ".join(changes), locked)
        public_pages_changed(locked)
    for field, value in values.items():
        setattr(partnership, field, value)
    return changes
