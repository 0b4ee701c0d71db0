"""Every charter in its own words: what it borrows is labelled, it shows and exports only what it
says, and the charters councils write (untitled principles, month dates, sections, plans) fit."""

import datetime
import re

import pytest
from django.urls import reverse

from charters import charter_file
from charters.models import Charter, CharterEvent, KiteMarkRule
from charters.services import charter_to_data, charter_with_parts, publish
from reviews.kite_mark import KiteMarkStatus, status
from tests.conftest import SMALL_CHARTER, client_for, make_charter

WIRRALS = "we use Wirral's, from the Wirral SEND Co-production Charter (2023)."
NO_KITE_MARK = SMALL_CHARTER.split("kite_mark:")[0]

# Charters like those other areas write, in this format: nothing here is any seed's.
SENTENCES = """\
format: charter/1
partnership: {name: Sandford, slug: sandford}
charter:
  title: Sandford Working Together Charter
  published_on: 2024-03
  review_due_on: 2025-03
principles:
  - summary: We listen to families before we decide anything.
  - summary: We explain our decisions in plain words.
    commitments:
      - Honest communication, even when the news is not good.
      - {text: Share what we heard within a month, kind: we-will}
signatories:
  - name: A Parent Carer
    role: Chair of the forum
    signed_on: 2024-03
"""

SECTIONS_AND_PLAN = """\
format: charter/1
partnership: {name: Eastmoor, slug: eastmoor}
charter:
  title: Eastmoor Charter
  numbered: true
sections:
  - heading: Before anything else
    place: start
    body: |
      Read this **first**.

      - one
      - two
  - heading: Contact us
    body: "Write to [the forum](mailto:forum@example.org). <script>alert(1)</script> [bad](javascript:alert(1))"
principles:
  - title: Trust
  - title: Time
plan:
  - outcome: Families find help on the first try
    priority: Priority 1
    steps: [Map every service, Test the map with families]
    timescale: By March 2027
    difference: Fewer calls that go nowhere.
case_studies:
  - title: The map
    level: Co-design
    summary: Families drew the first map.
    quotes: ["We drew it ourselves"]
"""

EMPTY_THEMES = """\
format: charter/1
partnership: {name: Westholm, slug: westholm}
charter: {title: Westholm Charter}
themes:
  - {key: listen, name: Listen}
  - {key: act, name: Act}
  - {key: tell, name: Tell}
principles:
  - title: Be kind
"""


def load(text: str, publish_it: bool = True) -> Charter:
    from charters.services import import_charter

    return import_charter(charter_file.read(text), publish_it=publish_it)


def page(client, slug: str) -> str:
    response = client.get(reverse("charters:charter", args=[slug]))
    assert response.status_code == 200
    return response.text


# Never put words in a partnership's mouth.


def test_borrowed_parts_are_named_on_the_charter_page_and_left_out_of_the_export(client, charter):
    text = page(client, "wirral")
    for part in ("review questions", "questions for each step of a project", "ways of working together (the ladder)"):
        assert f"This charter does not set its own {part}; {WIRRALS}".replace("'", "&#x27;") in text
    exported = client.get(reverse("charters:download", args=["wirral", "2023"])).content.decode()
    assert "review_questions" not in exported and "stage_questions" not in exported and "levels" not in exported
    # ...and reading the export back borrows them again, saying so.
    again = charter_file.read(exported)
    assert set(again["borrowed"]) == {"levels", "stage_questions", "considerations", "review_questions"}


def test_the_upload_check_says_none_rather_than_counting_borrowed_questions(client, partnership, admin):
    from charters.views import _counts

    counts = _counts(charter_file.read(SMALL_CHARTER))
    assert counts["Review questions"].startswith("None: the portal uses Wirral's")
    assert counts["Principles"] == "2"


def test_a_charter_that_sets_its_parts_shows_no_note(client, db):
    from charters.demo import seed_data
    from charters.services import import_charter

    import_charter(seed_data("wirral"), publish_it=True)
    assert "This charter does not set its own" not in page(client, "wirral")


