import csv
import datetime
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from feedback import services
from feedback.forms import topics_for
from feedback.models import Feedback


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def url(name, feedback):
    return reverse(f"feedback:{name}", args=["wirral", feedback.reference])


def test_officer_triages_assigns_notes_links_answers_and_publishes(
    officer_client, officer, feedback_item, charter, django_capture_on_commit_callbacks
):
    f = feedback_item
    officer_client.post(url("assign", f), {"officer": officer.pk})
    officer_client.post(url("note", f), {"note": "Rang the clinic, they are looking."})
    principle = charter.principles.get(title="Working Together")
    officer_client.post(url("link", f), {"principle": principle.pk, "project": ""})
    with django_capture_on_commit_callbacks(execute=True):
        officer_client.post(url("status", f), {"status": "considering"})
        officer_client.post(url("status", f), {"status": "doing"})
    response = officer_client.post(
        url("publish", f),
        {"you_said": "A parent said passports get lost at clinics.", "we_did": "Clinics now scan them."},
    )
    assert response.status_code == 302
    f.refresh_from_db()
    assert (f.assigned_to, f.principle, f.status) == (officer, principle, "doing")
    assert f.is_published
    page = officer_client.get(url("detail", f)).text
    for line in [
        "Received through the online form",
        "Assigned to Priya Officer",
        "Rang the clinic, they are looking.",
        "Linked to the principle “Working Together”",
        "Status changed from “Received” to “Being considered”",
        ": we are doing”",
        "Email sent to the family: “Your feedback",
        "Published on You Said, We Did",
    ]:
        assert line in page


def test_status_changes_email_the_family_who_asked(officer_client, feedback_item, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        officer_client.post(url("status", feedback_item), {"status": "considering"})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["dana.private@example.org"]
    assert "Being considered" in mail.outbox[0].body
    assert feedback_item.display_reference in mail.outbox[0].subject


def test_no_email_without_consent(officer_client, feedback_item, django_capture_on_commit_callbacks):
    feedback_item.consent_to_contact = False
    feedback_item.save()
    with django_capture_on_commit_callbacks(execute=True):
        officer_client.post(url("status", feedback_item), {"status": "considering"})
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("action", "data", "message"),
    [
        ("status", {}, "Select a status"),
        ("status", {"status": "done"}, "Select one of the options shown"),
        ("status", {"status": "not-able", "reason": ""}, "Say why we are not able to do it"),
        ("note", {"note": ""}, "Enter the note"),
        ("publish", {"you_said": "", "we_did": ""}, "Write the “You said” summary"),
    ],
)
def test_bad_officer_input_is_explained(officer_client, feedback_item, action, data, message):
    response = officer_client.post(url(action, feedback_item), data)
    assert response.status_code == 400
    assert message in response.text
    assert "There is a problem" in response.text


@pytest.mark.parametrize("field", ["you_said", "we_did"])
@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Dana Private said passports get lost.", "Take out their name and contact details"),
        ("Call 07700 900999 about it.", "Take out their name and contact details"),
        ("Ring +44 7700 900 123 for help.", "Take out the email address or phone number"),
        ("Ring (0151) 606 2000 for help.", "Take out the email address or phone number"),
        ("Write to help@wirral.example.org please.", "Take out the email address or phone number"),
        ("Sam Parent told us about it.", "Take out the name"),
        (
            "My son's health passport was lost at the clinic and nobody could tell me",
            "Write it in your own words",
        ),
        (
            "My son's health passport was lost at the clinic and nobody could tell me where it went",
            "Write it in your own words",
        ),
        ("my sons health passport was LOST at the clinic; nobody could tell me where it went!", "own words"),
    ],
)
def test_publishing_refuses_names_contact_details_and_the_familys_words_in_either_text(
    officer_client, feedback_item, family, field, text, message
):
    services.change_status(feedback_item, "doing", None)
    data = {"you_said": "Parents said passports get lost.", "we_did": "Clinics now scan every passport.", field: text}
    response = officer_client.post(url("publish", feedback_item), data)
    assert response.status_code == 400
    assert message in response.text
    feedback_item.refresh_from_db()
    assert not feedback_item.is_published
    # Round the form, straight to the rule: refused too.
    with pytest.raises(services.FeedbackError):
        services.publish(feedback_item, None, data["you_said"], data["we_did"])


