"""Every page, as every persona who may see it, has zero WCAG 2.2 A/AA
violations in a real Chromium, error states included."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.browser.conftest import assert_accessible, sign_in, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC_PAGES = [
    "home",
    "accessibility",
    "privacy",
    "accounts:login",
    "accounts:register",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_complete",
]
SIGNED_IN_PAGES = ["home", "accounts:account", "accounts:change_account", "accounts:password_change"]


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_page_is_accessible(page, live_server, name):
    visit(page, live_server.url + reverse(name))
    assert_accessible(page)


def test_pages_not_found_and_expired_links_are_accessible(page, live_server, partnership):
    visit(page, live_server.url + "/no-such-page/", status=404)
    assert page.get_by_role("heading", name="Page not found").is_visible()
    assert_accessible(page)
    page.goto(live_server.url + reverse("accounts:password_reset_confirm", args=["MQ", "bad-token"]))
    assert page.get_by_role("heading", name="This link has expired").is_visible()
    assert_accessible(page)


@pytest.mark.parametrize("persona", ["family", "officer", "forum_lead", "admin", "superuser"])
def test_signed_in_pages_are_accessible(page, live_server, personas, persona):
    sign_in(page, live_server, personas[persona])
    for name in SIGNED_IN_PAGES:
        visit(page, live_server.url + reverse(name))
        assert_accessible(page)


def test_admin_people_pages_are_accessible(page, live_server, admin, officer, family):
    sign_in(page, live_server, admin)
    for url in [
        reverse("accounts:user_list"),
        reverse("accounts:user_list") + "?role=officer",
        reverse("accounts:user_add"),
        reverse("accounts:user_detail", args=[officer.pk]),
        reverse("accounts:user_detail", args=[family.pk]),
        reverse("accounts:user_change", args=[officer.pk]),
    ]:
        visit(page, live_server.url + url)
        assert_accessible(page)
    visit(page, live_server.url + reverse("accounts:user_change", args=[family.pk]), status=403)
    assert_accessible(page)


def test_login_with_a_wrong_password_shows_an_accessible_error(page, live_server, family):
    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_label("Email address").fill(family.email)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("heading", name="There is a problem").is_visible()
    assert page.title().startswith("Error:")
    assert_accessible(page)


def test_registration_submitted_empty_shows_accessible_errors(page, live_server, partnership):
    page.goto(live_server.url + reverse("accounts:register"))
    page.get_by_role("button", name="Create account").click()
    summary = page.locator(".govuk-error-summary")
    assert "Select your local area" in summary.inner_text()
    assert "Enter your full name" in summary.inner_text()
    assert_accessible(page)


def test_people_form_errors_are_accessible(page, live_server, admin):
    sign_in(page, live_server, admin)
    page.goto(live_server.url + reverse("accounts:user_add"))
    page.get_by_role("button", name="Add person").click()
    assert "Enter the person's full name" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)


def test_a_family_member_registers_and_signs_in_at_phone_size(page, live_server, partnership):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(live_server.url + reverse("accounts:register"))
    page.get_by_label("Wirral").check()
    page.get_by_label("Full name").fill("Dana Carer")
    page.get_by_label("Email address").fill("Dana@Example.org")
    page.get_by_label("Parent or carer").check()
    page.get_by_label("Text message").check()
    page.get_by_role("button", name="Create account").click()
    # Text needs a phone number: the error is shown and nothing typed is lost.
    assert "Enter a phone number so we can call or text you" in page.locator(".govuk-error-summary").inner_text()
    assert page.get_by_label("Full name").input_value() == "Dana Carer"
    assert_accessible(page)
    page.get_by_label("Phone number (optional)").fill("07700 900456")
    page.get_by_label("Create a password").fill("purple kites fly high")
    page.get_by_label("Type the password again").fill("purple kites fly high")
    page.get_by_role("button", name="Create account").click()
    assert page.get_by_role("heading", name="Check your email").is_visible()
    assert_accessible(page)
    link = re.search(r"http://127\.0\.0\.1:8000(/register/confirm/\S+/)", mail.outbox[-1].body).group(1)
    visit(page, live_server.url + link)
    assert page.get_by_role("heading", name="Your account", exact=True).is_visible()
    assert page.get_by_text("dana@example.org").is_visible()
    assert_accessible(page)
    # At phone size the navigation is behind the Menu button.
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("link", name="Sign in").first.click()
    page.get_by_label("Email address").fill("DANA@example.org")
    page.get_by_label("Password").fill("purple kites fly high")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("heading", name="Your account", exact=True).is_visible()
