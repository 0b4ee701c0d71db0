"""One problem, one message on the forms where people give their own contact details: a phone
number or email address with something wrong is told as that, not also as missing."""

import pytest
from django.urls import reverse

from tests.accounts.test_register import GOOD
from tests.feedback.test_contact_errors import errors_of, summary_of

pytestmark = pytest.mark.django_db


def test_registering_with_an_email_address_in_the_wrong_format_is_one_error(client, partnership):
    answers = {**GOOD, "partnership": partnership.pk, "email": "dana-at-example.org", "preferred_contact": "email"}
    page = client.post(reverse("accounts:register"), answers).text
    message = "Enter an email address in the correct format, like name@example.com"
    assert errors_of(page, "email") == [message]
    assert summary_of(page) == [message]


@pytest.mark.parametrize("contact", ["phone", "text"])
def test_registering_with_a_phone_number_too_long_is_not_also_asked_for(client, partnership, contact):
    answers = {**GOOD, "partnership": partnership.pk, "preferred_contact": contact, "phone": "0" * 31}
    page = client.post(reverse("accounts:register"), answers).text
    assert errors_of(page, "phone") == ["Phone number must be 30 characters or fewer"]
    assert summary_of(page) == ["Phone number must be 30 characters or fewer"]


def test_changing_details_with_a_phone_number_too_long_is_one_error(client, family):
    client.force_login(family)
    answers = {
        "name": family.name,
        "email": family.email,
        "family_kind": "parent-carer",
        "preferred_contact": "phone",
        "phone": "0" * 31,
        "postal_address": "",
        "access_needs": "",
    }
    page = client.post(reverse("accounts:change_account"), answers).text
    assert summary_of(page) == ["Phone number must be 30 characters or fewer"]


def test_choosing_calls_with_no_number_still_asks_for_one(client, partnership):
    answers = {**GOOD, "partnership": partnership.pk, "preferred_contact": "phone", "phone": ""}
    page = client.post(reverse("accounts:register"), answers).text
    assert summary_of(page) == ["Enter a phone number so we can call or text you"]
