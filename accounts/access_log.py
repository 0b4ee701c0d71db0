"""Who looked at private records: one line in the partnership's access log for each time an
officer, admin or forum lead opens what a person told us, their access needs or contact details,
a meeting paper, or a copy of someone's information (UK GDPR Article 5(2): be able to show it).

A person looking at their own information writes nothing, and neither does anyone else: families
and professionals only ever see what is theirs or their project's.
"""

from collections.abc import Iterable

from django.urls import reverse

from accounts.models import AccessKind, AccessLog, Role, User

# The roles whose looking is logged: they see other people's private records.
LOGGED_ROLES = (Role.OFFICER, Role.ADMIN, Role.FORUM_LEAD)


def _is_logged(actor) -> bool:
    return bool(actor and actor.is_authenticated) and (actor.is_superuser or actor.role in LOGGED_ROLES)


def record_access(actor, kind: str, record: str, partnership, subject: User | None = None) -> AccessLog | None:
    """Write one line (a single INSERT) when `actor` looked at someone else's private record."""
    if partnership is None or not _is_logged(actor) or (subject is not None and subject.pk == actor.pk):
        return None
    return AccessLog.objects.create(partnership=partnership, actor=actor, subject=subject, kind=kind, record=record)


def record_access_to_people(actor, people: Iterable[User], partnership) -> int:
    """A page that lists several people's access needs and contact details: a line for each
    person other than the actor, written in a single INSERT. Returns how many were written."""
    if partnership is None or not _is_logged(actor):
        return 0
    lines = [
        AccessLog(
            partnership=partnership,
            actor=actor,
            subject=person,
            kind=AccessKind.ACCESS_NEEDS,
            record=f"user:{person.pk}",
        )
        for person in people
        if person.pk != actor.pk
    ]
    AccessLog.objects.bulk_create(lines)
    return len(lines)


def record_link(line: AccessLog, slug: str) -> str:
    """The page of the record a line names, where it has one ("" for papers)."""
    prefix, _, key = line.record.partition(":")
    if prefix == "feedback" and key:
        return reverse("feedback:detail", args=[slug, key])
    if prefix == "user" and key.isdigit() and key.isascii():
        return reverse("accounts:user_detail", args=[int(key)])
    if prefix == "export" and key.isdigit() and key.isascii():
        return reverse("privacy:copy", args=[int(key)])
    return ""


def record_label(line: AccessLog) -> str:
    """The record in words: "Feedback ABCD2345", "Account 12", "Meeting paper 5"."""
    prefix, _, key = line.record.partition(":")
    words = {"feedback": "Feedback", "user": "Account", "paper": "Meeting paper", "export": "Copy of information"}
    return f"{words.get(prefix, prefix.capitalize())} {key}".strip()
