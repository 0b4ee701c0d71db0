"""Public pages are kept whole for visitors not signed in (charter_portal/public_cache.py), and every
change to what one shows is seen on its next visit: each test here first proves the page is served
from the cache (the second visit makes no query, or one to find a kite mark's area), then makes the
change the way people make it, and looks again."""

import datetime
import time
from types import SimpleNamespace

import pytest
from django.contrib import messages
from django.core.cache.backends import locmem
from django.db import connection
from django.http import HttpResponse, StreamingHttpResponse
from django.template import RequestContext, Template
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import path, reverse
from django.utils.cache import patch_cache_control, patch_vary_headers

from charter_portal.public_cache import site_page, site_pages_changed
from charters import services as charter_services
from charters.models import Charter, Partnership
from feedback import services as feedback_services
from feedback.forms import topics_for
from feedback.models import Feedback, Topic
from projects import services as project_services
from projects.models import Project
from reviews import kite_mark
from tests.conftest import SMALL_CHARTER, client_for, make_charter
from tests.feedback.test_public_pages import publish_one

# A kept page is sent without a query, but a kite mark's verification page finds its area from its code.
KEPT_QUERIES = 1


@pytest.fixture
def kept(client, django_assert_max_num_queries):
    """Visit a page anonymously twice, proving the second visit is served from the cache; its text."""

    def visit(url: str, status: int = 200) -> str:
        first = client.get(url)
        assert first.status_code == status
        with django_assert_max_num_queries(KEPT_QUERIES):
            second = client.get(url)
        assert second.status_code == status
        assert second.content == first.content
        return second.text

    return visit


def rendered(client: Client, url: str, method: str = "get") -> bool:
    """Whether the visit ran the view (it asked the database for more than the partnership)."""
    with CaptureQueriesContext(connection) as queries:
        getattr(client, method)(url)
    return len(queries) > KEPT_QUERIES


def seen(url: str, status: int = 200) -> str:
    """The page as a new visitor, not signed in, sees it now."""
    response = Client().get(url)
    assert response.status_code == status
    return response.text


def board(slug: str = "wirral") -> str:
    return reverse("feedback:board", args=[slug])


def area(slug: str = "wirral") -> str:
    return reverse("charters:partnership", args=[slug])


# What is kept, and for whom.


def test_a_second_anonymous_visit_is_served_from_the_cache(client, partnership, django_assert_num_queries):
    publish_one(partnership, "The bus was late")
    first = client.get(board())
    with django_assert_num_queries(0):
        second = client.get(board())
    assert second.content == first.content
    assert "Summary of" in second.text
    # Nothing on it is the visitor's own: not even a CSRF cookie (a public page has no POST form).
    assert not first.cookies and not second.cookies
    # What the middleware adds is added to a kept page too: its headers are its own.
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["X-Frame-Options"] == "DENY"
    assert second["Content-Type"] == first["Content-Type"]


def test_each_query_string_is_its_own_page(kept, partnership):
    publish_one(partnership, "doing", status="doing")
    publish_one(partnership, "done", status="done")
    everything = kept(board())
    done_only = kept(board() + "?status=done")
    assert everything.count("app-edit-block") == 2
    assert done_only.count("app-edit-block") == 1


def test_a_signed_in_visitor_never_gets_the_anonymous_copy_nor_leaves_theirs(kept, partnership, officer):
    assert "Sign in" in kept(area())
    signed_in = client_for(officer).get(area()).text
    assert "Sign out" in signed_in and "Your account" in signed_in
    assert "Sign in" not in signed_in
    # The signed-in page, with its menu and sign-out form, is never kept for anyone else.
    page = seen(area())
    assert "Sign out" not in page and "csrfmiddlewaretoken" not in page


def test_a_signed_in_visit_is_rendered_each_time(partnership, officer):
    officer_client = client_for(officer)
    officer_client.get(board())
    assert rendered(officer_client, board())


def test_a_flash_message_is_shown_once_and_never_kept(kept, partnership, family):
    assert "You have signed out" not in kept(reverse("home"))
    signing_out = client_for(family)
    page = signing_out.post(reverse("accounts:logout"), follow=True)
    assert page.redirect_chain[-1][0] == reverse("home")
    assert "You have signed out" in page.text
    assert "You have signed out" not in signing_out.get(reverse("home")).text
    assert "You have signed out" not in seen(reverse("home"))


