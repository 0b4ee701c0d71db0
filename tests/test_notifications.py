"""Everyone told what concerns them, once, the way they asked: checked from the messages actually
sent (Django's test mail outbox, and a local fake of the GOV.UK Notify API)."""

import datetime
import io
import json
import uuid

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from charter_portal import notify
from charter_portal.models import Message
from feedback import services as feedback_services
from feedback.models import Feedback
from tests.conftest import client_for, make_feedback
from tests.factories import UserFactory, staff

# Real commits, so messages go out as they do in the running portal: after the change commits.
pytestmark = pytest.mark.django_db(transaction=True)

SERVICE, SECRET = str(uuid.uuid4()), str(uuid.uuid4())


def to(address: str) -> list:
    return [m for m in mail.outbox if m.to == [address]]


def link_in(body: str) -> str:
    return next(line.strip() for line in body.splitlines() if line.strip().startswith("http"))


@pytest.fixture
def fake_notify(settings, httpserver):
    """GOV.UK Notify's API, here: every request it receives is kept for the test to read."""
    settings.NOTIFY_API_KEY = f"test_key-{SERVICE}-{SECRET}"
    settings.NOTIFY_BASE_URL = httpserver.url_for("").rstrip("/")
    settings.NOTIFY_TEMPLATES = {"email": "tmpl-email", "text": "tmpl-text", "letter": "tmpl-letter"}
    for kind in ("email", "sms", "letter"):
        httpserver.expect_request(f"/v2/notifications/{kind}", method="POST").respond_with_json(
            {"id": f"notify-{kind}"}, status=201
        )
    return httpserver


def run_daily() -> None:
    call_command("send_due_notifications", stdout=io.StringIO())


def sent_to_notify(httpserver) -> list[tuple[str, dict]]:
    return [(request.path, json.loads(request.data)) for request, _response in httpserver.log]


# Families hear about their own feedback.


def test_a_family_gets_its_reference_answer_by_date_and_a_link(partnership):
    feedback = make_feedback(partnership)
    (email,) = to("dana.private@example.org")
    assert feedback.display_reference in email.subject and feedback.display_reference in email.body
    assert feedback.due_on.strftime("%-d %B %Y") in email.body
    assert link_in(email.body).endswith(reverse("feedback:check"))
    assert feedback.events.filter(what__startswith="Email sent to the family").exists()
    message = Message.objects.get(name="feedback_received")
    assert (message.status, message.channel, message.area) == (Message.Status.SENT, "email", "wirral")


def test_a_family_that_did_not_agree_to_be_contacted_hears_nothing(partnership):
    from feedback.forms import topics_for

    feedback_services.submit(
        partnership,
        topic=topics_for(partnership).get(name="Health"),
        who="parent-carer",
        text="No contact please",
        email="quiet@example.org",
        consent_to_contact=False,
    )
    assert not mail.outbox and not Message.objects.exists()


def test_each_status_change_and_publication_reaches_the_family(partnership, officer):
    feedback = make_feedback(partnership)
    mail.outbox.clear()
    feedback_services.change_status(feedback, Feedback.Status.NOT_ABLE, officer, reason="the clinic has closed")
    (status,) = to("dana.private@example.org")
    assert "not able to" in status.subject.lower() and "the clinic has closed" in status.body
    feedback_services.publish(feedback, officer, "Passports get lost at clinics.", "")
    published = to("dana.private@example.org")[-1]
    assert "You Said, We Did" in published.subject
    assert reverse("feedback:board", args=["wirral"]) in published.body
    assert "Dana Private" in published.body and "My son's health passport" not in published.body


def test_an_officer_is_told_when_feedback_is_given_to_them_but_not_by_themselves(partnership, officer, admin):
    feedback = make_feedback(partnership)
    mail.outbox.clear()
    feedback_services.assign(feedback, officer, admin)
    (email,) = to(officer.email)
    assert feedback.display_reference in email.subject
    assert link_in(email.body).endswith(reverse("feedback:detail", args=["wirral", feedback.reference]))
    mail.outbox.clear()
    feedback_services.assign(feedback, officer, officer)
    assert not mail.outbox


