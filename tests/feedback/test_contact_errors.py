"""One problem, one message: an email address in the wrong format, with "you can contact me" ticked,
is told as the format problem only, not also as a missing address (which would contradict it)."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from feedback.forms import topics_for

pytestmark = pytest.mark.django_db


def errors_of(page: str, field: str) -> list[str]:
    """The messages next to a field, and the error summary's lines, as a person reads them."""
    found = re.findall(
        rf'<span id="id_{field}_\d+_error" class="govuk-error-message">\s*<span[^>]*>Error:</span>(.*?)</span>',
        page,
        re.S,
    )
    return [" ".join(message.split()) for message in found]


def summary_of(page: str) -> list[str]:
    summary = re.search(r'<ul class="govuk-list govuk-error-summary__list">(.*?)</ul>', page, re.S)
    return [" ".join(re.sub("<[^>]+>", "", m).split()) for m in re.findall(r"<li>(.*?)</li>", summary.group(1), re.S)]


@pytest.fixture
def answers(partnership):
    cache.clear()
    return {
        "topic": topics_for(partnership).get(name="Transport").pk,
        "text": "The bus to school keeps changing without warning.",
        "who": "parent-carer",
        "email": "dana-at-example.org",
        "phone": "",
        "consent_to_contact": "on",
        "website": "",
    }


@pytest.mark.parametrize("where", ["feedback:tell_us", "feedback:log"])
def test_an_email_address_in_the_wrong_format_with_consent_to_contact_is_one_error(client, officer, answers, where):
    if where == "feedback:log":
        client.force_login(officer)
        answers |= {"channel": "phone", "received_on_0": "1", "received_on_1": "2", "received_on_2": "2026"}
    response = client.post(reverse(where, args=["wirral"]), answers)
    assert response.status_code in (200, 400) and "Location" not in response
    format_error = "Enter an email address in the correct format, like name@example.com"
    assert errors_of(response.text, "email") == [format_error]
    assert summary_of(response.text) == [format_error]


def test_a_phone_number_too_long_with_consent_to_contact_is_not_also_asked_for(client, answers):
    answers |= {"email": "", "phone": "0" * 31}
    response = client.post(reverse("feedback:tell_us", args=["wirral"]), answers)
    assert response.status_code == 400
    assert summary_of(response.text) == ["Phone number must be 30 characters or fewer"]
    assert errors_of(response.text, "email") == []


def test_consent_to_contact_with_no_way_to_contact_still_asks_for_one(client, answers):
    answers |= {"email": ""}
    response = client.post(reverse("feedback:tell_us", args=["wirral"]), answers)
    assert summary_of(response.text) == ["Enter an email address or a phone number so we can contact you"]
