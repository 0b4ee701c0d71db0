"""Closing and erasing an account (UK GDPR Article 17), keeping the public record true.

The person's row stays, with a description in place of their name ("A parent carer"), so the
contributions, attendance, review answers and sign-offs that decisions and kite marks rest on stay,
unattributed. What identifies them goes: name, email, phone, address, access needs, the private
text and contact details of the feedback they sent, the messages sent to them and the copies of
their information. Then every text column of the database is searched for what was erased, and
each mention is replaced, so an officer's note or a timeline line that named them names them no
more. Timelines say what was erased and when, never what it was.
"""

import io
import json
import re
import zipfile
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models.functions import Cast
from django.utils import timezone

from accounts.models import DataRequest, DataRequestEvent, FamilyKind, Role, User
from charter_portal.models import Message
from charter_portal.privacy.holdings import their_feedback
from charter_portal.public_cache import public_pages_changed
from feedback.models import Feedback, FeedbackEvent
from reviews.models import EvidencePack, EvidencePackEvent

# Shorter values (initials, a two-letter name) would match too much; a few words someone wrote
# ("Thanks") are not what identifies them, and replacing them everywhere would change others' words.
SHORTEST_SEARCHED = 4
SHORTEST_TEXT_SEARCHED = 20
ERASED = "[erased]"
# Tables whose text is not people's words: the sessions' signed data, the migrations' record, and
# the access log, which holds only references and is never changed.
NOT_SEARCHED = {"sessions.session", "migrations.migration", "accounts.accesslog", "contenttypes.contenttype"}


class ErasureError(Exception):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def description(user: User) -> str:
    """What an erased person is called where their name was: their part, not who they were."""
    if user.role == Role.FAMILY:
        return "A young person" if user.family_kind == FamilyKind.YOUNG_PERSON else "A parent carer"
    return "A professional"


@dataclass
class Erased:
    """What one erasure removed, as counts for the timeline: never the values themselves."""

    feedback: int = 0
    messages: int = 0
    copies: int = 0
    mentions: int = 0
    packs: int = 0


def ask_for_erasure(user: User) -> DataRequest:
    """The person asks for their account to be closed and erased; an admin of their partnership confirms."""
    with transaction.atomic():
        user._lock()
        if user.erased_at:
            raise ErasureError("already-erased")
        if DataRequest.objects.filter(subject=user, kind=DataRequest.Kind.ERASURE, status=DataRequest.Status.WAITING):
            raise ErasureError("already-asked")
        request = DataRequest.objects.create(
            partnership=user.partnership, kind=DataRequest.Kind.ERASURE, subject=user, requested_by=user
        )
        DataRequestEvent.objects.create(request=request, actor=user, what="Asked for their account to be erased")
        user.record(user, "Asked for their account to be closed and erased")
    _tell_admins(request)
    return request


def _tell_admins(request: DataRequest) -> None:
    from django.urls import reverse

    from charter_portal import notify

    admins = User.objects.admins().in_partnership(request.partnership).filter(is_active=True)
    notify.send(
        "erasure_requested",
        admins,
        about=f"data-request:{request.pk}",
        area=request.partnership.slug,
        request=request,
        link=notify.absolute(reverse("privacy:erase_person", args=[request.subject_id])),
    )


def withdraw_erasure(request: DataRequest, actor: User) -> None:
    with transaction.atomic():
        request = DataRequest.objects.select_for_update().get(pk=request.pk)
        if request.status != DataRequest.Status.WAITING:
            raise ErasureError("not-waiting")
        request.status = DataRequest.Status.WITHDRAWN
        request.finished_at = timezone.now()
        request.save(update_fields=["status", "finished_at"])
        DataRequestEvent.objects.create(request=request, actor=actor, what="Withdrew the request")
        request.subject.record(actor, "Withdrew their request to erase their account")


def refuse_erasure(request: DataRequest, actor: User, reason: str) -> None:
    with transaction.atomic():
        request = DataRequest.objects.select_for_update().get(pk=request.pk)
        if request.status != DataRequest.Status.WAITING:
            raise ErasureError("not-waiting")
        request.status = DataRequest.Status.REFUSED
        request.decided_by = actor
        request.reason = reason
        request.finished_at = timezone.now()
        request.save(update_fields=["status", "decided_by", "reason", "finished_at"])
        DataRequestEvent.objects.create(request=request, actor=actor, what=f"Refused: {reason}")
        request.subject.record(actor, f"Request to erase the account refused: {reason}")
    from charter_portal import notify

    notify.send(
        "erasure_refused",
        [request.subject],
        about=f"data-request:{request.pk}",
        area=request.partnership.slug,
        request=request,
    )