def test_a_signed_in_family_is_reached_the_way_their_account_says(partnership, family, fake_notify):
    from feedback.forms import topics_for

    family.preferred_contact, family.phone = "text", "07700 900123"
    family.save()
    feedback_services.submit(
        partnership,
        actor=family,
        topic=topics_for(partnership).get(name="Health"),
        who="parent-carer",
        text="The bus never comes",
        consent_to_contact=False,
    )
    ((path, body),) = sent_to_notify(fake_notify)
    assert path == "/v2/notifications/sms"
    assert body["phone_number"] == "07700 900123" and body["template_id"] == "tmpl-text"
    assert "Your reference is" in body["personalisation"]["body"]
    assert Message.objects.get().reference == "notify-sms"


# GOV.UK Notify: email, text and letter, exactly as its API asks.


def test_notify_sends_email_text_and_letter_with_the_rendered_words(partnership, fake_notify):
    by_post = UserFactory(
        partnership=partnership, preferred_contact="post", postal_address="1 High Street\nWallasey\nCH44 1AA"
    )
    by_text = UserFactory(partnership=partnership, preferred_contact="text", phone="07700 900001")
    by_email = UserFactory(partnership=partnership)
    notify.send(
        "account_made",
        [notify.person(u) for u in (by_post, by_text, by_email)],
        user=by_email,
        link="https://example.org/x",
        by=by_email,
    )
    requests = dict(sent_to_notify(fake_notify))
    letter = requests["/v2/notifications/letter"]
    assert letter["template_id"] == "tmpl-letter"
    assert (letter["personalisation"]["address_line_1"], letter["personalisation"]["address_line_3"]) == (
        "1 High Street",
        "CH44 1AA",
    )
    assert "https://example.org/x" in letter["personalisation"]["body"]
    assert requests["/v2/notifications/sms"]["phone_number"] == "07700 900001"
    email = requests["/v2/notifications/email"]
    assert (
        email["email_address"] == by_email.email
        and email["personalisation"]["subject"] == "Your Charter Portal account"
    )
    assert all(m.status == Message.Status.SENT for m in Message.objects.all())


def test_a_message_notify_refuses_is_tried_again_then_kept_as_failed(partnership, settings, httpserver, admin):
    settings.NOTIFY_API_KEY = f"test_key-{SERVICE}-{SECRET}"
    settings.NOTIFY_BASE_URL = httpserver.url_for("").rstrip("/")
    settings.NOTIFY_TEMPLATES = {"email": "e", "text": "t", "letter": "l"}
    httpserver.expect_request("/v2/notifications/email").respond_with_json({"errors": ["no"]}, status=500)
    person = UserFactory(partnership=partnership)
    notify.send("account_made", [person], user=person, link="https://example.org", by=person)
    message = Message.objects.get()
    assert (message.status, message.attempts) == (Message.Status.FAILED, notify.ATTEMPTS)
    assert len(httpserver.log) == notify.ATTEMPTS
    page = client_for(admin).get(reverse("accounts:user_messages", args=[person.pk])).text
    assert "Not sent" in page and "Your Charter Portal account" in page


def test_without_notify_a_text_or_letter_goes_by_email_when_there_is_an_address(partnership):
    person = UserFactory(partnership=partnership, preferred_contact="text", phone="07700 900002")
    assert notify.person(person).channel == "email"
    nobody = notify.reach(phone="07700 900003")
    notify.send("feedback_received", [nobody], feedback=make_feedback(partnership), link="x")
    message = Message.objects.get(to="07700 900003")
    assert message.status == Message.Status.FAILED and "GOV.UK Notify" in message.error


# What a person may turn off, and what they may not.


