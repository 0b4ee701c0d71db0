from django.urls import reverse

from feedback import services
from feedback.models import Feedback


def check(client, reference: str, email: str = ""):
    return client.get(reverse("feedback:check"), {"reference": reference, "email": email})


def test_reference_and_email_show_the_status_and_response(client, feedback_item, officer):
    services.change_status(feedback_item, Feedback.Status.DOING, officer)
    services.publish(feedback_item, officer, "Parents said passports get lost.", "Clinics now scan every passport.")
    response = check(client, feedback_item.display_reference.lower(), "DANA.private@example.org")
    assert "We are doing" in response.text
    assert "Clinics now scan every passport." in response.text
    # Their own words and details are not shown to whoever holds the reference.
    assert "was lost at the clinic" not in response.text
    assert "07700 900999" not in response.text


def test_a_wrong_email_or_reference_finds_nothing(client, feedback_item):
    for reference, email in [(feedback_item.reference, "someone@else.org"), ("ZZZZ-ZZZZ", "")]:
        response = check(client, reference, email)
        assert "We cannot find feedback with that reference and email address" in response.text


def test_feedback_without_an_email_is_found_by_reference(client, feedback_item):
    feedback_item.email = ""
    feedback_item.save()
    assert "Received" in check(client, feedback_item.reference).text


def test_a_missing_reference_is_explained(client, db):
    assert "Enter your reference" in check(client, "").text
