"""Review and self-assessment changes, each on the project's timeline."""

from django.db import transaction
from django.utils import timezone

from projects.models import Project, Stage
from projects.services import ProjectError, record
from reviews.models import AssessmentComment, PrincipleAssessment, ReviewAnswer


def review_is_open(project: Project) -> bool:
    """Members review a project once it reaches Evaluation (Wirral's "Reviewing co-production"),
    until the project applies for the kite mark: the leads sign off the answers as they stand."""
    if not (project.is_complete or project.current_stage == Stage.EVALUATION):
        return False
    return not project.kite_mark_applications.filter(
        status__in=["pending", "awarded"], revoked_at__isnull=True
    ).exists()


def answer_review(project: Project, member, answers: dict, may_quote: bool) -> None:
    """Save a member's answers: {question: (answer, comment)}. They may change them while the review is open."""
    if not review_is_open(project):
        raise ProjectError("The review opens when the project reaches Evaluation.")
    with transaction.atomic():
        first = not ReviewAnswer.objects.filter(member=member).exists()
        for question, (answer, comment) in answers.items():
            ReviewAnswer.objects.update_or_create(
                member=member,
                question=question,
                defaults={"project": project, "answer": answer, "comment": comment, "may_quote": may_quote},
            )
        record(
            project, member.user, f"{member.user.name} {'answered' if first else 'changed their answers to'} the review"
        )


def assess(project: Project, principle, actor, rating: str, evidence: str, decisions=(), meetings=(), feedback=()):
    with transaction.atomic():
        assessment, _created = PrincipleAssessment.objects.update_or_create(
            project=project,
            principle=principle,
            defaults={"rating": rating, "evidence": evidence, "updated_by": actor, "updated_at": timezone.now()},
        )
        assessment.decisions.set(decisions)
        assessment.meetings.set(meetings)
        assessment.feedback.set(feedback)
        record(project, actor, f"Assessed the principle “{principle.title}”: {assessment.get_rating_display()}"[:300])
    return assessment


def comment_on_assessment(assessment: PrincipleAssessment, member, text: str) -> AssessmentComment:
    with transaction.atomic():
        comment = AssessmentComment.objects.create(assessment=assessment, member=member, text=text)
        record(assessment.project, member.user, f"{member.user.name} commented on “{assessment.principle.title}”"[:300])
    return comment
