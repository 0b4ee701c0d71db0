"""Erasing an account in a real Chromium with axe-core, at 320 px, and through the HTML checker: a
parent asks with the real button, an admin sees the request on their page, refuses without a reason
first, then erases; what is stored is read back."""

import pytest
from django.urls import reverse

from accounts.models import DataRequest
from tests.browser.conftest import sign_in, visit
from tests.browser.test_charter_words import problems_on
from tests.html_check import html_errors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_parent_asks_and_an_admin_erases(page, live_server, family, admin, project, tmp_path):
    html = {}
    problems = []
    sign_in(page, live_server, family)
    visit(page, live_server.url + reverse("accounts:account"))
    page.get_by_role("link", name="Close your account and erase your details").click()
    problems += problems_on(page)
    html["ask"] = page.content()
    page.get_by_role("button", name="Ask to erase my account").click()
    assert page.get_by_text("You asked on").is_visible()
    problems += problems_on(page)
    html["asked"] = page.content()
    assert DataRequest.objects.get(subject=family).status == DataRequest.Status.WAITING

    page.context.clear_cookies()
    sign_in(page, live_server, admin)
    visit(page, live_server.url + reverse("accounts:user_detail", args=[family.pk]))
    problems += problems_on(page)
    html["person with a request"] = page.content()
    page.get_by_role("link", name="say why you cannot").click()
    page.get_by_role("button", name="Refuse the request").click()
    assert "Enter why the account cannot be erased" in page.locator(".govuk-error-summary").inner_text()
    problems += problems_on(page)
    html["refuse with errors"] = page.content()
    page.get_by_role("link", name="Cancel").click()
    page.get_by_role("link", name="Check and erase the account").click()
    problems += problems_on(page)
    html["erase"] = page.content()
    page.get_by_role("button", name="Erase the account").click()
    assert page.get_by_text("This account was closed and its personal details erased").is_visible()
    problems += problems_on(page)
    html["erased"] = page.content()

    family.refresh_from_db()
    assert family.erased_at and family.name == "A parent carer" and family.email.endswith("@erased.invalid")
    assert DataRequest.objects.get(subject=family).status == DataRequest.Status.DONE
    visit(page, live_server.url + reverse("projects:detail", args=["wirral", project.pk]))
    assert "Sam Parent" not in page.content()
    assert not problems, "\n".join(problems)
    errors = html_errors(html, tmp_path)
    assert not errors, "\n".join(errors)