def test_borrowed_parts_are_named_on_the_project_stage_and_review_pages(project, officer, family):
    officer_client = client_for(officer)
    slug = project.partnership.slug
    detail = officer_client.get(reverse("projects:detail", args=[slug, project.pk])).text
    assert "This charter does not set its own questions for each step of a project" in detail
    stage = officer_client.get(reverse("projects:stage", args=[slug, project.pk, "need"])).text
    assert "This charter does not set its own questions for each step of a project" in stage
    start = officer_client.get(reverse("projects:start", args=[slug])).text
    assert "This charter does not set its own ways of working together" in start
    review = client_for(family).get(reverse("reviews:answer", args=[slug, project.pk])).text
    assert "This charter does not set its own review questions" in review


def test_no_kite_mark_where_the_charter_defines_none(client, partnership, officer, family):
    from tests.conftest import make_project

    charter = make_charter(partnership, text=NO_KITE_MARK)
    assert not KiteMarkRule.objects.filter(charter=charter).exists()
    text = re.sub(r"</?a\b[^>]*>", "", page(client, "wirral"))  # without the glossary's links
    assert "This charter has no kite mark yet." in text and "Can earn the kite mark" not in text
    project = make_project(charter, officer, family)
    assert status(project, None) == KiteMarkStatus.NO_KITE_MARK
    kite_page = client_for(officer).get(reverse("reviews:kite_mark", args=["wirral", project.pk])).text
    assert "This charter has no kite mark yet" in kite_page
    # Applying anyway, by posting the form, is refused.
    client_for(officer).post(reverse("reviews:apply", args=["wirral", project.pk]))
    assert not project.kite_mark_applications.exists()


def test_plain_statements_have_no_heading_and_a_charters_own_heading_stays(client, partnership):
    text = SMALL_CHARTER.replace("charter:\n", 'charter:\n  headings: {how: "We will achieve this by:"}\n', 1).replace(
        "review_due_on: 2030-02-01", "review_due_on: 2030-02-01\n  numbered: false"
    )
    make_charter(partnership, text=text)
    html = page(client, "wirral")
    assert "We will</h4>" not in html
    assert "We will achieve this by:</h4>" in html
    assert html.index("Communicate well") < html.index("We will achieve this by:</h4>") < html.index("By listening")


# Hold the charters councils write.


def test_untitled_principles_month_dates_and_nameless_organisations(client, db):
    load(SENTENCES)
    text = page(client, "sandford")
    first, second = "We listen to families before we decide anything.", "We explain our decisions in plain words."
    assert f"{first}</h3>" in text and f"{second}</h3>" in text
    assert text.index(first) < text.index(second)
    assert "Honest communication, even when the news is not good." in text
    assert "March 2024" in text and "1 March 2024" not in text
    assert "A Parent Carer, Chair of the forum" in text


def test_the_public_sees_an_overdue_review(client, db, settings):
    load(SENTENCES)
    assert "This charter was due for review in March 2025." in page(client, "sandford")


def test_a_review_due_this_month_is_not_overdue(db):
    charter = load(SENTENCES)
    assert not charter.review_overdue(datetime.date(2025, 3, 31))
    assert charter.review_overdue(datetime.date(2025, 4, 1))


def test_sections_are_shown_where_the_charter_puts_them_and_sanitised(client, db):
    load(SECTIONS_AND_PLAN)
    text = page(client, "eastmoor")
    assert text.index("Before anything else") < text.index("Principles</h2>") < text.index("Contact us")
    assert "<strong>first</strong>" in text and '<ul class="govuk-list govuk-list--bullet">' in text
    assert 'href="mailto:forum@example.org"' in text
    assert "<script>alert" not in text and 'href="javascript' not in text
    assert "1. Trust</h3>" in text and "2. Time</h3>" in text


def test_themes_without_statements_or_principles_are_not_empty_headings(client, db):
    load(EMPTY_THEMES)
    text = page(client, "westholm")
    for name in ("Listen", "Act", "Tell"):
        assert f">{name}</h3>" not in text and f">{name}</p>" in text
    assert "Other principles" not in text


