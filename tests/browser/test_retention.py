"""The retention page and the privacy notice in a real Chromium with axe-core, at 320 px, and through
the HTML checker: an admin follows the people list's link, types a period out of range and is told
so, then saves one, reads the stored value back, and sees the area's notice say it."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import PurgeRun
from charters.models import Partnership
from tests.browser.conftest import sign_in, visit
from tests.browser.test_charter_words import problems_on
from tests.conftest import make_paper
from tests.html_check import html_errors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_changes_a_period_and_the_notice_says_it(page, live_server, admin, partnership, tmp_path):
    PurgeRun.objects.create(partnership=partnership, on=datetime.date(2026, 11, 2), counts={"feedback": 4})
    html = {}
    problems = []

    sign_in(page, live_server, admin)
    visit(page, live_server.url + reverse("accounts:user_list"))
    page.get_by_role("link", name="How long personal data is kept, and what was removed").click()
    assert page.get_by_role("heading", name="How long personal data is kept", exact=True).is_visible()
    assert page.get_by_role("row", name="2 November 2026").is_visible()
    problems += problems_on(page)
    html["page"] = page.content()

    field = page.get_by_label("Months to keep what a family told us")
    field.fill("99")
    page.get_by_role("button", name="Save the periods").click()
    assert page.get_by_role("alert").get_by_text("must be 72 or fewer").is_visible()
    assert Partnership.objects.get(pk=partnership.pk).feedback_retention_months == 24
    problems += problems_on(page)
    html["error"] = page.content()

    page.get_by_label("Months to keep what a family told us").fill("36")
    page.get_by_role("button", name="Save the periods").click()
    assert page.get_by_text("The periods have been saved").is_visible()
    assert Partnership.objects.get(pk=partnership.pk).feedback_retention_months == 36

    page.get_by_role("link", name="Wirral's privacy notice").click()
    assert page.get_by_role("heading", name="Privacy notice").is_visible()
    assert page.get_by_text("3 years (36 months) after the item is closed").is_visible()
    problems += problems_on(page)
    html["notice"] = page.content()

    assert not problems, "\n".join(problems)
    errors = html_errors(html, tmp_path)
    assert not errors, "\n".join(errors)


def test_a_removed_paper_says_it_was_removed_under_the_retention_period(
    page, live_server, officer, project, partnership, tmp_path
):
    from django.utils import timezone

    from charter_portal.privacy import retention
    from projects.models import Stage

    paper = make_paper(project, officer)
    project.is_complete = True
    project.save()
    long_ago = timezone.now() - datetime.timedelta(days=800)
    project.stages.filter(stage=Stage.EVALUATION).update(status="completed", completed_at=long_ago)
    assert retention.purge(partnership)["papers"] == 1

    sign_in(page, live_server, officer)
    visit(page, live_server.url + reverse("projects:meeting", args=[partnership.slug, project.pk, paper.meeting_id]))
    assert page.get_by_text("(removed on").is_visible()
    with page.expect_response(lambda response: response.status == 410):
        page.get_by_role("link", name="plan.pdf").click()
    assert page.get_by_role("heading", name="“plan.pdf” has been removed").is_visible()
    assert page.get_by_text("retention period").is_visible()
    problems = problems_on(page)
    assert not problems, "\n".join(problems)
    errors = html_errors({"removed paper": page.content()}, tmp_path)
    assert not errors, "\n".join(errors)
    paper.refresh_from_db()
    assert paper.removed_at and not paper.file
