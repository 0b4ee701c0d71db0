"""Post-project review (Wirral's review questions) and the principles self-assessment."""

from django.conf import settings
from django.db import models
from django.utils import timezone


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
    answer = models.CharField(max_length=10, choices=Answer.choices)
    comment = models.TextField(blank=True, max_length=2000)
    # The member agrees their comment may be quoted, without their name, in a case study.
    may_quote = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["question__order"]
        constraints = [
            models.UniqueConstraint(fields=["member", "question"], name="one_answer_per_member_and_question"),
            models.CheckConstraint(
                condition=models.Q(answer__in=["yes", "partly", "no", "not-sure"]), name="review_answer_valid"
            ),
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
