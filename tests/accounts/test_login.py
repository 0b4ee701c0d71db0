from django.urls import reverse

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