def test_an_honest_summary_is_published(officer_client, feedback_item, family):
    services.change_status(feedback_item, "doing", None)
    data = {"you_said": "A parent told us health passports go missing at clinics.", "we_did": "Clinics scan them."}
    assert officer_client.post(url("publish", feedback_item), data).status_code == 302
    feedback_item.refresh_from_db()
    assert feedback_item.is_published


def test_publishing_before_doing_anything_is_refused(officer_client, feedback_item):
    response = officer_client.post(url("publish", feedback_item), {"you_said": "Said", "we_did": "Did"})
    assert "Publish once we are doing something" in response.text


def test_unpublishing(officer_client, feedback_item):
    services.change_status(feedback_item, "doing", None)
    services.publish(feedback_item, None, "Said", "Doing")
    officer_client.post(url("unpublish", feedback_item))
    feedback_item.refresh_from_db()
    assert not feedback_item.is_published
    assert "Taken off You Said, We Did" in officer_client.get(url("detail", feedback_item)).text


def test_logging_feedback_given_by_phone(officer_client, officer, partnership):
    today = timezone.localdate()
    data = {
        "channel": "phone",
        "received_on_0": today.day,
        "received_on_1": today.month,
        "received_on_2": today.year,
        "topic": topics_for(partnership).get(name="Short breaks").pk,
        "text": "Rang about short breaks.",
        "who": "parent-carer",
        "name": "",
        "email": "",
        "phone": "07700 900111",
        "consent_to_contact": "on",
    }
    response = officer_client.post(reverse("feedback:log", args=["wirral"]), data)
    feedback = Feedback.objects.get()
    assert response["Location"] == url("detail", feedback)
    assert (feedback.channel, feedback.logged_by) == ("phone", officer)
    assert feedback.events.get(kind="received").what == "Logged by Priya Officer (phone call)"


def test_logging_the_same_feedback_twice_with_one_press_logs_it_once(officer_client, partnership):
    """A double click on "Log feedback" sends the form's one-time token twice: one item."""
    import re

    page = officer_client.get(reverse("feedback:log", args=["wirral"])).text
    token = re.search(r'name="submission_token" value="([^"]+)"', page).group(1)
    today = timezone.localdate()
    data = {
        "channel": "email",
        "received_on_0": today.day,
        "received_on_1": today.month,
        "received_on_2": today.year,
        "topic": topics_for(partnership).first().pk,
        "text": "A letter about transport.",
        "who": "parent-carer",
        "submission_token": token,
    }
    first = officer_client.post(reverse("feedback:log", args=["wirral"]), data)
    assert first.status_code == 302, re.findall(r"govuk-error-message.*?</p>", first.text, re.S)
    second = officer_client.post(reverse("feedback:log", args=["wirral"]), data)
    assert first["Location"] == second["Location"]
    assert Feedback.objects.count() == 1
    # The next visit to the form is a new press.
    again = officer_client.get(reverse("feedback:log", args=["wirral"])).text
    assert token not in again


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"channel": ""}, "Select how they told us"),
        ({"received_on_2": "2999"}, "must be today or in the past"),
    ],
)
def test_logging_errors(officer_client, partnership, change, message):
    today = timezone.localdate()
    data = {
        "channel": "email",
        "received_on_0": today.day,
        "received_on_1": today.month,
        "received_on_2": today.year,
        "topic": topics_for(partnership).first().pk,
        "text": "x",
        "who": "other",
    }
    response = officer_client.post(reverse("feedback:log", args=["wirral"]), {**data, **change})
    assert message in response.text


def make_items(partnership, count: int, **fields):
    topic = topics_for(partnership).first()
    for i in range(count):
        services.submit(partnership, topic=topic, who="other", text=f"Item {i} about buses", **fields)


def test_queue_filters_and_counts(officer_client, officer, partnership, feedback_item):
    make_items(partnership, 3)
    services.assign(feedback_item, officer, officer)
    response = officer_client.get(reverse("feedback:queue", args=["wirral"]), {"assigned": str(officer.pk)})
    assert [f.reference for f in response.context["page_obj"]] == [feedback_item.reference]
    response = officer_client.get(reverse("feedback:queue", args=["wirral"]), {"q": "passport"})
    assert [f.reference for f in response.context["page_obj"]] == [feedback_item.reference]
    response = officer_client.get(reverse("feedback:queue", args=["wirral"]), {"assigned": "nobody"})
    assert len(response.context["page_obj"]) == 3
    assert ("Received", 4, "received") in response.context["counts"]
    response = officer_client.get(reverse("feedback:queue", args=["wirral"]), {"overdue": "on"})
    assert len(response.context["page_obj"]) == 0


