"""Every message the portal sends, in one place.

Each message has a name (MESSAGES below) and a folder, templates/notifications/<name>/, holding
subject.txt, body.txt (a plain-text email or letter, with the full link to the page) and, where a
text message needs its own words, text.txt. Services call `send()`; it writes a Message row for
each person and, once the change that caused it is committed, a task delivers it: by email through
Django's mail backend, or through GOV.UK Notify (email, text message or letter) when
NOTIFY_API_KEY is set. A failure is retried, then kept as failed, with its reason, where admins
see it. Nobody is told of a change that did not happen, and a slow mail server never holds up a page.
"""

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.tasks import task
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from charter_portal.models import Message

logger = logging.getLogger(__name__)

# What a person may turn off, in words; everything else concerns them too closely to go unsent.
OPTIONAL = {
    "digest": "A daily summary of new and due feedback and the projects waiting on you",
    "reminders": "Reminders that the charter is due for review",
    "updates": "Project news: a stage completed, a decision recorded, a kite mark applied for or awarded",
}


@dataclass(frozen=True)
class Kind:
    """One message: what it is, in words, and the preference that turns it off ("" if none can)."""

    about: str
    optional: str = ""


MESSAGES = {
    # Accounts.
    "confirm_account": Kind("The link to confirm your email address"),
    "confirm_email": Kind("The link to confirm a new email address"),
    "someone_registered": Kind("A warning when someone tries to register with your email address"),
    "account_made": Kind("Your new account, when an admin makes one for you"),
    "password_reset": Kind("The link to choose a new password, when you ask for one"),
    # Feedback: a family's own, and the officer it is given to.
    "feedback_received": Kind("Your reference, when you send us feedback"),
    "feedback_status": Kind("News of your feedback: each change of status, and our answer"),
    "feedback_published": Kind("When your feedback is shown on You Said, We Did"),
    "feedback_assigned": Kind("Feedback given to you to answer"),
    "daily_digest": Kind("A daily summary for officers", optional="digest"),
    # Projects.
    "invitation": Kind("Invitations to join a project"),
    "meeting_scheduled": Kind("Meetings of your projects: arranged"),
    "meeting_changed": Kind("Meetings of your projects: changed"),
    "meeting_cancelled": Kind("Meetings of your projects: cancelled"),
    "papers_sent": Kind("Papers for a meeting"),
    "stage_completed": Kind("A stage of your project completed", optional="updates"),
    "decision_recorded": Kind("A decision recorded on your project", optional="updates"),
    "review_open": Kind("The review of your project, when it opens"),
    # The kite mark.
    "kite_mark_applied": Kind("A project of yours applying for the kite mark", optional="updates"),
    "kite_mark_waiting": Kind("A kite mark waiting for your sign-off"),
    "kite_mark_reminder": Kind("A reminder of a kite mark still waiting for your sign-off"),
    "kite_mark_declined": Kind("A kite mark declined, with the reason"),
    "kite_mark_awarded": Kind("A kite mark awarded"),
    "kite_mark_revoked": Kind("A kite mark revoked, with the reason"),
    # Reports.
    "evidence_pack_ready": Kind("Your evidence pack, when it is ready to download"),
    "evidence_pack_failed": Kind("Your evidence pack, if it could not be made"),
    # People's data.
    "erasure_requested": Kind("A request to erase an account, for admins to confirm"),
    "erasure_refused": Kind("Why your request to erase your account was refused"),
    "data_request_ready": Kind("A copy of your information, when it is ready to download"),
    "data_request_failed": Kind("A copy of your information, if it could not be made"),
    "account_unused": Kind("A warning that your account will be erased, when it has not been used for long"),
    # The charter.
    "charter_review_due": Kind("The charter's review date coming up, or passed", optional="reminders"),
}

UNSUBSCRIBE_SALT = "charter_portal.notify.unsubscribe"
# Tries before a message is kept as failed.
ATTEMPTS = 3


