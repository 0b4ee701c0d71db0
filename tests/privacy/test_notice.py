"""A partnership's privacy notice is made from its settings and the portal's rules: change a
setting and the notice says so."""

from django.urls import reverse

from charter_portal.privacy import notice
from charters.models import Partnership
from tests.conftest import client_for
from tests.test_public_cache import KEPT_QUERIES


def notice_of(client, partnership) -> str:
    return client.get(reverse("privacy:notice", args=[partnership.slug])).text


def test_the_notice_states_the_lawful_bases_and_the_periods(client, partnership):
    page = notice_of(client, partnership)
    assert "UK GDPR Article 6(1)(e): public task" in page
    assert "Article 9(2)(g)" in page and "Article 9(2)(h)" in page
    assert "2 years (24 months) after the item is closed" in page
    assert "30 days after they expire" in page


def test_changing_a_period_changes_the_notice_even_when_kept_in_the_cache(
    client, partnership, admin, django_assert_max_num_queries
):
    assert "2 years (24 months) after the item is closed" in notice_of(client, partnership)
    with django_assert_max_num_queries(KEPT_QUERIES):  # Sent from the cache.
        assert "2 years (24 months) after the item is closed" in notice_of(client, partnership)
    client_for(admin).post(
        reverse("privacy:retention", args=[partnership.slug]),
        {
            "feedback_retention_months": "18",
            "account_retention_months": "36",
            "paper_retention_months": "24",
            "invitation_retention_days": "14",
            "privacy_contact": "",
        },
    )
    page = notice_of(client, partnership)
    assert "18 months after the item is closed" in page
    assert "3 years (36 months)" in page
    assert "14 days after they expire" in page
    assert "2 years (24 months) after the item is closed" not in page


def test_the_notice_names_the_privacy_contact_or_else_the_admins(client, partnership):
    assert "partnership admins" in notice_of(client, partnership)
    Partnership.objects.filter(pk=partnership.pk).update(privacy_contact="dpo@wirral.example.org")
    from charter_portal.public_cache import public_pages_changed

    public_pages_changed(partnership)
    page = notice_of(client, partnership)
    assert "dpo@wirral.example.org" in page and "/sign-in/?next=%2Faccount%2F" in page


def test_a_signed_in_person_is_linked_to_their_account_and_to_erasure(partnership, family):
    page = notice_of(client_for(family), partnership)
    assert f'href="{reverse("accounts:account")}"' in page and reverse("privacy:ask_erasure") in page


def test_who_sees_what_comes_from_the_permission_rules(partnership):
    seen = {entry.role: entry.sees for entry in notice.seen(partnership)}
    feedback = "the feedback people send, with what they told us and their contact details"
    assert feedback in seen["Officer"] and feedback in seen["Partnership admin"]
    assert feedback not in seen["Forum lead"] and feedback not in seen["Family member"]
    assert any("who looked at private information" in what for what in seen["Partnership admin"])
    assert not any("who looked" in what for what in seen["Officer"])


def test_every_field_the_notice_describes_exists():
    assert len(notice.held()) == len(notice.HELD)


def test_the_general_notice_links_each_area(client, partnership, other_partnership):
    page = client.get(reverse("privacy")).text
    assert reverse("privacy:notice", args=["wirral"]) in page
    assert reverse("privacy:notice", args=["hounslow"]) in page


def test_an_area_that_does_not_exist_has_no_notice(client, db):
    assert client.get(reverse("privacy:notice", args=["nowhere"])).status_code == 404


def test_the_notice_says_when_an_unused_account_is_kept_or_erased_without_a_message(client, partnership):
    """As the daily run does it: no warning for a closed or never-confirmed account, and none erased
    while its person has running work or runs the partnership."""
    page = notice_of(client, partnership)
    assert "If your account is open, we tell you a month before" in page
    assert "whose email address was never confirmed, is erased without a message" in page
    assert "a project that is not complete" in page and "one of the partnership&#x27;s admins" in page


def test_the_notice_says_how_long_a_copy_of_your_information_is_kept(client, partnership):
    from charter_portal.privacy.export import KEPT_FOR_DAYS

    assert f"{KEPT_FOR_DAYS} days after it is made" in notice_of(client, partnership)
