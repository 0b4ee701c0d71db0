"""The insights page in Chromium: axe-clean, fits a 320 px screen, and a period chosen with the
real button (without JavaScript too) is the one shown."""

import datetime

import pytest
from django.urls import reverse

from tests.browser.conftest import assert_accessible, sign_in, visit
from tests.browser.test_charter_words import assert_fits_320
from tests.reviews.test_insights import PERIOD, year  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def choose_period(page) -> None:
    page.get_by_text("Choose any dates").click()
    for field, day in (("start", PERIOD.start), ("end", PERIOD.end)):
        group = page.get_by_role("group", name="From" if field == "start" else "To")
        group.get_by_label("Day").fill(str(day.day))
        group.get_by_label("Month").fill(str(day.month))
        group.get_by_label("Year").fill(str(day.year))
    page.get_by_role("button", name="Show this period").click()


@pytest.mark.parametrize("signed_in", [False, True])
def test_insights_are_accessible_and_fit_a_phone(page, live_server, year, officer, signed_in):  # noqa: F811
    if signed_in:
        sign_in(page, live_server, officer)
    visit(page, live_server.url + reverse("reviews:insights", args=["wirral"]))
    assert_accessible(page)
    choose_period(page)
    assert page.get_by_role("heading", level=1).inner_text() == "Insights: 1 July to 30 September 2026"
    assert page.locator("svg.app-bar-chart").count() >= 5
    assert_accessible(page)
    assert_fits_320(page)


def test_a_wrong_period_is_explained_accessibly(page, live_server, year):  # noqa: F811
    visit(page, live_server.url + reverse("reviews:insights", args=["wirral"]))
    page.get_by_text("Choose any dates").click()
    page.get_by_role("group", name="To").get_by_label("Year").fill(str(datetime.date.today().year - 1))
    page.get_by_role("button", name="Show this period").click()
    assert (
        "The last day must be the same as or after the first day" in page.locator(".govuk-error-summary").inner_text()
    )
    assert_accessible(page)


def test_the_period_can_be_chosen_without_javascript(browser, live_server, year):  # noqa: F811
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(5000)
    page.goto(live_server.url + reverse("reviews:insights", args=["wirral"]))
    choose_period(page)
    assert page.get_by_role("heading", level=1).inner_text() == "Insights: 1 July to 30 September 2026"
    context.close()
