"""A charter page in plain words: "In short" first, the glossary's words linked, a printable page
and the charter file offered as what it is."""

import re

import pytest
from django.urls import reverse

from charters import demo
from charters.models import Charter
from tests.conftest import SMALL_CHARTER, client_for, make_charter

SUMMARY = "This charter is our promise. We listen first. We explain our decisions. We show what changed."
WITH_SUMMARY = SMALL_CHARTER.replace(
    '  version: "2023"\n', f'  version: "2023"\n  summary: "{SUMMARY}"\n  vision: "We want every child to thrive."\n'
)


def text_of(html: str) -> str:
    """The words of a page without its tags, so a glossary link does not split a sentence."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_in_short_opens_the_charter_above_the_full_text(client, partnership):
    make_charter(partnership, text=WITH_SUMMARY)
    page = client.get(reverse("charters:charter", args=["wirral"])).text
    main = page[page.index('id="main-content"') :]
    assert "In short</h2>" in main
    # The first heading after the charter's title, before its details and every part of the charter.
    headings = re.findall(r"<h2[^>]*>([^<]+)</h2>", main)
    assert headings[0] == "In short"
    assert main.index("In short</h2>") < main.index("Version</dt>") < main.index("Vision</h2>")
    assert SUMMARY in text_of(main)


def test_a_charter_without_a_summary_shows_no_in_short_and_no_one_elses(client, partnership, other_partnership):
    make_charter(
        other_partnership, text=WITH_SUMMARY.replace("{name: Wirral, slug: wirral}", "{name: Hounslow, slug: hounslow}")
    )
    make_charter(partnership)
    page = client.get(reverse("charters:charter", args=["wirral"])).text
    assert "In short" not in page
    assert "We listen first" not in page


@pytest.mark.parametrize("slug", demo.SEED_FILES)
def test_a_seed_without_a_summary_gets_none_invented(client, db, slug):
    """None of the five published charters has an "In short" of its own: the demo shows none rather
    than put words in an area's mouth."""
    demo.create_partnerships()
    demo.load_seed_charters()
    seed = demo.seed_data(slug)
    charter = Charter.objects.get(partnership__slug=slug)
    assert charter.summary == seed["charter"].get("summary", "")
    page = client.get(reverse("charters:charter", args=[slug])).text
    assert ("In short</h2>" in page) == bool(seed["charter"].get("summary"))


def test_the_download_is_the_charter_file_for_admins_and_there_is_a_printable_page(client, charter):
    page = client.get(reverse("charters:charter", args=["wirral"])).text
    assert "YAML" not in page
    assert "Download the charter file (for partnership admins)</a>" in page
    print_url = reverse("charters:print", args=["wirral", "2023"])
    assert f'<a class="govuk-link" href="{print_url}">Print this charter</a>' in page


def test_the_printable_page_has_the_whole_charter_and_no_menus(client, charter):
    page = client.get(reverse("charters:print", args=["wirral", "2023"])).text
    words = text_of(page)
    for part in ("Wirral SEND Co-production Charter", "Working Together", "By listening first", "A Leader"):
        assert part in words
    assert "govuk-service-navigation" not in page
    assert "govuk-footer" not in page
    assert "govuk-breadcrumbs" not in page
    assert "Print this charter" not in page and "Download the charter file" not in page
    assert "<title>Print: Wirral SEND Co-production Charter – Wirral – Charter Portal</title>" in page


def test_a_draft_prints_only_for_its_admins(client, draft, admin):
    url = reverse("charters:print", args=["wirral", "2024"])
    assert client.get(url).status_code == 404
    page = client_for(admin).get(url).text
    assert "This is a draft. It has not been published." in page


def test_the_draft_page_says_how_easy_the_summary_is_to_read(charter, draft, admin):
    draft.summary = "We listen to families. We do what we say. We tell you what changed."
    draft.save()
    page = client_for(admin).get(reverse("charters:edit_draft", args=["wirral", "2024"])).text
    assert "In short</dt>" in page
    assert "Reading ease: <strong>" in page
    assert "Most people find text scoring 60 or more easy to read." in page
    assert "Shorter sentences and shorter words make it easier." not in page

    draft.summary = (
        "Notwithstanding organisational considerations, the partnership's comprehensive co-production "
        "methodology facilitates collaborative commissioning arrangements across multidisciplinary "
        "stakeholders, ensuring accountability."
    )
    draft.save()
    page = client_for(admin).get(reverse("charters:edit_draft", args=["wirral", "2024"])).text
    assert "very hard to read" in page
    assert "Shorter sentences and shorter words make it easier." in page
    assert "YAML" not in page


def test_the_draft_page_says_when_there_is_no_summary(charter, draft, admin):
    page = client_for(admin).get(reverse("charters:edit_draft", args=["wirral", "2024"])).text
    assert "Not written. Families see it first" in page
    assert "Reading ease" not in page


@pytest.mark.parametrize("url_name", ["charters:partnership", "charters:charter"])
def test_area_and_charter_pages_link_to_tell_us_check_and_words_we_use_near_the_top(client, charter, url_name):
    page = client.get(reverse(url_name, args=["wirral"])).text
    links = page.index('class="govuk-list app-no-print app-family-links"')
    assert page.index("</h1>") < links
    top = page[links : page.index("</ul>", links)]
    assert f'href="{reverse("feedback:tell_us", args=["wirral"])}">Tell us something</a>' in top
    assert f'href="{reverse("feedback:check")}">Check your feedback</a>' in top
    assert f'href="{reverse("glossary")}">Words we use</a>' in top


def test_the_charter_links_the_first_use_of_each_glossary_word(client, partnership):
    make_charter(
        partnership,
        text=WITH_SUMMARY.replace(
            "We want every child to thrive.",
            "Co-production with the parent carer forum, for children with SEND. More co-production & SEND.",
        ),
    )
    page = client.get(reverse("charters:charter", args=["wirral"])).text
    body = page[page.index("In short</h2>") :]
    assert body.count('href="/words-we-use/#co-production"') == 1
    assert '<a class="govuk-link" href="/words-we-use/#co-production">Co-production</a> with the' in body
    assert '<a class="govuk-link" href="/words-we-use/#parent-carer-forum">parent carer forum</a>' in body
    assert body.count('href="/words-we-use/#send"') == 1
    assert "More co-production &amp; SEND." in body
    # The page's title and headings are not links.
    assert '<h1 class="govuk-heading-xl">Wirral SEND Co-production Charter</h1>' in page
