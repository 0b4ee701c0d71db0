"""Demo projects: Wirral's case studies and Tameside's development-plan outcomes, at realistic stages.

Each project runs on its own dates: it starts, meets its families at each stage, and completes
each stage after that stage's meeting, in order, never later than today. Wirral's case studies
happened when its charter says (the Health Passport was launched on 29 November 2021)."""

import datetime

from django.core.files.base import ContentFile
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from charter_portal import demo_clock
from charters.models import Organisation, Partnership
from projects import services
from projects.models import STAGES, Contribution, Member, Project

# (partnership, title, level, reason, priority, target, summary, stages completed, public, contributions)
PROJECTS = [
    (
        "wirral",
        "Wirral Health Passports",
        "Co-production",
        "parents and carers told us accessing health services was hard, and the answer had to come from them",
        "",
        None,
        "Health Passports share information about a child's health, wellbeing and communication. Parents and carers "
        "said accessing health services was challenging, so young people, families, practitioners and local leaders "
        "improved the passport together.",
        6,
        True,
        [
            ("need", "concern", "Every new doctor asks the same questions and my son gets upset."),
            ("aim", "idea", "Make it something my daughter can fill in herself."),
            ("method", "idea", "An editable electronic version as well as a good paper one."),
        ],
    ),
    (
        "wirral",
        "Wirral Key Worker Team",
        "Co-design",
        "the role was set out in the NHS long-term plan; families decide how it works here",
        "",
        None,
        "Key Workers support young people with learning disabilities and/or autism and their families through the "
        "journey of services. Young people, parents and carers helped write the job descriptions and sat on the "
        "interview panels, with equal weight given to every panel.",
        4,
        True,
        [
            ("need", "comment", "We need one person who knows our story."),
            ("method", "idea", "A young people's interview panel with equal weight."),
        ],
    ),
    (
        "wirral",
        "Designated Schools Grant Management Plan",
        "Consultation",
        "the Department for Education requires the plan; stakeholders checked and shaped the draft",
        "",
        None,
        "A Strategic Adviser reviewed the Designated Schools Grant with the full range of stakeholders, wrote a draft "
        "action plan from their views and developed it further with them.",
        5,
        True,
        [("need", "concern", "Will this mean less support in mainstream schools?")],
    ),
    (
        "tameside",
        "SENDIASS co-production team",
        "Co-producing",
        "families should shape the service that advises them",
        "Priority Action 2",
        datetime.date(2026, 4, 30),
        "The Tameside SENDIASS service provides accessible, high-quality support and advice to families, empowering "
        "them to make informed decisions and effectively navigate the SEND system.",
        2,
        True,
        [
            ("need", "concern", "We only heard of SENDIASS after our tribunal."),
            ("aim", "idea", "Tell families about SENDIASS at the first assessment."),
        ],
    ),
    (
        "tameside",
        "ISCAN co-produced therapy plans",
        "Co-producing",
        "therapy plans only work when families write them with therapists",
        "Priority 7 Integrated Health Systems",
        datetime.date(2026, 9, 30),
        "ISCAN therapies are delivered through collaborative working and co-produced therapy plans with families, "
        "ensuring that all advice is effectively incorporated into EHCPs.",
        1,
        False,
        [("need", "comment", "The therapy advice never made it into the EHCP.")],
    ),
    (
        "tameside",
        'Local Offer "Who\'s Who"',
        "Co-designing",
        "the Local Offer team builds it; families decide what it says and how it reads",
        "Priority 5 Local Inclusion Partnership",
        datetime.date(2026, 9, 30),
        'Families and professionals can easily navigate the Local Offer through a clear and accessible "Who\'s Who" '
        "resource, so they know who to contact for support.",
        3,
        True,
        [
            ("need", "concern", "I can never find who to contact."),
            ("objective", "idea", "Photos and phone numbers, not job titles."),
        ],
    ),
    (
        "tameside",
        "Preparing for Adulthood",
        "Co-producing",
        "young people must shape their own transition",
        "Priority 2 Pathways to Adulthood",
        datetime.date(2026, 9, 30),
        "Young people are supported in their preparation for adulthood through aspirational conversations, clear "
        "engagement plans and early involvement of transition workers.",
        0,
        False,
        [("need", "comment", "Nobody has talked to me about college yet.")],
    ),
    (
        "hounslow",
        "Co-production toolkit for professionals",
        "Co-production",
        "parent carers and young people asked that professionals be given the tools to co-produce with them",
        "",
        None,
        "A toolkit giving professionals across Health, Social Care and Education the tools, guidance and support "
        "they need to co-produce with young people aged 0 to 25, parent carers and families, with easy read guides "
        "and the Lundy Model of child participation.",
        2,
        True,
        [
            ("need", "concern", "Professionals say they want to co-produce but do not know where to start."),
            ("aim", "idea", "Put easy read guides for young people in it from the start."),
            ("objective", "idea", "Use real Hounslow case studies, not just theory."),
        ],
    ),
]


