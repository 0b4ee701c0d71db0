"""Everything the portal holds about one person, as plain data (dicts, lists, text, dates), for a
copy of their information (UK GDPR Article 15): the summary page and data.json are both made from it.

For someone with an account: their account and its timeline, access needs and contact
preferences, the feedback they sent with its timeline, their projects with their contributions,
the meetings they attended and their review answers, the messages sent to them, their requests
about their data, and who has looked at their information. For someone who gave feedback without
an account, a partnership admin finds what is held by a feedback reference or an email address.

Other people (the ICO's guidance on the right of access: give the person their own data, and
leave out what is about someone else). The rule:
- who did something is given by their part, never their name: "You", "An officer", "An admin",
  "A forum lead", "A professional", "A family member", or nothing for what the portal did itself;
- officers' internal notes about the person's feedback are their data and are given in full,
  without who wrote them; in every line written by someone other than the person (timelines,
  notes, the requests' reasons) the name and email address of anyone else the partnership holds
  (its other families, its officers and admins, the names given with other feedback) become
  REDACTED;
- the person's own words (what they told us, their comments and answers) are given back as they
  wrote them, and so are the messages sent to them, which they have already had.
A name the portal does not hold (a relative named in a note) cannot be found this way: an admin
who sends a copy on paper reads it first.

Efficient whatever the history: a constant number of queries, each list read with its
related rows prefetched.
"""

import re

from django.db.models import Prefetch, Q

from accounts.models import AccessLog, AccountEvent, DataRequest, DataRequestEvent, Role, User
from charter_portal import notify
from charter_portal.models import Message
from charters.models import Partnership
from feedback.models import Feedback, FeedbackEvent, clean_reference
from projects.models import Contribution, Meeting, Member
from reviews.models import ReviewAnswer

REDACTED = "[name removed]"
# Shorter names would match ordinary words.
SHORTEST_NAME = 4
# Who did something, by their part.
PARTS = {
    Role.FAMILY: "A family member",
    Role.OFFICER: "An officer",
    Role.FORUM_LEAD: "A forum lead",
    Role.ADMIN: "An admin",
    Role.PROFESSIONAL: "A professional",
}


def their_feedback(subject: User):
    """The feedback a person sent: signed in, or from their account's email address to their partnership."""
    mine = Q(submitted_by=subject)
    if subject.email:
        mine |= Q(email__iexact=subject.email, partnership=subject.partnership_id)
    return Feedback.objects.filter(mine)


class Others:
    """The names and email addresses of everyone else the partnership holds, to take out of what
    others wrote: its people, and the names given with its feedback. Two queries."""

    def __init__(self, partnership: Partnership | None, theirs: set[str]):
        values: set[str] = set()
        if partnership is not None:
            values |= _pairs(User.objects.filter(partnership=partnership).values_list("name", "email"))
            given = Feedback.objects.filter(partnership=partnership).exclude(name="", email="")
            values |= _pairs(given.values_list("name", "email").distinct())
        own = {value.strip().lower() for value in theirs if value}
        self.values = sorted(
            (v for v in values if len(v) >= SHORTEST_NAME and v.lower() not in own), key=len, reverse=True
        )

    def redact(self, text: str) -> str:
        if not text:
            return text
        lowered = text.lower()
        found = [value for value in self.values if value.lower() in lowered]
        if not found:
            return text
        pattern = r"(?<!\w)(?:" + "|".join(re.escape(value) for value in found) + r")(?!\w)"
        return re.sub(pattern, REDACTED, text, flags=re.IGNORECASE)


def _pairs(rows) -> set[str]:
    return {value.strip() for row in rows for value in row if value and value.strip()}


def who(actor: User | None, subject: User | None) -> str:
    """Who did something, by their part: never another person's name."""
    if actor is None:
        return ""
    if subject is not None and actor.pk == subject.pk:
        return "You"
    return PARTS.get(actor.role, "Someone")


