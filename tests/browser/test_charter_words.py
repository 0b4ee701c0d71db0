"""The seed charters' own words in a real Chromium with axe-core: each public charter page says
which parts it borrows and whether it has a kite mark, and fits a 320 px screen; a partnership
admin adopts a borrowed part and gives a draft its own kite mark with the real buttons (with and
without JavaScript); the public case studies list; and a Tameside project that works towards an
outcome of the charter's development plan. What was stored is read back from the database."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from charters import demo, services
from charters.models import Charter, KiteMarkRule, Partnership
from projects import services as project_services
from projects.models import Project
from reviews.models import CaseStudy
from tests.browser.conftest import assert_accessible, sign_in, visit
from tests.factories import staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TELFORD = "telford-and-wrekin"
# The words of Charter.borrowed_notes for Telford's review questions, which it leaves to Wirral's.
TELFORD_REVIEW_NOTE = (
    "This charter does not set its own review questions; "
    "we use Wirral's, from the Wirral SEND Co-production Charter (2023)."
)

# The elements that stick out past the right edge of the page, outermost first.
WIDER_THAN_THE_PAGE = """() => {
  const width = document.documentElement.clientWidth;
  const sticksOut = (el) => el.getBoundingClientRect().right > width + 1;
  return [...document.body.querySelectorAll("*")]
    .filter((el) => sticksOut(el) && !(el.parentElement && sticksOut(el.parentElement)))
    .slice(0, 5)
    .map((el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
      + [...el.classList].map((name) => "." + name).join("")
      + " (" + Math.round(el.getBoundingClientRect().right) + "px)");
}"""


@pytest.fixture
def seeds(db) -> dict[str, Charter]:
    """The five seed partnerships with their published charters, by slug."""
    demo.create_partnerships()
    return {charter.partnership.slug: charter for charter in demo.load_seed_charters()}


def sideways_scroll_at_320(page) -> str:
    """What scrolls sideways when the page is 320 px wide (WCAG 1.4.10 Reflow), or nothing."""
    viewport = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 800})
    try:
        scroll_width, client_width = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if scroll_width <= client_width:
            return ""
        culprits = ", ".join(page.evaluate(WIDER_THAN_THE_PAGE))
        return f"{page.url}: {scroll_width}px wide at 320px; sticking out: {culprits}"
    finally:
        page.set_viewport_size(viewport)


def assert_fits_320(page) -> None:
    problem = sideways_scroll_at_320(page)
    assert not problem, problem


def problems_on(page) -> list[str]:
    """Every axe violation and the sideways scroll of the page, so one run reports them all."""
    problems = []
    try:
        assert_accessible(page)
    except pytest.fail.Exception as failure:
        problems.append(str(failure))
    if problem := sideways_scroll_at_320(page):
        problems.append(problem)
    return problems


def make_draft(charter: Charter, version: str, actor) -> Charter:
    """A new draft copied from the published charter, as the "Make a new draft" page makes it."""
    published = services.charter_with_parts(Charter.objects.filter(pk=charter.pk)).get()
    data = services.charter_to_data(published)
    data["charter"].update(version=version, published_on=None)
    return services.import_charter(
        data, actor, partnership=charter.partnership, how=f"as a copy of version {published.version}"
    )


def telford_admin():
    return staff(Role.ADMIN, Partnership.objects.get(slug=TELFORD), name="Tia Admin", email="tia@example.org")


# The public charter pages.


def test_every_seed_charter_page_is_accessible_and_fits_320px(page, live_server, seeds):
    problems = []
    for slug in demo.SEED_FILES:
        visit(page, live_server.url + reverse("charters:charter", args=[slug]))
        problems += problems_on(page)
    assert not problems, "\n".join(problems)


def test_every_seed_charter_page_says_what_it_borrows_and_whether_it_has_a_kite_mark(page, live_server, seeds):
    for slug, charter in seeds.items():
        visit(page, live_server.url + reverse("charters:charter", args=[slug]))
        notes = page.locator(".app-borrowed")
        assert sorted(notes.all_inner_texts()) == sorted(charter.borrowed_notes.values()), slug
        has_no_kite_mark = page.get_by_text("This charter has no kite mark yet.", exact=True)
        if slug == "wirral":
            assert has_no_kite_mark.count() == 0
            assert page.get_by_role("heading", name="The co-production kite mark").is_visible()
        else:
            assert has_no_kite_mark.is_visible(), slug

    visit(page, live_server.url + reverse("charters:charter", args=[TELFORD]))
    assert page.get_by_text(TELFORD_REVIEW_NOTE, exact=True).is_visible()


def test_hounslow_numbers_its_principles_and_tameside_shows_its_development_plan(page, live_server, seeds):
    visit(page, live_server.url + reverse("charters:charter", args=["hounslow"]))
    assert page.get_by_role("heading", name="1. Shared Power and Influence", exact=True).is_visible()
    principles = seeds["hounslow"].principles.all()
    assert page.get_by_role("heading", name=f"{principles.count()}. {principles.last()}", exact=True).is_visible()

    visit(page, live_server.url + reverse("charters:charter", args=["tameside"]))
    assert page.get_by_role("heading", name="Development plan", exact=True).is_visible()
    for outcome in seeds["tameside"].plan.all():
        assert page.get_by_role("heading", name=outcome.outcome, exact=True).is_visible()


# A partnership admin's draft.


def test_the_draft_page_and_its_kite_mark_form_are_accessible_and_fit_320px(page, live_server, seeds):
    admin = telford_admin()
    make_draft(seeds[TELFORD], "2", admin)
    sign_in(page, live_server, admin)
    problems = []
    visit(page, live_server.url + reverse("charters:edit_draft", args=[TELFORD, "2"]))
    problems += problems_on(page)
    visit(page, live_server.url + reverse("charters:kite_mark_rule", args=[TELFORD, "2"]))
    problems += problems_on(page)
    page.get_by_role("button", name="Save the kite mark").click()
    assert page.locator(".govuk-error-summary").is_visible()
    problems += problems_on(page)
    assert not problems, "\n".join(problems)


def test_an_admin_adopts_the_borrowed_review_questions_and_adds_a_kite_mark(page, live_server, seeds):
    telford = seeds[TELFORD].partnership
    sign_in(page, live_server, telford_admin())
    visit(page, live_server.url + reverse("charters:manage", args=[TELFORD]))
    page.get_by_role("button", name="Make a new draft from version 1").click()
    page.get_by_label("Version of the new draft").fill("2")
    page.get_by_role("button", name="Make the draft").click()
    assert page.get_by_role("heading", name="Telford & Wrekin SEND Working Together Charter, version 2").is_visible()
    assert page.get_by_text("This charter has no kite mark yet.").is_visible()
    assert_accessible(page)

    # The button's hidden words name the part it adopts.
    page.get_by_role("button", name=TELFORD_REVIEW_NOTE).click()
    draft = Charter.objects.get(partnership=telford, version="2")
    assert "review_questions" not in draft.borrowed
    assert draft.borrowed == ["levels", "stage_questions", "considerations"]
    adopted = (
        "Adopted the review questions as this charter's own "
        "(they were Wirral's, from the Wirral SEND Co-production Charter (2023))"
    )
    assert page.locator(".govuk-notification-banner--success").inner_text().endswith(adopted)
    assert page.locator(".app-timeline").get_by_text(adopted, exact=True).is_visible()
    assert page.get_by_text(TELFORD_REVIEW_NOTE).count() == 0
    assert_accessible(page)

    page.get_by_role("button", name="Add a kite mark").click()
    assert page.get_by_role("heading", name="Add a kite mark").is_visible()
    assert_accessible(page)
    page.get_by_label("Name of the kite mark").fill("Working Together kite mark")
    page.get_by_label("How many family members must review a project first?").fill("-1")
    page.get_by_role("button", name="Save the kite mark").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Select at least one group who signs off the kite mark" in summary
    assert "The number of family reviews cannot be below 0" in summary
    assert not KiteMarkRule.objects.filter(charter=draft).exists()
    assert_accessible(page)

    page.get_by_label("Parent carer forum", exact=True).check()
    page.get_by_label("How many family members must review a project first?").fill("1")
    page.get_by_role("button", name="Save the kite mark").click()
    rule = KiteMarkRule.objects.get(charter=draft)
    assert (rule.name, rule.sign_off_by, rule.min_family_reviews) == ("Working Together kite mark", ["forum"], 1)
    added = "Added the kite mark “Working Together kite mark”: signed off by the parent carer forum, 1 family review"
    assert page.locator(".govuk-notification-banner--success").inner_text().endswith(added)
    assert page.locator(".app-timeline").get_by_text(added, exact=True).is_visible()
    assert page.get_by_text("The leads of the parent carer forum").is_visible()
    assert_accessible(page)


def test_without_javascript_the_adopt_button_still_works(browser, live_server, seeds):
    admin = telford_admin()
    draft = make_draft(seeds[TELFORD], "2", admin)
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.set_default_timeout(5000)
        sign_in(page, live_server, admin)
        visit(page, live_server.url + reverse("charters:edit_draft", args=[TELFORD, "2"]))
        # No script ran: js-enabled.js would have marked the body.
        assert page.locator("body.js-enabled").count() == 0
        page.get_by_role("button", name=TELFORD_REVIEW_NOTE).click()
        page.wait_for_url("**/charter/2/edit/#defaults")
        draft.refresh_from_db()
        assert "review_questions" not in draft.borrowed
        assert page.get_by_text("Adopted the review questions as this charter's own").first.is_visible()
    finally:
        context.close()


# The public case studies.


def test_the_case_studies_list_is_accessible_empty_and_with_a_case_study(page, live_server, seeds):
    url = live_server.url + reverse("reviews:case_studies", args=[TELFORD])
    visit(page, url)
    assert page.get_by_text("Telford & Wrekin has not published a case study yet.").is_visible()
    assert_accessible(page)
    assert_fits_320(page)

    charter = seeds[TELFORD]
    officer = staff(Role.OFFICER, charter.partnership)
    project = project_services.create_project(
        actor=officer,
        partnership=charter.partnership,
        charter=charter,
        level=charter.levels.get(name="Co-production"),
        title="Short Breaks Directory",
        summary="A directory of short breaks, written with families.",
        level_reason="families asked for it",
    )
    project_services.make_public(project, officer, True)
    CaseStudy.objects.create(
        project=project, summary="Families and the council rewrote the directory together.", published_at=timezone.now()
    )
    visit(page, url)
    assert page.get_by_role("link", name="Short Breaks Directory").is_visible()
    assert page.get_by_text("Families and the council rewrote the directory together.").is_visible()
    assert_accessible(page)
    assert_fits_320(page)


# A project under Tameside's development plan.


def test_a_tameside_officer_starts_a_project_towards_a_development_plan_outcome(page, live_server, seeds):
    charter = seeds["tameside"]
    outcome = charter.plan.all()[1]
    sign_in(page, live_server, staff(Role.OFFICER, charter.partnership))
    visit(page, live_server.url + reverse("projects:start", args=["tameside"]))
    question = page.get_by_role(
        "group", name="Which outcome of the charter's development plan does it work towards? (optional)"
    )
    assert question.get_by_role("radio").count() == charter.plan.count() + 1
    assert_accessible(page)
    assert_fits_320(page)

    page.get_by_label("Project name").fill("SENDIASS drop-ins")
    page.get_by_label("What is the project about?").fill("Drop-in advice sessions planned with families.")
    question.get_by_label(outcome.outcome, exact=True).check()
    page.get_by_label("Co-producing", exact=True).check()
    page.get_by_label("Why this way of working?").fill("families asked to shape the sessions")
    for textarea in page.locator("textarea[id^=id_consideration_]").all():
        textarea.fill("Agreed with the forum")
    page.get_by_role("button", name="Start the project").click()
    assert page.get_by_role("heading", name="SENDIASS drop-ins").is_visible()
    project = Project.objects.get(title="SENDIASS drop-ins")
    assert project.plan_outcome == outcome
    assert project.level.name == "Co-producing"
    assert_accessible(page)
