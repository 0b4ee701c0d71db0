"""The post-project review and the principles self-assessment in Chromium with axe-core."""

import pytest
from django.urls import reverse

from reviews import services
from reviews.models import KiteMarkApplication, ReviewAnswer
from tests.browser.conftest import assert_accessible, sign_in, visit
from tests.conftest import review_answers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_parent_reviews_the_project_and_an_officer_reads_the_results(
    page, live_server, family, officer, project_in_evaluation
):
    project = project_in_evaluation
    sign_in(page, live_server, family)
    visit(page, live_server.url + reverse("reviews:answer", args=["wirral", project.pk]))
    assert_accessible(page)
    page.get_by_role("button", name="Save my answers").click()
    assert (
        "Answer “Were the right people involved? Was anyone missing?”"
        in page.locator(".govuk-error-summary").inner_text()
    )
    assert_accessible(page)
    for radio in page.locator("input[type=radio][value=partly]").all():
        radio.check()
    page.get_by_label("How was everyone included?").fill("My daughter chose where we met")
    page.get_by_label("How were the actions clear?").fill("Each meeting ended with who does what")
    page.get_by_role("button", name="Save my answers").click()
    assert page.get_by_text("your answers have been saved").is_visible()
    stored = ReviewAnswer.objects.get(member__user=family, question__text="How was everyone included?")
    assert (stored.answer, stored.comment) == ("", "My daughter chose where we met")

    services.answer_review(project, project.members.get(user=officer), review_answers(project), False)
    sign_in(page, live_server, officer)
    visit(page, live_server.url + reverse("reviews:results", args=["wirral", project.pk]))
    assert page.locator("svg.app-chart").count() == project.charter.review_questions.filter(answer="scale").count()
    assert page.get_by_text("“My daughter chose where we met”").is_visible()
    assert_accessible(page)


def test_principle_assessment_pages_are_accessible(page, live_server, officer, project):
    sign_in(page, live_server, officer)
    visit(page, live_server.url + reverse("reviews:assessments", args=["wirral", project.pk]))
    assert_accessible(page)
    page.get_by_role("link", name="Assess it of Working Together").click()
    page.get_by_role("button", name="Save the assessment").click()
    assert "Select whether the principle was met" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("Met", exact=True).check()
    page.get_by_label("What shows it?").fill("Families were at every meeting")
    page.get_by_role("button", name="Save the assessment").click()
    assert page.get_by_text("Families were at every meeting").is_visible()
    assert_accessible(page)


def test_kite_mark_apply_decline_sign_off_award_and_verify(
    page, live_server, officer, forum_lead, youth_lead, ready_project
):
    project = ready_project
    kite_url = live_server.url + reverse("reviews:kite_mark", args=["wirral", project.pk])
    sign_in(page, live_server, officer)
    visit(page, kite_url)
    assert_accessible(page)
    page.get_by_role("button", name="Apply for the kite mark").click()

    sign_in(page, live_server, forum_lead)
    visit(page, live_server.url + reverse("reviews:dashboard", args=["wirral"]))
    assert page.get_by_role("cell", name="Awaiting sign-off: from the").is_visible()
    assert_accessible(page)
    visit(page, kite_url)
    page.get_by_label("Decline, and say why").check()
    page.get_by_role("button", name="Send answer").click()
    assert "Say why you are declining" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("Why are you declining? (needed if you decline)").fill("Young people were missing at Aim")
    page.get_by_role("button", name="Send answer").click()
    assert page.get_by_text("Declined: Young people were missing at Aim").is_visible()

    # The gap is put right and the officer applies again; both groups sign off.
    sign_in(page, live_server, officer)
    visit(page, kite_url)
    page.get_by_role("button", name="Apply for the kite mark").click()
    for lead in (forum_lead, youth_lead):
        sign_in(page, live_server, lead)
        visit(page, kite_url)
        page.get_by_label("Sign off the kite mark").check()
        page.get_by_role("button", name="Send answer").click()
    assert page.get_by_role("heading", name="Kite mark awarded", exact=True).is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="its verification page").click()
    assert page.get_by_role("heading", name="This is a valid co-production kite mark").is_visible()
    assert_accessible(page)
    visit(page, live_server.url + reverse("reviews:verify", args=["no-such-code"]), status=404)
    assert_accessible(page)


def test_case_study_pages_are_accessible(page, live_server, officer, forum_lead, youth_lead, ready_project):
    from reviews import kite_mark

    application = kite_mark.apply(ready_project, officer)
    kite_mark.sign_off(application, forum_lead, "signed")
    kite_mark.sign_off(application, youth_lead, "signed")
    sign_in(page, live_server, officer)
    visit(page, live_server.url + reverse("reviews:write_case_study", args=["wirral", ready_project.pk]))
    assert_accessible(page)
    page.get_by_label("Summary of the project").fill("")
    page.get_by_role("button", name="Publish the case study").click()
    assert "Write a summary of the project" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("Summary of the project").fill("Families rebuilt the health passport with health staff.")
    page.get_by_role("button", name="Publish the case study").click()
    assert page.get_by_text("Families rebuilt the health passport with health staff.").is_visible()
    assert_accessible(page)


def test_withdrawing_and_revoking_the_kite_mark(
    page, live_server, officer, forum_lead, youth_lead, admin, ready_project
):
    from projects import services as project_services

    project = ready_project
    project_services.make_public(project, officer, True)
    kite_url = live_server.url + reverse("reviews:kite_mark", args=["wirral", project.pk])
    sign_in(page, live_server, officer)
    visit(page, kite_url)
    page.get_by_role("button", name="Apply for the kite mark").click()
    # While it is considered, the record cannot change.
    visit(page, live_server.url + reverse("projects:stage", args=["wirral", project.pk, "evaluation"]))
    assert page.get_by_role("button", name="Reopen this stage").count() == 0
    assert page.get_by_text("The kite mark has been applied for or awarded").is_visible()
    visit(page, kite_url)
    page.get_by_role("button", name="Withdraw the application").click()
    assert "Say why the application is withdrawn" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("Why is the application withdrawn?").fill("a young person wants to add to the review")
    page.get_by_role("button", name="Withdraw the application").click()
    assert page.get_by_text("The application has been withdrawn").is_visible()
    assert KiteMarkApplication.objects.get().status == "withdrawn"
    page.get_by_role("button", name="Apply for the kite mark").click()
    for lead in (forum_lead, youth_lead):
        sign_in(page, live_server, lead)
        visit(page, kite_url)
        page.get_by_label("Sign off the kite mark").check()
        page.get_by_role("button", name="Send answer").click()
    sign_in(page, live_server, admin)
    visit(page, kite_url)
    page.get_by_label("Why is the kite mark revoked?").fill("families were not at the evaluation meeting")
    page.get_by_role("button", name="Revoke the kite mark").click()
    assert page.get_by_text("The kite mark was revoked on").is_visible()
    for step in ("Application withdrawn", "Awarded under charter version 2023", "Kite mark revoked"):
        assert page.get_by_text(step, exact=True).is_visible()
    assert_accessible(page)
    visit(page, live_server.url + reverse("reviews:dashboard", args=["wirral"]) + "?status=revoked")
    assert page.get_by_role("link", name=project.title).is_visible()
    assert_accessible(page)
    visit(page, live_server.url + reverse("projects:public", args=["wirral", project.pk]))
    assert page.locator("img.app-badge").count() == 0
