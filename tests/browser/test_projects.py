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


def test_meetings_and_decisions_in_the_browser(page, live_server, project, officer, family, tmp_path):
    from charters.models import MeetingStandard

    MeetingStandard.objects.filter(charter=project.charter).update(min_notice_days=25, papers_notice_days=7)
    sign_in(page, live_server, officer)
    stage_url = live_server.url + reverse("projects:stage", args=["wirral", project.pk, "need"])
    visit(page, stage_url)
    page.get_by_role("link", name="Schedule a meeting").click()
    assert_accessible(page)

    # A meeting that breaks the standard: warned, and kept only with a reason.
    page.get_by_label("What is the meeting called?").fill("Evening catch-up")
    page.get_by_label("Day").first.fill("1")
    page.get_by_label("Month").first.fill("1")
    page.get_by_label("Year").first.fill("2027")
    page.get_by_label("Start time").fill("17:00")
    page.get_by_label("End time").fill("19:30")
    page.get_by_role("button", name="Schedule the meeting").click()
    assert page.get_by_text("It starts before 10am.").count() == 0
    assert page.get_by_text("It ends after 2pm.").is_visible()
    assert_accessible(page)
    page.get_by_label("If it does not keep the meeting standard, why go ahead?").fill(
        "working parents asked for an evening"
    )
    page.get_by_role("button", name="Schedule the meeting").click()
    assert page.get_by_text("Does not keep the meeting standard").is_visible()
    assert_accessible(page)

    # Papers and attendance.
    paper = tmp_path / "agenda.pdf"
    paper.write_bytes(b"%PDF-1.4 agenda")
    page.get_by_label("Add a paper").set_input_files(str(paper))
    page.get_by_role("button", name="Add paper").click()
    assert page.get_by_role("link", name="agenda.pdf").is_visible()
    page.get_by_role("button", name="Save attendance and minutes").click()
    assert "Select who came" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("Sam Parent (family member)").check()
    page.get_by_role("button", name="Save attendance and minutes").click()
    assert page.get_by_text("Attendance and minutes have been saved").is_visible()

    # A meeting that keeps the standard.
    visit(page, stage_url)
    page.get_by_role("link", name="Schedule a meeting").click()
    page.get_by_label("What is the meeting called?").fill("Daytime workshop")
    page.get_by_label("Day").first.fill("1")
    page.get_by_label("Month").first.fill("3")
    page.get_by_label("Year").first.fill("2030")
    page.get_by_label("Start time").fill("10:30")
    page.get_by_label("End time").fill("12:00")
    page.get_by_role("button", name="Schedule the meeting").click()
    assert page.get_by_text("Keeps the meeting standard").is_visible()
    assert_accessible(page)

    # A decision linking the parent's input.
    services.contribute(project.stages.get(stage="need"), project.members.get(user=family), "idea", "Evenings, please")
    visit(page, stage_url)
    page.get_by_role("link", name="Record a decision").click()
    page.get_by_role("button", name="Record the decision").click()
    assert "Enter what was decided" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("What was decided?").fill("Meetings will also be held in the evening")
    page.get_by_label("Day").fill("20")
    page.get_by_label("Month").fill("11")
    page.get_by_label("Year").fill("2026")
    page.get_by_label("How did members' input shape it?").fill("Working parents asked for it at the meeting")
    page.get_by_label("Sam Parent, Need: Evenings, please").check()
    page.get_by_role("button", name="Record the decision").click()
    assert page.get_by_text("Meetings will also be held in the evening").is_visible()
    assert page.get_by_text("Shaped a decision").is_visible()
    assert_accessible(page)

    # The public page shows the decision and where it came from, never the parent's name.
    page.get_by_role("link", name="Back to the project").click()
    page.get_by_role("button", name="Make it public").click()
    page.get_by_role("link", name="Public page").click()
    assert page.get_by_text("Meetings will also be held in the evening").is_visible()
    assert page.get_by_text("It came from a family member's idea.").is_visible()
    assert "Sam Parent" not in page.content()
    assert_accessible(page)


def test_invitation_pages_are_accessible(page, live_server, project, officer):
    from projects.models import Invitation

    sign_in(page, live_server, officer)
    visit(page, live_server.url + reverse("projects:members", args=["wirral", project.pk]))
    assert_accessible(page)
    page.get_by_role("button", name="Send invitation").click()
    assert "Enter the email address to invite" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("Invite someone by email").fill("new.parent@example.org")
    page.get_by_role("button", name="Send invitation").click()
    assert page.get_by_text("An invitation has been sent to new.parent@example.org").is_visible()
    token = Invitation.objects.get().token
    page.context.clear_cookies()
    visit(page, live_server.url + reverse("projects:invitation", args=[token]))
    assert page.get_by_role("heading", name="Join “Health Passports”").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Create account").click()
    assert "Enter your full name" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