def test_a_404_is_never_kept(client, charter, officer, family):
    project = project_services.create_project(
        actor=officer,
        partnership=charter.partnership,
        charter=charter,
        level=charter.levels.get(name="Co-production"),
        title="School transport",
        summary="Buses that come on time.",
        level_reason="families asked for it",
    )
    url = reverse("projects:public", args=["wirral", project.pk])
    assert client.get(url).status_code == 404
    # Made public behind the services' back: nothing says the pages changed, yet the 404 was never kept.
    Project.objects.filter(pk=project.pk).update(is_public=True)
    assert "School transport" in seen(url)


def test_a_post_is_never_answered_from_the_cache(kept, partnership):
    kept(board())
    assert rendered(Client(), board(), "post")


def test_another_partnerships_change_leaves_this_ones_pages_kept(
    kept, partnership, other_partnership, django_assert_max_num_queries
):
    publish_one(partnership, "Wirral's")
    kept(board("wirral"))
    kept(board("hounslow"))
    publish_one(other_partnership, "Hounslow's")
    with django_assert_max_num_queries(KEPT_QUERIES):
        Client().get(board("wirral"))
    assert seen(board("hounslow")).count("app-edit-block") == 1


def test_a_kept_page_lasts_only_public_page_cache_seconds(partnership, settings, monkeypatch):
    """A change behind the services' back (or what a page says of today: a review falling due) shows
    once the kept copy is older than the setting."""
    publish_one(partnership, "The bus was late")
    assert "What we are doing" in seen(board())
    Feedback.objects.update(we_did="Changed straight in the database")
    assert "Changed straight in the database" not in seen(board())
    later = time.time() + settings.PUBLIC_PAGE_CACHE_SECONDS + 1
    monkeypatch.setattr(locmem, "time", SimpleNamespace(time=lambda: later))
    assert "Changed straight in the database" in seen(board())


