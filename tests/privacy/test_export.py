"""A copy of someone's information: what the ZIP holds (their values, and nobody else's names), who
may download it, the admin's ways to ask for one, expiry, a copy that cannot be made, and the
queries it takes at two sizes."""

import datetime
import html
import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccessKind, AccessLog, DataRequest
from charter_portal.models import Message
from charter_portal.privacy import export, holdings
from feedback import services as feedback_services
from feedback.forms import topics_for
from projects import services as project_services
from reviews import services as review_services
from tests.conftest import make_feedback, make_ready_copy, review_answers
from tests.factories import UserFactory
from tests.privacy.people import feedback_from, identified

NAME = "Tamsin Ockleford"
EMAIL = "tamsin.ockleford@example.org"
PHONE = "07700 934567"
ADDRESS = "4 Quarry Bank\nWallasey"
NEEDS = "Papers in large print, please"
TEXT = "The bus to my son's school stopped coming and nobody told us why."
CONTRIBUTION = "Could the passport have a page my son fills in himself?"
ANSWER = "The young people's meeting was the best part"
OTHER_FAMILY = "Rhiannon Elsworth"


@pytest.fixture
def person(family):
    return identified(family, NAME, EMAIL, PHONE, ADDRESS, NEEDS)


@pytest.fixture
def their_feedback(person, partnership, officer):
    item = feedback_from(person, "Transport", TEXT)
    feedback_services.assign(item, officer, officer)
    other = make_feedback(partnership)  # given by Dana Private, another family
    feedback_services.add_note(item, officer, f"Same route as {other.name} and {OTHER_FAMILY}; rang the school")
    feedback_services.change_status(item, "considering", officer)
    return item


@pytest.fixture
def history(person, their_feedback, project_in_evaluation, officer, partnership):
    """Their feedback, a project with a contribution, a meeting they attended and their review answers."""
    project = project_in_evaluation
    parent = project.members.get(user=person)
    evaluation = project.stages.get(stage="evaluation")
    project_services.contribute(evaluation, parent, "idea", CONTRIBUTION)
    other = project_services.add_member(project, UserFactory(name=OTHER_FAMILY, partnership=partnership), officer)
    project_services.contribute(evaluation, other, "comment", "Words of another family")
    project_services.record_past_meeting(
        evaluation,
        officer,
        [parent, other],
        "Minutes",
        title="Review meeting",
        date=datetime.date(2026, 1, 5),
        start=datetime.time(10),
        end=datetime.time(11),
    )
    review_services.answer_review(project, parent, review_answers(project, words=ANSWER), may_quote=False)
    return project


def read_zip(content: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name).decode() for name in archive.namelist()}


def ask_and_download(client, person, django_capture_on_commit_callbacks) -> tuple[DataRequest, dict]:
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("privacy:ask_copy"))
    made = DataRequest.objects.get(subject=person, kind=DataRequest.Kind.EXPORT)
    assert response.status_code == 302 and response["Location"] == reverse("privacy:copy", args=[made.pk])
    download = client.get(reverse("privacy:download_copy", args=[made.pk]))
    assert download.status_code == 200
    return made, read_zip(b"".join(download.streaming_content))


def test_the_copy_holds_their_information_and_no_one_elses_name(
    client, person, history, officer, admin, django_capture_on_commit_callbacks
):
    _made, files = ask_and_download(client, person, django_capture_on_commit_callbacks)
    assert list(files) == ["summary.html", "data.json"]
    summary, data = html.unescape(files["summary.html"]), files["data.json"]
    for value in [NAME, EMAIL, PHONE, "4 Quarry Bank", NEEDS, TEXT, CONTRIBUTION, ANSWER, "Review meeting"]:
        assert value in summary, value
        assert value in data, value
    # The officer's note is theirs, with the other people it names taken out, and nobody's name on it.
    assert "rang the school" in summary and f"Same route as {holdings.REDACTED}" in summary
    for name in ["Dana Private", "dana.private@example.org", OTHER_FAMILY, officer.name, admin.name]:
        assert name not in summary, name
        assert name not in data, name
    assert "Words of another family" not in summary
    assert '<html lang="en-GB">' in summary and f"<title>Your information held by {person.partnership.name}" in summary
    held = json.loads(data)
    assert held["account"]["email"] == EMAIL and held["access_needs"] == NEEDS
    assert {line["by"] for line in held["feedback"][0]["timeline"]} <= {"You", "An officer", ""}


