"""Post-project review (Wirral's review questions) and the principles self-assessment."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from charter_portal.formats import in_sentence
from charter_portal.models import TimelineEvent
from charters.models import OrganisationKind


class Answer(models.TextChoices):
    YES = "yes", "Yes"
    PARTLY = "partly", "Partly"
    NO = "no", "No"
    NOT_SURE = "not-sure", "Not sure"


class ReviewAnswer(models.Model):
    """One member's answer to one of the charter's review questions."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="review_answers")
    member = models.ForeignKey("projects.Member", on_delete=models.CASCADE, related_name="review_answers")
    question = models.ForeignKey("charters.ReviewQuestion", on_delete=models.CASCADE, related_name="answers")
    # Empty for a question answered in words: the words are the comment.
    answer = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    comment = models.TextField(blank=True, max_length=2000)
    # The member agrees their comment may be quoted, without their name, in a case study.
    may_quote = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["question__order"]
        constraints = [
            models.UniqueConstraint(fields=["member", "question"], name="one_answer_per_member_and_question"),
            models.CheckConstraint(condition=models.Q(answer__in=[*Answer.values, ""]), name="review_answer_valid"),
        ]
        indexes = [models.Index(fields=["project", "question"])]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_answer_display()}"


class Rating(models.TextChoices):
    MET = "met", "Met"
    PARTLY = "partly", "Partly met"
    NOT_MET = "not-met", "Not met"


class PrincipleAssessment(models.Model):
    """How well a project kept one principle of its charter, with the evidence."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="assessments")
    principle = models.ForeignKey("charters.Principle", on_delete=models.CASCADE, related_name="assessments")
    rating = models.CharField(max_length=10, choices=Rating.choices)
    evidence = models.TextField()
    decisions = models.ManyToManyField("projects.Decision", blank=True, related_name="assessments")
    meetings = models.ManyToManyField("projects.Meeting", blank=True, related_name="assessments")
    feedback = models.ManyToManyField("feedback.Feedback", blank=True, related_name="assessments")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["principle__order"]
        constraints = [
            models.UniqueConstraint(fields=["project", "principle"], name="one_assessment_per_principle"),
        ]

    def __str__(self) -> str:
        return f"{self.principle}: {self.get_rating_display()}"


class AssessmentComment(models.Model):
    assessment = models.ForeignKey(PrincipleAssessment, on_delete=models.CASCADE, related_name="comments")
    member = models.ForeignKey("projects.Member", on_delete=models.CASCADE, related_name="+")
    text = models.TextField(max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:80]


def new_award_code() -> str:
    return secrets.token_urlsafe(12)


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", "Awaiting sign-off"
    AWARDED = "awarded", "Awarded"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"
    REVOKED = "revoked", "Revoked"


# An application waiting for sign-off, or an award that stands: the record is frozen.
LIVE_STATUSES = [ApplicationStatus.PENDING, ApplicationStatus.AWARDED]


class KiteMarkApplication(models.Model):
    """An officer's request for the co-production kite mark, signed off by each required group's lead."""

    Status = ApplicationStatus
    LIVE = LIVE_STATUSES

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="kite_mark_applications")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    applied_at = models.DateTimeField(default=timezone.now)
    required_kinds = models.JSONField(default=list)
    decline_reason = models.TextField(blank=True)
    awarded_at = models.DateTimeField(null=True, blank=True)
    charter_version = models.CharField(max_length=40, blank=True)
    code = models.CharField(max_length=40, unique=True, default=new_award_code, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.TextField(blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-applied_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project"], condition=models.Q(status__in=LIVE_STATUSES), name="one_live_kite_mark_application"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ApplicationStatus.values), name="kite_mark_status_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(status=ApplicationStatus.REVOKED) | models.Q(revoked_at__isnull=False),
                name="kite_mark_revoked_has_date",
            ),
        ]
        # Serves each project's newest application in the order above, which is how its kite-mark status is found.
        indexes = [models.Index(fields=["project", "-applied_at", "-id"], name="kite_mark_newest_application")]

    def __str__(self) -> str:
        return f"{self.project}: {self.get_status_display()}"

    @property
    def is_valid_award(self) -> bool:
        return self.status == self.Status.AWARDED

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE


def kind_label(kind: str) -> str:
    """The group a sign-off speaks for, in words: "parent carer forum"."""
    try:
        return in_sentence(OrganisationKind(kind).label)
    except ValueError:
        return kind


class SignOff(models.Model):
    class Decision(models.TextChoices):
        SIGNED = "signed", "Signed off"
        DECLINED = "declined", "Declined"

    application = models.ForeignKey(KiteMarkApplication, on_delete=models.CASCADE, related_name="sign_offs")
    kind = models.CharField(max_length=20)
    lead = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=10, choices=Decision.choices)
    reason = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at"]
        constraints = [models.UniqueConstraint(fields=["application", "kind"], name="one_sign_off_per_group")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.get_decision_display()}"

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)


class CaseStudy(models.Model):
    """A finished project told in Wirral's case-study format, with quotes members agreed to share."""

    project = models.OneToOneField("projects.Project", on_delete=models.CASCADE, related_name="case_study")
    summary = models.TextField()
    quotes = models.ManyToManyField(ReviewAnswer, blank=True, related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name_plural = "case studies"

    def __str__(self) -> str:
        return f"Case study: {self.project}"


class PackStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    BUILDING = "building", "Being made"
    READY = "ready", "Ready"
    FAILED = "failed", "Not made"


def pack_path(pack: "EvidencePack", filename: str) -> str:
    return f"evidence-packs/{pack.partnership_id}/{pack.pk}/{filename}"


class EvidencePack(models.Model):
    """One ZIP of the evidence an inspection asks for, for a period: made in the background, kept in
    the portal's file store, and downloaded only through the portal by the people who may."""

    Status = PackStatus

    partnership = models.ForeignKey("charters.Partnership", on_delete=models.CASCADE, related_name="evidence_packs")
    period_start = models.DateField()
    period_end = models.DateField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    # Progress while it is made; the total grows if a part makes more files than expected.
    files_done = models.PositiveIntegerField(default=0)
    files_total = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to=pack_path, max_length=300, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # In plain words, for the person who asked: the details are in the server's log.
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=PackStatus.values), name="evidence_pack_status_valid"),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="evidence_pack_period_in_order"
            ),
            models.CheckConstraint(
                condition=~models.Q(status=PackStatus.READY) | ~models.Q(file=""), name="evidence_pack_ready_has_file"
            ),
        ]
        # The list page: a partnership's packs, newest first.
        indexes = [models.Index(fields=["partnership", "-requested_at", "-id"], name="evidence_pack_newest")]

    def __str__(self) -> str:
        return f"Evidence pack for {self.period.label}"

    @property
    def period(self):
        from charter_portal.periods import Period

        return Period(self.period_start, self.period_end)

    @property
    def filename(self) -> str:
        """What the download is called: "evidence-pack-wirral-2026-10-01-to-2026-12-31.zip"."""
        return f"evidence-pack-{self.partnership.slug}-{self.period.slug}.zip"

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY

    @property
    def is_failed(self) -> bool:
        return self.status == self.Status.FAILED

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.BUILDING)


class EvidencePackEvent(TimelineEvent):
    """One line on a pack's timeline: asked for, started, ready or failed, and each download."""

    pack = models.ForeignKey(EvidencePack, on_delete=models.CASCADE, related_name="events")

    class Meta(TimelineEvent.Meta):
        indexes = [models.Index(fields=["pack", "-at"])]
