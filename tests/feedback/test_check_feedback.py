from django.urls import reverse

from feedback import services
from feedback.models import Feedback


def check(client, reference: str, email: str = ""):
    return client.post(reverse("feedback:check"), {"reference": reference, "email": email})


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


def test_the_reference_is_never_in_the_address(client, feedback_item):
    form = client.get(reverse("feedback:check")).text
    assert 'method="post"' in form
    response = client.get(
        reverse("feedback:check"), {"reference": feedback_item.reference, "email": feedback_item.email}
    )
    assert "We are doing" not in response.text and feedback_item.display_reference not in response.text


def test_checking_is_limited_so_references_cannot_be_guessed(client, db, settings):
    from django.core.cache import cache

    cache.clear()
    settings.CHECK_RATE_LIMIT = 3
    for _ in range(3):
        assert check(client, "ABCD2345").status_code == 400
    response = check(client, "ABCD2346")
    assert response.status_code == 429 and "Please wait a few minutes" in response.text


def test_a_family_member_opens_their_own_feedback_from_their_account(client, partnership, family, feedback_item):
    feedback_item.submitted_by = family
    feedback_item.save()
    client.force_login(family)
    account = client.get(reverse("accounts:account")).text
    link = reverse("feedback:mine", args=[feedback_item.reference])
    assert link in account and feedback_item.email not in account.split("Your feedback")[1]
    assert feedback_item.display_reference in client.get(link).text
    from tests.factories import UserFactory

    client.force_login(UserFactory(partnership=partnership))
    assert client.get(link).status_code == 404