def _line(event, subject: User | None, others: Others, **extra) -> dict:
    return {"at": event.at, "what": others.redact(event.what), "by": who(event.actor, subject), **extra}


# What is read, with what each list needs prefetched.


def _feedback_rows(items) -> list[Feedback]:
    events = FeedbackEvent.objects.select_related("actor").order_by("at", "id")
    return list(
        items.select_related("topic", "project", "principle", "partnership")
        .defer("search_vector")
        .prefetch_related(Prefetch("events", queryset=events))
        .order_by("received_at", "id")
    )


def _requests(found) -> list[DataRequest]:
    events = DataRequestEvent.objects.select_related("actor").order_by("at", "id")
    return list(found.prefetch_related(Prefetch("events", queryset=events)).order_by("requested_at", "id"))


# Plain data for each thing held.


def account(user: User) -> dict:
    return {
        "name": user.name,
        "email": user.email,
        "phone": user.phone,
        "postal_address": user.postal_address,
        "role": user.get_role_display(),
        "which_describes_you": user.get_family_kind_display() if user.family_kind else "",
        "organisation": user.organisation.name if user.organisation_id else "",
        "local_area": user.partnership.name if user.partnership_id else "",
        "joined": user.date_joined,
        "last_signed_in": user.last_login,
        "email_address_confirmed": user.email_confirmed,
        "account_open": user.is_active,
    }


def contact_preferences(user: User) -> dict:
    return {
        "how_we_contact_you": user.get_preferred_contact_display(),
        "messages_turned_off": [notify.OPTIONAL[key] for key in user.muted or [] if key in notify.OPTIONAL],
    }


def feedback(item: Feedback, subject: User | None, others: Others) -> dict:
    timeline = []
    for event in item.events.all():
        note = others.redact(event.note)
        # An internal note is about the person: given in full, with others' names taken out, but
        # never who wrote it.
        by = "" if event.kind == FeedbackEvent.Kind.NOTE else who(event.actor, subject)
        timeline.append({"at": event.at, "what": others.redact(event.what), "by": by, "note": note})
    return {
        "reference": item.display_reference,
        "local_area": item.partnership.name,
        "received": item.received_at,
        "how_it_came": item.get_channel_display(),
        "topic": item.topic.name,
        "project": item.project.title if item.project_id else "",
        "principle": item.principle.title if item.principle_id else "",
        "who_you_are": item.get_who_display(),
        "what_you_told_us": item.text,
        "name": item.name,
        "email": item.email,
        "phone": item.phone,
        "agreed_to_be_contacted": item.consent_to_contact,
        "agreed_to_be_published": item.consent_to_publish,
        "status": item.get_status_display(),
        "why_we_are_not_able_to": item.not_able_reason,
        "answer_by": item.due_on,
        "you_said": item.you_said,
        "we_did": item.we_did,
        "published": item.published_at,
        "private_text_removed": item.private_removed_at,
        "timeline": timeline,
    }


def membership(member: Member) -> dict:
    return {
        "project": member.project.title,
        "local_area": member.project.partnership.name,
        "taking_part_as": member.get_kind_display(),
        "added": member.added_at,
        "removed": member.removed_at,
        "contributions": [
            {"at": c.created_at, "stage": c.stage.get_stage_display(), "kind": c.get_kind_display(), "text": c.text}
            for c in member.contributions.all()
        ],
        "meetings_attended": [
            {"title": m.title, "date": m.date, "start": m.start, "end": m.end, "place": m.place}
            for m in member.meetings_attended.all()
        ],
        "review_answers": [
            {
                "section": a.question.section,
                "question": a.question.text,
                "answer": a.get_answer_display(),
                "comment": a.comment,
                "may_be_quoted": a.may_quote,
            }
            for a in member.review_answers.all()
        ],
    }


def message(sent: Message) -> dict:
    return {
        "at": sent.created_at,
        "how": sent.get_channel_display(),
        "to": sent.to,
        "subject": sent.subject,
        "body": sent.body,
        "status": sent.get_status_display(),
        "sent": sent.sent_at,
    }


