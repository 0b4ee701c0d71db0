"""Feedback state changes. Each checks it is allowed, saves, and writes the
timeline in one transaction; emails to the family go out as tasks."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from charter_portal.errors import RuleError
from charter_portal.permissions import is_family_account
from charter_portal.public_cache import public_pages_changed
from charters import services as charter_services
from feedback import messages
from feedback.counts import feedback_changed
from feedback.models import Feedback, FeedbackEvent, Topic, add_working_days, new_reference
from feedback.privacy import publishing_problems


class FeedbackError(RuleError):
    """A change the feedback's state does not allow."""


def _lock(feedback: Feedback) -> None:
    """Lock the row and read it again: two officers (or one double click) change it one after the other,
    each seeing what the other did."""
    Feedback.objects.select_for_update().filter(pk=feedback.pk).values_list("pk").get()
    feedback.refresh_from_db()


def record(feedback: Feedback, kind: str, actor, what: str, note: str = "") -> FeedbackEvent:
    return FeedbackEvent.objects.create(feedback=feedback, kind=kind, actor=actor, what=what, note=note)


def submit(partnership, *, actor=None, logged_by=None, submission_token: str | None = None, **fields) -> Feedback:
    """Store what a family told us, with a fresh unguessable reference and its answer-by date.

    With a `submission_token` (one press of "Send") it is stored once however often that press
    arrives: a second arrival, even at the same moment, meets the token's unique constraint and is
    given the item the first one made. No check-then-insert: the database decides who was first."""
    received = fields.pop("received_at", None) or timezone.now()
    due_on = add_working_days(timezone.localdate(received), partnership.response_target_days)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                feedback = Feedback.objects.create(
                    partnership=partnership,
                    reference=new_reference(),
                    received_at=received,
                    due_on=due_on,
                    submitted_by=actor if is_family_account(actor) else None,
                    logged_by=logged_by,
                    submission_token=submission_token or None,
                    **fields,
                )
                how = (
                    f"Logged by {logged_by.name} ({feedback.get_channel_display().lower()})"
                    if logged_by
                    else "Received through the online form"
                )
                record(feedback, FeedbackEvent.Kind.RECEIVED, logged_by, how)
                feedback_changed(partnership.pk)
                _told(feedback, messages.tell_family(feedback, "feedback_received"))
                return feedback
        except IntegrityError:
            # The same Send arrived before (it waited here until that one was stored), or, rarely,
            # two references the same: try another.
            if submission_token and (already := sent_with(partnership, submission_token)):
                return already
            continue
    raise FeedbackError("Could not make a unique reference.")


def sent_with(partnership, submission_token: str) -> Feedback | None:
    """The item one press of "Send" made, if it has been stored."""
    if not submission_token:
        return None
    return Feedback.objects.filter(partnership=partnership, submission_token=submission_token).first()


def claim_feedback(sender, user, **kwargs) -> int:
    """Feedback a family sent before they had an account, from the address they have now confirmed
    is theirs, joins their account: it appears there and its messages follow their preferences."""
    if not is_family_account(user):
        return 0
    found = Feedback.objects.filter(
        partnership=user.partnership_id, submitted_by__isnull=True, email__iexact=user.email
    )
    claimed = 0
    with transaction.atomic():
        for feedback in found.select_for_update():
            feedback.submitted_by = user
            feedback.save(update_fields=["submitted_by", "updated_at"])
            what = "Joined to the family's account, whose address it was sent from"
            record(feedback, FeedbackEvent.Kind.LINKED, user, what)
            claimed += 1
        if claimed:
            user.record(user, f"{claimed} earlier feedback item{'s' if claimed != 1 else ''} joined to the account")
    return claimed


def _told(feedback: Feedback, sent: list) -> None:
    """The family's timeline says each message they were sent, and how (never its words)."""
    for message in sent:
        what = f"{message.get_channel_display()} sent to the family: “{message.subject}”"
        record(feedback, FeedbackEvent.Kind.EMAIL, None, what)


def assign(feedback: Feedback, officer, actor) -> None:
    with transaction.atomic():
        _lock(feedback)
        feedback.assigned_to = officer
        feedback.save(update_fields=["assigned_to", "updated_at"])
        feedback_changed(feedback.partnership_id)
        what = f"Assigned to {officer.name}" if officer else "No longer assigned to anyone"
        record(feedback, FeedbackEvent.Kind.ASSIGNED, actor, what)
        if officer is not None and officer != actor:
            messages.tell_officer(feedback, officer)


def add_note(feedback: Feedback, actor, text: str) -> None:
    with transaction.atomic():
        record(feedback, FeedbackEvent.Kind.NOTE, actor, "Internal note", note=text)
        # A note is work on the item: the queue's "recently changed" order brings it up.
        feedback.save(update_fields=["updated_at"])