def test_a_copy_goes_through_its_steps_on_both_timelines_and_the_person_is_told(
    client, person, django_capture_on_commit_callbacks
):
    made, _files = ask_and_download(client, person, django_capture_on_commit_callbacks)
    made.refresh_from_db()
    assert made.status == DataRequest.Status.READY and made.file and made.size > 0
    assert made.expires_at - made.finished_at == datetime.timedelta(days=export.KEPT_FOR_DAYS)
    steps = list(made.events.order_by("at", "id").values_list("what", flat=True))
    assert steps[0] == "Asked for a copy of their information" and steps[1] == "Started making the copy"
    assert steps[2].startswith("The copy is ready") and steps[3] == "Downloaded the copy"
    account = list(person.events.values_list("what", flat=True))
    assert "Asked for a copy of their information" in account and "Downloaded the copy of their information" in account
    ready = Message.objects.get(name="data_request_ready", user=person)
    assert reverse("privacy:copy", args=[made.pk]) in ready.body
    # The person downloading their own copy is not in the access log.
    assert not AccessLog.objects.exists()
    page = client.get(reverse("privacy:copy", args=[made.pk])).text
    assert "The copy is ready" in page and "Downloaded the copy" in page


def test_the_account_page_links_to_it(client, person):
    client.force_login(person)
    page = client.get(reverse("accounts:account")).text
    assert reverse("privacy:ask_copy") in page and "Get a copy of your information" in page


def test_asking_again_while_one_is_being_made_shows_that_one(client, person):
    client.force_login(person)
    first = client.post(reverse("privacy:ask_copy"))
    second = client.post(reverse("privacy:ask_copy"))
    assert first["Location"] == second["Location"]
    assert DataRequest.objects.filter(subject=person).count() == 1
    page = client.get(reverse("privacy:ask_copy")).text
    assert "we are making your copy" in page and "Get a copy</button>" not in page


@pytest.mark.parametrize("who", ["officer", "forum_lead", "professional", "outsider_admin", "outsider_officer"])
def test_nobody_else_sees_or_downloads_a_copy(client, person, who, request):
    made = make_ready_copy(person)
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("privacy:copy", args=[made.pk])).status_code == 404
    assert client.get(reverse("privacy:download_copy", args=[made.pk])).status_code == 404


def test_another_admin_sees_the_copy_but_only_its_maker_downloads(client, person, admin, partnership):
    from accounts.models import Role
    from tests.factories import staff

    made = make_ready_copy(person, requested_by=admin)
    other_admin = staff(Role.ADMIN, partnership, name="Another Admin")
    client.force_login(other_admin)
    assert client.get(reverse("privacy:copy", args=[made.pk])).status_code == 200
    assert client.get(reverse("privacy:download_copy", args=[made.pk])).status_code == 404


def test_an_admin_makes_a_copy_for_a_person_and_their_download_is_logged(
    client, person, their_feedback, admin, django_capture_on_commit_callbacks
):
    client.force_login(admin)
    assert "Make a copy of their information" in client.get(reverse("accounts:user_detail", args=[person.pk])).text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("privacy:copy_person", args=[person.pk]))
    made = DataRequest.objects.get(subject=person)
    assert response["Location"] == reverse("privacy:copy", args=[made.pk])
    assert made.requested_by == admin and made.status == DataRequest.Status.READY
    # The admin who asked is told, to send it on the way the person asked.
    assert Message.objects.get(name="data_request_ready", user=admin)
    assert not Message.objects.filter(name="data_request_ready", user=person).exists()
    download = client.get(reverse("privacy:download_copy", args=[made.pk]))
    assert TEXT in html.unescape(read_zip(b"".join(download.streaming_content))["summary.html"])
    line = AccessLog.objects.get(kind=AccessKind.EXPORT)
    assert (line.actor, line.subject, line.kind, line.record) == (admin, person, AccessKind.EXPORT, f"export:{made.pk}")
    assert person.events.filter(what="An admin downloaded the copy of their information", actor=admin).exists()
    assert made.events.filter(what="An admin downloaded the copy", actor=admin).exists()


def test_an_admin_of_another_partnership_cannot_make_one(client, person, outsider_admin):
    client.force_login(outsider_admin)
    assert client.post(reverse("privacy:copy_person", args=[person.pk])).status_code == 404
    assert not DataRequest.objects.exists()


# Found by a feedback reference or an email address, for someone without an account.


@pytest.fixture
def no_account_feedback(partnership):
    return make_feedback(partnership)  # Dana Private, without an account


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("", "Enter a feedback reference or an email address"),
        ("ABCD-23", "Enter a feedback reference of 8 letters and numbers"),
        ("ABCD-2310", "Enter a feedback reference of 8 letters and numbers"),
        ("ABCD-2345", "We hold no feedback with that reference"),
        ("dana@", "Enter an email address in the correct format"),
        ("a" * 250 + "@example.org", "An email address must be 254 characters or fewer"),
        ("nobody@example.org", "We hold no feedback given with that email address"),
        ("sam@example.org", "That email address belongs to an account"),
    ],
)
def test_finding_by_reference_or_email_refuses_bad_input(client, admin, family, no_account_feedback, typed, error):
    client.force_login(admin)
    response = client.post(reverse("privacy:data_requests", args=["wirral"]), {"found_by": typed})
    assert response.status_code == 400
    assert error in response.text and "govuk-error-summary" in response.text
    assert not DataRequest.objects.exists()


