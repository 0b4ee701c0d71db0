"""Projects in a real Chromium with axe-core: the NAOMIE task list, a stage, meetings, papers,
members and invitations, the public page, and their error states. Every form is sent with its
real button, and what was stored is read back from the page after a reload and from the database."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from projects import services
from projects.models import Invitation, Meeting, StageRecord
from tests.browser.conftest import assert_accessible, sign_in, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def fill_date(page, day: datetime.date, nth: int = 0) -> None:
    page.get_by_label("Day").nth(nth).fill(str(day.day))
    page.get_by_label("Month").nth(nth).fill(str(day.month))
    page.get_by_label("Year").nth(nth).fill(str(day.year))


def test_an_officer_starts_a_project_and_a_parent_takes_part(page, live_server, charter, officer, family):
    sign_in(page, live_server, officer)
    visit(page, live_server.url + reverse("projects:list", args=["wirral"]))
    assert_accessible(page)
    page.get_by_role("button", name="Start a project").click()
    assert page.get_by_text("This way of working can earn the co-production kite mark.").is_visible()
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
    stage_url = page.url

    # The summary is saved by its real button, and is still there after a reload.
    page.get_by_label("Summary of this stage").fill("Families say passports get lost between clinics.")
    page.get_by_role("button", name="Save summary").click()
    assert page.get_by_text("The summary has been saved").is_visible()
    page.reload()
    assert (
        page.get_by_label("Summary of this stage").input_value() == "Families say passports get lost between clinics."
    )
    assert StageRecord.objects.get(stage="need").summary == "Families say passports get lost between clinics."

    page.get_by_role("button", name="Complete this stage").click()
    assert "No family member has taken part" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)

    # The parent adds an idea; then the stage can be completed.
    sign_in(page, live_server, family)
    visit(page, stage_url)
    page.get_by_role("radio", name="Idea").check()
    page.get_by_label("Your comment, idea or concern").fill("Put a photo on the front so staff know who it is.")
    page.get_by_role("button", name="Add").click()
    assert page.get_by_text("Thank you: your contribution has been added").is_visible()
    assert_accessible(page)
    sign_in(page, live_server, officer)
    visit(page, stage_url)
    page.get_by_role("button", name="Complete this stage").click()
    assert page.get_by_text("Need is complete").is_visible()
    assert StageRecord.objects.get(stage="need").with_family

    # A completed stage is closed to new comments.
    sign_in(page, live_server, family)
    visit(page, stage_url)
    assert page.get_by_text("This stage is complete, so it is closed to new comments").is_visible()
    assert page.get_by_role("button", name="Add").count() == 0
    assert_accessible(page)


def test_a_stale_summary_comes_back_with_the_officers_text(page, live_server, project, officer, admin):
    sign_in(page, live_server, officer)
    visit(page, live_server.url + reverse("projects:stage", args=["wirral", project.pk, "need"]))
    need = project.stages.get(stage="need")
    services.save_summary(need, admin, "The admin's words", need.version)
    page.get_by_label("Summary of this stage").fill("My words, typed at the same time")
    page.get_by_role("button", name="Save summary").click()
    assert "Someone else changed this summary" in page.locator(".govuk-error-summary").inner_text()
    assert page.get_by_label("Summary of this stage").input_value() == "My words, typed at the same time"
    assert_accessible(page)


def test_public_project_page_is_accessible(page, live_server, project, officer):
    services.make_public(project, officer, True)
    visit(page, live_server.url + reverse("projects:public", args=["wirral", project.pk]))
    assert page.get_by_text("1 family member and 1 professional").is_visible()
    assert_accessible(page)


def test_meetings_papers_and_decisions_in_the_browser(page, live_server, project, officer, family, tmp_path):
    from charters.models import MeetingStandard

    MeetingStandard.objects.filter(charter=project.charter).update(min_notice_days=25, papers_notice_days=7)
    sign_in(page, live_server, officer)
    stage_url = live_server.url + reverse("projects:stage", args=["wirral", project.pk, "need"])
    visit(page, stage_url)
    page.get_by_role("link", name="Schedule a meeting").click()
    assert_accessible(page)

    # A meeting in the past cannot be scheduled.
    page.get_by_label("What is the meeting called?").fill("Evening catch-up")
    fill_date(page, timezone.localdate() - datetime.timedelta(days=2))
    page.get_by_label("Start time").fill("17:00")
    page.get_by_label("End time").fill("19:30")
    page.get_by_role("button", name="Schedule the meeting").click()
    assert "The meeting must be in the future" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)

    # A meeting that breaks the standard: warned, and kept only with a reason.
    soon = timezone.localdate() + datetime.timedelta(days=10)
    fill_date(page, soon)
    page.get_by_role("button", name="Schedule the meeting").click()
    assert page.get_by_text("It starts before 10am.").count() == 0
    assert page.get_by_text("It ends after 2pm.").is_visible()
    assert page.get_by_text("It is booked less than 25 days ahead.").is_visible()
    assert_accessible(page)
    page.get_by_label("If it does not keep the meeting standard, why go ahead?").fill(
        "working parents asked for an evening"
    )
    page.get_by_role("button", name="Schedule the meeting").click()
    assert page.get_by_text("Does not keep the meeting standard").is_visible()
    assert page.get_by_text("Papers not sent", exact=True).is_visible()
    assert page.get_by_text("You can record who came once the meeting has started").is_visible()
    assert_accessible(page)

    # Papers: a file that is not what it claims is refused; a real one is kept, then sent.
    fake = tmp_path / "agenda.pdf"
    fake.write_bytes(b"MZ\x90\x00" + b"\x00" * 60)
    page.get_by_label("Add a paper").set_input_files(str(fake))
    page.get_by_role("button", name="Add paper").click()
    assert "its contents are something else" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    real = tmp_path / "real-agenda.pdf"
    real.write_bytes(PDF)
    page.get_by_label("Add a paper").set_input_files(str(real))
    page.get_by_role("button", name="Add paper").click()
    assert page.get_by_role("link", name="real-agenda.pdf").is_visible()
    page.get_by_role("button", name="Send the papers to members").click()
    assert page.get_by_text("The papers have been sent to every member").is_visible()
    meeting = Meeting.objects.get(title="Evening catch-up")
    assert meeting.papers_sent_at is not None
    assert_accessible(page)

    # The meeting is moved, then cancelled.
    page.get_by_role("link", name="Change the meeting").click()
    page.get_by_label("What is the meeting called?").fill("Evening catch-up at the library")
    page.get_by_role("button", name="Save the changes").click()
    assert page.get_by_role("heading", name="Evening catch-up at the library").is_visible()
    page.get_by_role("link", name="Cancel the meeting").click()
    assert_accessible(page)
    page.get_by_role("button", name="Cancel the meeting").click()
    assert "Say why the meeting is cancelled" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("Why is it cancelled?").fill("the library is closed for repairs")
    page.get_by_role("button", name="Cancel the meeting").click()
    assert page.get_by_text("Cancelled on").is_visible()
    meeting.refresh_from_db()
    assert (meeting.title, meeting.is_cancelled, meeting.sequence) == ("Evening catch-up at the library", True, 2)
    assert_accessible(page)

    # A meeting that already took place, with who came.
    visit(page, stage_url)
    page.get_by_role("link", name="Record a meeting that already took place").click()
    assert_accessible(page)
    page.get_by_label("What is the meeting called?").fill("Coffee morning")
    fill_date(page, timezone.localdate() - datetime.timedelta(days=3))
    page.get_by_label("Start time").fill("10:30")
    page.get_by_label("End time").fill("11:30")
    page.get_by_role("button", name="Record the meeting").click()
    assert "Select who came" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("Sam Parent (family member)").check()
    page.get_by_label("Minutes (optional)").fill("Parents asked for evenings as well.")
    page.get_by_role("button", name="Record the meeting").click()
    assert page.get_by_text("Recorded after it took place.").is_visible()
    assert page.get_by_role("paragraph").filter(has_text="Parents asked for evenings as well.").is_visible()
    assert list(Meeting.objects.get(title="Coffee morning").attendees.values_list("user__email", flat=True)) == [
        family.email
    ]

    # A decision linking the parent's input, changed afterwards with its history kept.
    services.contribute(project.stages.get(stage="need"), project.members.get(user=family), "idea", "Evenings, please")
    visit(page, stage_url)
    page.get_by_role("link", name="Record a decision").click()
    page.get_by_role("button", name="Record the decision").click()
    assert "Enter what was decided" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("What was decided?").fill("Meetings will also be held in the evening")
    fill_date(page, timezone.localdate() - datetime.timedelta(days=1))
    page.get_by_label("How did members' input shape it?").fill("Working parents asked for it at the meeting")
    page.get_by_label("Sam Parent, Need: Evenings, please").check()
    page.get_by_role("button", name="Record the decision").click()
    assert page.get_by_text("Meetings will also be held in the evening", exact=True).is_visible()
    assert page.get_by_text("Shaped a decision").is_visible()
    page.get_by_role("link", name="Change the decision").click()
    page.get_by_label("What was decided?").fill("Every other meeting will be in the evening")
    page.get_by_role("button", name="Save the changes").click()
    page.get_by_text("Changed 1 time: earlier wording").click()
    assert page.get_by_text("“Meetings will also be held in the evening”").is_visible()
    assert_accessible(page)

    # The public page shows the decision and where it came from, never the parent's name.
    page.get_by_role("link", name="Back to the project").click()
    page.get_by_role("button", name="Make it public").click()
    page.get_by_role("link", name="Public page").click()
    assert page.get_by_text("Every other meeting will be in the evening").is_visible()
    assert page.get_by_text("It came from a family member's idea.").is_visible()
    assert "Sam Parent" not in page.content()
    assert_accessible(page)


def test_invitations_and_removing_a_member(page, live_server, project, officer, family, partnership):
    from tests.factories import OrganisationFactory

    OrganisationFactory(partnership=partnership, name="Birkenhead High School", kind="education")
    sign_in(page, live_server, officer)
    members_url = live_server.url + reverse("projects:members", args=["wirral", project.pk])
    visit(page, members_url)
    assert_accessible(page)
    page.get_by_role("button", name="Send invitation").click()
    assert "Enter the email address to invite" in page.locator(".govuk-error-summary").inner_text()
    assert page.title().startswith("Error:")
    assert_accessible(page)
    page.get_by_label("Email address").fill("senco@example.org")
    page.get_by_label("As a professional").check()
    page.get_by_role("button", name="Send invitation").click()
    assert "Select the organisation the professional works for" in page.locator(".govuk-error-summary").inner_text()
    page.get_by_label("Their organisation (for professionals)").select_option(label="Birkenhead High School")
    page.get_by_role("button", name="Send invitation").click()
    assert page.get_by_text("An invitation has been sent to senco@example.org").is_visible()
    assert page.get_by_role("cell", name="Professional, Birkenhead High School").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Send again to senco@example.org").click()
    assert page.get_by_text("The invitation has been sent to senco@example.org again").is_visible()

    # The professional makes their account from the link.
    token = Invitation.objects.get().token
    page.context.clear_cookies()
    visit(page, live_server.url + reverse("projects:invitation", args=[token]))
    assert page.get_by_role("heading", name="Join “Health Passports”").is_visible()
    assert page.get_by_text("as a professional from Birkenhead High School").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Create account").click()
    assert "Enter your full name" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("Full name").fill("Sue Senco")
    page.get_by_label("Create a password").fill("bright kites fly far")
    page.get_by_label("Type the password again").fill("bright kites fly far")
    page.get_by_role("button", name="Create account").click()
    assert page.get_by_text("Your account has been created and you have joined").is_visible()
    assert project.members.get(user__email="senco@example.org").kind == "professional"

    # The officer removes the parent, after being asked.
    sign_in(page, live_server, officer)
    visit(page, members_url)
    page.get_by_role("link", name="Remove Sam Parent").click()
    assert page.get_by_role("heading", name="Remove Sam Parent from the project?").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Remove from the project").click()
    assert page.get_by_text("Sam Parent has been removed from the project").is_visible()
    assert project.members.get(user=family).removed_at is not None
    assert_accessible(page)


def test_a_forum_lead_reads_a_projects_record(page, live_server, project, officer, family, forum_lead):
    services.contribute(project.stages.get(stage="need"), project.members.get(user=family), "idea", "A photo")
    sign_in(page, live_server, forum_lead)
    visit(page, live_server.url + reverse("projects:detail", args=["wirral", project.pk]))
    assert page.get_by_text("You are reading the project's record as a forum lead").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Need (current stage)").click()
    assert page.get_by_text("A parent carer").first.is_visible()
    assert "Sam Parent" not in page.content()
    assert_accessible(page)