def test_a_plan_shows_its_outcomes_and_the_public_projects_working_on_them(client, db):
    from tests.conftest import make_project
    from tests.factories import UserFactory, staff

    charter = load(SECTIONS_AND_PLAN)
    outcome = charter.plan.get()
    officer = staff("officer", charter.partnership)
    family = UserFactory(partnership=charter.partnership, role="family")
    shown = make_project(charter, officer, family)
    hidden = make_project(charter, officer, family)
    shown.plan_outcome = hidden.plan_outcome = outcome
    shown.is_public, shown.title, hidden.title = True, "Shared map project", "Private map project"
    shown.save()
    hidden.save()
    text = page(client, "eastmoor")
    assert "Families find help on the first try" in text and "By March 2027" in text
    assert "Fewer calls that go nowhere." in text and "Test the map with families" in text
    assert "Shared map project" in text and "Private map project" not in text
    assert "We drew it ourselves" in text


def test_everything_the_format_holds_round_trips(db):
    for text in (SENTENCES, SECTIONS_AND_PLAN, EMPTY_THEMES, SMALL_CHARTER):
        data = charter_file.read(text)
        assert charter_file.read(charter_file.write(data)) == data
        charter = load(text, publish_it=False)
        exported = charter_to_data(charter_with_parts(Charter.objects.filter(pk=charter.pk)).get())
        assert charter_file.read(charter_file.write(exported)) == data
        charter.delete()


def test_organisation_kinds_read_as_words(client, partnership):
    from charters.models import Organisation

    Organisation.objects.create(partnership=partnership, name="Wirral Health Trust", kind="nhs")
    text = client.get(reverse("charters:partnership", args=["wirral"])).text
    assert 'Wirral Health Trust <span class="govuk-body-s">(NHS)</span>' in text


# A partnership admin adopts what the draft borrows, and gives it a kite mark.


def test_an_admin_adopts_a_borrowed_part_into_the_draft(draft, admin):
    url = reverse("charters:adopt_default", args=["wirral", draft.version, "review_questions"])
    response = client_for(admin).post(url, follow=True)
    assert "Adopted the review questions as this charter&#x27;s own" in response.text
    draft.refresh_from_db()
    assert "review_questions" not in draft.borrowed and draft.borrowed_from
    assert CharterEvent.objects.filter(charter=draft, what__startswith="Adopted the review questions").exists()
    exported = charter_file.write(charter_to_data(charter_with_parts(Charter.objects.filter(pk=draft.pk)).get()))
    assert "review_questions:" in exported
    # Adopting twice (a double click) changes nothing and says why.
    again = client_for(admin).post(url, follow=True)
    assert "This draft already sets that part itself." in again.text
    assert CharterEvent.objects.filter(charter=draft, what__startswith="Adopted").count() == 1


def test_adopting_every_part_clears_where_they_came_from(draft, admin):
    for part in list(draft.borrowed):
        client_for(admin).post(reverse("charters:adopt_default", args=["wirral", draft.version, part]))
    draft.refresh_from_db()
    assert (draft.borrowed, draft.borrowed_from) == ([], "")


def test_adopting_cannot_be_done_to_a_published_charter_or_an_unknown_part(charter, draft, admin, officer):
    admin_client = client_for(admin)
    published = reverse("charters:adopt_default", args=["wirral", charter.version, "review_questions"])
    assert admin_client.post(published).status_code == 404
    unknown = reverse("charters:adopt_default", args=["wirral", draft.version, "kite_mark"])
    assert admin_client.post(unknown).status_code == 404
    allowed = reverse("charters:adopt_default", args=["wirral", draft.version, "review_questions"])
    assert client_for(officer).post(allowed).status_code == 403
    draft.refresh_from_db()
    assert "review_questions" in draft.borrowed


