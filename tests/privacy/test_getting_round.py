"""Ways round the privacy rules that a careless admin, or someone trying, might take: each test
tries one and shows the rule holds."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import DataRequest, Role
from charter_portal.privacy import erasure, export, retention
from feedback import services as feedback_services
from feedback.models import Feedback
from tests.conftest import make_paper, make_ready_copy
from tests.factories import UserFactory
from tests.privacy.people import feedback_from, identified

NAME = "Morwenna Tregarthen"
EMAIL = "morwenna.tregarthen@example.org"
TEXT = "The short-break scheme stopped and nobody told us what happens next."


@pytest.fixture
def person(family):
    return identified(family, NAME, EMAIL, "07700 900123", "9 Harbour Row\nBirkenhead", "A quiet room, please")


# Copies of someone's information.


def test_a_copy_past_its_days_is_not_downloaded_before_the_daily_run_removes_it(client, person):
    made = make_ready_copy(person)
    made.expires_at = timezone.now() - datetime.timedelta(minutes=1)
    made.save(update_fields=["expires_at"])
    client.force_login(person)
    assert client.get(reverse("privacy:download_copy", args=[made.pk])).status_code == 404
    page = client.get(reverse("privacy:copy", args=[made.pk])).text
    assert reverse("privacy:download_copy", args=[made.pk]) not in page and "Download removed" in page


def test_an_admin_made_an_officer_no_longer_sees_or_downloads_the_copy_they_made(client, person, admin):
    made = make_ready_copy(person, requested_by=admin)
    admin.role = Role.OFFICER
    admin.save(update_fields=["role"])
    client.force_login(admin)
    assert client.get(reverse("privacy:copy", args=[made.pk])).status_code == 404
    assert client.get(reverse("privacy:download_copy", args=[made.pk])).status_code == 404


def test_a_copy_asked_for_before_the_erasure_is_never_made_after_it(
    client, person, admin, django_capture_on_commit_callbacks
):
    feedback_from(person, "Transport", TEXT)
    asked = export.ask_for_copy(person, admin)  # Its task has not run yet.
    erasure.erase_account(person, admin)
    assert export.build_copy.call(asked.pk) != DataRequest.Status.READY
    asked.refresh_from_db()
    assert asked.status not in export.UNDER_WAY and asked.status != DataRequest.Status.READY and not asked.file
    # Its page says it was stopped, never that it was made.
    client.force_login(admin)
    page = client.get(reverse("privacy:copy", args=[asked.pk])).text
    assert "Stopped</dt>" in page and "Made</dt>" not in page


def test_a_copy_being_made_while_they_are_erased_leaves_no_file(person, admin, monkeypatch):
    feedback_from(person, "Transport", TEXT)
    asked = export.ask_for_copy(person, admin)
    made_files = export.copy_files

    def erased_meanwhile(request, made_on):
        files = made_files(request, made_on)  # Read before the erasure ...
        erasure.erase_account(person, admin)  # ... which commits while the file is written.
        return files

    monkeypatch.setattr(export, "copy_files", erased_meanwhile)
    assert export.build_copy.call(asked.pk) != DataRequest.Status.READY
    asked.refresh_from_db()
    assert asked.status != DataRequest.Status.READY and not asked.file
    assert _stored(asked.file.storage, "data-requests") == []


def test_a_copy_stopped_by_an_erasure_and_then_failing_stays_stopped_and_nobody_is_told(person, admin, monkeypatch):
    from charter_portal.models import Message

    asked = export.ask_for_copy(person, admin)

    def erased_then_broken(request, made_on):
        erasure.erase_account(person, admin)
        raise OSError("the file store went away")

    monkeypatch.setattr(export, "copy_files", erased_then_broken)
    assert export.build_copy.call(asked.pk) == DataRequest.Status.FAILED
    asked.refresh_from_db()
    assert asked.status == DataRequest.Status.WITHDRAWN
    assert not Message.objects.filter(name="data_request_failed").exists()


def _stored(storage, folder: str) -> list[str]:
    """Every file under the folder of the file store."""
    if not storage.exists(folder):
        return []
    folders, files = storage.listdir(folder)
    return [f"{folder}/{name}" for name in files] + [
        name for inner in folders for name in _stored(storage, f"{folder}/{inner}")
    ]


# Erasure.


def test_a_partnerships_admin_cannot_erase_a_superuser_of_their_partnership(client, admin, partnership):
    operator = UserFactory(partnership=partnership, role=Role.ADMIN, is_superuser=True, is_staff=True)
    client.force_login(admin)
    assert "Erase account" not in client.get(reverse("accounts:user_detail", args=[operator.pk])).text
    assert client.get(reverse("privacy:erase_person", args=[operator.pk])).status_code == 403
    assert client.post(reverse("privacy:erase_person", args=[operator.pk])).status_code == 403
    operator.refresh_from_db()
    assert operator.erased_at is None and operator.is_active


def test_an_admin_of_another_partnership_cannot_erase_an_admin_here(client, admin, outsider_admin):
    client.force_login(outsider_admin)
    assert client.post(reverse("privacy:erase_person", args=[admin.pk])).status_code == 404
    admin.refresh_from_db()
    assert admin.erased_at is None


# Retention.


def test_an_unused_account_signed_in_to_while_the_run_goes_is_not_erased(person, partnership, monkeypatch):
    person.last_login = timezone.now() - datetime.timedelta(days=3 * 365)
    person.email_confirmed = False  # Due at once, without a warning.
    person.save(update_fields=["last_login", "email_confirmed"])
    listed = retention.due_accounts

    def signs_in_meanwhile(*args, **kwargs):
        found = [user.pk for user in listed(*args, **kwargs)]
        type(person).objects.filter(pk=person.pk).update(last_login=timezone.now(), email_confirmed=True)
        monkeypatch.setattr(retention, "due_accounts", listed)
        return type(person).objects.filter(pk__in=found)  # As listed when the run began.

    monkeypatch.setattr(retention, "due_accounts", signs_in_meanwhile)
    assert retention._purge_accounts(partnership, None) == 0
    person.refresh_from_db()
    assert person.erased_at is None and person.name == NAME


def test_an_item_reopened_and_closed_again_while_the_run_goes_keeps_what_it_holds(partnership, officer, monkeypatch):
    from tests.privacy.test_retention import closed

    item = closed(feedback_from(UserFactory(partnership=partnership), "Transport", TEXT), officer, days_ago=900)
    listed = retention.due_feedback

    def reopened_meanwhile(*args, **kwargs):
        found = list(listed(*args, **kwargs).values_list("pk", flat=True))
        feedback_services.change_status(item, "doing", officer)  # Reopened, answered and closed today.
        feedback_services.change_status(item, "done", officer)
        monkeypatch.setattr(retention, "due_feedback", listed)
        return Feedback.objects.filter(pk__in=found)  # As listed when the run began.

    monkeypatch.setattr(retention, "due_feedback", reopened_meanwhile)
    assert retention._purge_feedback(partnership, None) == 0
    item.refresh_from_db()
    assert item.text == TEXT and item.private_removed_at is None


def test_what_identified_them_only_in_a_json_field_or_a_file_name_goes(
    person, admin, officer, project, django_capture_on_commit_callbacks
):
    from projects.models import MeetingPaper, Project

    project.considerations = {"who": f"Rang {NAME} about the venue", "email": EMAIL}
    project.save(update_fields=["considerations"])
    paper = make_paper(project, officer, f"Letter from {NAME}.pdf", b"%PDF-1.4 letter")
    stored = paper.file.name
    with django_capture_on_commit_callbacks(execute=True):
        erasure.erase_account(person, admin)
    considerations = Project.objects.get(pk=project.pk).considerations
    assert NAME not in str(considerations) and EMAIL not in str(considerations)
    paper = MeetingPaper.objects.get(pk=paper.pk)
    assert NAME not in paper.name and "Tregarthen" not in paper.file.name
    assert paper.file.name == f"papers/{project.pk}/{paper.meeting_id}/Letter_from_erased.pdf"
    assert paper.file.read() == b"%PDF-1.4 letter"  # The paper is still there, under a name that says nothing.
    assert not paper.file.storage.exists(stored)
