"""You Said, We Did in a real Chromium, with axe-core at every step: a parent
tells us something from a phone, an officer answers and publishes, the board shows it."""

import datetime
import re

import pytest
from django.urls import reverse

from feedback import services
from feedback.forms import topics_for
from feedback.models import Feedback
from tests.browser.conftest import assert_accessible, sign_in, visit
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_parent_tells_us_then_an_officer_answers_and_publishes(page, live_server, partnership, officer, charter):
    # A parent, on a phone, without an account.
    page.set_viewport_size({"width": 375, "height": 740})
    visit(page, live_server.url + reverse("charters:partnership", args=["wirral"]))
    page.get_by_role("button", name="Tell us something").click()
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    assert "Select what it is about" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("Health").check()
    page.get_by_label("What do you want to tell us?").fill("The clinic lost my son's health passport twice.")
    page.get_by_label("A parent or carer").check()
    page.get_by_label("Email address (optional)").fill("not-an-email")
    page.get_by_label("You can contact me about this").check()
    page.get_by_label("You can publish a short summary of this, without my name").check()
    page.get_by_role("button", name="Continue").click()
    assert "Enter an email address in the correct format" in page.locator(".govuk-error-summary").inner_text()
    assert page.get_by_label("What do you want to tell us?").input_value().startswith("The clinic lost")
    assert_accessible(page)
    page.get_by_label("Email address (optional)").fill("sam.parent@example.org")
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_role("heading", name="Check your answers before sending").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Send").click()
    assert page.get_by_role("heading", name="Thank you, we have your feedback").is_visible()
    assert_accessible(page)
    reference = page.locator(".app-reference").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", reference)

    # They check it later with the reference.
    visit(page, live_server.url + reverse("feedback:check"))
    assert_accessible(page)
    page.get_by_label("Your reference").fill(reference.lower())
    page.get_by_label("Email address you gave us (if you gave one)").fill("sam.parent@example.org")
    page.get_by_role("button", name="Check").click()
    assert page.get_by_role("heading", name=f"Your feedback {reference}").is_visible()
    assert_accessible(page)

    # An officer triages, answers and publishes.
    page.set_viewport_size({"width": 1200, "height": 900})
    sign_in(page, live_server, officer)
    visit(page, live_server.url + reverse("feedback:queue", args=["wirral"]))
    assert_accessible(page)
    page.get_by_role("link", name=reference).click()
    assert_accessible(page)
    page.get_by_role("button", name="Change status").click()
    assert "Select a status" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("We are doing").check()
    page.get_by_role("button", name="Change status").click()
    page.get_by_label("Assign to").select_option(label="Priya Officer")
    page.get_by_role("button", name="Assign").click()
    page.get_by_label("You said").fill("A parent told us clinics were losing health passports.")
    page.get_by_label("We did (or we are doing)").fill("Clinics now scan every passport and give it back the same day.")
    page.get_by_role("button", name="Publish").click()
    assert page.get_by_text("It is published on You Said, We Did").is_visible()
    assert_accessible(page)

    # The public board shows the summary, never what the parent wrote.
    visit(page, live_server.url + reverse("feedback:board", args=["wirral"]))
    assert page.get_by_text("A parent told us clinics were losing health passports.").is_visible()
    assert "The clinic lost my son" not in page.content()
    assert "sam.parent@example.org" not in page.content()
    assert_accessible(page)
    assert Feedback.objects.get().status == "doing"


def test_officer_pages_and_logging_form_are_accessible(page, live_server, officer, feedback_item):
    services.change_status(feedback_item, "considering", officer)
    Feedback.objects.filter(pk=feedback_item.pk).update(due_on="2020-01-01")
    sign_in(page, live_server, officer)
    visit(page, live_server.url + reverse("feedback:queue", args=["wirral"]) + "?overdue=on")
    assert page.get_by_text("Overdue").first.is_visible()
    assert_accessible(page)
    visit(page, live_server.url + reverse("feedback:log", args=["wirral"]))
    assert_accessible(page)
    page.get_by_role("button", name="Log feedback").click()
    assert "Select how they told us" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    visit(page, live_server.url + reverse("feedback:detail", args=["wirral", feedback_item.reference]))
    page.get_by_role("radio", name="Not able to").check()
    page.get_by_role("button", name="Change status").click()
    assert "Say why we are not able to do it" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)


