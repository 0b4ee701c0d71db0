"""Forms people fill in on phones (WCAG 1.3.5): a browser may offer a person's own details only on a
form about themselves, phone numbers get the phone keypad, dates the number keypad, and the
sign-in page does not jump past the skip link."""

import re

import pytest
from django.urls import reverse

from tests.conftest import client_for


def input_named(html: str, name: str) -> str:
    found = re.search(rf'<(?:input|textarea)[^>]*name="{name}"[^>]*>', html)
    assert found, name
    return found.group(0)


@pytest.mark.django_db
def test_registering_offers_the_persons_own_details(client, partnership):
    html = client.get(reverse("accounts:register")).text
    assert 'autocomplete="name"' in input_named(html, "name")
    assert 'autocomplete="email"' in input_named(html, "email") and 'type="email"' in input_named(html, "email")
    phone = input_named(html, "phone")
    assert 'autocomplete="tel"' in phone and 'type="tel"' in phone
    assert 'autocomplete="street-address"' in input_named(html, "postal_address")
    assert 'autocomplete="new-password"' in input_named(html, "password1")


def test_signing_in_does_not_autofocus_and_names_its_fields(client, db):
    html = client.get(reverse("accounts:login")).text
    assert "autofocus" not in html
    assert 'autocomplete="username"' in input_named(html, "username")
    assert 'autocomplete="current-password"' in input_named(html, "password")


def test_telling_us_offers_the_familys_own_details(client, partnership):
    html = client.get(reverse("feedback:tell_us", args=["wirral"])).text
    assert 'autocomplete="name"' in input_named(html, "name")
    assert 'type="tel"' in input_named(html, "phone")


def test_an_officer_logging_feedback_is_not_offered_their_own_details(partnership, officer):
    html = client_for(officer).get(reverse("feedback:log", args=["wirral"])).text
    assert 'autocomplete="off"' in input_named(html, "name")
    assert 'autocomplete="off"' in input_named(html, "email")
    assert 'type="tel"' in input_named(html, "phone")
    for part in ("received_on_0", "received_on_1", "received_on_2"):
        assert 'inputmode="numeric"' in input_named(html, part)


def test_an_admin_adding_a_person_is_not_offered_their_own_details(admin):
    html = client_for(admin).get(reverse("accounts:user_add")).text
    assert 'autocomplete="off"' in input_named(html, "name") and 'autocomplete="off"' in input_named(html, "email")


def test_no_form_posts_to_an_empty_action(client, charter):
    for url in (
        reverse("feedback:board", args=["wirral"]),
        reverse("projects:list", args=["wirral"]),
    ):
        assert 'action=""' not in client.get(url).text
