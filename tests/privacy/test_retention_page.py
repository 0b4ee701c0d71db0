"""The admin's retention page: the periods changed within their limits and recorded on the
partnership's timeline, what the daily runs removed, and what is due."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import PurgeRun
from charters.models import CharterEvent, Partnership
from tests.conftest import client_for

GOOD = {
    "feedback_retention_months": "36",
    "account_retention_months": "24",
    "paper_retention_months": "12",
    "invitation_retention_days": "60",
    "privacy_contact": "dpo@wirral.example.org",
}


def url(partnership) -> str:
    return reverse("privacy:retention", args=[partnership.slug])


def test_an_admin_changes_the_periods_and_the_timeline_says_old_and_new(partnership, admin):
    response = client_for(admin).post(url(partnership), GOOD)
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert partnership.feedback_retention_months == 36
    assert partnership.paper_retention_months == 12
    assert partnership.invitation_retention_days == 60
    assert partnership.privacy_contact == "dpo@wirral.example.org"
    event = CharterEvent.objects.get(partnership=partnership, charter=None)
    assert event.actor == admin
    assert "Feedback's private text and contact details: kept 24 months, now 36 months" in event.what
    assert "Meeting papers: kept 24 months, now 12 months" in event.what
    assert "Unused accounts" not in event.what  # Unchanged.


def test_saving_without_a_change_records_nothing(partnership, admin):
    same = {**GOOD, "feedback_retention_months": "24", "paper_retention_months": "24"}
    same |= {"invitation_retention_days": "30", "privacy_contact": ""}
    client_for(admin).post(url(partnership), same)
    assert not CharterEvent.objects.filter(partnership=partnership).exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("feedback_retention_months", "5", "The months to keep feedback&#x27;s private text must be 6 or more"),
        ("feedback_retention_months", "73", "The months to keep feedback&#x27;s private text must be 72 or fewer"),
        ("account_retention_months", "11", "The months to keep unused accounts must be 12 or more"),
        ("paper_retention_months", "-1", "The months to keep meeting papers must be 6 or more"),
        ("invitation_retention_days", "6", "The days to keep invitations must be 7 or more"),
        ("invitation_retention_days", "366", "The days to keep invitations must be 365 or fewer"),
        ("invitation_retention_days", "a month", "Enter the number of days to keep invitations as a whole number"),
        ("account_retention_months", "2.5", "Enter the number of months to keep unused accounts as a whole number"),
        ("paper_retention_months", "99999999999999999999999", "The months to keep meeting papers must be 72 or fewer"),
        ("feedback_retention_months", "", "Enter how many months to keep feedback&#x27;s private text"),
        ("privacy_contact", "x" * 255, "must be 254 characters or fewer"),
    ],
)
def test_each_bad_value_is_explained_and_nothing_is_stored(partnership, admin, field, value, message):
    response = client_for(admin).post(url(partnership), {**GOOD, field: value})
    assert response.status_code == 400
    assert "There is a problem" in response.text and message in response.text
    assert "<title>Error: How long personal data is kept – Wirral – Charter Portal</title>" in response.text
    stored = Partnership.objects.get(pk=partnership.pk)
    assert stored.feedback_retention_months == 24 and stored.privacy_contact == ""
    assert not CharterEvent.objects.exists()


def test_an_officer_cannot_post_the_form(partnership, officer):
    response = client_for(officer).post(url(partnership), GOOD)
    assert response.status_code == 403
    assert Partnership.objects.get(pk=partnership.pk).feedback_retention_months == 24


def test_an_admin_of_another_partnership_cannot_change_it(partnership, outsider_admin):
    response = client_for(outsider_admin).post(url(partnership), GOOD)
    assert response.status_code == 403
    assert Partnership.objects.get(pk=partnership.pk).feedback_retention_months == 24


def test_the_page_shows_what_was_removed_and_what_is_due(partnership, admin):
    PurgeRun.objects.create(
        partnership=partnership, on=datetime.date(2026, 11, 2), counts={"feedback": 7, "papers": 3, "warned": 1}
    )
    page = client_for(admin).get(url(partnership)).text
    assert "2 November 2026" in page and ">7<" in page and ">3<" in page
    assert "Due to be removed" in page and "Feedback items: what the family told us" in page


@pytest.mark.parametrize("runs", [3, 45])
def test_the_list_of_runs_takes_the_same_queries_however_long(partnership, admin, runs, django_assert_max_num_queries):
    start = datetime.date(2026, 1, 1)
    PurgeRun.objects.bulk_create(
        PurgeRun(partnership=partnership, on=start + datetime.timedelta(days=n), counts={"feedback": n})
        for n in range(runs)
    )
    client = client_for(admin)
    with django_assert_max_num_queries(20):
        response = client.get(url(partnership))
    assert response.status_code == 200