@pytest.mark.parametrize("by", ["reference", "email"])
def test_an_admin_finds_feedback_given_without_an_account(
    client, admin, partnership, no_account_feedback, their_feedback, by, django_capture_on_commit_callbacks
):
    typed = no_account_feedback.display_reference.lower() if by == "reference" else "Dana.Private@example.org"
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("privacy:data_requests", args=["wirral"]), {"found_by": typed})
    made = DataRequest.objects.get(subject__isnull=True)
    assert response["Location"] == reverse("privacy:copy", args=[made.pk])
    expected = no_account_feedback.reference if by == "reference" else "dana.private@example.org"
    assert made.found_by == expected and made.requested_by == admin and made.status == DataRequest.Status.READY
    assert made.events.first().actor is None and made.events.last().actor == admin
    files = read_zip(b"".join(client.get(reverse("privacy:download_copy", args=[made.pk])).streaming_content))
    summary = html.unescape(files["summary.html"])
    assert no_account_feedback.text in summary and TEXT not in summary
    assert NAME not in files["data.json"]
    listed = client.get(reverse("privacy:data_requests", args=["wirral"])).text
    assert expected in listed and "Ready to download" in listed


# Expiry, and a copy that cannot be made.


def test_the_daily_command_removes_copies_past_their_days(person, admin, django_capture_on_commit_callbacks):
    old = make_ready_copy(person)
    stored = old.file.name
    old.expires_at = timezone.now() - datetime.timedelta(minutes=1)
    old.save(update_fields=["expires_at"])
    fresh = make_ready_copy(UserFactory(partnership=person.partnership))
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_due_notifications", stdout=out)
    assert "Removed 1 " in out.getvalue()
    old.refresh_from_db()
    assert old.status == DataRequest.Status.EXPIRED and not old.file and old.size is None
    assert not old.file.storage.exists(stored)
    assert old.events.filter(what__startswith="The download was removed").exists()
    assert person.events.filter(what="The copy of their information was removed").exists()
    fresh.refresh_from_db()
    assert fresh.status == DataRequest.Status.READY
    assert export.remove_expired_copies(timezone.now()) == 0


def test_a_copy_that_cannot_be_made_says_so(client, person, monkeypatch, django_capture_on_commit_callbacks):
    def broken(request):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(holdings, "for_request", broken)
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("privacy:ask_copy"))
    made = DataRequest.objects.get(subject=person)
    assert made.status == DataRequest.Status.FAILED and made.error == export.FAILED_MESSAGE and not made.file
    page = client.get(reverse("privacy:copy", args=[made.pk])).text
    assert "The copy could not be made" in page and "Ask again" in page
    assert Message.objects.get(name="data_request_failed", user=person)
    assert client.get(reverse("privacy:download_copy", args=[made.pk])).status_code == 404


# Queries: the same number whatever the history.


def grow(person, partnership, officer, project, times: int) -> None:
    parent = project.members.get(user=person)
    stage = project.stages.get(stage="evaluation")
    for number in range(times):
        item = feedback_services.submit(
            partnership,
            actor=person,
            topic=topics_for(partnership).get(name="Health"),
            who="parent-carer",
            text=f"Feedback number {number}",
        )
        feedback_services.add_note(item, officer, "A note")
        project_services.contribute(stage, parent, "comment", f"Comment {number}")
        Message.objects.create(user=person, to=person.email, subject=f"Message {number}", body="Body")
        make_ready_copy(person)


@pytest.mark.parametrize("times", [1, 8])
def test_the_holdings_take_the_same_queries_at_any_size(
    person, partnership, officer, project_in_evaluation, times, django_assert_max_num_queries
):
    grow(person, partnership, officer, project_in_evaluation, times)
    with django_assert_max_num_queries(14):
        held = holdings.for_person(person)
    assert len(held["feedback"]) == times and len(held["data_requests"]) == times
    assert len([m for m in held["messages"] if m["subject"].startswith("Message ")]) == times


@pytest.mark.parametrize("times", [1, 25])
def test_the_data_requests_list_takes_the_same_queries_at_any_size(
    client, admin, partnership, times, django_assert_max_num_queries
):
    for _ in range(times):
        make_ready_copy(UserFactory(partnership=partnership), requested_by=admin)
    client.force_login(admin)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("privacy:data_requests", args=["wirral"]))
    assert response.status_code == 200 and "A copy of their information" in response.text