def test_a_person_turns_off_project_news_but_still_hears_what_they_owe(partnership, family):
    response = client_for(family).post(reverse("accounts:message_settings"), {"send": ["digest", "reminders"]})
    assert response.status_code == 302
    family.refresh_from_db()
    assert family.muted == ["updates"]
    assert family.events.filter(what__startswith="Stopped: project news").exists()
    notify.send("stage_completed", [family], project=None, stage=None, link="x")
    notify.send("invitation", [family], link="x", project=None, invitation=None)
    assert [m.name for m in Message.objects.all()] == ["invitation"]


def test_a_bad_answer_on_the_settings_form_is_shown(family):
    response = client_for(family).post(reverse("accounts:message_settings"), {"send": ["everything"]})
    assert response.status_code == 400 and "Choose from the list" in response.text


def test_every_optional_message_carries_a_one_click_unsubscribe_link(client, partnership, officer, feedback_item):
    run_daily()
    (digest,) = to(officer.email)
    link = next(line for line in digest.body.splitlines() if "/stop-messages/" in line).strip()
    path = link.removeprefix("http://testserver").removeprefix("http://127.0.0.1:8000")
    page = client.get(path)
    assert page.status_code == 200 and "Stop these messages?" in page.text
    officer.refresh_from_db()
    assert officer.muted == []
    done = client.post(path)
    assert "You will not be sent these messages" in done.text
    officer.refresh_from_db()
    assert officer.muted == ["digest"]
    assert client.get("/stop-messages/not-a-real-token/").status_code == 404


# The daily digest, the reminders, and the command that sends them.


def test_the_digest_is_sent_once_a_day_however_often_the_command_runs(partnership, officer, feedback_item):
    other = staff("officer", partnership)
    for _ in range(2):
        run_daily()
    assert len(to(officer.email)) == 1 and len(to(other.email)) == 1
    body = to(officer.email)[0].body
    assert feedback_item.display_reference in body
    assert reverse("feedback:queue", args=["wirral"]) in body


def test_the_digest_holds_only_the_officers_own_area(partnership, other_partnership, officer, outsider_officer):
    make_feedback(partnership)
    run_daily()
    assert to(officer.email) and not to(outsider_officer.email)


def test_an_officer_who_turned_the_digest_off_gets_none(partnership, officer, feedback_item):
    officer.muted = ["digest"]
    officer.save()
    run_daily()
    assert not to(officer.email)


def test_admins_are_reminded_of_the_charter_review_before_and_after_the_date(charter, admin):
    charter.review_due_on = timezone.localdate() + datetime.timedelta(days=20)
    charter.save()
    for _ in range(2):
        run_daily()
    (soon,) = to(admin.email)
    assert "due for review" in soon.subject
    charter.review_due_on = timezone.localdate() - datetime.timedelta(days=1)
    charter.save()
    run_daily()
    run_daily()
    assert len(to(admin.email)) == 2 and "has passed" in to(admin.email)[1].subject


# Messages admins can read, per person.


def test_only_the_persons_own_area_admins_read_their_messages(
    partnership, family, admin, officer, outsider_admin, client
):
    url = reverse("accounts:user_messages", args=[family.pk])
    assert client.get(url).status_code == 302
    assert client_for(officer).get(url).status_code == 403
    assert client_for(outsider_admin).get(url).status_code == 404
    assert client_for(admin).get(url).status_code == 200


@pytest.mark.parametrize("count", [2, 40])
def test_a_persons_messages_list_in_constant_queries(partnership, family, admin, count, django_assert_max_num_queries):
    for _ in range(count):
        notify.send("account_made", [family], user=family, link="x", by=admin)
    admin_client = client_for(admin)
    with django_assert_max_num_queries(12):
        response = admin_client.get(reverse("accounts:user_messages", args=[family.pk]))
    assert len(response.context["page_obj"]) == min(count, 25)


# Project members, forum leads and officers hear about the project and its kite mark.


