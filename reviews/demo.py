"""Demo reviews and kite marks for Wirral: Health Passports awarded (after a withdrawn first application),
one project awaiting sign-off, one declined, one revoked, and the consultation project shown as not eligible;
and an evidence pack of the last twelve months, ready to download.

The Health Passports were reviewed after their evaluation and earned the kite mark soon after Wirral's
charter (February 2023) set it; the other three projects ran over the last year."""

import datetime

from django.utils import timezone

from accounts.models import FamilyKind, User
from charter_portal import demo_clock
from charters.models import Partnership
from projects import services as project_services
from projects.demo import hold_past_meeting, stage_days
from projects.models import STAGES, Project
from reviews import kite_mark, services
from reviews.models import Answer, CaseStudy, KiteMarkApplication, Rating, ReviewAnswer, SignOff

FAMILY_COMMENTS = {
    0: "Young people, parents and health staff were all there from the first meeting.",
    5: "Some meetings were straight after school pick-up, which was hard.",
}

FAMILY_WORDS = "We were asked what we thought at every meeting, and the young people ran one of them."
PROFESSIONAL_WORDS = "Families set the agenda with us and chaired the last meeting."

MORE = [
    ("Short breaks information", "Families wrote the short breaks pages with the Local Offer team.", "decline"),
    ("Transition to adult health services", "Young people and parents planned moving to adult health care.", "wait"),
    ("Local Offer easy read pages", "Young people and parents rewrote the SEND pages in easy read.", "revoke"),
]


def _voice_order(member) -> int:
    if member.is_family:
        return 0 if member.user.family_kind == FamilyKind.YOUNG_PERSON else 1
    return 2


def _review_and_assess(project: Project) -> None:
    questions = list(project.charter.review_questions.all())
    # A project the charter tells as a case study speaks in the charter's own quotes, never invented ones.
    told = project.charter.case_studies.filter(title=project.title).first()
    real_quotes = list(told.quotes) if told else []
    if not ReviewAnswer.objects.filter(project=project).exists():
        members = project.members.current().select_related("user").order_by("user__email")
        # The charter's quotes are a young person's, a project member's and a practitioner's, in that order.
        for member in sorted(members, key=_voice_order):
            family = member.is_family
            quote = real_quotes.pop(0) if real_quotes else ""
            answers = {}
            for i, q in enumerate(questions):
                if q.in_words:
                    answers[q] = ("", FAMILY_WORDS if family else PROFESSIONAL_WORDS)
                else:
                    comment = quote if i == 0 and quote else ("" if told or not family else FAMILY_COMMENTS.get(i, ""))
                    answers[q] = (Answer.PARTLY if family and i == 5 else Answer.YES, comment)
            services.answer_review(project, member, answers, may_quote=family or bool(quote))
    decisions = list(project.decisions.all())
    for principle in project.charter.principles.all():
        services.assess(
            project,
            principle,
            project.lead_officer,
            Rating.MET,
            "Young people and parents shaped the work from the first meeting to the end.",
            decisions=decisions,
        )


def _finish(project: Project, days: list[tuple[datetime.date, datetime.date]], reviewed: datetime.date) -> None:
    """Take the project through its remaining stages on their days, meeting the families at each,
    then review it."""
    for i, stage in enumerate(STAGES):
        record = project.stages.get(stage=stage)
        if record.status != record.Status.IN_PROGRESS:
            continue
        meeting_day, completed = days[i]
        if not project_services.family_took_part(record):
            hold_past_meeting(record, meeting_day)
        with demo_clock.at(demo_clock.moment(completed, 16)):
            project_services.complete_stage(record, project.lead_officer)
    project.refresh_from_db()
    with demo_clock.at(reviewed):
        _review_and_assess(project)


def _leads(partnership):
    return {
        kind: User.objects.in_partnership(partnership).forum_leads(kind).first() for kind in ("forum", "young-people")
    }


def create_reviews() -> None:
    partnership = Partnership.objects.filter(slug="wirral").first()
    passports = Project.objects.filter(title="Wirral Health Passports").first()
    if partnership is None or passports is None or KiteMarkApplication.objects.exists():
        return
    leads = _leads(partnership)
    _, days = stage_days(passports.title, len(STAGES))
    _finish(passports, days, reviewed=days[-1][1] + datetime.timedelta(days=14))
    # A first application, taken back so a young person could add their review: it stays in the history.
    with demo_clock.at(datetime.date(2023, 3, 6)):
        first = kite_mark.apply(passports, passports.lead_officer)
    with demo_clock.at(datetime.date(2023, 3, 8)):
        kite_mark.withdraw(first, passports.lead_officer, "a young person asked to add their review answers first")
    with demo_clock.at(datetime.date(2023, 3, 20)):
        application = kite_mark.apply(passports, passports.lead_officer)
    for i, lead in enumerate(leads.values()):
        with demo_clock.at(datetime.date(2023, 3, 27) + datetime.timedelta(days=i)):
            kite_mark.sign_off(application, lead, SignOff.Decision.SIGNED)
    with demo_clock.at(datetime.date(2023, 4, 3)):
        study = CaseStudy.objects.create(
            project=passports,
            summary=passports.summary,
            updated_by=passports.lead_officer,
            published_at=timezone.now(),
        )
    told = passports.charter.case_studies.filter(title=passports.title).first()
    quotes = ReviewAnswer.objects.filter(project=passports, may_quote=True).exclude(comment="")
    study.quotes.set(quotes.filter(comment__in=told.quotes) if told else quotes[:2])

    charter = passports.charter
    people = (
        User.objects.in_partnership(partnership).families() | User.objects.in_partnership(partnership).forum_leads()
    )
    for title, summary, outcome in MORE:
        start, days = stage_days(title, len(STAGES))
        reviewed = days[-1][1] + datetime.timedelta(days=2)
        with demo_clock.at(start):
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
        _finish(project, days, reviewed)
        with demo_clock.at(reviewed + datetime.timedelta(days=3)):
            application = kite_mark.apply(project, project.lead_officer)
        if outcome == "decline":
            with demo_clock.at(reviewed + datetime.timedelta(days=8)):
                kite_mark.sign_off(
                    application,
                    leads["forum"],
                    SignOff.Decision.DECLINED,
                    "Parents were not asked to check the final pages before they were published.",
                )
        if outcome == "revoke":
            for i, lead in enumerate(leads.values()):
                with demo_clock.at(reviewed + datetime.timedelta(days=6 + i)):
                    kite_mark.sign_off(application, lead, SignOff.Decision.SIGNED)
            admin = User.objects.in_partnership(partnership).admins().first()
            with demo_clock.at(reviewed + datetime.timedelta(days=15)):
                kite_mark.revoke(
                    application,
                    admin,
                    "the forum found the review answers were filled in at a meeting on families' behalf; "
                    "families will answer again themselves",
                )
    create_evidence_pack(partnership)


def create_evidence_pack(partnership: Partnership) -> None:
    """One pack ready to download, for the last twelve months, asked for by Wirral's admin. It is made
    here and now, PDFs and all (a second or two), so `make run` shows a ready pack at once."""
    from charter_portal.periods import last_twelve_months
    from reviews import pack
    from reviews.models import EvidencePack

    if EvidencePack.objects.filter(partnership=partnership).exists():
        return
    admin = User.objects.in_partnership(partnership).admins().first()
    made = pack.request_pack(partnership, last_twelve_months(), admin)
    # The task the request queues finds the pack made when it runs, and leaves it.
    pack.build_evidence_pack.call(made.pk)
