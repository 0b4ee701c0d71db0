"""Charter pages in a real Chromium with axe-core: the public pages of every
seed, and a partnership admin's upload, fix, preview, edit and publish."""

import pytest
from django.urls import reverse

from charters import demo
from tests.browser.conftest import assert_accessible, sign_in, visit
from tests.conftest import SMALL_CHARTER

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_seed_charter_page_is_accessible(page, live_server):
    demo.create_partnerships()
    demo.load_seed_charters()
    for slug in demo.SEED_FILES:
        visit(page, live_server.url + reverse("charters:partnership", args=[slug]))
        assert_accessible(page)
        visit(page, live_server.url + reverse("charters:charter", args=[slug]))
        assert_accessible(page)
    assert page.get_by_role("heading", name="Outcomes to measure progress against").is_visible()


def test_superseded_and_empty_charter_pages_are_accessible(page, live_server, charter, draft, admin, other_partnership):
    from charters.services import publish

    publish(draft, admin)
    visit(page, live_server.url + reverse("charters:version", args=["wirral", "2023"]))
    assert page.get_by_text("This version has been superseded.").is_visible()
    assert_accessible(page)
    visit(page, live_server.url + reverse("charters:charter", args=["hounslow"]))
    assert_accessible(page)


def test_admin_charter_pages_are_accessible(page, live_server, charter, draft, admin):
    sign_in(page, live_server, admin)
    principle = draft.principles.first()
    commitment = principle.commitments.first()
    for url in [
        reverse("charters:manage", args=["wirral"]),
        reverse("charters:upload", args=["wirral"]),
        reverse("charters:new_draft", args=["wirral"]),
        reverse("charters:edit_draft", args=["wirral", "2024"]),
        reverse("charters:version", args=["wirral", "2024"]),
        reverse("charters:change_details", args=["wirral", "2024"]),
        reverse("charters:add_principle", args=["wirral", "2024"]),
        reverse("charters:change_principle", args=["wirral", "2024", principle.pk]),
        reverse("charters:add_commitment", args=["wirral", "2024", principle.pk]),
        reverse("charters:change_commitment", args=["wirral", "2024", commitment.pk]),
        reverse("charters:add_signatory", args=["wirral", "2024"]),
        reverse("charters:publish", args=["wirral", "2024"]),
        reverse("charters:remove_principle", args=["wirral", "2024", principle.pk]),
        reverse("charters:remove_signatory", args=["wirral", "2024", draft.signatories.get().pk]),
        reverse("charters:remove_kite_mark", args=["wirral", "2024"]),
        reverse("charters:delete_draft", args=["wirral", "2024"]),
    ]:
        visit(page, live_server.url + url)
        assert_accessible(page)


def test_form_errors_on_charter_pages_are_accessible(page, live_server, draft, admin):
    sign_in(page, live_server, admin)
    visit(page, live_server.url + reverse("charters:change_details", args=["wirral", "2024"]))
    page.get_by_label("Title").fill("")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Save").click()
    assert "Enter the charter's title" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    visit(page, live_server.url + reverse("charters:add_signatory", args=["wirral", "2024"]))
    page.get_by_role("button", name="Add signatory").click()
    assert "Enter the organisation that signed" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)


def test_an_admin_uploads_a_charter_fixes_it_previews_edits_and_publishes(page, live_server, charter, admin, tmp_path):
    sign_in(page, live_server, admin)
    visit(page, live_server.url + reverse("charters:manage", args=["wirral"]))
    page.get_by_role("button", name="Upload a charter file").click()

    # A file with mistakes: the problems are listed with their lines, nothing is saved.
    broken = tmp_path / "charter.yaml"
    broken.write_text(SMALL_CHARTER.replace('version: "2023"', 'version: "2025"').replace("[communicate]", "[talking]"))
    page.get_by_label("Charter file").set_input_files(str(broken))
    page.get_by_role("button", name="Check the file").click()
    assert "Line 11, principle 1, theme 1: there is no theme with the key 'talking'" in page.content()
    assert_accessible(page)

    fixed = tmp_path / "fixed.yaml"
    fixed.write_text(SMALL_CHARTER.replace('version: "2023"', 'version: "2025"').replace("Inclusive", "Included"))
    page.get_by_label("Charter file").set_input_files(str(fixed))
    page.get_by_role("button", name="Check the file").click()
    assert page.get_by_role("heading", name="Check the charter file").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Save as a draft").click()

    assert page.get_by_role("heading", name="Wirral SEND Co-production Charter, version 2025").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Add a principle").click()
    page.get_by_label("Title").fill("Ambitious")
    page.get_by_role("button", name="Save principle").click()
    page.get_by_role("button", name="Move up Ambitious").click()
    assert_accessible(page)

    page.get_by_role("button", name="Publish this draft").click()
    page.get_by_role("button", name="Publish version 2025").click()
    assert page.get_by_role("heading", name="Ambitious").is_visible()
    assert page.get_by_text("Version 2025 is now the published charter").is_visible()
    assert_accessible(page)

    visit(page, live_server.url + reverse("charters:version", args=["wirral", "2023"]))
    assert page.get_by_text("This version has been superseded.").is_visible()


def test_an_admin_removes_a_statement_after_asking_and_restores_it(page, live_server, draft, admin):
    from charters.models import Commitment

    sign_in(page, live_server, admin)
    draft_page = live_server.url + reverse("charters:edit_draft", args=["wirral", "2024"])
    visit(page, draft_page)
    page.get_by_role("link", name="Remove statement 1 of Working Together").click()

    # Asked first, on a page of its own: nothing has gone yet.
    assert page.get_by_role(
        "heading", name="Are you sure you want to remove the statement “Communicate well”?"
    ).is_visible()
    assert_accessible(page)
    assert Commitment.objects.filter(principle__charter=draft, text="Communicate well").exists()
    page.get_by_role("button", name="Remove the statement").click()

    banner = page.locator(".govuk-notification-banner--success")
    assert "Removed the statement “Communicate well” from “Working Together”" in banner.inner_text()
    assert not Commitment.objects.filter(principle__charter=draft, text="Communicate well").exists()
    assert_accessible(page)
    banner.get_by_role("link", name="Restore the statement").click()
    assert page.get_by_role("heading", name="Restore the statement “Communicate well”?").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Restore the statement").click()
    assert "Restored the statement “Communicate well” to “Working Together”" in banner.inner_text()

    page.reload()
    statements = page.get_by_role("table", name="Statements of Working Together")
    assert statements.get_by_role("cell", name="Communicate well", exact=True).is_visible()
    assert statements.locator("tbody tr").first.inner_text().startswith("Communicate well")
    assert Commitment.objects.get(principle__charter=draft, text="Communicate well").order == 0
