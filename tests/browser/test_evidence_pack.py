"""The evidence pack's pages in a real Chromium with axe-core, at 320 px, and through the HTML
checker: an admin makes a pack with the real form (a bad date first), watches its progress page and
downloads it; a pack being made and one that failed read as clearly."""

import zipfile

import pytest
from django.urls import reverse

from reviews.models import EvidencePack
from tests.browser.conftest import sign_in, visit
from tests.browser.test_charter_words import problems_on
from tests.html_check import html_errors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_makes_a_pack_watches_it_and_downloads_it(page, live_server, admin, charter, tmp_path):
    html = {}
    problems = []
    sign_in(page, live_server, admin)
    visit(page, live_server.url + reverse("reviews:evidence_packs", args=["wirral"]))
    assert page.get_by_role("heading", name="Evidence packs").is_visible()
    problems += problems_on(page)
    html["list"] = page.content()

    page.get_by_role("group", name="To").get_by_label("Year").fill("")
    page.get_by_role("button", name="Make the pack").click()
    assert "Enter the last day of the period" in page.locator(".govuk-error-summary").inner_text()
    problems += problems_on(page)
    html["list with errors"] = page.content()

    page.get_by_role("group", name="From").get_by_label("Day").fill("1")
    page.get_by_role("group", name="From").get_by_label("Month").fill("7")
    page.get_by_role("group", name="From").get_by_label("Year").fill("2026")
    page.get_by_role("group", name="To").get_by_label("Day").fill("30")
    page.get_by_role("group", name="To").get_by_label("Month").fill("9")
    page.get_by_role("group", name="To").get_by_label("Year").fill("2026")
    # The tests' task backend makes the pack (its PDFs too) before the page answers: on a busy
    # machine that takes longer than a click's usual wait.
    page.get_by_role("button", name="Make the pack").click(timeout=90_000)
    made = EvidencePack.objects.get()
    page.wait_for_url(live_server.url + reverse("reviews:evidence_pack", args=["wirral", made.pk]))
    assert page.get_by_text("We are making your pack").is_visible()
    # The tests' task backend makes it as soon as it is asked for; a worker would take a moment.
    assert page.get_by_role("heading", name="Your pack is ready").is_visible()
    problems += problems_on(page)
    html["ready"] = page.content()

    with page.expect_download() as download:
        page.get_by_role("link", name=f"Download {made.filename}").click()
    assert download.value.suggested_filename == "evidence-pack-wirral-2026-07-01-to-2026-09-30.zip"
    with zipfile.ZipFile(download.value.path()) as archive:
        assert archive.namelist()[0] == "index.html"
    assert EvidencePack.objects.get().events.filter(what="Downloaded the pack", actor=admin).exists()

    visit(page, live_server.url + reverse("reviews:evidence_packs", args=["wirral"]))
    assert page.get_by_role("link", name="1 July to 30 September 2026").is_visible()
    problems += problems_on(page)
    assert not problems, "\n".join(problems)
    errors = html_errors(html, tmp_path)
    assert not errors, "\n".join(errors)


def test_a_pack_being_made_and_one_that_failed_are_clear(page, live_server, forum_lead, partnership, tmp_path):
    import datetime

    building = EvidencePack.objects.create(
        partnership=partnership,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 3, 31),
        status="building",
        files_done=3,
        files_total=9,
    )
    failed = EvidencePack.objects.create(
        partnership=partnership,
        period_start=datetime.date(2026, 4, 1),
        period_end=datetime.date(2026, 6, 30),
        status="failed",
        error="Something went wrong while the pack's files were being put together, so it was not finished.",
    )
    html, problems = {}, []
    sign_in(page, live_server, forum_lead)
    visit(page, live_server.url + reverse("reviews:evidence_pack", args=["wirral", building.pk]))
    assert page.get_by_text("Making your pack: 3 of 9 files").is_visible()
    assert page.get_by_role("link", name="Refresh").is_visible()
    problems += problems_on(page)
    html["building"] = page.content()
    visit(page, live_server.url + reverse("reviews:evidence_pack", args=["wirral", failed.pk]))
    assert page.get_by_text("Your pack could not be made").is_visible()
    assert page.get_by_role("button", name="Try again").is_visible()
    problems += problems_on(page)
    html["failed"] = page.content()
    assert not problems, "\n".join(problems)
    errors = html_errors(html, tmp_path)
    assert not errors, "\n".join(errors)