# When each project started and when it last completed a stage (a day, or how many days ago); a project
# not named here started some months ago and completed its last stage a few weeks ago.
TIMELINES = {
    # Launched on 29 November 2021 (Wirral's charter); evaluated over the winter.
    "Wirral Health Passports": (datetime.date(2021, 1, 18), datetime.date(2022, 2, 21)),
    # Told in Wirral's charter of February 2023, still being put into practice.
    "Wirral Key Worker Team": (datetime.date(2022, 3, 7), datetime.date(2023, 1, 16)),
    "Designated Schools Grant Management Plan": (datetime.date(2022, 1, 10), datetime.date(2022, 12, 12)),
    # Tameside's charter started in January 2025.
    "SENDIASS co-production team": (datetime.date(2025, 2, 3), None),
    "ISCAN co-produced therapy plans": (datetime.date(2025, 3, 3), None),
    'Local Offer "Who\'s Who"': (datetime.date(2025, 2, 3), None),
    "Preparing for Adulthood": (datetime.date(2025, 4, 7), None),
    # Its next workshop was booked a month ago, in the stage it is at now (days before today).
    "Co-production toolkit for professionals": (None, 45),
}


def stage_days(title: str, done: int) -> tuple[datetime.date, list[tuple[datetime.date, datetime.date]]]:
    """The project's first day, and for each stage it has completed: its meeting's day and the day it
    was completed, each after the one before and none later than today."""
    today = timezone.localdate()
    start, last = TIMELINES.get(title, (None, None))
    last = 21 if last is None else last
    if isinstance(last, int):
        last = today - datetime.timedelta(days=last)
    last = min(last, today - datetime.timedelta(days=1))
    start = min(start or last - datetime.timedelta(days=50 * done), last - datetime.timedelta(days=14 * done))
    step = (last - start) / max(done, 1)
    days = []
    for k in range(done):
        completed = start + step * (k + 1)
        days.append((weekday(start + step * k + step / 2), completed))
    return start, days


def weekday(day: datetime.date) -> datetime.date:
    """The day, or the Friday before it if it falls at a weekend: families meet on school days."""
    return day - datetime.timedelta(days=max(0, day.weekday() - 4))


def hold_past_meeting(record, day: datetime.date) -> None:
    """A stage meeting every member came to, recorded that afternoon."""
    project = record.project
    members = list(project.members.current())
    with demo_clock.at(demo_clock.moment(day, 15)):
        services.record_past_meeting(
            record,
            project.lead_officer,
            members,
            "Everyone shared their views. Families chose what to do next.",
            title=f"{record.get_stage_display()} meeting",
            date=day,
            start=datetime.time(10),
            end=datetime.time(12),
            place=f"{project.partnership.name} family hub",
            standard_breaches=[],
            override_reason="",
        )


def create_projects() -> int:
    made = 0
    for slug, title, level_name, reason, priority, target, summary, done, public, contributions in PROJECTS:
        partnership = Partnership.objects.filter(slug=slug).first()
        if partnership is None or partnership.projects.filter(title=title).exists():
            continue
        charter = partnership.charters.published().first()
        officer = User.objects.in_partnership(partnership).officers().order_by("email").first()
        if charter is None or officer is None:
            continue
        start, days = stage_days(title, done)
        # Tameside's projects are the outcomes of its charter's development plan.
        outcome = charter.plan.filter(outcome__startswith=summary[:60]).first()
        with demo_clock.at(start):
            project = services.create_project(
                actor=officer,
                partnership=partnership,
                charter=charter,
                level=charter.levels.get(name=level_name),
                title=title,
                summary=summary,
                level_reason=reason,
                improvement_priority=priority,
                plan_outcome=outcome,
                target_date=target,
                considerations={
                    c.key: "Agreed at the first meeting with the parent carer forum."
                    for c in charter.considerations.all()
                },
            )
            people = (
                User.objects.in_partnership(partnership).families()
                | User.objects.in_partnership(partnership).forum_leads()
            ).exclude(pk=officer.pk)
            for person in people.order_by("email"):
                services.add_member(project, person, officer)
            if public:
                services.make_public(project, officer, True)
        family = project.members.filter(kind=Member.Kind.FAMILY).order_by("user__email").first()
        said = dict((stage, (kind, text)) for stage, kind, text in contributions)
        for i, stage in enumerate(STAGES[: min(done + 1, len(STAGES))]):
            record = project.stages.get(stage=stage)
            # The stage in progress began when the one before it was completed.
            began = days[i - 1][1] if i else start
            if stage in said:
                kind, text = said[stage]
                with demo_clock.at(demo_clock.moment(began, 19)):
                    services.contribute(record, family, kind, text)
            if i < done:
                meeting_day, completed = days[i]
                # Consultations gathered families' views elsewhere; the others met them at each stage.
                if not services.family_took_part(record) and level_name != "Consultation":
                    hold_past_meeting(record, meeting_day)
                if title in DECISIONS and DECISIONS[title][0] == stage:
                    record_demo_decision(project, record, officer, meeting_day)
                reason = (
                    "" if services.family_took_part(record) else "families' views were gathered at the forum meeting"
                )
                with demo_clock.at(demo_clock.moment(completed, 16)):
                    services.complete_stage(record, officer, reason)
        if title == "Wirral Health Passports":
            passport_feedback(partnership).update(project=project)
        made += 1
    return made