def erase_account(subject: User, actor: User | None, request: DataRequest | None = None) -> Erased:
    """Erase the person's personal data; `request` is the one they made, if they asked from their account."""
    with transaction.atomic():
        subject._lock()
        subject.refresh_from_db()
        if subject.erased_at:
            raise ErasureError("already-erased")
        if request is not None:
            request = DataRequest.objects.select_for_update().get(pk=request.pk)
            if request.status != DataRequest.Status.WAITING:
                raise ErasureError("not-waiting")
        values = _identifying_values(subject)
        said = description(subject)
        erased = Erased()
        erased.feedback = _erase_feedback(subject)
        erased.messages = Message.objects.filter(user=subject).delete()[0]
        erased.copies = _remove_copies(subject)
        _anonymise(subject, said)
        erased.mentions = _replace_mentions(values, said)
        erased.packs = _withdraw_files_holding(values, actor)
        erased.mentions += _rename_files(values)
        now = timezone.now()
        if request is None:
            request = DataRequest.objects.create(
                partnership=subject.partnership,
                kind=DataRequest.Kind.ERASURE,
                subject=subject,
                requested_by=actor,
            )
        request.status = DataRequest.Status.DONE
        request.decided_by = actor
        request.finished_at = now
        request.save(update_fields=["status", "decided_by", "finished_at"])
        DataRequestEvent.objects.create(request=request, actor=actor, what=_summary(erased))
        subject.record(actor, f"Account closed and personal details erased. {_summary(erased)}")
        if subject.partnership_id:
            public_pages_changed(subject.partnership)
    return erased


def _summary(erased: Erased) -> str:
    parts = [
        "name, email address, phone number, postal address and access needs removed",
        f"{erased.feedback} feedback item(s) had what they told us and their contact details removed",
        f"{erased.messages} message(s) sent to them removed",
        f"{erased.copies} copy(ies) of their information removed",
        f"{erased.mentions} mention(s) elsewhere replaced",
    ]
    if erased.packs:
        parts.append(f"{erased.packs} evidence pack(s) that mentioned them withdrawn")
    return "Erased: " + "; ".join(parts) + "."


def _identifying_values(subject: User) -> list[str]:
    """Everything that would identify them if found elsewhere, longest first (so a full name is
    replaced before a part of it could be)."""
    found = {subject.name, subject.email, subject.phone}
    found |= {line.strip() for line in subject.postal_address.splitlines()}
    texts = {subject.access_needs}
    for text, name, email, phone in their_feedback(subject).values_list("text", "name", "email", "phone"):
        found |= {name, email, phone}
        texts.add(text)
    values = {value.strip() for value in found if len(value.strip()) >= SHORTEST_SEARCHED}
    values |= {text.strip() for text in texts if len(text.strip()) >= SHORTEST_TEXT_SEARCHED}
    return sorted(values, key=len, reverse=True)


def _pattern(values: list[str]) -> re.Pattern:
    """The values as whole words: "Anna" is replaced, "Savannah" is not."""
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(value) for value in values) + r")(?!\w)", re.IGNORECASE)


def _erase_feedback(subject: User) -> int:
    items = list(their_feedback(subject).filter(private_removed_at__isnull=True).values_list("pk", flat=True))
    now = timezone.now()
    Feedback.objects.filter(pk__in=items).update(text="", name="", email="", phone="", private_removed_at=now)
    FeedbackEvent.objects.bulk_create(
        FeedbackEvent(
            feedback_id=pk,
            kind=FeedbackEvent.Kind.REMOVED,
            what="What they told us and their contact details were removed: the person asked for their data to be "
            "erased. The published You said, we did stays.",
            at=now,
        )
        for pk in items
    )
    return len(items)


def _delete_when_erased(name: str) -> None:
    """A file goes once the erasure is committed: if it fails part way, every row still finds its file."""
    transaction.on_commit(lambda: default_storage.delete(name))


def _remove_copies(subject: User) -> int:
    copies = DataRequest.objects.filter(subject=subject).exclude(file="")
    count = 0
    for copy in copies:
        _delete_when_erased(copy.file.name)
        count += 1
    copies.update(file="", size=None, status=DataRequest.Status.EXPIRED)
    # A copy asked for, or being made, is stopped: made afterwards, it would hold what was erased.
    under_way = DataRequest.objects.filter(
        subject=subject,
        kind=DataRequest.Kind.EXPORT,
        status__in=[DataRequest.Status.WAITING, DataRequest.Status.MAKING],
    )
    for pk in list(under_way.values_list("pk", flat=True)):
        DataRequestEvent.objects.create(request_id=pk, what="Stopped: the person's account was erased")
    under_way.update(status=DataRequest.Status.WITHDRAWN, finished_at=timezone.now())
    return count


def _anonymise(subject: User, said: str) -> None:
    subject.name = said
    subject.email = f"erased-{subject.pk}@erased.invalid"
    subject.phone = ""
    subject.postal_address = ""
    subject.access_needs = ""
    subject.muted = []
    subject.is_active = False
    subject.email_confirmed = False
    subject.erased_at = timezone.now()
    subject.set_unusable_password()
    subject.save()


def _text_fields(model) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField | models.JSONField) and not field.choices
    ]


