"""What the portal sends people, in a real Chromium with axe-core: a family chooses what it is sent
with the real button (with and without JavaScript) and its account page says what is turned off;
the one-click link in an optional message stops it; an admin reads the messages sent to a person,
and an officer those a project sent, on a 320 px screen; a signed-in family is told who it is on
the tell-us page. What was stored is read back from the database."""

import pytest
from django.conf import settings
from django.urls import reverse

from charter_portal import notify
from charter_portal.models import Message
from projects import services as project_services
from tests.browser.conftest import assert_accessible, sign_in, visit
from tests.browser.test_charter_words import problems_on

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROJECT_NEWS = notify.OPTIONAL["updates"]


def unsubscribe_path(user, preference: str) -> str:
    """The path of the link an optional message carries, without the site's address."""
    link = notify.unsubscribe_link(user, preference)
    assert link.startswith(settings.SITE_URL)
    return link.removeprefix(settings.SITE_URL)


def untick_project_news(page, live_server) -> None:
    visit(page, live_server.url + reverse("accounts:message_settings"))
    news = page.get_by_label(PROJECT_NEWS, exact=True)
    assert news.is_checked()
    news.uncheck()
    page.get_by_role("button", name="Save what we send you").click()
    page.wait_for_url(live_server.url + reverse("accounts:account"))


def assert_no_problems(page) -> None:
    """Every axe violation and any sideways scroll at 320 px, reported together."""
    problems = problems_on(page)
    assert not problems, "\n".join(problems)


def says_what_is_turned_off(page) -> bool:
    return page.get_by_text(f"You have turned off: {PROJECT_NEWS.lower()}.").is_visible()


# What we send you.


def test_a_family_turns_off_project_news_and_its_account_says_so(page, live_server, family):
    sign_in(page, live_server, family)
    visit(page, live_server.url + reverse("accounts:message_settings"))
    assert page.get_by_role("heading", name="What we send you").is_visible()
    assert page.get_by_role("group", name="Which of these should we send you?").get_by_role("checkbox").count() == 3
    assert_no_problems(page)

    untick_project_news(page, live_server)
    family.refresh_from_db()
    assert family.muted == ["updates"]
    assert page.locator(".govuk-notification-banner--success").inner_text().endswith("What we send you has been saved")
    assert says_what_is_turned_off(page)
    assert page.locator(".app-timeline").get_by_text(f"Stopped: {PROJECT_NEWS.lower()}").is_visible()
    assert_accessible(page)

    # The choice is kept: the box is still unticked when they come back.
    visit(page, live_server.url + reverse("accounts:message_settings"))
    assert not page.get_by_label(PROJECT_NEWS, exact=True).is_checked()
    assert page.get_by_label(notify.OPTIONAL["digest"], exact=True).is_checked()


def test_without_javascript_a_family_still_turns_off_project_news(browser, live_server, family):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.set_default_timeout(5000)
        sign_in(page, live_server, family)
        untick_project_news(page, live_server)
        # No script ran: js-enabled.js would have marked the body.
        assert page.locator("body.js-enabled").count() == 0
        family.refresh_from_db()
        assert family.muted == ["updates"]
        assert says_what_is_turned_off(page)
    finally:
        context.close()


# The link in an optional message.


def test_the_link_in_a_digest_stops_the_digest_with_one_button(page, live_server, officer):
    visit(page, live_server.url + unsubscribe_path(officer, "digest"))
    assert page.get_by_role("heading", name="Stop these messages?").is_visible()
    assert page.get_by_text(f"{notify.OPTIONAL['digest']}.", exact=True).is_visible()
    assert_no_problems(page)

    page.get_by_role("button", name="Stop these messages").click()
    panel = page.locator(".govuk-panel--confirmation")
    assert panel.get_by_role("heading", name="You will not be sent these messages").is_visible()
    assert panel.inner_text().endswith(notify.OPTIONAL["digest"])
    assert page.get_by_text("after signing in").is_visible()
    officer.refresh_from_db()
    assert "digest" in officer.muted
    assert_no_problems(page)

    # Following the link again says it is done, and stores nothing twice.
    visit(page, live_server.url + unsubscribe_path(officer, "digest"))
    assert page.locator(".govuk-panel--confirmation").is_visible()
    officer.refresh_from_db()
    assert officer.muted == ["digest"]
    assert officer.events.filter(what__startswith="Stopped:").count() == 1


def test_a_link_that_does_not_work_says_so_accessibly(page, live_server, db):
    visit(page, live_server.url + reverse("accounts:unsubscribe", args=["nonsense"]), status=404)
    assert page.get_by_role("heading", name="This link does not work").is_visible()
    assert_no_problems(page)


# The messages sent, for those who answer for them.


def test_an_admin_reads_the_messages_sent_to_a_person_on_a_small_screen(page, live_server, admin, family):
    for _ in range(3):
        notify.send("account_made", [family], user=family, link="https://example.org", by=admin)
    assert Message.objects.filter(user=family, name="account_made").count() == 3
    sign_in(page, live_server, admin)
    visit(page, live_server.url + reverse("accounts:user_messages", args=[family.pk]))
    assert page.get_by_role("heading", name="Messages sent").is_visible()
    table = page.get_by_role("region", name="Messages sent").get_by_role("table")
    assert table.get_by_role("row").count() == 1 + 3
    assert table.get_by_role("cell", name="Your Charter Portal account").count() == 3
    assert_no_problems(page)


def test_an_officer_reads_the_messages_a_project_sent_on_a_small_screen(page, live_server, project, officer, family):
    need = project.stages.get(stage="need")
    project_services.complete_stage(need, officer, override_reason="the families met in the evening instead")
    sent = Message.objects.filter(about=f"project:{project.pk}", name="stage_completed")
    assert sent.filter(user=family).exists()
    sign_in(page, live_server, officer)
    visit(page, live_server.url + reverse("projects:messages", args=["wirral", project.pk]))
    assert page.get_by_role("heading", name="Messages sent").is_visible()
    table = page.get_by_role("region", name="Messages sent").get_by_role("table")
    assert table.get_by_text(f"to {family.name}").first.is_visible()
    assert_no_problems(page)


# Telling us something, signed in.


def test_a_signed_in_family_is_told_who_it_is_signed_in_as(page, live_server, family):
    sign_in(page, live_server, family)
    visit(page, live_server.url + reverse("feedback:tell_us", args=["wirral"]))
    told = page.locator(".govuk-inset-text")
    assert told.inner_text().startswith(f"You are signed in as {family.name}.")
    assert told.get_by_role("link", name="your account", exact=True).get_attribute("href") == reverse(
        "accounts:account"
    )
    assert_no_problems(page)
