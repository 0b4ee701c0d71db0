"""The five seed charters load faithfully: counts against the seed text, and exact sentences."""

import pytest

from charters import demo
from charters.models import Charter, Commitment
from charters.services import charter_to_data

# (slug, principles, we-will, how, looks-like, levels, review questions, signatories, themes, outcomes)
COUNTS = [
    ("telford-and-wrekin", 4, 16, 29, 0, 3, 19, 1, 0, 0),
    ("hounslow", 10, 0, 0, 0, 3, 19, 0, 0, 0),
    ("wirral", 6, 18, 0, 0, 3, 19, 0, 4, 0),
    ("tameside", 5, 35, 0, 0, 7, 19, 13, 0, 0),
    ("worcestershire", 5, 0, 0, 16, 3, 19, 0, 5, 5),
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
    slug, principles, we_will, how, looks_like, levels, reviews, signatories, themes, outcomes = row
    charter = seeds[slug]
    kinds = Commitment.objects.filter(principle__charter=charter)
    assert charter.principles.count() == principles
    assert kinds.filter(kind="we-will").count() == we_will
    assert kinds.filter(kind="how").count() == how
    assert kinds.filter(kind="looks-like").count() == looks_like
    assert charter.levels.count() == levels
    assert charter.review_questions.count() == reviews
    assert charter.signatories.count() == signatories
    assert charter.themes.count() == themes
    assert charter.outcomes.count() == outcomes
    assert charter.stage_questions.count() == 6


SENTENCES = [
    ("telford-and-wrekin", "principle", "Feel valued and included"),
    (
        "telford-and-wrekin",
        "commitment",
        "Inviting feedback and enable two-way communication using the ‘You Said, We Did’ approach.",
    ),
    ("hounslow", "principle", "Parents and carers contribution"),
    ("hounslow", "summary", "meetings are to be scheduled between 10am and 2pm"),
    ("wirral", "principle", "Lived experiences"),
    (
        "wirral",
        "commitment",
        "Stay grounded to the reality of Wirral people, their views and lived experiences",
    ),
    ("wirral", "review", "Did the experts by experience feel their involvement was valued?"),
    ("tameside", "principle", "We Are Clear, Transparent, and Honest"),
    ("tameside", "commitment", 'We actively listen and demonstrate impact through "You Said, We Are Doing."'),
    ("tameside", "level", "Coercing"),
    ("worcestershire", "commitment", "We create a clear feedback cycle — you said, we did."),
    ("worcestershire", "outcome", "I feel safe and supported"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("slug", "part", "text"), SENTENCES)
def test_exact_sentences_of_the_seeds(seeds, slug, part, text):
    charter = seeds[slug]
    found = {
        "principle": charter.principles.filter(title=text),
        "summary": charter.principles.filter(summary__contains=text),
        "commitment": Commitment.objects.filter(principle__charter=charter, text=text),
        "review": charter.review_questions.filter(text=text),
        "level": charter.levels.filter(name=text),
        "outcome": charter.outcomes.filter(statement=text),
    }[part]
    assert found.exists()


@pytest.mark.django_db
def test_seed_structures_are_kept(seeds):
    hounslow = seeds["hounslow"].meeting_standard
    assert (hounslow.max_minutes, hounslow.min_notice_days, hounslow.papers_notice_days) == (120, 25, 7)
    assert hounslow.in_plain_words()[0] == "Meetings for parents and carers are held between 10am and 2pm."
    wirral = seeds["wirral"]
    assert [lv.name for lv in wirral.levels.all()] == ["Consultation", "Co-design", "Co-production"]
    assert str(wirral.review_due_on) == "2024-02-01"
    tameside = seeds["tameside"]
    assert [lv.group for lv in tameside.levels.all()] == ["doing-to"] * 3 + ["doing-for"] * 2 + ["doing-with"] * 2
    assert tameside.levels.get(kite_mark=True).name == "Co-producing"
    assert tameside.signatories.filter(name="Emma Alexander", role="CEO Tameside Council").exists()
    worcestershire = charter_to_data(seeds["worcestershire"])
    assert worcestershire["principles"][0]["themes"] == ["communicate"]
    assert worcestershire["outcomes"][2]["themes"] == ["communicate", "work-in-partnership"]
    telford = seeds["telford-and-wrekin"].principles.first()
    assert [label for label, _ in telford.commitments_by_kind()] == ["We will", "How we will do it"]
