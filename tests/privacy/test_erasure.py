"""Erasing an account: the person asks, an admin confirms; what identified them is gone from every
table, while what they contributed stays true, unattributed, and the kite mark and published
You said, we did still show."""

import io
import zipfile

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.db import models
from django.db.models.functions import Cast
from django.urls import reverse

from accounts.models import AccessLog, DataRequest
from charter_portal.models import Message
from charter_portal.privacy import erasure
from feedback import services as feedback_services
from feedback.forms import topics_for
from feedback.models import Feedback
from tests.conftest import award_kite_mark
from tests.privacy.people import feedback_from, identified

NAME = "Quillon Erasmussen"
EMAIL = "quillon.erasmussen@example.org"
PHONE = "07700 912345"
ADDRESS = "17 Wobbleberry Lane\nBirkenhead\nCH41 9QZ"
NEEDS = "Needs papers in Zarvian large print"
TEXT = "My daughter Pemberly's speech therapy at Oxton clinic stopped without warning."
VALUES = [NAME, EMAIL, PHONE, "17 Wobbleberry Lane", NEEDS, TEXT]


def found_anywhere(values: list[str]) -> list[str]:
    """Every table's every text column searched for each value: where each was found."""
    found = []
    for model in apps.get_models():
        fields = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if not fields:
            continue
        rows = model._base_manager.annotate(**{f"t_{f.attname}": Cast(f.attname, models.TextField()) for f in fields})
        for field in fields:
            for value in values:
                if rows.filter(**{f"t_{field.attname}__icontains": value}).exists():
                    found.append(f"{model._meta.label}.{field.attname}: {value}")
    return found


@pytest.fixture
def person(family):
    return identified(family, NAME, EMAIL, PHONE, ADDRESS, NEEDS)


@pytest.fixture
def their_feedback(person, partnership, officer):
    item = feedback_from(person, "Health", TEXT, consent_to_publish=True)
    feedback_services.add_note(item, officer, f"Rang {NAME} on {PHONE}; she will send the letter")
    for status in ("considering", "doing", "done"):
        feedback_services.change_status(item, status, officer)
    feedback_services.publish(item, officer, "Speech therapy stopped without warning", "We wrote to every family first")
    return item


def test_after_erasure_nothing_in_the_database_holds_what_identified_them(
    client, person, their_feedback, ready_project, officer, forum_lead, youth_lead, admin, partnership
):
    application = award_kite_mark(ready_project, officer, forum_lead, youth_lead)
    Message.objects.create(user=person, to=EMAIL, subject=f"Hello {NAME}", body=f"Dear {NAME}")
    person.deactivate(admin)  # An admin's earlier action: its timeline line names nobody, but the admin log might.
    assert found_anywhere(VALUES), "the values were not stored to begin with"

    request = erasure.ask_for_erasure(person)
    client.force_login(admin)
    response = client.post(reverse("privacy:erase_person", args=[person.pk]))
    assert response.status_code == 302

    assert found_anywhere(VALUES) == []
    person.refresh_from_db()
    assert person.name == "A parent carer" and person.erased_at and not person.is_active
    assert not person.has_usable_password()
    request.refresh_from_db()
    assert request.status == DataRequest.Status.DONE and request.decided_by == admin
    # The timeline says what was erased and when, never what it was.
    line = person.events.first().what
    assert "erased" in line and NAME not in line
    item = Feedback.objects.get(pk=their_feedback.pk)
    assert item.text == "" and item.email == "" and item.private_removed_at
    assert item.events.filter(kind="removed").exists()
    # The public record stays true: the published pair, and the kite mark resting on their contributions.
    board = client.get(reverse("feedback:board", args=[partnership.slug])).text
    assert "We wrote to every family first" in board
    verify = client.get(reverse("reviews:verify", args=[application.code]))
    assert verify.status_code == 200 and "This is a valid co-production kite mark" in verify.text
    assert ready_project.members.get(user=person).contributions.exists()


