"""Demo projects: Wirral's case studies and Tameside's development-plan outcomes, at realistic stages."""

import datetime

from accounts.models import Role, User
from charters.models import Partnership
from projects import services
from projects.models import STAGES, Contribution, Member

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
]


def create_projects() -> int:
    made = 0
    for slug, title, level_name, reason, priority, target, summary, done, public, contributions in PROJECTS:
        partnership = Partnership.objects.filter(slug=slug).first()
        if partnership is None or partnership.projects.filter(title=title).exists():
            continue
        charter = partnership.charters.published().first()
        officer = User.objects.filter(partnership=partnership, role=Role.OFFICER).order_by("email").first()
        if charter is None or officer is None:
            continue
        project = services.create_project(
            actor=officer,
            partnership=partnership,
            charter=charter,
            level=charter.levels.get(name=level_name),
            title=title,
            summary=summary,
            level_reason=reason,
            improvement_priority=priority,
            target_date=target,
            considerations={
                c.key: "Agreed at the first meeting with the parent carer forum." for c in charter.considerations.all()
            },
        )
        people = User.objects.filter(partnership=partnership, role__in=[Role.FAMILY, Role.FORUM_LEAD]).exclude(
            pk=officer.pk
        )
        for person in people.order_by("email"):
            services.add_member(project, person, officer)
        family = project.members.filter(kind=Member.Kind.FAMILY).order_by("user__email").first()
        said = dict((stage, (kind, text)) for stage, kind, text in contributions)
        for stage in STAGES[: min(done + 1, len(STAGES))]:
            record = project.stages.get(stage=stage)
            if stage in said:
                kind, text = said[stage]
                services.contribute(record, family, kind, text)
            if STAGES.index(stage) < done:
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