def test_members_hear_of_a_completed_stage_and_a_decision_unless_they_turned_news_off(project, officer, family):
    from projects import services

    other = UserFactory(partnership=project.partnership, muted=["updates"])
    services.add_member(project, other, officer)
    mail.outbox.clear()
    need = project.stages.get(stage="need")
    services.contribute(need, project.members.get(user=family), "idea", "Start with the clinic")
    services.record_decision(
        need,
        officer,
        [],
        [],
        what="Work with the clinic",
        how_input_shaped="A parent asked",
        decided_on=timezone.localdate(),
    )
    services.complete_stage(project.stages.get(stage="need"), officer)
    subjects = [m.subject for m in to(family.email)]
    assert "Health Passports: a decision was recorded" in subjects
    assert "Health Passports: Need is complete" in subjects
    assert not to(other.email) and not to(officer.email)
    decision = next(m for m in to(family.email) if "decision" in m.subject)
    assert (
        reverse("projects:detail", args=["wirral", project.pk]) in decision.body and "/stop-messages/" in decision.body
    )


def test_meeting_emails_carry_the_calendar_file(project, officer, family):
    from projects import services

    mail.outbox.clear()
    services.schedule_meeting(
        project.stages.get(stage="need"),
        officer,
        title="First meeting",
        date=timezone.localdate() + datetime.timedelta(days=30),
        start=datetime.time(10),
        end=datetime.time(11),
        place="Town Hall",
    )
    (email,) = to(family.email)
    ((name, content, mimetype),) = email.attachments
    assert name.endswith(".ics") and mimetype == "text/calendar" and "BEGIN:VEVENT" in content


def test_the_kite_mark_reaches_the_leads_who_sign_then_the_officers(
    ready_project, officer, family, forum_lead, youth_lead
):
    from reviews import kite_mark
    from reviews.models import SignOff

    mail.outbox.clear()
    application = kite_mark.apply(ready_project, officer)
    for lead in (forum_lead, youth_lead):
        (waiting,) = to(lead.email)
        assert "waiting for your sign-off" in waiting.subject
        assert reverse("reviews:kite_mark", args=["wirral", ready_project.pk]) in waiting.body
    assert any("applied for the kite mark" in m.subject for m in to(family.email))
    assert not to(officer.email)
    mail.outbox.clear()
    kite_mark.sign_off(application, forum_lead, SignOff.Decision.DECLINED, "no young people at the Aim stage")
    (declined,) = to(officer.email)
    assert "declined" in declined.subject and "no young people at the Aim stage" in declined.body
    assert not to(family.email)


def test_an_award_and_a_revocation_reach_officers_and_members(
    ready_project, officer, family, forum_lead, youth_lead, admin
):
    from reviews import kite_mark
    from reviews.models import SignOff

    application = kite_mark.apply(ready_project, officer)
    mail.outbox.clear()
    for lead in (forum_lead, youth_lead):
        kite_mark.sign_off(application, lead, SignOff.Decision.SIGNED)
    assert [m.subject for m in to(officer.email)] == ["Kite mark awarded: Health Passports"]
    assert [m.subject for m in to(family.email)] == ["Kite mark awarded: Health Passports"]
    mail.outbox.clear()
    kite_mark.revoke(application, admin, "the review answers were changed")
    assert "the review answers were changed" in to(family.email)[0].body
    assert to(officer.email)


def test_leads_who_have_not_answered_are_reminded_once_after_a_week(ready_project, officer, forum_lead, youth_lead):
    from reviews import kite_mark
    from reviews.models import KiteMarkApplication, SignOff

    application = kite_mark.apply(ready_project, officer)
    kite_mark.sign_off(application, forum_lead, SignOff.Decision.SIGNED)
    mail.outbox.clear()
    run_daily()
    assert not [m for m in mail.outbox if "Reminder" in m.subject]
    KiteMarkApplication.objects.filter(pk=application.pk).update(applied_at=timezone.now() - datetime.timedelta(days=8))
    run_daily()
    run_daily()
    reminders = [m for m in mail.outbox if m.subject.startswith("Reminder")]
    assert [m.to for m in reminders] == [[youth_lead.email]]


