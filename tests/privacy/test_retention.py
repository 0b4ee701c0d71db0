"""The daily retention run: what has outlived the partnership's periods is removed, and nothing else,
once; the counts go in the day's PurgeRun."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import PurgeRun
from charter_portal.models import Message
from charter_portal.privacy import retention
from feedback import services as feedback_services
from feedback.models import Feedback, FeedbackEvent
from projects.models import Invitation, Stage
from tests.conftest import client_for, make_feedback, make_paper
from tests.factories import UserFactory

NOW = timezone.now()


def ago(days: int) -> datetime.datetime:
    return NOW - datetime.timedelta(days=days)


def closed(item: Feedback, officer, days_ago: int, status: str = "done") -> Feedback:
    """The item answered and closed `days_ago` days ago."""
    path = ["considering", "doing", "done"] if status == "done" else ["considering", "not-able"]
    for step in path:
        feedback_services.change_status(item, step, officer, "There is no money for it" if step == "not-able" else "")
    FeedbackEvent.objects.filter(feedback=item).update(at=ago(days_ago))
    return item


def test_months_before_keeps_the_day_or_the_months_last():
    assert retention.months_before(datetime.date(2026, 12, 3), 24) == datetime.date(2024, 12, 3)
    assert retention.months_before(datetime.date(2026, 3, 31), 1) == datetime.date(2026, 2, 28)
    assert retention.months_before(datetime.date(2026, 1, 15), 13) == datetime.date(2024, 12, 15)


# Feedback.


def test_closed_feedback_past_its_period_loses_what_the_family_said_and_keeps_the_published_pair(
    partnership, officer, client
):
    item = make_feedback(partnership)
    feedback_services.add_note(item, officer, "Rang Dana Private on 07700 900999")
    closed(item, officer, days_ago=800)
    feedback_services.publish(item, officer, "Health passports get lost at clinics", "We gave clinics a tray")
    Message.objects.create(
        to="dana.private@example.org", subject="About", body="Dear Dana", about=f"feedback:{item.reference}"
    )

    counts = retention.purge(partnership)

    assert counts["feedback"] == 1
    item.refresh_from_db()
    assert (item.text, item.name, item.email, item.phone) == ("", "", "", "")
    assert item.private_removed_at is not None
    assert (item.status, item.you_said, item.we_did) == (
        "done",
        "Health passports get lost at clinics",
        "We gave clinics a tray",
    )
    assert item.published_at is not None
    assert not item.events.filter(kind="note").exclude(note="").exists()
    assert not Message.objects.filter(about=f"feedback:{item.reference}", user__isnull=True).exists()
    line = item.events.get(kind=FeedbackEvent.Kind.REMOVED).what
    assert "24 months after an item is closed" in line and "contact details" in line
    assert "Dana" not in line and "health passport" not in line.lower()
    board = client.get(reverse("feedback:board", args=[partnership.slug])).text
    assert "We gave clinics a tray" in board


def test_an_open_item_is_never_purged_however_old(partnership, officer):
    item = make_feedback(partnership)
    feedback_services.change_status(item, "doing", officer)
    FeedbackEvent.objects.filter(feedback=item).update(at=ago(3000))
    Feedback.objects.filter(pk=item.pk).update(received_at=ago(3000))
    assert retention.purge(partnership)["feedback"] == 0
    item.refresh_from_db()
    assert item.text and item.email and item.private_removed_at is None


def test_an_item_closed_within_the_period_is_kept(partnership, officer):
    item = closed(make_feedback(partnership), officer, days_ago=700, status="not-able")
    assert retention.due(partnership)["feedback"] == 0
    partnership.feedback_retention_months = 6
    partnership.save()
    assert retention.due(partnership)["feedback"] == 1
    assert retention.purge(partnership)["feedback"] == 1
    item.refresh_from_db()
    assert item.text == "" and item.not_able_reason == "There is no money for it"


def test_a_reopened_item_counts_from_when_it_closes_again(partnership, officer):
    item = closed(make_feedback(partnership), officer, days_ago=900)
    feedback_services.change_status(item, "doing", officer)  # Reopened today.
    feedback_services.change_status(item, "done", officer)
    assert retention.purge(partnership)["feedback"] == 0


def test_running_twice_removes_nothing_more_and_one_run_a_day_holds_the_counts(partnership, officer):
    closed(make_feedback(partnership), officer, days_ago=800)
    first = retention.purge(partnership)
    second = retention.purge(partnership)
    assert first["feedback"] == 1
    assert second == dict.fromkeys(second, 0)
    run = PurgeRun.objects.get(partnership=partnership)
    assert run.on == timezone.localdate() and run.counts["feedback"] == 1
    assert FeedbackEvent.objects.filter(kind=FeedbackEvent.Kind.REMOVED).count() == 1


def test_another_partnerships_feedback_is_not_touched(partnership, other_partnership, officer):
    item = closed(make_feedback(partnership), officer, days_ago=800)
    assert retention.purge(other_partnership)["feedback"] == 0
    item.refresh_from_db()
    assert item.private_removed_at is None


def test_many_items_are_removed_in_a_few_statements(partnership, officer, django_assert_max_num_queries, monkeypatch):
    topic = make_feedback(partnership).topic
    Feedback.objects.bulk_create(
        Feedback(
            partnership=partnership,
            topic=topic,
            who="parent-carer",
            text=f"Item {n}",
            email=f"p{n}@example.org",
            status="done",
            due_on=NOW.date(),
        )
        for n in range(120)
    )
    Feedback.objects.filter(status="done").update(updated_at=ago(900))
    monkeypatch.setattr(retention, "BATCH", 50)
    # 3 batches of 50: each locks, updates, clears notes, removes messages and writes the timeline.
    with django_assert_max_num_queries(40):
        assert retention.purge(partnership)["feedback"] == 120
    assert not Feedback.objects.filter(status="done").exclude(text="").exists()


# Accounts.


def unused(partnership, days: int, signed_in: bool = True, **fields):
    person = UserFactory(partnership=partnership, **fields)
    person.date_joined = ago(days)
    person.last_login = ago(days) if signed_in else None
    person.save()
    return person


def test_an_unused_account_is_warned_then_erased_a_month_later(partnership):
    person = unused(partnership, 760, name="Tamsin Quiet", email="tamsin@example.org")
    counts = retention.purge(partnership)
    assert counts["warned"] == 1 and counts["accounts"] == 0
    warning = Message.objects.get(name="account_unused", user=person)
    assert "sign in before" in warning.body and "24 months" in warning.body
    assert person.events.filter(what__startswith="Told the account will be erased").exists()
    assert retention.purge(partnership)["warned"] == 0  # Told once.

    Message.objects.filter(pk=warning.pk).update(created_at=ago(31))
    assert retention.due(partnership)["accounts"] == 1
    assert retention.purge(partnership)["accounts"] == 1
    person.refresh_from_db()
    assert person.erased_at and person.name == "A parent carer" and "tamsin" not in person.email
    assert person.events.filter(what__contains="nobody had signed in for 24 months").exists()


def test_signing_in_after_the_warning_keeps_the_account(partnership):
    person = unused(partnership, 760)
    retention.purge(partnership)
    Message.objects.filter(name="account_unused").update(created_at=ago(31))
    person.last_login = timezone.now()
    person.save()
    assert retention.purge(partnership)["accounts"] == 0
    person.refresh_from_db()
    assert person.erased_at is None


def test_admins_superusers_and_people_in_running_work_are_never_erased(partnership, admin, superuser, project, family):
    for person in (admin, superuser, family):  # The family is a member of a running project.
        type(person).objects.filter(pk=person.pk).update(last_login=ago(3000), date_joined=ago(3000))
    assert retention.due(partnership)["accounts"] == 0
    assert retention.due(partnership)["warned"] == 0
    retention.purge(partnership)
    assert not type(admin).objects.filter(erased_at__isnull=False).exists()


def test_a_never_confirmed_account_is_erased_without_a_warning(partnership):
    person = unused(partnership, 760, email_confirmed=False, signed_in=False)
    assert retention.purge(partnership)["accounts"] == 1
    person.refresh_from_db()
    assert person.erased_at is not None
    assert not Message.objects.filter(name="account_unused").exists()


# Meeting papers.


@pytest.fixture
def completed_long_ago(project, officer):
    paper = make_paper(project, officer)
    project.is_complete = True
    project.save()
    project.stages.filter(stage=Stage.EVALUATION).update(status="completed", completed_at=ago(800))
    return paper


def test_papers_of_a_project_completed_past_the_period_are_removed_and_say_so(
    completed_long_ago, partnership, officer, settings, django_capture_on_commit_callbacks
):
    paper = completed_long_ago
    stored = settings.MEDIA_ROOT / paper.file.name
    assert stored.exists()
    # The file goes once the rows that say so are committed.
    with django_capture_on_commit_callbacks(execute=True):
        assert retention.purge(partnership)["papers"] == 1
    paper.refresh_from_db()
    assert paper.removed_at and not paper.file and not stored.exists()
    assert paper.name == "plan.pdf"
    url = reverse("projects:paper", args=[partnership.slug, paper.meeting.project_id, paper.meeting_id, paper.pk])
    page = client_for(officer).get(url)
    assert page.status_code == 410
    assert "removed" in page.text and "retention period" in page.text and "24 months" in page.text
    meeting = client_for(officer).get(
        reverse("projects:meeting", args=[partnership.slug, paper.meeting.project_id, paper.meeting_id])
    )
    assert "under the retention period" in meeting.text
    assert retention.purge(partnership)["papers"] == 0


def test_papers_of_a_running_project_stay(completed_long_ago, partnership):
    completed_long_ago.meeting.project.__class__.objects.update(is_complete=False)
    assert retention.purge(partnership)["papers"] == 0


# Invitations.


def test_invitations_that_ended_unused_long_ago_are_deleted(project, officer, family, partnership, settings):
    old = Invitation.objects.create(project=project, email="old@example.org", invited_by=officer)
    Invitation.objects.filter(pk=old.pk).update(sent_at=ago(settings.INVITATION_DAYS + 31))
    Message.objects.create(
        name="invitation", to="old@example.org", subject="Join", body="Join", about=f"project:{project.pk}"
    )
    recent = Invitation.objects.create(project=project, email="recent@example.org", invited_by=officer)
    Invitation.objects.filter(pk=recent.pk).update(sent_at=ago(settings.INVITATION_DAYS + 5))
    withdrawn = Invitation.objects.create(
        project=project, email="gone@example.org", invited_by=officer, withdrawn_at=ago(40)
    )
    accepted = Invitation.objects.create(
        project=project, email=family.email, invited_by=officer, accepted_at=ago(400), accepted_by=family
    )
    Invitation.objects.filter(pk=accepted.pk).update(sent_at=ago(400))

    assert retention.purge(partnership)["invitations"] == 2
    assert set(Invitation.objects.values_list("pk", flat=True)) == {recent.pk, accepted.pk}
    assert not Invitation.objects.filter(pk=withdrawn.pk).exists()
    assert not Message.objects.filter(to="old@example.org").exists()


# The daily command.


def test_the_daily_command_purges_every_partnership_and_prints_the_counts(partnership, other_partnership, officer):
    closed(make_feedback(partnership), officer, days_ago=800)
    output = io.StringIO()
    call_command("send_due_notifications", stdout=output)
    assert "wirral: 1 feedback item(s), 0 account(s), 0 paper(s), 0 invitation(s) removed" in output.getvalue()
    assert "hounslow: 0 feedback item(s)" in output.getvalue()
    assert PurgeRun.objects.count() == 2