def test_nothing_is_kept_when_the_setting_is_0(client, partnership, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    client.get(board())
    assert rendered(client, board())


def test_a_page_rendered_before_the_change_commits_is_not_found_after(
    client, partnership, django_capture_on_commit_callbacks
):
    """Another visitor may render the page between the change and its commit, from what was there before:
    the generation changes again once it is committed, so that copy is never served."""
    item = publish_one(partnership, "Soon to change")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        feedback_services.publish(item, None, "A new summary", "A new answer")
        client.get(board())
    assert callbacks
    assert not rendered(client, board())
    for callback in callbacks:
        callback()
    assert rendered(client, board())


# What is never kept, whatever the page: shown with small pages of its own.

renders = []


def _counted(view):
    @site_page
    def counted(request):
        renders.append(request.path)
        return view(request)

    return counted


def _sets_a_cookie(request):
    response = HttpResponse("Hello")
    response.set_cookie("seen", "yes")
    return response


def _has_a_post_form(request):
    return HttpResponse(Template("<form method=post>{% csrf_token %}</form>").render(RequestContext(request)))


def _uses_a_csp_nonce(request):
    return HttpResponse(f"<script nonce={request._csp_nonce}></script>")


def _varies(request):
    response = HttpResponse("Bonjour")
    patch_vary_headers(response, ["Accept-Language"])
    return response


def _private(request):
    response = HttpResponse("Yours")
    patch_cache_control(response, private=True)
    return response


def _leaves_a_message(request):
    messages.info(request, "For the next page")
    return HttpResponse("Hello")


def _streams(request):
    return StreamingHttpResponse(iter([b"Hello"]))


def _not_found(request):
    return HttpResponse("Gone", status=404)


def _changes_while_rendering(request):
    """Another visitor's change, committed while this page is rendered from what was there before."""
    site_pages_changed()
    return HttpResponse("Hello")


NEVER_KEPT = {
    "sets-a-cookie": _sets_a_cookie,
    "has-a-post-form": _has_a_post_form,
    "uses-a-csp-nonce": _uses_a_csp_nonce,
    "varies": _varies,
    "private": _private,
    "leaves-a-message": _leaves_a_message,
    "streams": _streams,
    "not-found": _not_found,
    "changes-while-rendering": _changes_while_rendering,
}
urlpatterns = [path(f"{name}/", _counted(view)) for name, view in NEVER_KEPT.items()]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("name", NEVER_KEPT)
def test_a_response_that_is_not_the_same_for_everyone_is_never_kept(db, name):
    renders.clear()
    for _visitor in range(2):
        Client().get(f"/{name}/")
    assert renders == [f"/{name}/"] * 2


# You Said, We Did: the board (with its filters and pages) and the area's page show published items.


@pytest.mark.parametrize("query", ["", "?status=doing", "?page=1"])
def test_publishing_shows_on_the_board_and_the_area_page(kept, partnership, officer, query):
    kept(board() + query)
    kept(area())
    item = feedback_services.submit(
        partnership, topic=topics_for(partnership).first(), who="parent-carer", text="x", consent_to_publish=True
    )
    feedback_services.change_status(item, "doing", None)
    officer_client = client_for(officer)
    officer_client.post(
        reverse("feedback:publish", args=["wirral", item.reference]),
        {"you_said": "The buses are late", "we_did": "We are talking to the bus company"},
    )
    assert "We are talking to the bus company" in seen(board() + query)
    assert "We are talking to the bus company" in seen(area())


def test_a_new_item_on_the_first_page_moves_the_others_to_the_next(kept, partnership):
    for n in range(10):
        publish_one(partnership, f"item {n}")
    # The page asked for beyond the last is the last: all ten.
    assert kept(board() + "?page=2").count("app-edit-block") == 10
    publish_one(partnership, "the eleventh")
    assert seen(board() + "?page=2").count("app-edit-block") == 1


def test_changing_what_is_published_shows(kept, partnership):
    item = publish_one(partnership, "The bus was late")
    kept(board())
    feedback_services.publish(item, None, "The buses are late", "A new timetable from May")
    assert "A new timetable from May" in seen(board())


def test_a_status_change_of_a_published_item_shows(kept, partnership):
    item = publish_one(partnership, "The bus was late", status="doing")
    assert "We are doing" in kept(board())
    assert "app-edit-block" not in kept(board() + "?status=done")
    feedback_services.change_status(item, "done", None)
    assert "app-edit-block" in seen(board() + "?status=done")
    assert "govuk-tag--green" in seen(board())


def test_unpublishing_takes_it_off_the_board_and_the_area_page(kept, partnership, officer):
    item = publish_one(partnership, "The bus was late")
    assert f"Summary of {item.reference}" in kept(board())
    assert f"Summary of {item.reference}" in kept(area())
    client_for(officer).post(reverse("feedback:unpublish", args=["wirral", item.reference]))
    assert f"Summary of {item.reference}" not in seen(board())
    assert f"Summary of {item.reference}" not in seen(area())


def test_moving_back_to_being_considered_takes_it_off_the_board(kept, partnership):
    item = publish_one(partnership, "The bus was late", status="not-able")
    assert f"Summary of {item.reference}" in kept(board())
    feedback_services.change_status(item, "considering", None)
    assert f"Summary of {item.reference}" not in seen(board())


def test_renaming_or_adding_a_topic_shows_on_the_board(kept, partnership, admin):
    item = publish_one(partnership, "The bus was late")
    kept(board())
    kept(area())
    admin_client = client_for(admin)
    admin_client.post(reverse("feedback:change_topic", args=["wirral", item.topic.pk]), {"name": "School buses"})
    assert Topic.objects.get(pk=item.topic.pk).name == "School buses"
    assert "School buses" in seen(board())
    assert "School buses" in seen(area())
    kept(board())
    feedback_services.add_topic(partnership, admin, "Sleep support")
    assert "Sleep support" in seen(board())


# The charter: its page, each version's page and the printable page.


def charter_pages(version: str = "2023") -> list[str]:
    return [
        area(),
        reverse("charters:charter", args=["wirral"]),
        reverse("charters:version", args=["wirral", version]),
        reverse("charters:print", args=["wirral", version]),
    ]


def test_publishing_a_new_version_shows_on_every_charter_page(kept, charter, admin):
    for url in charter_pages():
        assert "2023" in kept(url)
    draft = make_charter(charter.partnership, version="2024", publish=False)
    client_for(admin).post(reverse("charters:publish", args=["wirral", draft.version]))
    assert Charter.objects.get(pk=draft.pk).status == Charter.Status.PUBLISHED
    assert "version 2024" in seen(area())
    assert "2024" in seen(reverse("charters:charter", args=["wirral"]))
    for url in charter_pages("2023")[2:]:
        assert "Superseded" in seen(url)


def test_the_first_charter_shows_where_there_was_none(kept, partnership):
    assert "has not published a charter yet" in kept(area())
    assert "has not published a charter yet" in kept(reverse("charters:charter", args=["wirral"]))
    make_charter(partnership)
    assert "Wirral SEND Co-production Charter" in seen(area())
    assert "Wirral SEND Co-production Charter" in seen(reverse("charters:charter", args=["wirral"]))


def test_a_signatory_recorded_or_removed_on_the_published_charter_shows(kept, charter, admin):
    for url in charter_pages()[1:]:
        assert "Wirral Parent Carer Forum" not in kept(url)
    admin_client = client_for(admin)
    response = admin_client.post(
        reverse("charters:add_signatory", args=["wirral", "2023"]),
        {"organisation": "Wirral Parent Carer Forum", "kind": "forum", "name": "", "role": ""},
    )
    assert response.status_code == 302
    for url in charter_pages()[1:]:
        assert "Wirral Parent Carer Forum" in seen(url)
    signatory = charter.signatories.get(organisation="Wirral Parent Carer Forum")
    admin_client.post(reverse("charters:remove_signatory", args=["wirral", "2023", signatory.pk]))
    for url in charter_pages()[1:]:
        assert "Wirral Parent Carer Forum" not in seen(url)


def test_a_draft_is_never_kept_for_its_admin_nor_shown_to_anyone_else(kept, draft, admin):
    url = reverse("charters:version", args=["wirral", "2024"])
    assert "This is a draft" in client_for(admin).get(url).text
    seen(url, status=404)


# A project's public page, and the charter that lists public projects.


@pytest.fixture
def public_project(project, officer):
    project_services.make_public(project, officer, True)
    return project


def public(project) -> str:
    return reverse("projects:public", args=["wirral", project.pk])


def test_making_a_project_private_takes_its_page_down(kept, public_project, officer):
    assert "Health Passports" in kept(public(public_project))
    client_for(officer).post(reverse("projects:set_public", args=["wirral", public_project.pk]), {"public": "no"})
    seen(public(public_project), status=404)


def test_changed_details_show(kept, public_project, officer):
    kept(public(public_project))
    project_services.change_project(public_project, officer, title="Health Passports for all")
    assert "Health Passports for all" in seen(public(public_project))


def test_completing_and_reopening_a_stage_shows_in_progress(kept, public_project, officer, family):
    assert "Need: in progress" in kept(public(public_project))
    need = public_project.stages.get(stage="need")
    project_services.contribute(need, public_project.members.get(user=family), "comment", "Passports get lost")
    client_for(officer).post(reverse("projects:complete", args=["wirral", public_project.pk, "need"]))
    assert "Need: completed" in kept(public(public_project))
    need.refresh_from_db()
    project_services.reopen_stage(need, officer, "we missed a family group")
    assert "Need: in progress" in seen(public(public_project))


def test_decisions_recorded_and_changed_show(kept, public_project, officer):
    assert "No decisions yet" in kept(public(public_project))
    need = public_project.stages.get(stage="need")
    decision = project_services.record_decision(
        need, officer, [], [], what="Passports go digital", decided_on=datetime.date(2026, 1, 5), how_input_shaped="x"
    )
    assert "Passports go digital" in kept(public(public_project))
    project_services.change_decision(
        decision,
        officer,
        [],
        [],
        what="Passports go digital and paper",
        decided_on=decision.decided_on,
        how_input_shaped="x",
    )
    assert "Passports go digital and paper" in seen(public(public_project))


def test_who_takes_part_shows(kept, public_project, officer, partnership):
    from tests.factories import UserFactory

    assert "1 family member " in kept(public(public_project))
    member = project_services.add_member(public_project, UserFactory(partnership=partnership), officer)
    assert "2 family members" in kept(public(public_project))
    project_services.remove_member(member, officer)
    assert "1 family member " in seen(public(public_project))


def test_published_feedback_linked_to_the_project_shows(kept, public_project, partnership, officer):
    item = publish_one(partnership, "Passports get lost")
    assert f"Summary of {item.reference}" not in kept(public(public_project))
    feedback_services.link(item, None, public_project, officer)
    assert f"Summary of {item.reference}" in seen(public(public_project))


# The kite mark: the project's public page shows the award while it stands; its verification page.


def award(project, officer, forum_lead, youth_lead):
    application = kite_mark.apply(project, officer)
    kite_mark.sign_off(application, forum_lead, "signed")
    assert "Co-production kite mark" not in seen(public(project))
    kite_mark.sign_off(application, youth_lead, "signed")
    application.refresh_from_db()
    return application


def test_awarding_and_revoking_the_kite_mark_shows(kept, ready_project, officer, forum_lead, youth_lead, admin):
    project_services.make_public(ready_project, officer, True)
    kept(public(ready_project))
    application = award(ready_project, officer, forum_lead, youth_lead)
    badge = reverse("reviews:badge", args=[application.code])
    assert badge in kept(public(ready_project))
    verify = reverse("reviews:verify", args=[application.code])
    assert "This is a valid co-production kite mark" in kept(verify)
    client_for(admin).post(reverse("reviews:revoke", args=["wirral", ready_project.pk]), {"reason": "No evidence"})
    assert badge not in seen(public(ready_project))
    assert "No evidence" in seen(verify, status=404)


def test_a_case_study_shows_on_the_area_and_project_pages(kept, ready_project, officer, forum_lead, youth_lead):
    project_services.make_public(ready_project, officer, True)
    award(ready_project, officer, forum_lead, youth_lead)
    case_study = reverse("reviews:case_study", args=["wirral", ready_project.pk])
    for url in (area(), public(ready_project), reverse("reviews:case_studies", args=["wirral"])):
        assert case_study not in kept(url)
    response = client_for(officer).post(
        reverse("reviews:write_case_study", args=["wirral", ready_project.pk]),
        {"summary": "Families and the clinic made the passport together."},
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    for url in (area(), public(ready_project), reverse("reviews:case_studies", args=["wirral"])):
        assert case_study in seen(url)


def test_withdrawing_an_application_leaves_the_public_page_right(kept, ready_project, officer):
    project_services.make_public(ready_project, officer, True)
    application = kite_mark.apply(ready_project, officer)
    kept(public(ready_project))
    kite_mark.withdraw(application, officer, "we want to add a meeting")
    project_services.change_project(ready_project, officer, reason="clearer", title="Health Passports, again")
    assert "Health Passports, again" in seen(public(ready_project))


# The home page lists every area; renaming one shows on all its pages.


def test_a_new_area_shows_on_the_home_page(kept, db):
    assert "Tameside" not in kept(reverse("home"))
    text = SMALL_CHARTER.replace("{name: Wirral, slug: wirral}", "{name: Tameside, slug: tameside}")
    from charters import charter_file

    charter_services.import_charter(charter_file.read(text))
    assert "Tameside" in seen(reverse("home"))


def test_renaming_an_area_in_django_admin_shows_everywhere(kept, partnership, superuser):
    publish_one(partnership, "The bus was late")
    for url in (reverse("home"), area(), board()):
        assert "Wirral" in kept(url)
    response = client_for(superuser).post(
        reverse("admin:charters_partnership_change", args=[partnership.pk]),
        {
            "name": "Wirral Borough",
            "slug": "wirral",
            "response_target_days": 20,
            "feedback_retention_months": 24,
            "account_retention_months": 24,
            "paper_retention_months": 24,
            "invitation_retention_days": 30,
            "organisations-TOTAL_FORMS": 0,
            "organisations-INITIAL_FORMS": 0,
            "organisations-MIN_NUM_FORMS": 0,
            "organisations-MAX_NUM_FORMS": 1000,
        },
    )
    assert response.status_code == 302
    assert Partnership.objects.get(pk=partnership.pk).name == "Wirral Borough"
    for url in (reverse("home"), area(), board()):
        assert "Wirral Borough" in seen(url)