def test_overdue_items_are_flagged(officer_client, feedback_item):
    Feedback.objects.filter(pk=feedback_item.pk).update(due_on=timezone.localdate().replace(year=2020))
    response = officer_client.get(reverse("feedback:queue", args=["wirral"]), {"overdue": "on"})
    assert "Overdue" in response.text
    assert feedback_item.display_reference in response.text


def test_csv_export_of_the_filtered_queue(officer_client, partnership, feedback_item):
    make_items(partnership, 2)
    response = officer_client.get(reverse("feedback:export", args=["wirral"]), {"q": "passport"})
    body = b"".join(response.streaming_content).decode()
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))
    assert rows[0][0] == "Reference"
    assert [r[0] for r in rows[1:]] == [feedback_item.display_reference]
    assert response["Content-Disposition"] == (
        f'attachment; filename="wirral-feedback-{timezone.localdate():%Y-%m-%d}.csv"'
    )


@pytest.mark.parametrize("text", ['=HYPERLINK("http://evil.example","click")', "+1+1", "-2+3", "@SUM(A1)"])
def test_the_export_never_writes_a_live_formula(officer_client, partnership, text):
    from feedback.forms import topics_for

    services.submit(partnership, topic=topics_for(partnership).first(), who="parent-carer", text=text)
    response = officer_client.get(reverse("feedback:export", args=["wirral"]))
    body = b"".join(response.streaming_content).decode().removeprefix("\ufeff")
    cell = list(csv.reader(io.StringIO(body)))[1][8]
    assert cell == "'" + text


def test_the_export_shows_uk_local_times(officer_client, partnership):
    import datetime

    from feedback.forms import topics_for

    summer = datetime.datetime(2026, 7, 1, 23, 30, tzinfo=datetime.UTC)
    services.submit(partnership, topic=topics_for(partnership).first(), who="other", text="t", received_at=summer)
    body = b"".join(officer_client.get(reverse("feedback:export", args=["wirral"])).streaming_content).decode()
    assert "2026-07-02 00:30" in body


@pytest.mark.parametrize("sort", ["newest", "due", "changed"])
@pytest.mark.parametrize("rows", [3, 40])
def test_queue_queries_do_not_grow(officer_client, partnership, officer, rows, sort, django_assert_max_num_queries):
    make_items(partnership, rows)
    for f in Feedback.objects.all():
        services.assign(f, officer, officer)
    with django_assert_max_num_queries(14):
        response = officer_client.get(reverse("feedback:queue", args=["wirral"]), {"sort": sort})
    assert response.status_code == 200
    assert len(response.context["page_obj"]) == min(rows, 25)


@pytest.mark.parametrize(
    "filters",
    [{"assigned": "nobody"}, {"status": "received"}, {"overdue": "on"}, {"closed": "on", "sort": "due"}, {"page": "9"}],
)
@pytest.mark.parametrize("rows", [3, 60])
def test_filtered_and_deep_queue_queries_do_not_grow(
    officer_client, partnership, rows, filters, django_assert_max_num_queries
):
    old = timezone.now() - datetime.timedelta(days=90)
    make_items(partnership, rows, received_at=old)
    filters = {**filters, "topic": topics_for(partnership).first().pk} if rows == 60 else filters
    for visit in ("counted", "kept"):
        with django_assert_max_num_queries(14):
            response = officer_client.get(reverse("feedback:queue", args=["wirral"]), filters)
        assert response.status_code == 200, visit
        assert len(response.context["page_obj"]) == (3 if rows == 3 else 10 if "page" in filters else 25)


def test_another_partnerships_officer_cannot_see_or_change_it(client, outsider_officer, feedback_item):
    client.force_login(outsider_officer)
    assert client.get(reverse("feedback:queue", args=["wirral"])).status_code == 403
    assert client.post(url("status", feedback_item), {"status": "considering"}).status_code == 403
    feedback_item.refresh_from_db()
    assert feedback_item.status == "received"
