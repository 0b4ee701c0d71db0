"""A copy of someone's information in a real Chromium with axe-core, at 320 px, and through the HTML
checker: a parent asks from their account page, the copy is made, they download it and the ZIP is
read back; the summary inside it is checked as a page of its own. An admin finds feedback given
without an account (a bad reference first) and sees the request in the list."""

import html
import json
import zipfile

import pytest
from django.urls import reverse

from accounts.models import DataRequest
from tests.browser.conftest import sign_in, visit
from tests.browser.test_charter_words import problems_on
from tests.conftest import make_feedback
from tests.html_check import html_errors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_parent_asks_for_a_copy_downloads_it_and_reads_it(page, live_server, family, tmp_path):
    family.access_needs = "Papers in large print, please"
    family.save(update_fields=["access_needs"])
    pages, problems = {}, []
    sign_in(page, live_server, family)
    visit(page, live_server.url + reverse("accounts:account"))
    page.get_by_role("link", name="Get a copy of your information").click()
    assert page.get_by_role("heading", name="Get a copy of your information").is_visible()
    problems += problems_on(page)
    pages["ask"] = page.content()

    # The tests' task backend makes the copy as soon as it is asked for; a worker would take a moment.
    page.get_by_role("button", name="Get a copy").click()
    made = DataRequest.objects.get(subject=family)
    page.wait_for_url(live_server.url + reverse("privacy:copy", args=[made.pk]))
    assert page.get_by_text("We are making the copy").is_visible()
    assert page.get_by_role("heading", name="The copy is ready").is_visible()
    problems += problems_on(page)
    pages["ready"] = page.content()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download your-information-").click()
    assert download.value.suggested_filename.startswith("your-information-")
    with zipfile.ZipFile(download.value.path()) as archive:
        assert archive.namelist() == ["summary.html", "data.json"]
        summary = archive.read("summary.html").decode()
        data = json.loads(archive.read("data.json"))
    assert data["account"]["name"] == "Sam Parent" and data["access_needs"] == "Papers in large print, please"
    assert "Sam Parent" in summary and "Papers in large print, please" in html.unescape(summary)
    made.refresh_from_db()
    assert made.status == DataRequest.Status.READY
    assert made.events.filter(what="Downloaded the copy", actor=family).exists()

    # The summary is a page of its own, read offline: accessible, and fits a phone.
    page.set_content(summary)
    assert page.get_by_role("heading", name="Your information held by Wirral").is_visible()
    problems += problems_on(page)
    pages["summary.html"] = summary

    visit(page, live_server.url + reverse("privacy:ask_copy"))
    assert page.get_by_role("link", name="Asked for on").is_visible()
    assert not problems, "\n".join(problems)
    errors = html_errors(pages, tmp_path)
    assert not errors, "\n".join(errors)


def test_an_admin_finds_feedback_given_without_an_account(page, live_server, admin, partnership, tmp_path):
    given = make_feedback(partnership)
    pages, problems = {}, []
    sign_in(page, live_server, admin)
    visit(page, live_server.url + reverse("accounts:user_list"))
    page.get_by_role("link", name="Data requests").click()
    assert page.get_by_role("heading", name="Data requests").is_visible()
    problems += problems_on(page)
    pages["list"] = page.content()

    page.get_by_label("Feedback reference or email address").fill("ABCD-23")
    page.get_by_role("button", name="Make a copy").click()
    assert "Enter a feedback reference of 8 letters" in page.locator(".govuk-error-summary").inner_text()
    problems += problems_on(page)
    pages["with errors"] = page.content()

    page.get_by_label("Feedback reference or email address").fill(given.display_reference)
    page.get_by_role("button", name="Make a copy").click()
    made = DataRequest.objects.get(found_by=given.reference)
    page.wait_for_url(live_server.url + reverse("privacy:copy", args=[made.pk]))
    assert page.get_by_role("heading", name="The copy is ready").is_visible()
    assert made.requested_by == admin and made.subject is None
    problems += problems_on(page)
    pages["made"] = page.content()

    visit(page, live_server.url + reverse("privacy:data_requests", args=["wirral"]))
    assert page.get_by_role("cell", name=given.reference).is_visible()
    problems += problems_on(page)
    assert not problems, "\n".join(problems)
    errors = html_errors(pages, tmp_path)
    assert not errors, "\n".join(errors)


def test_a_copy_being_made_and_one_that_failed_are_clear(page, live_server, family, tmp_path):
    from charter_portal.privacy import export

    making = DataRequest.objects.create(
        partnership=family.partnership,
        kind=DataRequest.Kind.EXPORT,
        subject=family,
        requested_by=family,
        status="making",
    )
    failed = DataRequest.objects.create(
        partnership=family.partnership,
        kind=DataRequest.Kind.EXPORT,
        subject=family,
        requested_by=family,
        status="failed",
        error=export.FAILED_MESSAGE,
    )
    pages, problems = {}, []
    sign_in(page, live_server, family)
    visit(page, live_server.url + reverse("privacy:copy", args=[making.pk]))
    assert page.get_by_text("Making the copy").is_visible()
    assert page.get_by_role("link", name="Refresh").is_visible()
    problems += problems_on(page)
    pages["making"] = page.content()
    visit(page, live_server.url + reverse("privacy:copy", args=[failed.pk]))
    assert page.get_by_text("The copy could not be made").is_visible()
    assert page.get_by_text("Something went wrong while your information was being put together").is_visible()
    problems += problems_on(page)
    pages["failed"] = page.content()
    # Asking again while one is being made shows that one.
    page.get_by_role("button", name="Ask again").click()
    page.wait_for_url(live_server.url + reverse("privacy:copy", args=[making.pk]))
    assert DataRequest.objects.count() == 2
    assert not problems, "\n".join(problems)
    errors = html_errors(pages, tmp_path)
    assert not errors, "\n".join(errors)