def test_an_admin_gives_a_draft_a_kite_mark_and_publishes_it(client, partnership, admin):
    draft = make_charter(partnership, version="2024", publish=False, text=NO_KITE_MARK)
    url = reverse("charters:kite_mark_rule", args=["wirral", "2024"])
    admin_client = client_for(admin)
    response = admin_client.post(
        url, {"name": "Working together mark", "sign_off_by": ["forum", "nhs"], "min_family_reviews": "1"}
    )
    assert response.status_code == 302
    rule = KiteMarkRule.objects.get(charter=draft)
    assert (rule.name, rule.sign_off_by, rule.min_family_reviews) == ("Working together mark", ["forum", "nhs"], 1)
    event = CharterEvent.objects.get(charter=draft, what__startswith="Added the kite mark")
    assert "signed off by the parent carer forum and NHS, 1 family review" in event.what
    publish(draft, admin)
    text = page(client, "wirral")
    assert "The working together mark</h2>" in text and "no kite mark yet" not in text
    exported = client.get(reverse("charters:download", args=["wirral", "2024"])).content.decode()
    assert "kite_mark:" in exported and "min_family_reviews: 1" in exported


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"name": "", "sign_off_by": ["forum"], "min_family_reviews": "0"}, "Enter the name of the kite mark"),
        ({"name": "Mark", "min_family_reviews": "0"}, "Select at least one group who signs off the kite mark"),
        ({"name": "Mark", "sign_off_by": ["martians"], "min_family_reviews": "0"}, "Select the groups from the list"),
        ({"name": "Mark", "sign_off_by": ["forum"], "min_family_reviews": "-1"}, "cannot be below 0"),
        ({"name": "Mark", "sign_off_by": ["forum"], "min_family_reviews": "99999999999"}, "1,000 or fewer"),
        ({"name": "Mark", "sign_off_by": ["forum"], "min_family_reviews": "two"}, "Enter a whole number, like 2"),
        ({"name": "M" * 101, "sign_off_by": ["forum"], "min_family_reviews": "0"}, "100 characters or fewer"),
    ],
)
def test_a_kite_mark_form_with_a_bad_answer_says_what_to_fix(draft, admin, fields, error):
    KiteMarkRule.objects.filter(charter=draft).delete()
    response = client_for(admin).post(reverse("charters:kite_mark_rule", args=["wirral", draft.version]), fields)
    assert response.status_code == 400
    assert "govuk-error-summary" in response.text and error in response.text
    assert not KiteMarkRule.objects.filter(charter=draft).exists()


def test_a_published_kite_mark_cannot_be_changed_or_removed(charter, admin):
    rule = charter.kite_mark
    admin_client = client_for(admin)
    fields = {"name": "Easier mark", "sign_off_by": ["council"], "min_family_reviews": "0"}
    assert admin_client.post(reverse("charters:kite_mark_rule", args=["wirral", "2023"]), fields).status_code == 404
    assert admin_client.post(reverse("charters:remove_kite_mark", args=["wirral", "2023"])).status_code == 404
    rule.refresh_from_db()
    assert rule.name == "Co-production kite mark" and rule.sign_off_by == ["forum", "young-people"]


def test_removing_a_drafts_kite_mark_is_recorded(draft, admin):
    response = client_for(admin).post(reverse("charters:remove_kite_mark", args=["wirral", draft.version]), follow=True)
    assert "Removed the kite mark" in response.text
    assert not KiteMarkRule.objects.filter(charter=draft).exists()
    assert CharterEvent.objects.filter(charter=draft, what__startswith="Removed the kite mark").exists()


def test_the_draft_page_offers_each_borrowed_part_and_the_kite_mark(draft, admin):
    text = client_for(admin).get(reverse("charters:edit_draft", args=["wirral", draft.version])).text
    assert text.count("Adopt these as our own") == 4
    assert "Change the kite mark" in text


# The plan on the project list, and case studies anyone can find.