def change_status(feedback: Feedback, status: str, actor, reason: str = "") -> None:
    if status == Feedback.Status.NOT_ABLE and not reason.strip():
        raise FeedbackError("Say why we are not able to do it.")
    with transaction.atomic():
        _lock(feedback)
        if status not in feedback.next_statuses():
            raise FeedbackError(
                f"Feedback that is “{feedback.get_status_display()}” cannot move to that status.",
                FeedbackError.CONFLICT,
            )
        old = feedback.get_status_display()
        feedback.status = status
        if status == Feedback.Status.NOT_ABLE:
            feedback.not_able_reason = reason.strip()
        # The board shows only what we are doing, did, or are not able to do: an item that moves
        # back (to being considered) comes off it, with its own timeline entry.
        on_board = feedback.published_at is not None
        leaves_board = on_board and status not in Feedback.PUBLIC_STATUSES
        if leaves_board:
            feedback.published_at = None
        if feedback.answered_at is None and status in Feedback.ANSWERED_STATUSES:
            feedback.answered_at = timezone.now()
        feedback.save(update_fields=["status", "not_able_reason", "published_at", "answered_at", "updated_at"])
        feedback_changed(feedback.partnership_id)
        record(
            feedback,
            FeedbackEvent.Kind.STATUS,
            actor,
            f"Status changed from “{old}” to “{feedback.get_status_display()}”",
            note=reason.strip(),
        )
        if leaves_board:
            what = f"Taken off You Said, We Did, as it is now “{feedback.get_status_display()}”"
            record(feedback, FeedbackEvent.Kind.UNPUBLISHED, actor, what)
        if on_board:
            # The board shows its status, and what we are not able to do and why.
            public_pages_changed(feedback.partnership)
        _told(feedback, messages.tell_family(feedback, "feedback_status"))


def link(feedback: Feedback, principle, project, actor) -> None:
    """Link feedback to the charter promise and the project it is about (either may be none)."""
    with transaction.atomic():
        _lock(feedback)
        changes = []
        if feedback.principle_id != (principle.pk if principle else None):
            changes.append(f"the principle “{principle.title}”" if principle else "no principle")
        if feedback.project_id != (project.pk if project else None):
            changes.append(f"the project “{project.title}”" if project else "no project")
        if changes:
            feedback.principle, feedback.project = principle, project
            feedback.save(update_fields=["principle", "project", "updated_at"])
            record(feedback, FeedbackEvent.Kind.LINKED, actor, f"Linked to {' and '.join(changes)}")
            if feedback.published_at is not None:
                # A public project's page shows the published feedback it is about.
                public_pages_changed(feedback.partnership)


def publish(feedback: Feedback, actor, you_said: str, we_did: str) -> None:
    with transaction.atomic():
        _lock(feedback)
        if not feedback.consent_to_publish:
            raise FeedbackError("This family did not agree to a summary being published.")
        if feedback.status not in Feedback.PUBLIC_STATUSES:
            raise FeedbackError("Publish once we are doing something, have done it, or are not able to.")
        problems = publishing_problems(feedback, you_said, we_did)
        if problems:
            raise FeedbackError(" ".join(problems.values()) + ".")
        first = feedback.published_at is None
        feedback.you_said, feedback.we_did = you_said.strip(), we_did.strip()
        feedback.published_at = feedback.published_at or timezone.now()
        feedback.save(update_fields=["you_said", "we_did", "published_at", "updated_at"])
        feedback_changed(feedback.partnership_id)
        what = "Published on You Said, We Did" if first else "Changed what is published on You Said, We Did"
        record(feedback, FeedbackEvent.Kind.PUBLISHED, actor, what)
        public_pages_changed(feedback.partnership)
        if first:
            _told(feedback, messages.tell_family(feedback, "feedback_published"))


def unpublish(feedback: Feedback, actor, why: str = "Taken off You Said, We Did") -> None:
    with transaction.atomic():
        _lock(feedback)
        if feedback.published_at is None:
            return
        feedback.published_at = None
        feedback.save(update_fields=["published_at", "updated_at"])
        feedback_changed(feedback.partnership_id)
        record(feedback, FeedbackEvent.Kind.UNPUBLISHED, actor, why)
        public_pages_changed(feedback.partnership)


# The topics families choose from: each change is on the partnership's timeline.


def add_topic(partnership, actor, name: str) -> Topic:
    with transaction.atomic():
        last = Topic.objects.select_for_update().filter(partnership=partnership).order_by("-order").first()
        topic = Topic.objects.create(partnership=partnership, name=name, order=last.order + 1 if last else 0)
        charter_services.record(None, actor, f"Added the feedback topic “{name}”", partnership=partnership)
        # The board's topic filter lists every topic.
        public_pages_changed(partnership)
    return topic


def rename_topic(topic: Topic, actor, name: str) -> None:
    old = Topic.objects.get(pk=topic.pk).name
    if name == old:
        return
    with transaction.atomic():
        topic.name = name
        topic.save(update_fields=["name"])
        what = f"Renamed the feedback topic “{old}” to “{name}”"
        charter_services.record(None, actor, what, partnership=topic.partnership)
        # The board and the area's page name each item's topic.
        public_pages_changed(topic.partnership)


def offer_topic(topic: Topic, actor, offered: bool) -> bool:
    """Offer a topic to families again, or stop offering it; False when it already was so (a double click)."""
    with transaction.atomic():
        current = Topic.objects.select_for_update().get(pk=topic.pk)
        if current.active == offered:
            return False
        topic.active = offered
        topic.save(update_fields=["active"])
        what = "is offered to families again" if offered else "is no longer offered to families"
        charter_services.record(None, actor, f"The feedback topic “{topic.name}” {what}", partnership=topic.partnership)
    return True