def data_request(found: DataRequest, subject: User | None, others: Others) -> dict:
    return {
        "kind": found.get_kind_display(),
        "asked": found.requested_at,
        "status": found.get_status_display(),
        "finished": found.finished_at,
        "reason": others.redact(found.reason),
        "timeline": [_line(event, subject, others) for event in found.events.all()],
    }


def looked_at(line: AccessLog, subject: User) -> dict:
    return {"at": line.at, "what": line.get_kind_display(), "by": who(line.actor, subject)}


# Everything about one person.


def for_person(user: User) -> dict:
    """What the portal holds about someone with an account."""
    user = User.objects.select_related("partnership", "organisation").get(pk=user.pk)
    items = _feedback_rows(their_feedback(user))
    theirs = {user.name, user.email, *(i.name for i in items), *(i.email for i in items)}
    others = Others(user.partnership, theirs)
    members = (
        Member.objects.filter(user=user)
        .select_related("project__partnership")
        .prefetch_related(
            Prefetch("contributions", queryset=Contribution.objects.select_related("stage").order_by("created_at")),
            Prefetch("meetings_attended", queryset=Meeting.objects.order_by("date", "start")),
            Prefetch("review_answers", queryset=ReviewAnswer.objects.select_related("question")),
        )
        .order_by("added_at", "id")
    )
    events = AccountEvent.objects.filter(user=user).select_related("actor").order_by("at", "id")
    looks = AccessLog.objects.filter(subject=user).select_related("actor").order_by("at", "id")
    return {
        "about": user.name,
        "local_area": user.partnership.name if user.partnership_id else "",
        "found_by": "",
        "account": account(user),
        "access_needs": user.access_needs,
        "contact_preferences": contact_preferences(user),
        "account_timeline": [_line(event, user, others) for event in events],
        "feedback": [feedback(item, user, others) for item in items],
        "projects": [membership(member) for member in members],
        "messages": [message(sent) for sent in Message.objects.filter(user=user).order_by("created_at", "id")],
        "data_requests": [data_request(r, user, others) for r in _requests(DataRequest.objects.filter(subject=user))],
        "looked_at_by": [looked_at(line, user) for line in looks],
    }


def found_by_feedback(partnership: Partnership, found_by: str):
    """The partnership's feedback that a reference or an email address finds."""
    found = Feedback.objects.filter(partnership=partnership)
    if "@" in found_by:
        return found.filter(email__iexact=found_by)
    return found.filter(reference=clean_reference(found_by))


def for_found_by(partnership: Partnership, found_by: str) -> dict:
    """What the partnership holds about someone who gave feedback without an account, found by a
    feedback reference (that item) or an email address (every item given with it): the feedback,
    the messages sent about it or to that address, and the requests made for them."""
    items = _feedback_rows(found_by_feedback(partnership, found_by))
    theirs = {found_by, *(i.name for i in items), *(i.email for i in items)}
    others = Others(partnership, theirs)
    about = Q(about__in=[f"feedback:{item.reference}" for item in items])
    if "@" in found_by:
        about |= Q(to__iexact=found_by)
    sent = Message.objects.filter(about, area=partnership.slug).order_by("created_at", "id")
    requests = DataRequest.objects.filter(partnership=partnership, subject__isnull=True, found_by=found_by)
    return {
        "about": found_by,
        "local_area": partnership.name,
        "found_by": found_by,
        "account": None,
        "access_needs": "",
        "contact_preferences": None,
        "account_timeline": [],
        "feedback": [feedback(item, None, others) for item in items],
        "projects": [],
        "messages": [message(one) for one in sent],
        "data_requests": [data_request(r, None, others) for r in _requests(requests)],
        "looked_at_by": [],
    }


def for_request(request: DataRequest) -> dict:
    if request.subject_id:
        return for_person(request.subject)
    return for_found_by(request.partnership, request.found_by)
