from django.conf import settings
from django.db import models
from django.utils import timezone

from charter_portal.formats import clock


class TimelineEvent(models.Model):
    """One line on a timeline: who did what, and when. Every state change of the
    portal writes one; each kind of timeline adds what it belongs to."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Text, not a bounded string: what happened includes the reasons people give, in full.
    what = models.TextField()
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.at):%-d %b %Y}, {clock(self.at)}: {self.what}"


class MessageChannel(models.TextChoices):
    EMAIL = "email", "Email"
    TEXT = "text", "Text message"
    LETTER = "letter", "Letter"


class MessageStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to send"
    SENT = "sent", "Sent"
    FAILED = "failed", "Not sent"


class Message(models.Model):
    """One message sent, or to be sent, to one person: what, how, and whether it went.

    `about` names what it concerns ("project:12", "feedback:ABCD2345") and `area` the partnership's
    slug, so admins can list the messages of a person, a project or an area. `once` is set for a
    message that must go only once ever (a day's digest, a reminder): the database refuses a second.
    """

    Channel = MessageChannel
    Status = MessageStatus

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="messages"
    )
    name = models.CharField(max_length=60)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    # An email address, a phone number, or a postal address.
    to = models.TextField()
    subject = models.TextField()
    body = models.TextField()
    about = models.CharField(max_length=100, blank=True)
    area = models.CharField(max_length=60, blank=True)
    once = models.CharField(max_length=64, null=True, blank=True, unique=True)
    attachment_name = models.CharField(max_length=100, blank=True)
    attachment = models.TextField(blank=True)
    attachment_type = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    # Notify's id for it, when it went through GOV.UK Notify.
    reference = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at"]),
            models.Index(fields=["about", "-created_at"]),
            models.Index(fields=["area", "-created_at"]),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(channel__in=MessageChannel.values), name="message_channel_valid"),
            models.CheckConstraint(condition=models.Q(status__in=MessageStatus.values), name="message_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.name} to {self.to} ({self.get_status_display()})"
