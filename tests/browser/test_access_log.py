"""The access log in a real Chromium with axe-core, at 320 px, and through the HTML checker: an
officer opens a feedback item, then an admin follows the item's "Who has looked at this" link and
the people list's link to the log, and finds the officer's line."""

import pytest
from django.urls import reverse

from accounts.models import AccessKind, AccessLog
from tests.browser.conftest import sign_in, visit
from tests.browser.test_charter_words import problems_on
from tests.html_check import html_errors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_finds_who_opened_a_feedback_item(page, live_server, officer, admin, family, feedback_item, tmp_path):
    feedback_item.submitted_by = family
    feedback_item.save(update_fields=["submitted_by"])
    html = {}
    problems = []
    item = live_server.url + reverse("feedback:detail", args=["wirral", feedback_item.reference])

    sign_in(page, live_server, officer)
    visit(page, item)
    assert page.get_by_text("health passport was lost").is_visible()
    assert page.get_by_role("link", name="Who has looked at this").count() == 0
    assert AccessLog.objects.filter(actor=officer, kind=AccessKind.FEEDBACK).count() == 1

    sign_in(page, live_server, admin)
    visit(page, item)
    page.get_by_role("link", name="Who has looked at this").click()
    page.wait_for_url(f"**/wirral/access-log/?record=feedback:{feedback_item.reference}")
    table = page.get_by_role("table")
    assert table.get_by_role("cell", name="Priya Officer").is_visible()
    assert table.get_by_role("cell", name="Sam Parent").first.is_visible()
    # The admin's own look at the item is there too, newest first.
    assert table.get_by_role("row").nth(1).get_by_role("cell", name="Morgan Admin").is_visible()
    problems += problems_on(page)
    html["filtered"] = page.content()

    visit(page, live_server.url + reverse("accounts:user_list"))
    page.get_by_role("link", name="Access log: who looked at private information").click()
    assert page.get_by_role("heading", name="Access log").is_visible()
    page.get_by_label("Who looked").select_option(label="Priya Officer")
    page.get_by_role("button", name="Filter").click()
    assert page.get_by_role("table").get_by_role("row").count() == 2  # the header and one line
    problems += problems_on(page)
    html["by who looked"] = page.content()

    page.get_by_label("Which record").fill("NOTAREF1")
    page.get_by_role("button", name="Filter").click()
    assert page.get_by_text("No lines match.").is_visible()
    problems += problems_on(page)
    html["nothing found"] = page.content()

    assert not problems, "\n".join(problems)
    errors = html_errors(html, tmp_path)
    assert not errors, "\n".join(errors)
