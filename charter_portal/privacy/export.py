"""A copy of what the portal holds about someone (UK GDPR Article 15), made in the background.

A person asks from their account; a partnership admin asks for someone who wrote or phoned, from
the person's page or, for feedback given without an account, by its reference or email address.
The copy is a ZIP of summary.html (to read, in a browser, offline) and data.json (the same, for a
computer), both made from charter_portal.privacy.holdings. It can be downloaded for KEPT_FOR_DAYS,
by the person or by the admin who asked for it, then the daily command removes it. Every step is
on the request's timeline and, for an account, on the account's.
"""

import datetime
import json
import logging

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.tasks import task
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.access_log import record_access
from accounts.models import AccessKind, DataRequest, DataRequestEvent, User
from charter_portal import notify
from charter_portal.documents import PackFile, save_zip
from charter_portal.permissions import manages_partnership
from charter_portal.privacy import holdings
from charters.models import Partnership

logger = logging.getLogger(__name__)

# How long a copy can be downloaded before it is removed: long enough to come back to, short
# enough that a copy of someone's information does not lie about.
KEPT_FOR_DAYS = 7
UNDER_WAY = (DataRequest.Status.WAITING, DataRequest.Status.MAKING)
FAILED_MESSAGE = (
    "Something went wrong while your information was being put together, so the copy was not made. "
    "Ask again. If it fails again, tell the people who run the portal, saying when you asked."
)


def filename(request: DataRequest) -> str:
    """What the download is called: "your-information-2026-12-03.zip"."""
    made = timezone.localdate(request.finished_at or request.requested_at)
    return f"your-information-{made:%Y-%m-%d}.zip"


def _record(request: DataRequest, actor: User | None, what: str, on_account: str = "") -> None:
    """A line on the request's timeline and, for an account, one on the account's."""
    DataRequestEvent.objects.create(request=request, actor=actor, what=what)
    if request.subject_id and on_account:
        request.subject.record(actor, on_account)


def _under_way(found) -> DataRequest | None:
    return found.filter(kind=DataRequest.Kind.EXPORT, status__in=UNDER_WAY).order_by("-requested_at").first()


def ask_for_copy(subject: User, actor: User) -> DataRequest:
    """Ask for a copy of a person's information, by the person or by an admin of their partnership.
    One at a time: while one is being made, asking again gives that one."""
    with transaction.atomic():
        subject._lock()
        waiting = _under_way(DataRequest.objects.filter(subject=subject))
        if waiting is not None:
            return waiting
        request = DataRequest.objects.create(
            partnership=subject.partnership, kind=DataRequest.Kind.EXPORT, subject=subject, requested_by=actor
        )
        if actor == subject:
            _record(request, actor, "Asked for a copy of their information", "Asked for a copy of their information")
        else:
            _record(
                request,
                actor,
                "An admin asked for a copy of their information for them",
                "A copy of their information asked for by an admin, for them",
            )
        transaction.on_commit(lambda: build_copy.enqueue(request.pk))
    return request


def ask_for_copy_found_by(partnership: Partnership, found_by: str, actor: User) -> DataRequest:
    """An admin asks for a copy of what is held under a feedback reference or an email address,
    for someone without an account who asked by post or phone."""
    with transaction.atomic():
        Partnership.objects.select_for_update().get(pk=partnership.pk)
        waiting = _under_way(DataRequest.objects.filter(partnership=partnership, found_by=found_by))
        if waiting is not None:
            return waiting
        request = DataRequest.objects.create(
            partnership=partnership, kind=DataRequest.Kind.EXPORT, found_by=found_by, requested_by=actor
        )
        _record(request, actor, f"An admin asked for a copy of the information held under {found_by}")
        transaction.on_commit(lambda: build_copy.enqueue(request.pk))
    return request


# Making the copy.


