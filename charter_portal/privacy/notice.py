"""A partnership's privacy notice, made from what the portal really does rather than written by hand.

The lawful bases are the ones the portal relies on; what is held is read from the models (a field
renamed or removed fails here, not silently in the notice); the retention periods are the
partnership's own settings, so changing a setting changes the notice; who can see what comes from
the permission rules in charter_portal.permissions, asked about a person of each role; and how to
ask for your data names the partnership's privacy contact, or its admins when it has none.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

from accounts.models import DataRequest, User
from charter_portal import permissions
from charter_portal.models import Message
from charter_portal.privacy.export import KEPT_FOR_DAYS
from charter_portal.roles import Role
from charters.models import Partnership
from feedback.models import Feedback
from projects.models import Contribution, Invitation, MeetingPaper, Member

LAWFUL_BASES = [
    (
        "UK GDPR Article 6(1)(e): public task",
        "The partnership's councils and NHS bodies must work with children, young people and their families "
        "on special educational needs and disability (SEND) services (Children and Families Act 2014, "
        "sections 19 and 27). Using your information to hear and answer you, and to run projects with you, "
        "is part of that task.",
    ),
    (
        "UK GDPR Article 9(2)(g): substantial public interest",
        "Information about a child's health, special educational needs or disability is special category "
        "information. We use it for the statutory SEND duties above (Data Protection Act 2018, Schedule 1, "
        "paragraph 6).",
    ),
    (
        "UK GDPR Article 9(2)(h): health and social care",
        "Where the NHS or social care uses it to plan and provide care and services (Data Protection Act 2018, "
        "Schedule 1, paragraph 2).",
    ),
]

# What is held, as (model, the fields it is kept in, what they are in words). Every field named here
# must exist: the notice is built from the models, so a field renamed fails the tests, not the notice.
HELD = [
    (
        User,
        ["name", "email", "phone", "postal_address", "preferred_contact", "family_kind"],
        "If you have an account: your name, email address, how you like to be contacted (and a phone number "
        "or postal address, only if you give one), and whether you are a parent carer or a young person",
    ),
    (User, ["access_needs"], "Access needs you tell us, such as large print or meetings at certain times"),
    (User, ["role", "organisation"], "For professionals: the organisation you work for and your role"),
    (User, ["last_login", "date_joined"], "When your account was made and when you last signed in"),
    (
        Feedback,
        ["text", "who", "name", "email", "phone", "consent_to_contact", "consent_to_publish"],
        "Feedback you send: what you told us, which may be about your child, whether you are a parent carer, "
        "a young person or a professional, your name and contact details if you give them, and what you "
        "agreed to",
    ),
    (
        Feedback,
        ["you_said", "we_did", "status"],
        "What we did about your feedback, and the short You said, we did summary we publish if you agree "
        "(never your words or your name)",
    ),
    (Member, ["project", "kind"], "The projects you take part in, and whether as a family member or a professional"),
    (Contribution, ["text"], "What you add to a project: comments, ideas and answers to its review"),
    (MeetingPaper, ["file"], "The papers of a project's meetings, shared with its members"),
    (Invitation, ["email"], "An invitation to join a project: the email address it was sent to"),
    (Message, ["to", "subject", "body"], "The emails, text messages and letters we send you"),
    (DataRequest, ["kind", "file"], "Your requests for a copy of your information or for it to be erased"),
]

# Who can see what, as (a rule of charter_portal.permissions, what it lets a person see).
SEEN_BY_RULE = [
    (permissions.handles_feedback, "the feedback people send, with what they told us and their contact details"),
    (
        permissions.runs_projects,
        "the members of the partnership's projects, with their access needs and how they like to be contacted",
    ),
    (permissions.reads_every_project, "the record of every project: its stages, meetings, decisions and reviews"),
    (permissions.makes_evidence_packs, "the inspection evidence pack, which names no family"),
    (permissions.manages_partnership, "everyone's account, its timeline, and who looked at private information"),
]


@dataclass(frozen=True)
class Kept:
    """How long one kind of information is kept."""

    what: str
    period: str


@dataclass(frozen=True)
class Seen:
    """What a person of one role can see."""

    role: str
    sees: list[str]


@dataclass(frozen=True)
class Notice:
    partnership: Partnership
    lawful_bases: list[tuple[str, str]]
    held: list[str]
    kept: list[Kept]
    seen: list[Seen]
    contact: str


def held() -> list[str]:
    """What the portal holds, in words; each item's fields are looked up so none is described that does not exist."""
    for model, fields, _words in HELD:
        for name in fields:
            model._meta.get_field(name)
    return [words for _model, _fields, words in HELD]


def _months(number: int) -> str:
    if number % 12 == 0:
        years = number // 12
        return f"{years} year{'s' if years != 1 else ''} ({number} months)"
    return f"{number} months"


def kept(partnership: Partnership) -> list[Kept]:
    """The partnership's own retention periods, in words."""
    return [
        Kept(
            "What you told us in feedback, and your name and contact details on it",
            f"{_months(partnership.feedback_retention_months)} after the item is closed. The published You said, "
            "we did summary, which holds no personal information, stays.",
        ),
        Kept(
            "Your account",
            f"Until you ask us to erase it, or until nobody has signed in to it for "
            f"{_months(partnership.account_retention_months)}. If your account is open, we tell you a month "
            "before; one that was closed, or whose email address was never confirmed, is erased without a message. "
            "It is kept while you take part in, or lead, a project that is not complete, while you have feedback "
            "to answer, and while you are one of the partnership's admins.",
        ),
        Kept(
            "Meeting papers",
            f"{_months(partnership.paper_retention_months)} after the project is complete.",
        ),
        Kept(
            "Invitations to join a project that were not used",
            f"{partnership.invitation_retention_days} days after they expire or are withdrawn.",
        ),
        Kept(
            "A copy of your information that you or an admin asked for",
            f"{KEPT_FOR_DAYS} days after it is made, for you to download.",
        ),
        Kept(
            "What you added to projects",
            "As long as the project's record is kept, so its decisions and reviews stay true. If your account "
            "is erased it stays without your name.",
        ),
    ]


def _as_role(role: str, partnership: Partnership) -> User:
    """A person of the role in the partnership, never saved, for asking the permission rules about."""
    return User(role=role, partnership=partnership, is_active=True)


def seen(partnership: Partnership) -> list[Seen]:
    """Who can see what, by role, as the permission rules decide."""
    found = []
    for role, label in Role.choices:
        person = _as_role(role, partnership)
        sees = [words for rule, words in SEEN_BY_RULE if rule(person, partnership)]
        if permissions.is_family_account(person):
            sees.insert(0, "their own account, the feedback they sent and the projects they are members of")
        elif not sees:
            sees = ["only the projects they are invited to, and who else is a member"]
        found.append(Seen(label, sees))
    return found


def notice(partnership: Partnership) -> Notice:
    """The whole notice. It names no admin: who they are changes without the notice being rendered afresh."""
    return Notice(
        partnership=partnership,
        lawful_bases=LAWFUL_BASES,
        held=held(),
        kept=kept(partnership),
        seen=seen(partnership),
        contact=partnership.privacy_contact,
    )


def links() -> dict[str, str]:
    """Where a person asks for a copy of their information or for its erasure."""
    account = reverse("accounts:account")
    return {
        "account": account,
        "erase": reverse("privacy:ask_erasure"),
        "sign_in": f"{reverse('accounts:login')}?{urlencode({'next': account})}",
    }
