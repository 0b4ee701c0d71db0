from urllib.parse import quote

import pytest
from django.urls import reverse

from accounts.views import landing_page
from tests.factories import PASSWORD


def test_family_member_signs_in_with_email_in_any_case(client, family):
    response = client.post(reverse("accounts:login"), {"username": "SAM@Example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:account")
    assert client.get(reverse("accounts:account")).context["user"] == family


def test_wrong_password_shows_an_error_and_keeps_the_email(client, family):
    response = client.post(reverse("accounts:login"), {"username": family.email, "password": "wrong"})
    assert response.status_code == 200
    assert "Enter the email address and password of your account" in response.text
    assert "There is a problem" in response.text
    assert f'value="{family.email}"' in response.text


def test_empty_form_asks_for_both_fields(client, db):
    response = client.post(reverse("accounts:login"), {"username": "", "password": ""})
    assert "Enter your email address" in response.text
    assert "Enter your password" in response.text


def test_closed_account_cannot_sign_in(client, family, admin):
    family.deactivate(admin)
    response = client.post(reverse("accounts:login"), {"username": family.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_sign_out_needs_a_post(client, family):
    client.force_login(family)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"), follow=True)
    assert "You have signed out" in response.text
    assert "_auth_user_id" not in client.session


def test_next_page_is_honoured_after_sign_in(client, admin):
    people = reverse("accounts:user_list")
    response = client.get(people)
    assert response["Location"] == f"{reverse('accounts:login')}?next={people}"
    response = client.post(
        f"{reverse('accounts:login')}?next={people}", {"username": admin.email, "password": PASSWORD}
    )
    assert response["Location"] == people


def sign_in(client, user, next_page: str | None = None):
    address = reverse("accounts:login") + (f"?next={next_page}" if next_page is not None else "")
    return client.post(address, {"username": user.email, "password": PASSWORD})


def test_an_officer_lands_on_their_partnerships_feedback(client, officer):
    assert sign_in(client, officer)["Location"] == reverse("feedback:queue", args=["wirral"])


def test_a_partnership_admin_lands_on_the_feedback_they_handle(client, admin):
    assert sign_in(client, admin)["Location"] == reverse("feedback:queue", args=["wirral"])


def test_an_admin_who_does_not_handle_feedback_lands_on_the_partnership_page(client, admin, monkeypatch):
    monkeypatch.setattr("accounts.views.handles_feedback", lambda user, partnership: False)
    assert sign_in(client, admin)["Location"] == reverse("charters:partnership", args=["wirral"])


@pytest.mark.parametrize("persona", ["family", "professional"])
def test_families_and_professionals_land_on_their_account(client, persona, request):
    user = request.getfixturevalue(persona)
    assert sign_in(client, user)["Location"] == reverse("accounts:account")


def test_a_forum_lead_lands_on_the_kite_marks_they_sign_off(client, forum_lead):
    assert sign_in(client, forum_lead)["Location"] == reverse("reviews:dashboard", args=["wirral"])


def test_an_operator_of_no_partnership_lands_on_their_account(superuser):
    assert landing_page(superuser) == reverse("accounts:account")


def test_a_safe_next_page_wins_over_the_landing_page(client, officer):
    project_list = reverse("projects:list", args=["wirral"])
    assert sign_in(client, officer, project_list)["Location"] == project_list


@pytest.mark.parametrize("unsafe", ["https://evil.example/feedback/", "//evil.example/", "javascript:alert(1)"])
def test_a_next_page_on_another_site_is_ignored(client, officer, unsafe):
    assert sign_in(client, officer, quote(unsafe, safe=""))["Location"] == reverse("feedback:queue", args=["wirral"])


def test_an_officer_already_signed_in_is_sent_to_their_work(client, officer):
    client.force_login(officer)
    assert client.get(reverse("accounts:login"))["Location"] == reverse("feedback:queue", args=["wirral"])