def copy_files(request: DataRequest, made_on: datetime.date) -> list[PackFile]:
    """summary.html and data.json, from the same holdings, so the two never disagree."""
    held = holdings.for_request(request)
    title = f"Your information held by {request.partnership.name}"
    context = {"held": held, "partnership": request.partnership, "made_on": made_on, "title": title}
    html = render_to_string("privacy/copy/summary.html", context)
    data = json.dumps({"made_on": made_on, **held}, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    return [
        PackFile("summary.html", title, html.encode(), "Everything we hold about you, to read."),
        PackFile("data.json", f"{title} (data)", data.encode(), "The same, for a computer to read."),
    ]


def told(request: DataRequest) -> User | None:
    """Who is told the copy is ready: the admin who asked for it for someone, or the person."""
    person = request.requested_by or request.subject
    return person if person is not None and person.is_active else None


def _tell(request: DataRequest, name: str) -> None:
    person = told(request)
    if person is None:
        return
    notify.send(
        name,
        [person],
        about=f"data-request:{request.pk}",
        area=request.partnership.slug,
        request=request,
        for_themself=person.pk == request.subject_id,
        link=notify.absolute(reverse("privacy:copy", args=[request.pk])),
    )


def _locked(request_id: int):
    return (
        DataRequest.objects.select_for_update(of=("self",))
        .select_related("partnership", "subject", "requested_by")
        .filter(pk=request_id, kind=DataRequest.Kind.EXPORT)
        .first()
    )


def _fail(request_id: int) -> None:
    with transaction.atomic():
        request = _locked(request_id)
        if request.status != DataRequest.Status.MAKING:
            return  # stopped meanwhile (the person was erased): it stays stopped, and nobody is told
        request.status, request.error, request.finished_at = DataRequest.Status.FAILED, FAILED_MESSAGE, timezone.now()
        request.save(update_fields=["status", "error", "finished_at"])
        _record(request, None, "The copy could not be made", "The copy of their information could not be made")
        _tell(request, "data_request_failed")


@task
def build_copy(request_id: int) -> str:
    """Make a copy that is waiting: nothing is done for one already being made, made, or failed."""
    with transaction.atomic():
        request = _locked(request_id)
        if request is None or request.status != DataRequest.Status.WAITING:
            return request.status if request else "missing"
        request.status = DataRequest.Status.MAKING
        request.save(update_fields=["status"])
        _record(request, None, "Started making the copy")
    try:
        made_on = timezone.localdate()
        save_zip(request.file, f"your-information-{made_on:%Y-%m-%d}.zip", copy_files(request, made_on))
        size = request.file.size
    except Exception:  # whatever went wrong, the person who asked is told in plain words
        logger.exception("Copy of information %s could not be made", request_id)
        _fail(request_id)
        return DataRequest.Status.FAILED
    with transaction.atomic():
        if _locked(request_id).status != DataRequest.Status.MAKING:
            # Stopped while it was being made (the person was erased): no row names the file made.
            request.file.storage.delete(request.file.name)
            return DataRequest.Status.WITHDRAWN
        now = timezone.now()
        request.status, request.size, request.finished_at = DataRequest.Status.READY, size, now
        request.expires_at = now + datetime.timedelta(days=KEPT_FOR_DAYS)
        request.save(update_fields=["status", "file", "size", "finished_at", "expires_at"])
        until = timezone.localtime(request.expires_at)
        _record(
            request,
            None,
            f"The copy is ready ({filesizeformat(size).replace(chr(160), ' ')}), to download until {until:%-d %B %Y}",
            f"A copy of their information was made, to download until {until:%-d %B %Y}",
        )
        _tell(request, "data_request_ready")
    return DataRequest.Status.READY


# Downloading it, and removing it once its days are up.


def may_download(request: DataRequest, user) -> bool:
    """Only the person, or the admin of their partnership who asked for it for them while they are
    still its admin (one made an officer since, or moved to another area, no longer may)."""
    if not (user.is_authenticated and user.is_active):
        return False
    if request.subject_id and request.subject_id == user.pk:
        return True
    return request.requested_by_id == user.pk and manages_partnership(user, request.partnership)


def past_its_days(request: DataRequest, now: datetime.datetime | None = None) -> bool:
    """A ready copy whose days are up: not downloaded any more, though the daily run has yet to remove it."""
    return (
        request.status == DataRequest.Status.READY
        and request.expires_at is not None
        and request.expires_at <= (now or timezone.now())
    )


def record_download(request: DataRequest, actor: User) -> None:
    """On the timelines; a download by anyone but the person goes in the access log too."""
    if actor.pk == request.subject_id:
        _record(request, actor, "Downloaded the copy", "Downloaded the copy of their information")
        return
    _record(request, actor, "An admin downloaded the copy", "An admin downloaded the copy of their information")
    record_access(actor, AccessKind.EXPORT, f"export:{request.pk}", request.partnership, request.subject)


def remove_expired_copies(now: datetime.datetime) -> int:
    """Remove every copy whose days are up (the daily command runs this): its file goes, and its
    request says so. Running it again removes nothing twice. Returns how many were removed."""
    removed = 0
    due = DataRequest.objects.filter(
        kind=DataRequest.Kind.EXPORT, status=DataRequest.Status.READY, expires_at__lte=now
    ).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            request = _locked(pk)
            if request is None or request.status != DataRequest.Status.READY:
                continue
            name, storage = request.file.name, request.file.storage
            request.status, request.file, request.size = DataRequest.Status.EXPIRED, "", None
            request.save(update_fields=["status", "file", "size"])
            _record(
                request,
                None,
                f"The download was removed: copies are kept for {KEPT_FOR_DAYS} days",
                "The copy of their information was removed",
            )
            transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))
        removed += 1
    return removed
