"""You Said, We Did: what families tell a partnership, and what it does about it.

What a family wrote stays private. Only an officer's summary ("You said") and
the partnership's answer ("We did") are ever published, and only with consent.
"""

import datetime
import secrets
from functools import cache

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from govuk_bank_holidays.bank_holidays import BankHolidays

from charter_portal.models import TimelineEvent

# No 0/O, 1/I/L: a reference is read aloud over the phone and typed on a phone.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REFERENCE_LENGTH = 8
DEFAULT_TOPICS = [
    "Education",
    "Health",
    "Social care",
    "SENDIASS",
    "Local Offer",
    "Short breaks",
    "Transport",
    "Other",
]


def new_reference() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def clean_reference(typed: str) -> str:
    """What someone typed, as stored: capitals, no spaces or dashes."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())


@cache
def _bank_holidays() -> frozenset[datetime.date]:
    holidays = BankHolidays(use_cached_holidays=True).get_holidays(division=BankHolidays.ENGLAND_AND_WALES)
    return frozenset(h["date"] for h in holidays)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """`days` working days after `start`, skipping weekends and England and Wales bank holidays."""
    holidays = _bank_holidays()
    day = start
    while days > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5 and day not in holidays:
            days -= 1
    return day


class Topic(models.Model):
    partnership = models.ForeignKey("charters.Partnership", on_delete=models.CASCADE, related_name="topics")
    name = models.CharField(max_length=80)
    order = models.PositiveIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="topic_name_unique_per_partnership")
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def create_defaults(cls, partnership) -> None:
        for order, name in enumerate(DEFAULT_TOPICS):
            cls.objects.get_or_create(partnership=partnership, name=name, defaults={"order": order})


class FeedbackQuerySet(models.QuerySet):
    def for_partnership(self, partnership) -> "FeedbackQuerySet":
        return self.filter(partnership=partnership)

    def open(self) -> "FeedbackQuerySet":
        return self.filter(status__in=Feedback.OPEN_STATUSES)

    def in_order(self, order: str, by_index: bool = True) -> "FeedbackQuerySet":
        """The officers' queue in one of its orders (see QueueOrder), each served by an index.

        by_index=False: sorted once found instead, for a search that finds few items. Read from an
        order's index, a page of those would pass by most of the area's items to fill itself."""
        if by_index:
            return self.order_by(*QUEUE_ORDERINGS[order])
        return self.order_by(*(_not_from_an_index(name) for name in QUEUE_ORDERINGS[order]))

    def overdue(self, today: datetime.date | None = None) -> "FeedbackQuerySet":
        return self.open().filter(due_on__lt=today or timezone.localdate())

    def published(self) -> "FeedbackQuerySet":
        """On the public board: published on purpose, and still in a public status."""
        return self.filter(published_at__isnull=False, status__in=Feedback.PUBLIC_STATUSES)


class FeedbackStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    CONSIDERING = "considering", "Being considered"
    DOING = "doing", "We are doing"
    DONE = "done", "We did"
    NOT_ABLE = "not-able", "Not able to"


class QueueOrder(models.TextChoices):
    NEWEST = "newest", "Newest first"
    DUE = "due", "Oldest due first"
    CHANGED = "changed", "Recently changed first"


# Each ends with the primary key, so items received (or due, or changed) at the same moment keep
# their place from one page to the next; Feedback.Meta.indexes has one index for each.
QUEUE_ORDERINGS = {
    QueueOrder.NEWEST: ("-received_at", "-pk"),
    QueueOrder.DUE: ("due_on", "received_at", "pk"),
    QueueOrder.CHANGED: ("-updated_at", "-pk"),
}


# What the queue filters by (see feedback.views._filtered_queue), carried by each order's index.
QUEUE_FILTERED = ["status", "topic", "assigned_to"]


# Adding nothing to a field gives the same order, but one no index on the field can serve.
_NOTHING = {"pk": 0, "due_on": 0, "received_at": datetime.timedelta(0), "updated_at": datetime.timedelta(0)}


def _not_from_an_index(name: str) -> models.OrderBy:
    field = name.removeprefix("-")
    output = models.IntegerField() if field == "pk" else Feedback._meta.get_field(field)
    expression = models.ExpressionWrapper(models.F(field) + models.Value(_NOTHING[field]), output_field=output)
    return expression.desc() if name.startswith("-") else expression.asc()


class Feedback(models.Model):
    Status = FeedbackStatus

    class Channel(models.TextChoices):
        ONLINE = "online", "Online form"
        PHONE = "phone", "Phone call"
        EMAIL = "email", "Email"
        EVENT = "event", "Event"
        SURVEY = "survey", "Survey"
        FORUM = "forum-meeting", "Forum meeting"

    class Who(models.TextChoices):
        PARENT_CARER = "parent-carer", "A parent or carer"
        YOUNG_PERSON = "young-person", "A young person"
        PROFESSIONAL = "professional", "A professional"
        OTHER = "other", "Someone else"

    OPEN_STATUSES = [Status.RECEIVED, Status.CONSIDERING, Status.DOING]
    CLOSED_STATUSES = [Status.DONE, Status.NOT_ABLE]
    # received → being considered → we are doing → we did, or not able to.
    NEXT = {
        Status.RECEIVED: [Status.CONSIDERING, Status.DOING, Status.NOT_ABLE],
        Status.CONSIDERING: [Status.DOING, Status.DONE, Status.NOT_ABLE],
        Status.DOING: [Status.DONE, Status.NOT_ABLE],
        Status.DONE: [Status.DOING],
        Status.NOT_ABLE: [Status.CONSIDERING],
    }
    PUBLIC_STATUSES = [Status.DOING, Status.DONE, Status.NOT_ABLE]
    # The statuses that answer a family (insights count an item answered when it first reaches one).
    ANSWERED_STATUSES = PUBLIC_STATUSES

    partnership = models.ForeignKey("charters.Partnership", on_delete=models.PROTECT, related_name="feedback")
    reference = models.CharField(max_length=REFERENCE_LENGTH, unique=True, default=new_reference, editable=False)
    channel = models.CharField(max_length=20, choices=Channel.choices, default=Channel.ONLINE)
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="feedback")
    principle = models.ForeignKey(
        "charters.Principle", on_delete=models.SET_NULL, null=True, blank=True, related_name="feedback"
    )
    project = models.ForeignKey(
        "projects.Project", on_delete=models.SET_NULL, null=True, blank=True, related_name="feedback"
    )
    # The project decisions this feedback shaped (shown with each decision as decision.feedback).
    decisions = models.ManyToManyField(
        "projects.Decision", blank=True, related_name="feedback", db_table="projects_decision_feedback"
    )
    text = models.TextField("What they told us", max_length=5000)
    who = models.CharField(max_length=20, choices=Who.choices)
    name = models.CharField(max_length=150, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    consent_to_contact = models.BooleanField(default=False)
    consent_to_publish = models.BooleanField(default=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback_given",
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback_logged",
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RECEIVED)
    not_able_reason = models.TextField(blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback_assigned",
    )
    received_at = models.DateTimeField(default=timezone.now)
    due_on = models.DateField()
    # When the family first had an answer: the item first became "We are doing", "We did" or "Not
    # able to". Kept when it later moves back, so how quickly the partnership answers stays true.
    answered_at = models.DateTimeField(null=True, blank=True)
    # When what they told us and their contact details were removed: by the partnership's
    # retention period after the item closed, or because they asked for their data to be erased.
    # The You said, we did summary (free of personal data) stays.
    private_removed_at = models.DateTimeField(null=True, blank=True)
    you_said = models.TextField("You said", blank=True)
    we_did = models.TextField("We did", blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # Last changed: set by every service that changes the item or adds to its timeline.
    updated_at = models.DateTimeField(auto_now=True)
    # The one-time token of the "Send" (or "Log feedback") that made it: a second press of it (a
    # double tap, a retried request, the same request twice at once) finds this item instead of
    # making another. NULL (not "") for items stored without one: unique allows many NULLs.
    submission_token = models.CharField(max_length=64, null=True, blank=True, editable=False)  # noqa: DJ001
    # What the officers' queue searches (text, you_said and we_did), as PostgreSQL's full-text words.
    # Kept by a database trigger, so every way of writing a row (services, bulk_create, the admin,
    # an update()) keeps it right; GIN-indexed. Both made by migration 0007 on PostgreSQL only: on
    # SQLite the column is always empty and the queue searches the text itself.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "received_at"]
        verbose_name_plural = "feedback"
        indexes = [
            # The queue's counts by status, overdue among them, read from this index alone.
            models.Index(fields=["partnership", "status", "due_on"]),
            # The queue's orders (QUEUE_ORDERINGS), tie-breaker included. Each carries the columns the
            # queue filters by, so a page's ids, however deep, are read from the index alone (an
            # index-only scan; PostgreSQL only, SQLite ignores the included columns) and only those
            # rows are fetched.
            models.Index(
                fields=["partnership", "-received_at", "-id"],
                include=[*QUEUE_FILTERED, "due_on"],
                name="feedback_queue_newest",
            ),
            models.Index(
                fields=["partnership", "due_on", "received_at", "id"], include=QUEUE_FILTERED, name="feedback_queue_due"
            ),
            models.Index(
                fields=["partnership", "-updated_at", "-id"],
                include=[*QUEUE_FILTERED, "due_on"],
                name="feedback_queue_changed",
            ),
            # The public board, newest published first, its filters included in the same way.
            models.Index(
                fields=["partnership", "-published_at", "-id"], include=["status", "topic"], name="feedback_board"
            ),
            models.Index(fields=["assigned_to", "status"]),
            models.Index(fields=["submitted_by", "-received_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=FeedbackStatus.values),
                name="feedback_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(published_at__isnull=True) | models.Q(consent_to_publish=True),
                name="feedback_published_only_with_consent",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=FeedbackStatus.NOT_ABLE) | ~models.Q(not_able_reason=""),
                name="feedback_not_able_has_reason",
            ),
            models.UniqueConstraint(fields=["submission_token"], name="feedback_submission_token_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.display_reference} ({self.get_status_display()})"

    @property
    def display_reference(self) -> str:
        return f"{self.reference[:4]}-{self.reference[4:]}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return self.status in self.OPEN_STATUSES and self.due_on < (today or timezone.localdate())

    @property
    def can_be_published(self) -> bool:
        return self.consent_to_publish and self.status in self.PUBLIC_STATUSES

    def next_statuses(self) -> list["Feedback.Status"]:
        return self.NEXT[self.Status(self.status)]


class FeedbackEvent(TimelineEvent):
    """One line on a feedback item's timeline."""

    class Kind(models.TextChoices):
        RECEIVED = "received", "Received"
        ASSIGNED = "assigned", "Assigned"
        STATUS = "status", "Status changed"
        NOTE = "note", "Internal note"
        EMAIL = "email", "Email sent"
        LINKED = "linked", "Linked"
        PUBLISHED = "published", "Published"
        UNPUBLISHED = "unpublished", "Unpublished"
        REMOVED = "removed", "Personal data removed"

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    note = models.TextField(blank=True)

    class Meta(TimelineEvent.Meta):
        indexes = [models.Index(fields=["feedback", "-at"])]