@dataclass(frozen=True)
class Recipient:
    """Someone to tell, and how: `channel` is one of Message.Channel."""

    email: str = ""
    phone: str = ""
    address: str = ""
    channel: str = Message.Channel.EMAIL
    user: object = field(default=None, compare=False)
    name: str = ""

    @property
    def to(self) -> str:
        return {Message.Channel.TEXT: self.phone, Message.Channel.LETTER: self.address}.get(self.channel, self.email)


def notify_is_set_up() -> bool:
    return bool(settings.NOTIFY_API_KEY)


def reach(
    *, email: str = "", phone: str = "", address: str = "", prefers: str = "email", user=None, name=""
) -> Recipient:
    """The way to reach someone: texts for those who asked for the phone or texts, letters for those
    who asked for post, email otherwise. Texts and letters go through GOV.UK Notify; without it,
    the email address is used if there is one."""
    channel = Message.Channel.EMAIL
    if prefers in ("phone", "text") and phone:
        channel = Message.Channel.TEXT
    elif prefers == "post" and address:
        channel = Message.Channel.LETTER
    elif not email and phone:
        channel = Message.Channel.TEXT
    if channel != Message.Channel.EMAIL and email and not notify_is_set_up():
        channel = Message.Channel.EMAIL
    return Recipient(email=email, phone=phone, address=address, channel=channel, user=user, name=name)


def person(user) -> Recipient:
    """A person with an account, reached the way their account says."""
    return reach(
        email=user.email,
        phone=user.phone,
        address=user.postal_address,
        prefers=user.preferred_contact,
        user=user,
        name=user.name,
    )


def people(users: Iterable) -> list[Recipient]:
    return [person(user) for user in users]


def absolute(path: str) -> str:
    """A full link to a page of the portal, for messages read outside it."""
    return f"{settings.SITE_URL}{path}"


def unsubscribe_link(user, preference: str) -> str:
    token = signing.dumps({"user": user.pk, "stop": preference}, salt=UNSUBSCRIBE_SALT, compress=True)
    return absolute(reverse("accounts:unsubscribe", args=[token]))


def read_unsubscribe(token: str, max_age_days: int = 365) -> dict | None:
    try:
        found = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=max_age_days * 86400)
    except signing.BadSignature:
        return None
    if not isinstance(found, dict) or found.get("stop") not in OPTIONAL or not isinstance(found.get("user"), int):
        return None
    return found


def _render(name: str, suffix: str, context: dict) -> str:
    return render_to_string(f"notifications/{name}/{suffix}", context)


def send(
    name: str,
    to: Iterable,
    *,
    about: str = "",
    area: str = "",
    once: str = "",
    attachment: tuple[str, str, str] | None = None,
    **context,
) -> list[Message]:
    """Send the named message to each recipient (a Recipient, a user, or an email address), once
    each, after the current transaction commits. `about` names what it concerns ("project:12") and
    `area` the partnership's slug, for the lists admins read; `once` makes it a message sent only
    once ever to each person (a digest for a day, a reminder), however often it is asked for.
    `attachment` is (filename, content, mimetype), for emails."""
    kind = MESSAGES[name]
    made = []
    seen = set()
    for recipient in to:
        if isinstance(recipient, str):
            recipient = reach(email=recipient)
        elif not isinstance(recipient, Recipient):
            recipient = person(recipient)
        user = recipient.user
        key = (getattr(user, "pk", None), recipient.to.lower())
        if not recipient.to or key in seen:
            continue
        seen.add(key)
        if kind.optional and user is not None and kind.optional in (user.muted or []):
            continue
        page = {
            "site_name": settings.SITE_NAME,
            "recipient": recipient,
            "unsubscribe": unsubscribe_link(user, kind.optional) if kind.optional and user is not None else "",
            "optional": OPTIONAL.get(kind.optional, ""),
            **context,
        }
        subject = " ".join(_render(name, "subject.txt", page).split())
        body = _render(name, "body.txt", page)
        try:
            short = " ".join(_render(name, "text.txt", page).split())
        except TemplateDoesNotExist:
            short = f"{subject}. {context['link']}" if context.get("link") else subject
        body = short if recipient.channel == Message.Channel.TEXT else body
        filename, content, mimetype = attachment if attachment else ("", "", "")
        try:
            with transaction.atomic():
                message = Message.objects.create(
                    user=user,
                    name=name,
                    channel=recipient.channel,
                    to=recipient.to,
                    subject=subject,
                    body=body,
                    about=about,
                    area=area,
                    once=_once_key(name, about, once, key) if once else None,
                    attachment_name=filename,
                    attachment=content,
                    attachment_type=mimetype,
                )
        except IntegrityError:
            continue  # sent already: `once` holds
        transaction.on_commit(lambda pk=message.pk: deliver.enqueue(pk))
        made.append(message)
    return made


