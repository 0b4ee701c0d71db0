"""The "Words we use" page, the links to it from a charter's text, and the reading ease score."""

import re

import pytest
from django.urls import reverse

from charter_portal import glossary, readability
from charters import demo

# The jargon the issue names, and the page's id for each.
NAMED = {
    "SMART": "smart",
    "stakeholders": "stakeholders",
    "parameters": "parameters",
    "block contracts": "block-contracts",
    "SENDIASS": "sendiass",
    "Local Offer": "local-offer",
    "EHCP": "ehcp",
    "co-production": "co-production",
    "NAOMIE": "naomie",
    "kite mark": "kite-mark",
    "parent carer forum": "parent-carer-forum",
    "SEND": "send",
}


def test_the_page_explains_every_word_with_an_anchor(client, db):
    page = client.get(reverse("glossary")).text
    assert "<title>Words we use – Charter Portal</title>" in page
    for word, anchor in NAMED.items():
        assert f'id="{anchor}"' in page, word
    for term in glossary.TERMS:
        assert f'<h2 class="govuk-heading-m" id="{term.id}">{term.name}</h2>' in page
    assert len({term.id for term in glossary.TERMS}) == len(glossary.TERMS)


@pytest.mark.parametrize("word", NAMED)
def test_each_named_word_is_found_as_the_charters_write_it(word):
    term = next(t for t in glossary.TERMS if t.id == NAMED[word])
    assert term.regex.search(f"Here is {word}, in a sentence.")


def test_words_repeated_in_the_seeds_are_all_explained():
    seeds = " ".join((demo.SEEDS / f"{name}.yaml").read_text(encoding="utf-8") for name in demo.SEED_FILES)
    for term in glossary.TERMS:
        assert term.regex.search(seeds), f"{term.name} is in no seed charter"
    # Every term a seed uses twice or more that is jargon to a parent has an entry.
    for word in ("lived experience", "co-design", "Local Area Partnership", "easy read", "outcomes"):
        assert any(term.regex.search(word) for term in glossary.TERMS), word


def test_only_the_first_use_is_linked_and_nothing_is_escaped_twice():
    html = '<p class="govuk-body">SEND &amp; SENDIASS, then SEND again. send is a verb.</p>'
    linked = glossary.link_terms(html)
    assert linked == (
        '<p class="govuk-body"><a class="govuk-link" href="/words-we-use/#send">SEND</a> &amp; '
        '<a class="govuk-link" href="/words-we-use/#sendiass">SENDIASS</a>, then SEND again. send is a verb.</p>'
    )


def test_links_headings_buttons_and_the_portals_notes_are_left_alone():
    html = (
        '<h2 class="govuk-heading-l">Co-production</h2>'
        '<a class="govuk-link" href="/x">the Local Offer</a>'
        '<div class="govuk-inset-text app-no-glossary"><p>We use the kite mark of <em>Wirral</em>.</p></div>'
        "<p>The <strong>Local Offer</strong> and the kite mark.</p>"
        '<p title="SEND">The SENDIASS <br> service.</p>'
    )
    linked = glossary.link_terms(html)
    assert '<h2 class="govuk-heading-l">Co-production</h2>' in linked
    assert '<a class="govuk-link" href="/x">the Local Offer</a>' in linked
    assert "<p>We use the kite mark of <em>Wirral</em>.</p>" in linked
    assert "<strong>Local Offer</strong>" in linked
    assert 'and the <a class="govuk-link" href="/words-we-use/#kite-mark">kite mark</a>.' in linked
    # Attributes are never touched; only text is.
    assert (
        '<p title="SEND">The <a class="govuk-link" href="/words-we-use/#sendiass">SENDIASS</a> <br> service.</p>'
        in (linked)
    )


def test_escaped_markup_in_a_charter_stays_escaped():
    html = "<p>&lt;script&gt;SEND&lt;/script&gt;</p>"
    assert glossary.link_terms(html) == (
        '<p>&lt;script&gt;<a class="govuk-link" href="/words-we-use/#send">SEND</a>&lt;/script&gt;</p>'
    )


@pytest.mark.parametrize(
    ("word", "count"),
    [("cat", 1), ("table", 2), ("families", 3), ("co-production", 4), ("asked", 1), ("people", 2), ("2025", 1)],
)
def test_syllables_are_counted_near_enough(word, count):
    assert readability.syllables(word) == count


def test_reading_ease_of_easy_and_hard_text():
    assert readability.flesch_reading_ease("The cat sat on the mat.") == 116.1
    easy = "We listen to families. We do what we say. We tell you what changed."
    hard = (
        "Notwithstanding organisational considerations, the partnership's comprehensive co-production "
        "methodology facilitates collaborative commissioning arrangements across multidisciplinary stakeholders."
    )
    assert readability.flesch_reading_ease(easy) >= readability.EASY
    assert readability.flesch_reading_ease(hard) < 0
    assert readability.in_words(readability.flesch_reading_ease(hard)) == "very hard to read"
    assert readability.flesch_reading_ease("") is None
    # A line of its own (a heading, a list item) is a sentence of its own.
    assert readability.sentences("Who are you\nA parent or carer\n") == ["Who are you", "A parent or carer"]


def test_the_formula_is_flesch_reading_ease():
    text = "Families and services work together. Everyone has a say."
    found = readability.words(text)
    syllables = sum(readability.syllables(w) for w in found)
    expected = 206.835 - 1.015 * len(found) / 2 - 84.6 * syllables / len(found)
    assert readability.flesch_reading_ease(text) == round(expected, 1)
    assert re.fullmatch(r"-?\d+(\.\d)?", str(readability.flesch_reading_ease(text)))
