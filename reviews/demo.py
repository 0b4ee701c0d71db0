"""Demo reviews and kite marks for Wirral: Health Passports awarded, one project awaiting sign-off,
one declined, and the consultation project shown as not eligible."""

import datetime

from django.utils import timezone

from accounts.models import Role, User
from charters.models import Partnership
from projects import services as project_services
from projects.models import STAGES, Member, Project
from reviews import kite_mark, services
from reviews.models import CaseStudy, KiteMarkApplication, ReviewAnswer

FAMILY_COMMENTS = {
    0: "Young people, parents and health staff were all there from the first meeting.",
    5: "Some meetings were straight after school pick-up, which was hard.",
}

MORE = [
    ("Short breaks information", "Families wrote the short breaks pages with the Local Offer team.", "decline"),
    ("Transition to adult health services", "Young people and parents planned moving to adult health care.", "wait"),
]


def _hold_stage_meetings(project: Project) -> None:
    """A meeting for each stage that every member came to, so families took part in every stage."""
    members = list(project.members.all())
    day = datetime.date(2025, 1, 15)
    for i, stage in enumerate(project.stages.all()):
        if stage.meetings.exists():
            continue
        meeting = project_services.schedule_meeting(
            stage,
            project.lead_officer,
            title=f"{stage.get_stage_display()} meeting",
            date=day + datetime.timedelta(days=30 * i),
            start=datetime.time(10),
            end=datetime.time(12),
            place="Wallasey Town Hall",
            booked_on=day - datetime.timedelta(days=30),
        )
        project_services.record_attendance(meeting, members, "Everyone shared their views.", project.lead_officer)


def _review_and_assess(project: Project) -> None:
    questions = list(project.charter.review_questions.all())
    if not ReviewAnswer.objects.filter(project=project).exists():
        for member in project.members.select_related("user"):
            family = member.kind == Member.Kind.FAMILY
            answers = {
                q: ("partly" if family and i == 5 else "yes", FAMILY_COMMENTS.get(i, "") if family else "")
                for i, q in enumerate(questions)
            }
            services.answer_review(project, member, answers, may_quote=family)
    decisions = list(project.decisions.all())
    for principle in project.charter.principles.all():
        services.assess(
            project,
            principle,
            project.lead_officer,
            "met",
            "Young people and parents shaped the work from the first meeting to the end.",
            decisions=decisions,
        )


def _finish(project: Project) -> None:
    _hold_stage_meetings(project)
    for stage in STAGES:
        record = project.stages.get(stage=stage)
        if record.status == "in-progress":
            project_services.complete_stage(record, project.lead_officer)
    project.refresh_from_db()
    _review_and_assess(project)


def _leads(partnership):
    return {
        kind: User.objects.filter(partnership=partnership, role=Role.FORUM_LEAD, organisation__kind=kind).first()
        for kind in ("forum", "young-people")
    }


def create_reviews() -> None:
    partnership = Partnership.objects.filter(slug="wirral").first()
    passports = Project.objects.filter(title="Wirral Health Passports").first()
    if partnership is None or passports is None or KiteMarkApplication.objects.exists():
        return
    leads = _leads(partnership)
    _finish(passports)
    application = kite_mark.apply(passports, passports.lead_officer)
    for lead in leads.values():
        kite_mark.sign_off(application, lead, "signed")
    study = CaseStudy.objects.create(
        project=passports, summary=passports.summary, updated_by=passports.lead_officer, published_at=timezone.now()
    )
    study.quotes.set(ReviewAnswer.objects.filter(project=passports, may_quote=True).exclude(comment="")[:2])

    charter = passports.charter
    people = User.objects.filter(partnership=partnership, role__in=[Role.FAMILY, Role.FORUM_LEAD])
    for title, summary, outcome in MORE:
        project = project_services.create_project(
            actor=passports.lead_officer,
            partnership=partnership,
            charter=charter,
            level=charter.levels.get(name="Co-production"),
            title=title,
            summary=summary,
            level_reason="families asked for it and know what works",
            is_public=True,
        )
        for person in people:
            project_services.add_member(project, person, passports.lead_officer)
        _finish(project)
        application = kite_mark.apply(project, project.lead_officer)
        if outcome == "decline":
            kite_mark.sign_off(
                application,
                leads["forum"],
                "declined",
                "Parents were not asked to check the final pages before they were published.",
            )
