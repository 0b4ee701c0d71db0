import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Role, User
from charters.models import Organisation
from tests.factories import PASSWORD, OrganisationFactory, UserFactory


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def test_people_list_shows_only_this_partnership(admin_client, officer, family, outsider_officer):
    response = admin_client.get(reverse("accounts:user_list"))
    assert officer.name in response.text
    assert family.name in response.text
    assert outsider_officer.name not in response.text


def test_people_list_filters_by_role(admin_client, officer, family):
    response = admin_client.get(reverse("accounts:user_list"), {"role": "officer"})
    assert officer.name in response.text
    assert family.name not in response.text


def test_people_list_is_paginated(admin_client, partnership):
    UserFactory.create_batch(30, partnership=partnership)
    response = admin_client.get(reverse("accounts:user_list"))
    assert len(response.context["page_obj"]) == 25
    assert "Showing 1 to 25 of 31" in response.text
    response = admin_client.get(reverse("accounts:user_list"), {"page": 2})
    assert len(response.context["page_obj"]) == 6


@pytest.mark.parametrize("rows", [5, 40])
def test_people_list_query_count_does_not_grow(admin_client, partnership, rows, django_assert_max_num_queries):
    for _ in range(rows):
        organisation = OrganisationFactory(partnership=partnership)
        UserFactory(partnership=partnership, role=Role.OFFICER, family_kind="", organisation=organisation)
    with django_assert_max_num_queries(8):
        response = admin_client.get(reverse("accounts:user_list"))
    assert response.status_code == 200
    assert len(response.context["page_obj"]) == min(response.context["page_obj"].paginator.count, 25)


def add_data(partnership, **change):
    organisation = Organisation.objects.filter(partnership=partnership).first()
    return {
        "name": "Lee Nurse",
        "email": "Lee@NHS.example",
        "role": "officer",
        "organisation": organisation.pk,
        "phone": "",
        **change,
    }


def test_admin_adds_an_officer_who_is_emailed_a_link_to_set_a_password(
    admin_client, admin, partnership, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("accounts:user_add"), add_data(partnership))
    person = User.objects.get(email="lee@nhs.example")
    assert response["Location"] == reverse("accounts:user_detail", args=[person.pk])
    assert person.role == Role.OFFICER
    assert person.partnership == partnership
    event = person.events.get()
    assert (event.what, event.actor) == ("Account made as Officer", admin)
    assert mail.outbox[0].to == ["lee@nhs.example"]
    link = re.search(r"http://testserver(/password-reset/\S+/\S+/)", mail.outbox[0].body).group(1)
    form_page = admin_client.get(link, follow=True)
    assert "Choose a new password" in form_page.text


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": ""}, "Enter the person&#x27;s full name"),
        ({"email": ""}, "Enter the person&#x27;s email address"),
        ({"email": "lee"}, "Enter an email address in the correct format"),
        ({"role": ""}, "Select a role"),
        ({"role": "family"}, "Select one of the options shown"),
        ({"organisation": ""}, "Select the organisation this person works for"),
    ],
)
def test_each_bad_answer_when_adding_a_person_is_explained(admin_client, partnership, change, message):
    response = admin_client.post(reverse("accounts:user_add"), add_data(partnership, **change))
    assert response.status_code == 200
    assert message in response.text
    assert not User.objects.filter(email="lee@nhs.example").exists()


def test_an_organisation_of_another_partnership_cannot_be_chosen(admin_client, partnership, outsider_officer):
    data = add_data(partnership, organisation=outsider_officer.organisation.pk)
    response = admin_client.post(reverse("accounts:user_add"), data)
    assert "Select one of the options shown" in response.text


def test_an_email_already_used_cannot_be_added_again(admin_client, partnership, outsider_officer):
    response = admin_client.post(reverse("accounts:user_add"), add_data(partnership, email=outsider_officer.email))
    assert "Someone already has an account with this email address" in response.text


def test_admin_without_organisation_can_be_added(admin_client, partnership):
    admin_client.post(reverse("accounts:user_add"), add_data(partnership, role="admin", organisation=""))
    assert User.objects.get(email="lee@nhs.example").role == Role.ADMIN


def test_changing_a_role_is_on_the_timeline(admin_client, admin, officer, partnership):
    data = add_data(partnership, name=officer.name, email=officer.email, role="forum-lead")
    data["organisation"] = officer.organisation.pk
    admin_client.post(reverse("accounts:user_change", args=[officer.pk]), data)
    officer.refresh_from_db()
    assert officer.role == Role.FORUM_LEAD
    response = admin_client.get(reverse("accounts:user_detail", args=[officer.pk]))
    assert "Role changed from Officer to Forum lead" in response.text


def test_family_accounts_are_not_changed_by_admins(admin_client, family):
    assert admin_client.get(reverse("accounts:user_change", args=[family.pk])).status_code == 403


def test_closing_and_reopening_an_account(admin_client, client, officer):
    response = admin_client.post(reverse("accounts:user_close", args=[officer.pk]), follow=True)
    assert "account has been closed" in response.text
    officer.refresh_from_db()
    assert not officer.is_active
    from django.test import Client

    response = Client().post(reverse("accounts:login"), {"username": officer.email, "password": PASSWORD})
    assert response.status_code == 200 and "_auth_user_id" not in response.wsgi_request.session
    admin_client.post(reverse("accounts:user_reopen", args=[officer.pk]))
    officer.refresh_from_db()
    assert officer.is_active
    assert [e.what for e in officer.events.all()] == ["Account reopened", "Account closed"]


def test_an_admin_cannot_close_their_own_account(admin_client, admin):
    response = admin_client.post(reverse("accounts:user_close", args=[admin.pk]), follow=True)
    assert "You cannot close your own account" in response.text
    admin.refresh_from_db()
    assert admin.is_active


def test_another_partnerships_admin_cannot_close_an_account(client, outsider_admin, officer):
    client.force_login(outsider_admin)
    assert client.post(reverse("accounts:user_close", args=[officer.pk])).status_code == 404
    officer.refresh_from_db()
    assert officer.is_active