def test_a_kite_mark_naming_nobody_to_sign_cannot_be_applied_for(ready_project, officer):
    from projects.services import ProjectError
    from reviews import kite_mark

    ready_project.charter.kite_mark.sign_off_by = []
    ready_project.charter.kite_mark.save()
    with pytest.raises(ProjectError, match="names no group"):
        kite_mark.apply(ready_project, officer)


def test_officers_read_a_projects_messages(project, officer, family, admin, outsider_admin, client):
    from projects import services

    services.complete_stage(project.stages.get(stage="need"), officer, "we met families at the clinic")
    url = reverse("projects:messages", args=["wirral", project.pk])
    assert client.get(url).status_code == 302
    assert client_for(family).get(url).status_code == 403
    assert client_for(outsider_admin).get(url).status_code == 404
    page = client_for(officer).get(url)
    assert page.status_code == 200 and "Need is complete" in page.text


# Signed-in families.


def test_a_signed_in_family_finds_the_form_filled_in_and_says_so(partnership, family):
    page = client_for(family).get(reverse("feedback:tell_us", args=["wirral"])).text
    assert f"You are signed in as {family.name}" in page
    assert f'value="{family.email}"' in page


def test_feedback_sent_before_registering_joins_the_account_once_the_address_is_confirmed(partnership, client):
    from django.core import signing

    from accounts.confirmation import SALT

    make_feedback(partnership)
    person = UserFactory(partnership=partnership, email="dana.private@example.org", email_confirmed=False)
    token = signing.dumps({"user": person.pk, "email": person.email}, salt=SALT)
    client.get(reverse("accounts:confirm_account", args=[token]))
    feedback = Feedback.objects.get()
    assert feedback.submitted_by == person
    assert feedback.events.filter(what__startswith="Joined to the family's account").exists()
    assert feedback.display_reference in client.get(reverse("accounts:account")).text


@pytest.mark.parametrize("count", [2, 30])
def test_a_projects_messages_list_in_constant_queries(project, officer, count, django_assert_max_num_queries):
    people = [UserFactory(partnership=project.partnership) for _ in range(count)]
    notify.send("account_made", people, about=f"project:{project.pk}", user=officer, link="x", by=officer)
    officer_client = client_for(officer)
    with django_assert_max_num_queries(14):
        response = officer_client.get(reverse("projects:messages", args=["wirral", project.pk]))
    assert len(response.context["page_obj"]) == min(count, 20)


def test_a_once_only_letter_to_a_long_address_fits_and_goes_once(partnership, fake_notify):
    # A postal address runs to several lines; the once-only key must still fit its column (PostgreSQL
    # refuses a value too long where SQLite would keep it).
    address = "\n".join(f"Flat {i}, A Very Long Building Name Indeed" for i in range(40))
    person = UserFactory(partnership=partnership, preferred_contact="post", postal_address=address)
    for _ in range(2):
        notify.send(
            "daily_digest",
            [person],
            about="digest:2026-12-01",
            once="2026-12-01",
            today=timezone.localdate(),
            listed=10,
            new=[],
            due_soon=[],
            overdue=[],
            papers=[],
            link="https://example.org",
        )
    (message,) = Message.objects.all()
    assert message.channel == "letter" and len(message.once) == 64
    assert [path for path, _body in sent_to_notify(fake_notify)] == ["/v2/notifications/letter"]


def test_only_a_family_account_of_the_same_area_takes_over_earlier_feedback(partnership, other_partnership):
    from feedback.services import claim_feedback

    make_feedback(partnership)
    professional = staff("officer", partnership, email="dana.private@example.org")
    elsewhere = UserFactory(partnership=other_partnership, email="dana.private@example.com")
    elsewhere.email = "dana.private@example.org"  # as if it had been changed to the same address
    assert claim_feedback(None, user=professional) == 0
    assert claim_feedback(None, user=elsewhere) == 0
    assert Feedback.objects.get().submitted_by is None
