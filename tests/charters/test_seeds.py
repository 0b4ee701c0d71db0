"""The five seed charters load faithfully: counts against the seed text, and exact sentences."""

import pytest

from charters import demo
from charters.models import Charter, Commitment
from charters.services import charter_to_data

# (slug, principles, statement, we-will, how, looks-like, levels, review questions, signatories, themes,
#  outcomes, sections, plan outcomes, case studies). Levels and review questions a charter leaves out
# are the defaults' (3 and 19).
COUNTS = [
    ("telford-and-wrekin", 4, 16, 0, 29, 0, 3, 19, 0, 0, 0, 1, 0, 0),
    ("hounslow", 10, 0, 0, 0, 0, 3, 19, 0, 0, 0, 1, 0, 0),
    ("wirral", 6, 18, 0, 0, 0, 3, 19, 0, 4, 0, 6, 0, 3),
    ("tameside", 4, 32, 0, 0, 0, 7, 19, 12, 0, 0, 6, 5, 0),
    ("worcestershire", 5, 0, 0, 0, 16, 3, 19, 0, 5, 5, 4, 0, 0),
]


@pytest.fixture(scope="module")
def seeds(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        demo.create_partnerships()
        demo.load_seed_charters()
        yield {c.partnership.slug: c for c in Charter.objects.published().select_related("partnership")}
        demo.Partnership.objects.all().delete()


@pytest.mark.django_db
@pytest.mark.parametrize("row", COUNTS, ids=[r[0] for r in COUNTS])
def test_each_seed_has_every_part_of_its_charter(seeds, row):
    slug, principles, statement, we_will, how, looks_like, levels, reviews, signatories, *rest = row
    themes, outcomes, sections, plan, case_studies = rest
    charter = seeds[slug]
    kinds = Commitment.objects.filter(principle__charter=charter)
    assert charter.principles.count() == principles
    assert kinds.filter(kind="statement").count() == statement
    assert kinds.filter(kind="we-will").count() == we_will
    assert kinds.filter(kind="how").count() == how
    assert kinds.filter(kind="looks-like").count() == looks_like
    assert charter.levels.count() == levels
    assert charter.review_questions.count() == reviews
    assert charter.signatories.count() == signatories
    assert charter.themes.count() == themes
    assert charter.outcomes.count() == outcomes
    assert charter.sections.count() == sections
    assert charter.plan.count() == plan
    assert charter.case_studies.count() == case_studies
    assert charter.stage_questions.count() == 6


SENTENCES = [
    ("telford-and-wrekin", "principle", "Feel valued and included"),
    # The source's own heading, cut short as it is published.
    ("telford-and-wrekin", "principle", "Feel welcomed and cared"),
    (
        "telford-and-wrekin",
        "commitment",
        "Inviting feedback and enable two-way communication using the ‘You Said, We Did’ approach.",
    ),
    ("telford-and-wrekin", "section", "For more information"),
    ("hounslow", "principle", "Parents and carers contribution"),
    ("hounslow", "summary", "meetings are to be scheduled between 10am and 2pm"),
    ("hounslow", "section", "About this document"),
    ("wirral", "principle", "Lived experiences"),
    (
        "wirral",
        "commitment",
        "Stay grounded to the reality of Wirral people, their views and lived experiences",
    ),
    ("wirral", "review", "Did the experts by experience feel their involvement was valued?"),
    ("wirral", "review", "Was there monitoring at the beginning, middle and end of the project"),
    ("wirral", "section", "Remember WIRRAL"),
    ("wirral", "section", "Steps to Effective Co-production"),
    ("wirral", "case_study", "Wirral Health Passports"),
    ("wirral", "quote", "I’ve learned a lot and enjoyed being involved from the start. It’s fun to co-produce"),
    (
        "wirral",
        "kite_mark",
        "Only when these principles are met, and signed off by key stakeholder groups, will a document or project "
        "be truly co-produced and where you will see our co-production kite mark:",
    ),
    ("tameside", "principle", "We Are Clear, Transparent, and Honest"),
    ("tameside", "commitment", 'We actively listen and demonstrate impact through "You Said, We Are Doing."'),
    ("tameside", "level", "Coercing"),
    ("tameside", "section", "How this Charter Links to the Wider Strategic Work of the LAP"),
    ("tameside", "section", "Actions to Ensure Effective Co-Production"),
    ("tameside", "plan", "SEND IMPROVEMENT PLAN Priority 7"),
    ("tameside", "signatory", "Steph Sloan"),
    ("worcestershire", "commitment", "We create a clear feedback cycle — you said, we did."),
    ("worcestershire", "outcome", "I feel safe and supported"),
    ("worcestershire", "section", "More information and resources on co-production"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("slug", "part", "text"), SENTENCES)
def test_exact_sentences_of_the_seeds(seeds, slug, part, text):
    charter = seeds[slug]
    found = {
        "principle": lambda: charter.principles.filter(title=text).exists(),
        "summary": lambda: charter.principles.filter(summary__contains=text).exists(),
        "commitment": lambda: Commitment.objects.filter(principle__charter=charter, text=text).exists(),
        "review": lambda: charter.review_questions.filter(text=text).exists(),
        "level": lambda: charter.levels.filter(name=text).exists(),
        "outcome": lambda: charter.outcomes.filter(statement=text).exists(),
        "section": lambda: charter.sections.filter(heading=text).exists(),
        "plan": lambda: charter.plan.filter(priority=text).exists(),
        "case_study": lambda: charter.case_studies.filter(title=text).exists(),
        "quote": lambda: any(text in story.quotes for story in charter.case_studies.all()),
        "signatory": lambda: charter.signatories.filter(name=text).exists(),
        "kite_mark": lambda: charter.kite_mark.statement == text,
    }[part]
    assert found()


@pytest.mark.django_db
def test_seed_structures_are_kept(seeds):
    hounslow = seeds["hounslow"]
    standard = hounslow.meeting_standard
    assert (standard.max_minutes, standard.min_notice_days, standard.papers_notice_days) == (120, 25, 7)
    assert standard.in_plain_words()[0] == "Meetings for parents and carers are held between 10am and 2pm."
    assert hounslow.numbered and hounslow.title == "Co-production Charter"

    wirral = seeds["wirral"]
    assert [lv.name for lv in wirral.levels.all()] == ["Consultation", "Co-design", "Co-production"]
    assert (wirral.published_in_words, wirral.review_due_in_words) == ("February 2023", "February 2024")
    assert str(wirral.review_due_on) == "2024-02-01"
    # The charter says "key stakeholder groups" (named by the partnership) and sets no number of
    # family reviews for its kite mark.
    assert (wirral.kite_mark.sign_off_by, wirral.kite_mark.min_family_reviews) == (["forum", "young-people"], 0)
    assert [story.level for story in wirral.case_studies.all()] == ["Co-production", "Co-design", "Consultation"]
    assert len(wirral.case_studies.get(title="Wirral Health Passports").quotes) == 3
    assert [s.place for s in wirral.sections.all()][:2] == ["before-themes", "before-principles"]

    tameside = seeds["tameside"]
    assert tameside.title == "Tameside Co-production Charter and Development Plan"
    assert [lv.group for lv in tameside.levels.all()] == ["doing-to"] * 3 + ["doing-for"] * 2 + ["doing-with"] * 2
    assert tameside.levels.get(kite_mark=True).name == "Co-producing"
    assert tameside.signatories.filter(name="Emma Alexander", role="CEO Tameside Council").exists()
    sloan = tameside.signatories.get(name="Steph Sloan")
    assert sloan.organisation == "Tameside & Glossop NHS Integrated Care Foundation Trust (ICFT)"
    assert sloan.role == "Deputy Place-Based Lead GM NHS (Tameside) Executive Director"
    assert not tameside.signatories.filter(name="", role="Executive Director").exists()
    assert [o.priority for o in tameside.plan.all()] == [
        "",
        "SEND IMPROVEMENT PLAN Priority 5",
        "SEND IMPROVEMENT PLAN Priority 7",
        "Completed through last SEND action plan with additional coproduction with parents to improve the "
        "efficacy of the information.",
        "SEND IMPROVEMENT PLAN Priority 2",
    ]
    assert [o.timescale for o in tameside.plan.all()][:2] == ["By September 2025", "By April 2026"]
    assert not Commitment.objects.filter(principle__charter=tameside).exclude(kind="statement").exists()

    worcestershire = charter_to_data(seeds["worcestershire"])
    assert worcestershire["principles"][0]["themes"] == ["communicate"]
    assert worcestershire["outcomes"][2]["themes"] == ["communicate", "work-in-partnership"]
    assert worcestershire["charter"]["headings"] == {"looks-like": "What does this look like?"}
    assert worcestershire["charter"]["source"] == ""
    assert "](https://www.worcestershire.gov.uk/SENDcoproduction)" in worcestershire["sections"][-1]["body"]

    telford = seeds["telford-and-wrekin"]
    headings = [heading for heading, _ in telford.principles.first().commitment_groups()]
    assert headings == ["", "We will achieve this by:"]
    assert not telford.signatories.exists()
