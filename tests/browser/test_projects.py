"""Projects in a real Chromium with axe-core: the NAOMIE task list, a stage,
members, the public page, and their error states."""

import pytest
from django.urls import reverse

from projects import services
from tests.browser.conftest import assert_accessible, sign_in, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_starts_a_project_and_a_parent_takes_part(page, live_server, charter, officer, family):
    sign_in(page, live_server, officer)
    visit(page, live_server.url + reverse("projects:list", args=["wirral"]))
    assert_accessible(page)
    page.get_by_role("button", name="Start a project").click()
    page.get_by_role("button", name="Start the project").click()
    assert "Enter the project's name" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("Project name").fill("Health Passports")
    page.get_by_label("What is the project about?").fill("A health passport that goes with every child.")
    page.get_by_label("Co-production").check()
    page.get_by_label("Why this way of working?").fill("families raised the problem")
    for textarea in page.locator("textarea[id^=id_consideration_]").all():
        textarea.fill("Agreed with the forum")
    page.get_by_role("button", name="Start the project").click()
    assert page.get_by_role("heading", name="Health Passports").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Members").click()
    page.get_by_label("Person").select_option(label="Sam Parent (family member)")
    page.get_by_role("button", name="Add to the project").click()
    assert_accessible(page)
    page.get_by_role("link", name="Back to the project").click()
    page.get_by_role("link", name="Need (current stage)").click()
    page.get_by_role("button", name="Complete this stage").click()
    assert "No family member has taken part" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)

    # The parent adds an idea; then the stage can be completed.
    sign_in(page, live_server, family)
    visit(page, page.url.replace("/complete/", "/"))
    page.get_by_role("radio", name="Idea").check()
    page.get_by_label("Your comment, idea or concern").fill("Put a photo on the front so staff know who it is.")
    page.get_by_role("button", name="Add").click()
    assert page.get_by_text("Thank you: your contribution has been added").is_visible()
    assert_accessible(page)
    sign_in(page, live_server, officer)
    page.reload()
    page.get_by_role("button", name="Complete this stage").click()
    assert page.get_by_text("Need is complete").is_visible()
    assert_accessible(page)


def test_public_project_page_is_accessible(page, live_server, project, officer):
    services.make_public(project, officer, True)
    visit(page, live_server.url + reverse("projects:public", args=["wirral", project.pk]))
    assert page.get_by_text("1 family member and 1 professional").is_visible()
    assert_accessible(page)
