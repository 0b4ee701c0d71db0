"""Sign-in throttling (django-axes): a handful of wrong passwords for one account, or from one
internet address, pauses sign-in for a while, on our page and on Django's admin alike."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory


def sign_in(client, email, password, **headers):
    return client.post(reverse("accounts:login"), {"username": email, "password": password}, **headers)


def test_wrong_passwords_pause_the_account_even_for_the_right_one(client, family, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, family.email, "guess").status_code == 200
    paused = sign_in(client, family.email, "guess")
    assert paused.status_code == 429
    assert "Sign-in is paused for 15 minutes" in paused.text
    right = sign_in(client, family.email, PASSWORD)
    assert right.status_code == 429 and "_auth_user_id" not in client.session
    # On the account's timeline, once.
    locked = [e.what for e in family.events.all() if e.what.startswith("Sign-in locked")]
    assert locked == ["Sign-in locked for 15 minutes after 5 wrong passwords in a row"]


def test_the_same_count_stops_guessing_many_accounts_from_one_address(client, partnership, settings):
    people = [UserFactory(partnership=partnership) for _ in range(settings.AXES_FAILURE_LIMIT + 1)]
    for person in people[:-1]:
        sign_in(client, person.email, "guess")
    assert sign_in(client, people[-1].email, PASSWORD).status_code == 429


def test_the_address_is_the_clients_behind_a_trusted_load_balancer(client, partnership, family, settings):
    settings.TRUSTED_PROXIES = 1
    people = [UserFactory(partnership=partnership) for _ in range(settings.AXES_FAILURE_LIMIT)]
    for person in people:
        sign_in(client, person.email, "guess", HTTP_X_FORWARDED_FOR="198.51.100.7")
    # Another family behind the same balancer can still sign in.
    assert sign_in(client, family.email, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.8").status_code == 302


def test_a_successful_sign_in_clears_the_count(client, family, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, family.email, "guess")
    assert sign_in(client, family.email, PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, family.email, "guess")
    assert sign_in(client, family.email, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_djangos_admin_sign_in_is_throttled_too(client, superuser, settings):
    url = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": superuser.email, "password": "guess"})
    response = client.post(url, {"username": superuser.email, "password": PASSWORD})
    assert response.status_code == 429