@pytest.mark.parametrize("count", [2, 30])
def test_the_project_list_filters_by_plan_outcome_in_constant_queries(client, db, count, django_assert_max_num_queries):
    from projects import services
    from tests.factories import staff

    charter = load(SECTIONS_AND_PLAN)
    outcome = charter.plan.get()
    officer = staff("officer", charter.partnership)
    for i in range(count):
        project = services.create_project(
            actor=officer,
            partnership=charter.partnership,
            charter=charter,
            level=charter.levels.first(),
            title=f"Project {i}",
            summary="s",
            level_reason="r",
            plan_outcome=outcome if i % 2 else None,
        )
        services.make_public(project, officer, True)
    url = reverse("projects:list", args=["eastmoor"])
    with django_assert_max_num_queries(11):
        response = client.get(url, {"outcome": outcome.pk})
    assert response.status_code == 200
    assert len(response.context["page_obj"]) == min(count // 2, 20)
    assert "Development plan outcome" in response.text
    # Nonsense in the filter is ignored, not a 500.
    assert client.get(url, {"outcome": "99999999999999999999"}).status_code == 200


def test_a_new_project_can_work_towards_a_plan_outcome_and_it_is_recorded(db):
    from projects.models import Project
    from tests.factories import staff

    charter = load(SECTIONS_AND_PLAN)
    outcome = charter.plan.get()
    officer = staff("officer", charter.partnership)
    fields = {
        "title": "The map",
        "summary": "Make the map",
        "plan_outcome": str(outcome.pk),
        "level": str(charter.levels.first().pk),
        "level_reason": "families asked",
    }
    fields |= {f"consideration_{c.key}": "Agreed" for c in charter.considerations.exclude(key="level")}
    response = client_for(officer).post(reverse("projects:start", args=["eastmoor"]), fields)
    assert response.status_code == 302, response.content.decode()[:3000]
    project = Project.objects.get(title="The map")
    assert project.plan_outcome == outcome
    assert project.events.filter(what__startswith="Works towards the development plan outcome").exists()


def test_a_plan_outcome_of_another_charter_is_refused(db, charter):
    from charters.models import PlanOutcome
    from tests.factories import staff

    eastmoor = load(SECTIONS_AND_PLAN)
    elsewhere = PlanOutcome.objects.create(charter=charter, order=0, outcome="Wirral's outcome")
    officer = staff("officer", eastmoor.partnership)
    fields = {
        "title": "Sneaky",
        "summary": "s",
        "plan_outcome": str(elsewhere.pk),
        "level": str(eastmoor.levels.first().pk),
        "level_reason": "r",
    }
    fields |= {f"consideration_{c.key}": "Agreed" for c in eastmoor.considerations.exclude(key="level")}
    response = client_for(officer).post(reverse("projects:start", args=["eastmoor"]), fields)
    assert response.status_code == 400
    assert "Choose an outcome of this charter&#x27;s development plan" in response.text
    assert not eastmoor.partnership.projects.exists()


@pytest.mark.parametrize("count", [1, 25])
def test_case_studies_are_listed_for_the_public_in_constant_queries(
    client, charter, officer, family, count, django_assert_max_num_queries
):
    from django.utils import timezone

    from reviews.models import CaseStudy
    from tests.conftest import make_project

    for i in range(count):
        project = make_project(charter, officer, family)
        project.is_public = True
        project.title = f"Story {i}"
        project.save()
        CaseStudy.objects.create(project=project, summary=f"What happened {i}", published_at=timezone.now())
    private = make_project(charter, officer, family)
    CaseStudy.objects.create(project=private, summary="Private story", published_at=timezone.now())
    with django_assert_max_num_queries(8):
        response = client.get(reverse("reviews:case_studies", args=["wirral"]))
    assert response.status_code == 200
    assert len(response.context["page_obj"]) == min(count, 20)
    assert "Private story" not in response.text
    # The area's page and the charter page list the newest, and link to them all.
    for url in (reverse("charters:partnership", args=["wirral"]), reverse("charters:charter", args=["wirral"])):
        text = client.get(url).text
        assert f"Story {count - 1}" in text and reverse("reviews:case_studies", args=["wirral"]) in text
    public_page = client.get(reverse("projects:public", args=["wirral", project.pk])).text
    assert reverse("reviews:case_study", args=["wirral", project.pk]) in public_page


def test_with_no_case_studies_the_list_says_so(client, charter):
    text = client.get(reverse("reviews:case_studies", args=["wirral"])).text
    assert "Wirral has not published a case study yet." in text
    assert "Case studies of our projects" not in client.get(reverse("charters:partnership", args=["wirral"])).text