def test_a_file_made_before_the_erasure_that_mentions_them_is_removed(
    person, admin, partnership, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        archive.writestr("summary.html", f"<p>Met {NAME} at the forum</p>")
    someone = DataRequest.objects.create(partnership=partnership, kind=DataRequest.Kind.EXPORT, subject=admin)
    someone.file.save("copy.zip", ContentFile(packed.getvalue()))
    mine = DataRequest.objects.create(partnership=partnership, kind=DataRequest.Kind.EXPORT, subject=person)
    mine.file.save("mine.zip", ContentFile(b"anything"))
    DataRequest.objects.update(status=DataRequest.Status.READY)
    with django_capture_on_commit_callbacks() as deletions:
        erasure.erase_account(person, admin)
    # Until the erasure is committed, every row still finds its file.
    assert len(list(tmp_path.rglob("*.zip"))) == 2
    for delete in deletions:
        delete()
    someone.refresh_from_db()
    mine.refresh_from_db()
    assert someone.file == "" and someone.status == DataRequest.Status.EXPIRED
    assert mine.file == "" and mine.status == DataRequest.Status.EXPIRED
    assert list(tmp_path.rglob("*.zip")) == []


def test_the_person_asks_and_can_withdraw(client, person, admin):
    client.force_login(person)
    page = client.get(reverse("privacy:ask_erasure"))
    assert "What stays" in page.text and "a parent carer" in page.text
    # They are told they will not hear after the erasure, and can get a copy of their information first.
    assert "we do not write to you again" in page.text and reverse("privacy:ask_copy") in page.text
    client.post(reverse("privacy:ask_erasure"), {"action": "ask"})
    client.post(reverse("privacy:ask_erasure"), {"action": "ask"})  # A second click asks nothing more.
    assert DataRequest.objects.filter(subject=person, status="waiting").count() == 1
    told = Message.objects.get(name="erasure_requested", user=admin)
    assert f"{NAME} has asked for their account with Wirral to be closed" in told.body
    assert "You asked on" in client.get(reverse("privacy:ask_erasure")).text
    client.post(reverse("privacy:ask_erasure"), {"action": "withdraw"})
    assert DataRequest.objects.get(subject=person).status == DataRequest.Status.WITHDRAWN
    person.refresh_from_db()
    assert person.erased_at is None and person.is_active


def test_an_admin_refuses_with_a_reason_and_the_person_is_told(client, person, admin):
    erasure.ask_for_erasure(person)
    client.force_login(admin)
    assert "Check and erase the account" in client.get(reverse("accounts:user_detail", args=[person.pk])).text
    url = reverse("privacy:refuse_erasure", args=[person.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400 and "Enter why the account cannot be erased" in response.text
    response = client.post(url, {"reason": "x" * 2001})
    assert response.status_code == 400 and "characters or fewer" in response.text
    client.post(url, {"reason": "A complaint about this feedback is still open"})
    assert DataRequest.objects.get(subject=person).status == DataRequest.Status.REFUSED
    assert (
        "A complaint about this feedback is still open" in Message.objects.get(name="erasure_refused", user=person).body
    )
    person.refresh_from_db()
    assert person.erased_at is None
    assert client.get(url).status_code == 404  # Nothing waits any more.


def test_an_erased_account_cannot_be_reopened_changed_or_erased_again(client, person, admin, officer):
    erasure.erase_account(person, admin)
    client.force_login(admin)
    assert client.post(reverse("accounts:user_reopen", args=[person.pk])).status_code == 403
    assert client.get(reverse("privacy:erase_person", args=[person.pk])).status_code == 404
    with pytest.raises(erasure.ErasureError):
        erasure.erase_account(person, admin)
    erasure.erase_account(officer, admin)
    assert client.get(reverse("accounts:user_change", args=[officer.pk])).status_code == 403
    person.refresh_from_db()
    assert not person.is_active


def test_an_admin_cannot_erase_themselves(client, admin):
    client.force_login(admin)
    client.post(reverse("privacy:erase_person", args=[admin.pk]))
    admin.refresh_from_db()
    assert admin.erased_at is None


@pytest.mark.parametrize("who", ["anonymous", "family", "officer", "forum_lead", "outsider_admin"])
def test_only_the_partnerships_admin_erases(client, who, personas, person):
    user = personas[who]
    url = reverse("privacy:erase_person", args=[person.pk])
    if user:
        client.force_login(user)
    response = client.post(url)
    expected = {"anonymous": 302, "outsider_admin": 404}.get(who, 403)
    assert response.status_code == expected
    person.refresh_from_db()
    assert person.erased_at is None


def test_asking_needs_signing_in(client):
    response = client.get(reverse("privacy:ask_erasure"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_the_access_log_is_never_searched_or_changed(person, admin, partnership):
    AccessLog.objects.create(partnership=partnership, actor=admin, subject=person, kind="access-needs", record="user:1")
    erasure.erase_account(person, admin)
    assert AccessLog.objects.filter(subject=person).count() == 1


def test_only_whole_words_are_replaced_and_short_words_are_left(person, admin, partnership, officer):
    from feedback.models import FeedbackEvent

    person.name = "Anna Bell"
    person.save()
    item = feedback_services.submit(
        partnership,
        actor=person,
        topic=topics_for(partnership).get(name="Health"),
        who="parent-carer",
        text="Thanks",
        consent_to_contact=False,
        consent_to_publish=False,
    )
    feedback_services.add_note(item, officer, "Anna Bell rang. Savannah Bellamy-Anna Bells from the school said thanks")
    erasure.erase_account(person, admin)
    note = FeedbackEvent.objects.get(feedback=item, kind="note").note
    assert note == "[erased] rang. Savannah Bellamy-Anna Bells from the school said thanks"
