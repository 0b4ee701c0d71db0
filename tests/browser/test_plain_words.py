"""Plain words in a real Chromium: what a family needs is in a phone's first screen, the glossary and
the printable charter pass axe-core, and review charts read at 320px."""

import pytest
from django.urls import reverse

from charters import demo
from reviews import services
from tests.browser.conftest import assert_accessible, sign_in, visit
from tests.conftest import review_answers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 320, "height": 640}


def no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide at {PHONE['width']}px"


@pytest.mark.parametrize("slug", ["wirral", "tameside"])
def test_tell_us_and_check_your_feedback_are_in_a_phones_first_screen(page, live_server, slug):
    demo.create_partnerships()
    demo.load_seed_charters()
    page.set_viewport_size(PHONE)
    for url_name in ("charters:partnership", "charters:charter"):
        visit(page, live_server.url + reverse(url_name, args=[slug]))
        for name in ("Tell us something", "Check your feedback"):
            box = page.get_by_role("link", name=name, exact=True).first.bounding_box()
            assert box and box["y"] + box["height"] <= PHONE["height"], f"{name} is below the fold on {page.url}"
        no_sideways_scroll(page)


def test_words_we_use_and_the_printable_charter_are_accessible(page, live_server):
    demo.create_partnerships()
    demo.load_seed_charters()
    visit(page, live_server.url + reverse("glossary"))
    assert page.get_by_role("heading", name="NAOMIE").is_visible()
    assert_accessible(page)
    visit(page, live_server.url + reverse("charters:charter", args=["wirral"]))
    page.get_by_role("link", name="NAOMIE").first.click()
    assert page.url.endswith("/words-we-use/#naomie")
    visit(page, live_server.url + reverse("charters:charter", args=["tameside"]))
    page.get_by_role("link", name="Print this charter").click()
    assert page.get_by_role("heading", name="Tameside Co-production Charter and Development Plan").is_visible()
    assert page.locator(".govuk-service-navigation, .govuk-footer, .govuk-breadcrumbs").count() == 0
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    no_sideways_scroll(page)


def test_review_charts_are_named_and_read_at_320px(page, live_server, family, officer, project_in_evaluation):
    project = project_in_evaluation
    services.answer_review(project, project.members.get(user=family), review_answers(project, "partly"), False)
    services.answer_review(project, project.members.get(user=officer), review_answers(project, "no"), False)
    sign_in(page, live_server, officer)
    page.set_viewport_size(PHONE)
    visit(page, live_server.url + reverse("reviews:results", args=["wirral", project.pk]))
    no_sideways_scroll(page)
    question = project.charter.review_questions.filter(answer="scale").first()
    chart = page.get_by_role("img", name=f"Answers to “{question.text}”", exact=False).first
    assert chart.is_visible()
    body_font = page.locator("main p.govuk-body").first.evaluate("e => getComputedStyle(e).fontFamily")
    for label in page.locator(".app-chart-box__label").all()[:2]:
        style = label.evaluate("e => [getComputedStyle(e).fontFamily, parseFloat(getComputedStyle(e).fontSize)]")
        assert style[0] == body_font and style[1] >= 16
    box = chart.bounding_box()
    assert box["width"] >= 100 and box["x"] + box["width"] <= PHONE["width"]
    assert_accessible(page)