def _once_key(name: str, about: str, once: str, key: tuple) -> str:
    """What makes a message once-only, in a fixed 64 characters: the person's account, or their
    address (which for a letter runs to several lines) only as a digest."""
    whole = f"{name}\n{about}\n{once}\n{key[0] if key[0] is not None else key[1]}"
    return hashlib.sha256(whole.encode()).hexdigest()


@task
def deliver(message_id: int) -> str:
    """Send one message; on failure try again, up to ATTEMPTS, then keep it as failed with the reason."""
    message = Message.objects.filter(pk=message_id, status=Message.Status.QUEUED).first()
    if message is None:
        return "already sent"
    try:
        reference = _send_by_channel(message)
    except Exception as error:  # a mail server or Notify refusing must not lose the message silently
        message.attempts += 1
        message.error = str(error)[:2000]
        if message.attempts >= ATTEMPTS:
            message.status = Message.Status.FAILED
        message.save(update_fields=["attempts", "error", "status"])
        logger.warning("Message %s (%s) not sent, attempt %s: %s", message.pk, message.name, message.attempts, error)
        if message.status == Message.Status.QUEUED:
            transaction.on_commit(lambda: deliver.enqueue(message_id))
        return message.status
    message.status, message.sent_at, message.reference = Message.Status.SENT, timezone.now(), reference or ""
    message.attempts += 1
    message.save(update_fields=["status", "sent_at", "reference", "attempts"])
    logger.info("Message %s (%s) sent by %s", message.pk, message.name, message.channel)
    return message.status


def _send_by_channel(message: Message) -> str:
    if notify_is_set_up():
        return _send_through_notify(message)
    if message.channel != Message.Channel.EMAIL:
        raise RuntimeError("Texts and letters are sent through GOV.UK Notify: set NOTIFY_API_KEY")
    email = EmailMessage(message.subject, message.body, None, [message.to])
    if message.attachment_name:
        email.attach(message.attachment_name, message.attachment, message.attachment_type)
    email.send()
    return ""


def address_lines(address: str) -> dict:
    """A postal address as Notify's address_line_1 … address_line_7 (it needs at least three)."""
    lines = [line.strip(" ,") for line in address.replace(",", "\n").splitlines() if line.strip(" ,")]
    if len(lines) > 7:
        lines = [*lines[:6], ", ".join(lines[6:])]
    return {f"address_line_{i}": line for i, line in enumerate(lines, start=1)}


def _send_through_notify(message: Message) -> str:
    from notifications_python_client.notifications import NotificationsAPIClient

    client = NotificationsAPIClient(settings.NOTIFY_API_KEY, base_url=settings.NOTIFY_BASE_URL, timeout=20)
    templates = settings.NOTIFY_TEMPLATES
    reference = f"message-{message.pk}"
    if message.channel == Message.Channel.TEXT:
        response = client.send_sms_notification(
            phone_number=message.to,
            template_id=templates["text"],
            personalisation={"body": message.body},
            reference=reference,
        )
    elif message.channel == Message.Channel.LETTER:
        response = client.send_letter_notification(
            template_id=templates["letter"],
            personalisation={**address_lines(message.to), "subject": message.subject, "body": message.body},
            reference=reference,
        )
    else:
        response = client.send_email_notification(
            email_address=message.to,
            template_id=templates["email"],
            personalisation={"subject": message.subject, "body": message.body},
            reference=reference,
        )
    return str(response.get("id", ""))
