"""Review and self-assessment changes, each on the project's timeline."""

from django.db import transaction
from django.utils import timezone

from accounts.models import FamilyKind
from projects.models import Member, Project
from projects.services import ProjectError, ensure_record_open, record
from reviews import kite_mark
from reviews.models import (
    Answer,
    AssessmentComment,
    CaseStudy,
    KiteMarkApplication,
    PrincipleAssessment,
    Rating,
    ReviewAnswer,
)

MAX_COMMENT = 2000


def published_case_studies(partnership):
    """The case studies anyone may read: published, of the partnership's public projects, newest first."""
    return CaseStudy.objects.filter(
        project__partnership=partnership, project__is_public=True, published_at__isnull=False
    ).order_by("-published_at", "-pk")


def case_study_context(project: Project, study: CaseStudy) -> dict:
    """What a case study shows, on its page and in an evidence pack. `project` is annotated by
    kite_mark.with_kite_mark_counts, for the elements of co-production it met."""
    groups: dict[str, int] = {}
    for member in project.members.current().select_related("user__organisation"):
        user = member.user
        if member.kind == Member.Kind.FAMILY:
            label = "Young people" if user.family_kind == FamilyKind.YOUNG_PERSON else "Parents and carers"
        else:
            label = user.organisation.get_kind_display() if user.organisation else "Professionals"
        groups[label] = groups.get(label, 0) + 1
    return {
        "project": project,
        "study": study,
        "groups": sorted(groups.items()),
        "elements": [c.name for c in kite_mark.checklist(project) if c.met],
        "decisions": project.decisions.all(),
        "quotes": study.quotes.select_related("member__user"),
        "award": project.kite_mark_applications.filter(status=KiteMarkApplication.Status.AWARDED).first(),
    }


def review_is_open(project: Project) -> bool:
    """Members review a project once it reaches Evaluation (Wirral's "Reviewing co-production"),
    until the project applies for the kite mark: the leads sign off the answers as they stand."""
    return project.has_reached_evaluation and not project.record_frozen


def answer_review(project: Project, member, answers: dict, may_quote: bool) -> None:
    """Save a member's answers: {question: (answer, comment)}, the answer empty for a question
    answered in words. They may change them while the review is open."""
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        ensure_record_open(project)
        if not review_is_open(project):
            raise ProjectError("The review opens when the project reaches Evaluation.")
        first = not ReviewAnswer.objects.filter(member=member).exists()
        for question, (answer, comment) in answers.items():
            _check_answer(question, answer, comment)
            ReviewAnswer.objects.update_or_create(
                member=member,
                question=question,
                defaults={"project": project, "answer": answer, "comment": comment, "may_quote": may_quote},
            )
        record(
            project, member.user, f"{member.user.name} {'answered' if first else 'changed their answers to'} the review"
        )


def _check_answer(question, answer: str, comment: str) -> None:
    """An open question is answered in words; the others yes, partly, no or not sure."""
    if len(comment) > MAX_COMMENT:
        raise ProjectError(f"An answer must be {MAX_COMMENT:,} characters or fewer.")
    if question.in_words and (answer or not comment.strip()):
        raise ProjectError(f"Answer “{question.text}” in words.")
    if not question.in_words and answer not in Answer.values:
        raise ProjectError(f"Answer “{question.text}” yes, partly, no or not sure.")


def assess(project: Project, principle, actor, rating: str, evidence: str, decisions=(), meetings=(), feedback=()):
    if rating not in Rating.values:
        raise ProjectError("Say whether the principle was met, partly met or not met.")
    with transaction.atomic():
        ensure_record_open(Project.objects.select_for_update().get(pk=project.pk))
        assessment, _created = PrincipleAssessment.objects.update_or_create(
            project=project,
            principle=principle,
            defaults={"rating": rating, "evidence": evidence, "updated_by": actor, "updated_at": timezone.now()},
        )
        assessment.decisions.set(decisions)
        assessment.meetings.set(meetings)
        assessment.feedback.set(feedback)
        record(project, actor, f"Assessed the principle “{principle.title}”: {assessment.get_rating_display()}")
    return assessment


def comment_on_assessment(assessment: PrincipleAssessment, member, text: str) -> AssessmentComment:
    with transaction.atomic():
        ensure_record_open(Project.objects.select_for_update().get(pk=assessment.project_id))
        comment = AssessmentComment.objects.create(assessment=assessment, member=member, text=text)
        record(assessment.project, member.user, f"{member.user.name} commented on “{assessment.principle.title}”")
    return comment
