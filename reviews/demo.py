"""Demo reviews: the members of Wirral's Health Passports project answer the charter's review questions,
and its officer assesses every principle, so `make run` shows results and assessments."""

from projects.models import Member, Project
from reviews import services
from reviews.models import PrincipleAssessment, ReviewAnswer

FAMILY_COMMENTS = {
    0: "Young people, parents and health staff were all there from the first meeting.",
    5: "Some meetings were straight after school pick-up, which was hard.",
}


def create_reviews() -> None:
    project = Project.objects.filter(title="Wirral Health Passports").select_related("charter").first()
    if project is None or ReviewAnswer.objects.filter(project=project).exists():
        return
    questions = list(project.charter.review_questions.all())
    for member in project.members.select_related("user"):
        answers = {}
        for i, question in enumerate(questions):
            if member.kind == Member.Kind.FAMILY:
                answer = "partly" if i == 5 else "yes"
                comment = FAMILY_COMMENTS.get(i, "")
            else:
                answer, comment = "yes", ""
            answers[question] = (answer, comment)
        services.answer_review(project, member, answers, may_quote=member.kind == Member.Kind.FAMILY)
    if not PrincipleAssessment.objects.filter(project=project).exists():
        decisions = list(project.decisions.all())
        for principle in project.charter.principles.all():
            services.assess(
                project,
                principle,
                project.lead_officer,
                "met",
                "Young people and parents shaped the passport from the first meeting to the launch.",
                decisions=decisions,
            )