def _replace_mentions(values: list[str], said: str) -> int:
    """Replace every mention of the values in every text column of every table; the count of rows changed."""
    if not values:
        return 0
    pattern = _pattern(values)
    changed = 0
    for model in apps.get_models():
        if model._meta.label_lower in NOT_SEARCHED or model._meta.proxy:
            continue
        fields = _text_fields(model)
        if not fields:
            continue
        rows = model._base_manager.annotate(
            **{f"_as_text_{field.attname}": Cast(field.attname, models.TextField()) for field in fields}
        )
        matches = models.Q()
        for field in fields:
            for value in values:
                matches |= models.Q(**{f"_as_text_{field.attname}__icontains": value})
        for row in rows.filter(matches).values("pk", *(field.attname for field in fields)):
            updates = {}
            for field in fields:
                old = row[field.attname]
                new = _replaced(old, pattern, field, said)
                if new != old:
                    updates[field.attname] = new
            if updates:
                model._base_manager.filter(pk=row["pk"]).update(**updates)
                changed += 1
    return changed


def _replaced(value, pattern: re.Pattern, field: models.Field, said: str):
    if value is None:
        return value
    if isinstance(field, models.JSONField):
        return json.loads(pattern.sub(ERASED, json.dumps(value, ensure_ascii=False)))
    # A column that is the value itself (an email address, a name field) is emptied or, where it
    # must not be empty, given the description; a mention inside longer text is replaced.
    if pattern.fullmatch(value.strip()):
        return "" if field.blank else said[: field.max_length or None]
    new = pattern.sub(ERASED, value)
    return new[: field.max_length] if field.max_length else new


def _rename_files(values: list[str]) -> int:
    """A file stored under a name that names them (a meeting paper called "Letter from Anna Smith.pdf"
    is stored as Letter_from_Anna_Smith.pdf) is stored again under the name with "erased" in their
    place; the count of files renamed."""
    as_stored = sorted({_as_stored(value) for value in values} - {""}, key=len, reverse=True)
    if not as_stored:
        return 0
    # In a stored name "_" stands for a space, so it ends a word too.
    pattern = re.compile(
        r"(?<![^\W_])(?:" + "|".join(re.escape(name) for name in as_stored) + r")(?![^\W_])", re.IGNORECASE
    )
    renamed = 0
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                renamed += _rename_in(model, field, as_stored, pattern)
    return renamed


def _as_stored(value: str) -> str:
    """The value as it would be in a stored file's name ("" when too short, or nothing of it would be)."""
    try:
        name = default_storage.get_valid_name(value)
    except SuspiciousFileOperation:
        return ""
    return name if len(name) >= SHORTEST_SEARCHED else ""


def _rename_in(model, field: models.FileField, as_stored: list[str], pattern: re.Pattern) -> int:
    matches = models.Q()
    for name in as_stored:
        matches |= models.Q(**{f"{field.attname}__icontains": name})
    renamed = 0
    for pk, old in model._base_manager.filter(matches).values_list("pk", field.attname):
        folder, _, base = old.rpartition("/")
        new_base = pattern.sub("erased", base)
        if new_base == base:
            continue
        try:
            with field.storage.open(old, "rb") as stored:
                new = field.storage.save(f"{folder}/{new_base}" if folder else new_base, stored)
        except FileNotFoundError:
            new = ""
        model._base_manager.filter(pk=pk).update(**{field.attname: new})
        # Once the row names the new file: if the erasure is not committed, the old name still holds.
        transaction.on_commit(lambda old=old, storage=field.storage: storage.delete(old))
        renamed += 1
    return renamed


def _withdraw_files_holding(values: list[str], actor: User | None) -> int:
    """Evidence packs and others' copies made before the erasure are files: one that mentions what
    was erased is removed (it can be made again, without them)."""
    if not values:
        return 0
    pattern = _pattern(values)
    withdrawn = 0
    for pack in EvidencePack.objects.filter(status=EvidencePack.Status.READY).exclude(file=""):
        if _file_mentions(pack.file.name, pattern):
            _delete_when_erased(pack.file.name)
            EvidencePack.objects.filter(pk=pack.pk).update(
                file="",
                size=None,
                status=EvidencePack.Status.FAILED,
                error="This pack was removed because it held information someone asked us to erase. Make it again.",
            )
            EvidencePackEvent.objects.create(
                pack=pack, actor=actor, what="Removed: it held information someone asked us to erase"
            )
            withdrawn += 1
    for copy in DataRequest.objects.filter(status=DataRequest.Status.READY).exclude(file=""):
        if _file_mentions(copy.file.name, pattern):
            _delete_when_erased(copy.file.name)
            DataRequest.objects.filter(pk=copy.pk).update(file="", size=None, status=DataRequest.Status.EXPIRED)
            DataRequestEvent.objects.create(
                request=copy, actor=actor, what="Download removed: it held information someone else asked us to erase"
            )
            withdrawn += 1
    return withdrawn


def _file_mentions(name: str, pattern: re.Pattern) -> bool:
    try:
        with default_storage.open(name, "rb") as stored:
            content = stored.read()
    except FileNotFoundError:
        return False
    texts = [content]
    if zipfile.is_zipfile(io.BytesIO(content)):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            texts = [archive.read(member) for member in archive.namelist()]
    return any(pattern.search(text.decode("utf-8", errors="ignore")) for text in texts)