def test_empty_board_and_account_with_feedback_are_accessible(page, live_server, family, feedback_item):
    visit(page, live_server.url + reverse("feedback:board", args=["wirral"]))
    assert page.get_by_text("Nothing has been published yet").is_visible()
    assert_accessible(page)
    Feedback.objects.filter(pk=feedback_item.pk).update(submitted_by=family)
    sign_in(page, live_server, family)
    visit(page, live_server.url + reverse("accounts:account"))
    assert page.get_by_text(feedback_item.display_reference).is_visible()
    assert_accessible(page)


def test_topics_page_is_accessible_with_and_without_errors(page, live_server, admin, partnership):
    sign_in(page, live_server, admin)
    visit(page, live_server.url + reverse("feedback:topics", args=["wirral"]))
    assert page.get_by_role("cell", name="SENDIASS", exact=True).is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Add topic").click()
    assert "Enter the topic's name" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("Topic name").fill("Preparing for adulthood")
    page.get_by_role("button", name="Add topic").click()
    assert page.get_by_role("cell", name="Preparing for adulthood", exact=True).is_visible()
    page.get_by_role("button", name="Hide Preparing for adulthood").click()
    assert page.get_by_text("is no longer offered to families").is_visible()


FITS = "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"


def test_an_officer_signs_in_on_a_narrow_phone_and_sorts_the_queue_by_due_date(page, live_server, partnership, officer):
    topic = topics_for(partnership).first()
    made = {}
    # Received one after the other, due in another order; one written as a single long word.
    for text, received, due in [
        ("Transport to school keeps changing", datetime.date(2026, 3, 2), datetime.date(2026, 3, 20)),
        ("Shortbreaksplease" * 4, datetime.date(2026, 3, 3), datetime.date(2026, 3, 16)),
        ("The Local Offer page is out of date", datetime.date(2026, 3, 4), datetime.date(2026, 3, 18)),
    ]:
        f = services.submit(partnership, topic=topic, who="parent-carer", text=text)
        Feedback.objects.filter(pk=f.pk).update(
            received_at=datetime.datetime.combine(received, datetime.time(10), tzinfo=datetime.UTC), due_on=due
        )
        made[received.day] = f.display_reference

    page.set_viewport_size({"width": 320, "height": 640})
    visit(page, live_server.url + reverse("accounts:login"))
    page.get_by_label("Email address").fill(officer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # An officer lands on their work: the partnership's feedback, newest first.
    page.wait_for_url(live_server.url + reverse("feedback:queue", args=["wirral"]))
    assert page.get_by_role("heading", name="Feedback", exact=True).is_visible()
    rows = page.get_by_role("region", name="Feedback").locator("tbody tr")
    assert [r.get_by_role("link").inner_text() for r in rows.all()] == [made[4], made[3], made[2]]
    assert page.evaluate(FITS)
    assert_accessible(page)

    page.get_by_label("Sort by").select_option(label="Oldest due first")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"sort=due"))
    assert page.get_by_role("table").locator("caption").inner_text() == "Oldest due first"
    assert [r.get_by_role("link").inner_text() for r in rows.all()] == [made[3], made[4], made[2]]
    assert rows.first.get_by_role("cell").nth(1).inner_text() == "3 March 2026"
    assert page.get_by_label("Sort by").input_value() == "due"
    assert page.evaluate(FITS), "the queue scrolls sideways at 320px"
    assert_accessible(page)


def test_the_topics_page_fits_a_narrow_phone(page, live_server, admin, partnership):
    topics_for(partnership)
    services.add_topic(partnership, admin, "Preparingforadulthoodandindependentliving")
    page.set_viewport_size({"width": 320, "height": 640})
    sign_in(page, live_server, admin)
    visit(page, live_server.url + reverse("feedback:topics", args=["wirral"]))
    assert page.get_by_role("region", name="Topics").is_visible()
    assert page.evaluate(FITS), "the topics page scrolls sideways at 320px"
    assert_accessible(page)
