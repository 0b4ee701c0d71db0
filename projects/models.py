"""Projects run through the NAOMIE stages with families as equal members (Wirral's charter)."""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from accounts.models import FamilyKind
from charter_portal.models import TimelineEvent
from charters.models import StageQuestion

Stage = StageQuestion.Stage
STAGES = list(Stage)


class ProjectQuerySet(models.QuerySet):
    def for_partnership(self, partnership) -> "ProjectQuerySet":
        return self.filter(partnership=partnership)

    def public(self) -> "ProjectQuerySet":
        return self.filter(is_public=True)


class Project(models.Model):
    partnership = models.ForeignKey("charters.Partnership", on_delete=models.PROTECT, related_name="projects")
    charter = models.ForeignKey("charters.Charter", on_delete=models.PROTECT, related_name="projects")
    title = models.CharField(max_length=200)
    summary = models.TextField()
    improvement_priority = models.CharField(max_length=200, blank=True)
    # The outcome of the charter's development plan the project works towards, if any.
    plan_outcome = models.ForeignKey(
        "charters.PlanOutcome", on_delete=models.SET_NULL, null=True, blank=True, related_name="projects"
    )
    target_date = models.DateField(null=True, blank=True)
    level = models.ForeignKey("charters.ParticipationLevel", on_delete=models.PROTECT, related_name="projects")
    level_reason = models.TextField("Why this level")
    # The charter's start-up considerations, answered: {key: answer}.
    considerations = models.JSONField(default=dict, blank=True)
    current_stage = models.CharField(max_length=16, choices=Stage.choices, default=Stage.NEED)
    is_complete = models.BooleanField(default=False)
    is_public = models.BooleanField(default=False)
    # On while a kite-mark application is waiting or an award stands: the record it
    # rests on (stages, meetings, decisions, assessments, reviews) must not change.
    record_frozen = models.BooleanField(default=False)
    lead_officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="projects_led")
    created_at = models.DateTimeField(default=timezone.now)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["partnership", "-created_at"]),
            models.Index(fields=["partnership", "current_stage"]),
            models.Index(fields=["partnership", "level"]),
            models.Index(fields=["partnership", "lead_officer"]),
            models.Index(fields=["partnership", "improvement_priority"]),
            models.Index(fields=["partnership", "plan_outcome"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def has_reached_evaluation(self) -> bool:
        """The review is asked at Evaluation, and stays asked once the project is complete."""
        return self.is_complete or self.current_stage == Stage.EVALUATION


class StageRecord(models.Model):
    """One NAOMIE stage of a project: its summary, and who completed it when."""

    class Status(models.TextChoices):
        NOT_STARTED = "not-started", "Not started"
        IN_PROGRESS = "in-progress", "In progress"
        COMPLETED = "completed", "Completed"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stages")
    stage = models.CharField(max_length=16, choices=Stage.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    summary = models.TextField(blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Written when an officer completes a stage no family member took part in.
    override_reason = models.TextField(blank=True)
    # Whether a family member had taken part when the stage was completed. Fixed
    # then, so nothing added afterwards changes what the stage was.
    with_family = models.BooleanField(default=False)
    participants = models.ManyToManyField("Member", blank=True, related_name="stages_taken_part")
    # Raised on every save: an edit made from an older copy is refused, not lost.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["project", "id"]
        constraints = [models.UniqueConstraint(fields=["project", "stage"], name="stage_record_unique")]

    def __str__(self) -> str:
        return f"{self.project}: {self.get_stage_display()}"

    @property
    def is_open(self) -> bool:
        """Members take part in a stage only while it is in progress."""
        return self.status == self.Status.IN_PROGRESS


class MemberQuerySet(models.QuerySet):
    def current(self) -> "MemberQuerySet":
        """Members who have not been removed from the project."""
        return self.filter(removed_at__isnull=True)


class MemberKind(models.TextChoices):
    FAMILY = "family", "Family member"
    PROFESSIONAL = "professional", "Professional"


class Member(models.Model):
    Kind = MemberKind

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    added_at = models.DateTimeField(default=timezone.now)
    # A removed member's contributions, attendance and review answers stay in the record.
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "user__name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="member_once_per_project"),
            models.CheckConstraint(condition=models.Q(kind__in=MemberKind.values), name="member_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user.name} ({self.get_kind_display()})"

    @property
    def is_family(self) -> bool:
        return self.kind == self.Kind.FAMILY

    @property
    def voice(self) -> str:
        """Who spoke, without a name: how quotes are credited."""
        if not self.is_family:
            return "Professional"
        return "Young person" if self.user.family_kind == FamilyKind.YOUNG_PERSON else "Parent carer"

    @property
    def without_name(self) -> str:
        """How the member is shown to readers who may not know families' names."""
        if self.kind == self.Kind.PROFESSIONAL:
            return self.user.name
        return "A young person" if self.user.family_kind == FamilyKind.YOUNG_PERSON else "A parent carer"


class Contribution(models.Model):
    class Kind(models.TextChoices):
        COMMENT = "comment", "Comment"
        IDEA = "idea", "Idea"
        CONCERN = "concern", "Concern"

    stage = models.ForeignKey(StageRecord, on_delete=models.CASCADE, related_name="contributions")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="contributions")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.COMMENT)
    text = models.TextField(max_length=5000)
    shaped_decision = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["stage", "created_at"])]

    def __str__(self) -> str:
        return self.text[:80]


class ProjectEvent(TimelineEvent):
    """One line on a project's timeline: who did what, and when."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="events")

    class Meta(TimelineEvent.Meta):
        indexes = [models.Index(fields=["project", "-at"])]


class Meeting(models.Model):
    """A meeting for one stage, checked against the charter's meeting standard (Hounslow's rules)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="meetings")
    stage = models.ForeignKey(StageRecord, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(max_length=200)
    date = models.DateField()
    start = models.TimeField()
    end = models.TimeField()
    place = models.CharField(max_length=300, blank=True)
    online_link = models.URLField(max_length=500, blank=True)
    agenda = models.TextField(blank=True, max_length=5000)
    booked_on = models.DateField(default=timezone.localdate)
    # When an officer sent the papers to the members: the date the standard checks.
    papers_sent_at = models.DateTimeField(null=True, blank=True)
    # What the meeting breaks of the standard, and why the officer went ahead.
    standard_breaches = models.JSONField(default=list, blank=True)
    override_reason = models.TextField(blank=True, max_length=1000)
    minutes = models.TextField(blank=True, max_length=20000)
    attendees = models.ManyToManyField(Member, blank=True, related_name="meetings_attended")
    held = models.BooleanField(default=False)
    # Recorded after it took place, rather than scheduled beforehand.
    recorded_afterwards = models.BooleanField(default=False)
    # Raised on every change, so calendars replace their copy (RFC 5545 SEQUENCE).
    sequence = models.PositiveIntegerField(default=0)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(blank=True, max_length=1000)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["date", "start"]
        indexes = [models.Index(fields=["project", "date"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(start__lt=models.F("end")), name="meeting_starts_before_it_ends")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.date})"

    @property
    def keeps_standard(self) -> bool:
        return not self.standard_breaches

    @property
    def starts_at(self) -> datetime.datetime:
        return datetime.datetime.combine(self.date, self.start, tzinfo=timezone.get_current_timezone())

    @property
    def ends_at(self) -> datetime.datetime:
        return datetime.datetime.combine(self.date, self.end, tzinfo=timezone.get_current_timezone())

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def can_change(self) -> bool:
        """A meeting can be changed or cancelled until it starts."""
        return not (self.is_cancelled or self.held or self.has_started)

    def papers_due_on(self, standard) -> datetime.date | None:
        """The last day the charter's standard allows for sending the papers."""
        if standard is None or not standard.papers_notice_days:
            return None
        return self.date - datetime.timedelta(days=standard.papers_notice_days)

    def papers_overdue(self, standard, today: datetime.date) -> bool:
        """Inside the papers-notice window with the papers not yet sent."""
        due = self.papers_due_on(standard)
        return due is not None and self.papers_sent_at is None and not self.is_cancelled and due <= today <= self.date


def paper_path(paper: "MeetingPaper", filename: str) -> str:
    return f"papers/{paper.meeting.project_id}/{paper.meeting_id}/{filename}"


class MeetingPaper(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="papers")
    file = models.FileField(upload_to=paper_path, max_length=300)
    name = models.CharField(max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    # When the file was removed, by the partnership's retention period after the project was
    # complete: the paper's name stays on the meeting's record.
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.name


class Decision(models.Model):
    """What was decided at a stage, and how members' input shaped it: "You said, we did" inside a project."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="decisions")
    stage = models.ForeignKey(StageRecord, on_delete=models.CASCADE, related_name="decisions")
    what = models.TextField("What was decided", max_length=2000)
    decided_on = models.DateField()
    how_input_shaped = models.TextField("How members' input shaped it", max_length=5000)
    contributions = models.ManyToManyField(Contribution, blank=True, related_name="decisions")
    # The feedback a decision came from is linked from the feedback's side (feedback.Feedback.decisions),
    # so projects never depends on the feedback app: decision.feedback is that link's reverse.
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["decided_on", "id"]
        indexes = [models.Index(fields=["project", "decided_on"])]

    def __str__(self) -> str:
        return self.what[:80]


class DecisionChange(models.Model):
    """A decision as it read before someone changed it: its history is kept."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="changes")
    what = models.TextField()
    decided_on = models.DateField()
    how_input_shaped = models.TextField()
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"Earlier wording of {self.decision_id}: {self.what[:60]}"


def new_invitation_token() -> str:
    return secrets.token_urlsafe(24)


class InvitationQuerySet(models.QuerySet):
    def open(self) -> "InvitationQuerySet":
        """Neither accepted nor withdrawn (they may have expired)."""
        return self.filter(accepted_at__isnull=True, withdrawn_at__isnull=True)


class Invitation(models.Model):
    """An emailed invitation to join a project as a family member or a professional.

    It is for its email address only: accepting needs an account with that address,
    and a new account made from the link gets it. The officer decides how the person
    takes part; the person cannot change it.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    kind = models.CharField(max_length=12, choices=Member.Kind.choices, default=Member.Kind.FAMILY)
    # The organisation a professional joins for; a new account made from the link belongs to it.
    organisation = models.ForeignKey(
        "charters.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # Sent again on resending; it expires INVITATION_DAYS after this.
    sent_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "email"],
                condition=models.Q(accepted_at__isnull=True, withdrawn_at__isnull=True),
                name="one_open_invitation",
            ),
            models.CheckConstraint(
                condition=models.Q(kind=MemberKind.FAMILY)
                | models.Q(kind=MemberKind.PROFESSIONAL, organisation__isnull=False),
                name="invitation_professional_has_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} to {self.project}"

    @property
    def is_for_family(self) -> bool:
        """Asked of the invitation by the accounts pages, which sit below projects and do not know its kinds."""
        return self.kind == MemberKind.FAMILY

    @property
    def expires_at(self) -> datetime.datetime:
        return self.sent_at + datetime.timedelta(days=settings.INVITATION_DAYS)

    @property
    def has_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.withdrawn_at is None and not self.has_expired
