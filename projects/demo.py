"""Demo projects: Wirral's case studies and Tameside's development-plan outcomes, at realistic stages."""

import datetime

from django.core.files.base import ContentFile

from accounts.models import User
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


def hold_past_meeting(record, i: int) -> None:
    """A stage meeting every member came to, some months ago."""
    project = record.project
    members = list(project.members.current())
    services.record_past_meeting(
        record,
        project.lead_officer,
        members,
        "Everyone shared their views. Families chose what to do next.",
        title=f"{record.get_stage_display()} meeting",
        date=datetime.date(2025, 1, 15) + datetime.timedelta(days=30 * i),
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
        # Tameside's projects are the outcomes of its charter's development plan.
        outcome = charter.plan.filter(outcome__startswith=summary[:60]).first()
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
                c.key: "Agreed at the first meeting with the parent carer forum." for c in charter.considerations.all()
            },
        )
        people = (
            User.objects.in_partnership(partnership).families() | User.objects.in_partnership(partnership).forum_leads()
        ).exclude(pk=officer.pk)
        for person in people.order_by("email"):
            services.add_member(project, person, officer)
        family = project.members.filter(kind=Member.Kind.FAMILY).order_by("user__email").first()
        said = dict((stage, (kind, text)) for stage, kind, text in contributions)
        for i, stage in enumerate(STAGES[: min(done + 1, len(STAGES))]):
            record = project.stages.get(stage=stage)
            if stage in said:
                kind, text = said[stage]
                services.contribute(record, family, kind, text)
            if STAGES.index(stage) < done:
                # Consultations gathered families' views elsewhere; the others met them at each stage.
                if not services.family_took_part(record) and level_name != "Consultation":
                    hold_past_meeting(record, i)
                reason = (
                    "" if services.family_took_part(record) else "families' views were gathered at the forum meeting"
                )
                services.complete_stage(record, officer, reason)
        if title == "Wirral Health Passports":
            project.partnership.feedback.filter(text__icontains="passport").update(project=project)
        if title in DECISIONS:
            stage, what, how = DECISIONS[title]
            record = project.stages.get(stage=stage)
            services.record_decision(
                record,
                officer,
                list(Contribution.objects.filter(stage__project=project)),
                list(project.partnership.feedback.filter(text__icontains="passport")),
                what=what,
                how_input_shaped=how,
                decided_on=datetime.date(2021, 6, 1),
            )
        if public:
            services.make_public(project, officer, True)
        made += 1
    return made


def create_upkeep() -> None:
    """What officers keep up to date, on Hounslow's toolkit project (Hounslow's meeting rules apply):
    a workshop whose papers are due, a meeting with its papers sent, an invitation waiting, and on
    Wirral's Key Worker Team a decision changed with its earlier wording kept."""
    project = Project.objects.filter(title="Co-production toolkit for professionals").first()
    if project is None or project.meetings.filter(recorded_afterwards=False).exists():
        return
    officer = project.lead_officer
    record = project.stages.get(stage=project.current_stage)
    today = datetime.date.today()
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