def passport_feedback(partnership):
    """What Wirral's families said that the Health Passports answer."""
    return partnership.feedback.filter(Q(text__icontains="passport") | Q(text__icontains="new doctor"))


def record_demo_decision(project: Project, record, officer, day: datetime.date) -> None:
    """The decision the stage's meeting made, shaped by what members and families had said by then."""
    _stage, what, how = DECISIONS[project.title]
    decided = demo_clock.moment(day, 13)
    feedback = passport_feedback(project.partnership)
    with demo_clock.at(decided):
        services.record_decision(
            record,
            officer,
            list(Contribution.objects.filter(stage__project=project, created_at__lte=decided)),
            list(feedback.filter(received_at__lte=decided)) if project.title == "Wirral Health Passports" else [],
            what=what,
            how_input_shaped=how,
            decided_on=day,
        )


def create_upkeep() -> None:
    """What officers keep up to date, on Hounslow's toolkit project (Hounslow's meeting rules apply):
    a workshop whose papers are due, a meeting with its papers sent, an invitation waiting, and on
    Wirral's Key Worker Team a decision changed with its earlier wording kept."""
    project = Project.objects.filter(title="Co-production toolkit for professionals").first()
    if project is None or project.meetings.filter(recorded_afterwards=False).exists():
        return
    officer = project.lead_officer
    record = project.stages.get(stage=project.current_stage)
    today = timezone.localdate()
    services.schedule_meeting(
        record,
        officer,
        title="Toolkit workshop",
        date=today + datetime.timedelta(days=5),
        start=datetime.time(10),
        end=datetime.time(12),
        place="Hounslow House, Bath Road",
        agenda="1. The toolkit's contents\n2. Easy read guides\n3. Case studies from Hounslow families",
        booked_on=today - datetime.timedelta(days=30),
    )
    later = services.schedule_meeting(
        record,
        officer,
        title="Easy read guides review",
        date=today + datetime.timedelta(days=40),
        start=datetime.time(10, 30),
        end=datetime.time(12),
        place="Hounslow House, Bath Road",
        agenda="Young people check the easy read guides.",
    )
    services.add_paper(later, ContentFile(PAPER, name="agenda.pdf"), "agenda.pdf", officer)
    services.send_papers(later, officer)
    nhs = Organisation.objects.filter(partnership=project.partnership, kind=Organisation.Kind.NHS).first()
    services.invite(project, "therapies.lead@hounslow.example.org", Member.Kind.PROFESSIONAL, officer, nhs)

    keyworkers = Project.objects.filter(title="Wirral Key Worker Team").first()
    decision = keyworkers.decisions.first() if keyworkers else None
    if decision is not None:
        services.change_decision(
            decision,
            keyworkers.lead_officer,
            list(decision.contributions.all()),
            list(decision.feedback.all()),
            what=decision.what + ", and a young person chairs each panel",
            decided_on=decision.decided_on,
            how_input_shaped=decision.how_input_shaped,
        )


# A one-page PDF agenda.
PAPER = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


DECISIONS = {
    "Wirral Health Passports": (
        "method",
        "One Health Passport, as a good paper copy and an editable electronic version, that young people can fill "
        "in themselves",
        "Parents said repeating their child's needs to every professional was exhausting; young people asked to "
        "fill it in themselves; families asked for an electronic copy as well as paper.",
    ),
    "Wirral Key Worker Team": (
        "method",
        "Young people and parents sit on their own interview panels, with equal weight to the formal panel",
        "A parent asked for one person who knows the family's story; young people asked to choose their key workers.",
    ),
}
