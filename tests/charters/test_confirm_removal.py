"""Removing anything from a charter asks first: the draft page links to an "Are you sure?" page at
the action's own address (GET changes nothing), whose button POSTs, acts, writes the timeline and
says so in a success banner."""

import re

import pytest
from django.urls import reverse

from charters.models import Charter, CharterEvent, Commitment, KiteMarkRule, Principle, Signatory
from tests.conftest import client_for


@pytest.fixture
def admin_client(admin):
    return client_for(admin)


def _principle(draft):
    return {"pk": draft.principles.get(title="Inclusive").pk}


def _statement(draft):
    return {"pk": Commitment.objects.get(principle__charter=draft, text="Communicate well").pk}


def _signatory(draft):
    return {"pk": draft.signatories.get().pk}


# (url name, its pk, the question, the button, what is recorded, what it removes)
ACTIONS = [
    (
        "charters:remove_principle",
        _principle,
        "Are you sure you want to remove the principle “Inclusive”?",
        "Remove the principle",
        "Removed the principle “Inclusive”",
        lambda draft: draft.principles.filter(title="Inclusive"),
    ),
    (
        "charters:remove_commitment",
        _statement,
        "Are you sure you want to remove the statement “Communicate well”?",
        "Remove the statement",
        "Removed the statement “Communicate well” from “Working Together”",
        lambda draft: Commitment.objects.filter(principle__charter=draft, text="Communicate well"),
    ),
    (
        "charters:remove_signatory",
        _signatory,
        "Are you sure you want to remove A Leader from the signatories of version 2024?",
        "Remove the signatory",
        "Removed A Leader from the signatories",
        lambda draft: Signatory.objects.filter(charter=draft),
    ),
    (
        "charters:remove_kite_mark",
        None,
        "Are you sure you want to remove the kite mark from version 2024?",
        "Remove the kite mark",
        "Removed the kite mark “Co-production kite mark”",
        lambda draft: KiteMarkRule.objects.filter(charter=draft),
    ),
    (
        "charters:delete_draft",
        None,
        "Are you sure you want to delete the draft version 2024?",
        "Delete the draft version 2024",
        "Deleted the draft version 2024",
        lambda draft: Charter.objects.filter(pk=draft.pk),
    ),
]
IDS = [a[0].removeprefix("charters:") for a in ACTIONS]
# What the banner says, where it is not what the timeline says.
BANNERS = {"charters:delete_draft": "The draft version 2024 has been deleted"}


def url_of(name, pk, draft) -> str:
    return reverse(name, kwargs={"slug": "wirral", "version": draft.version, **(pk(draft) if pk else {})})


def events(partnership) -> list[str]:
    return list(CharterEvent.objects.filter(partnership=partnership).values_list("what", flat=True))


@pytest.mark.parametrize(("name", "pk", "question", "button", "recorded", "removes"), ACTIONS, ids=IDS)
def test_the_confirmation_page_asks_and_changes_nothing(
    admin_client, draft, name, pk, question, button, recorded, removes
):
    url = url_of(name, pk, draft)
    before = events(draft.partnership)
    response = admin_client.get(url)
    assert response.status_code == 200
    assert f'<h1 class="govuk-heading-l app-break-words">{question}</h1>' in response.text
    assert f"<title>{question} – Wirral – Charter Portal</title>" in response.text
    # Its button sends the POST to the same address; Cancel goes back to the draft.
    assert re.search(rf'<form method="post" action="{re.escape(url)}"', response.text)
    assert f'govuk-button--warning" data-module="govuk-button">{button}</button>' in response.text
    assert 'class="govuk-link" href="/wirral/charter/2024/edit/' in response.text
    assert removes(draft).exists()
    assert events(draft.partnership) == before


@pytest.mark.parametrize(("name", "pk", "question", "button", "recorded", "removes"), ACTIONS, ids=IDS)
def test_the_button_removes_it_records_it_and_says_so(
    admin_client, admin, draft, name, pk, question, button, recorded, removes
):
    response = admin_client.post(url_of(name, pk, draft), follow=True)
    assert response.status_code == 200
    assert not removes(draft).exists()
    event = CharterEvent.objects.filter(partnership=draft.partnership).first()
    assert (event.what, event.actor) == (recorded, admin)
    banner = re.search(r"govuk-notification-banner--success.*?</div>\s*</div>", response.text, re.S).group(0)
    assert BANNERS.get(name, recorded) in banner


@pytest.mark.parametrize(("name", "pk", "question", "button", "recorded", "removes"), ACTIONS, ids=IDS)
def test_the_draft_page_links_to_the_question_instead_of_acting(
    admin_client, draft, name, pk, question, button, recorded, removes
):
    page = admin_client.get(reverse("charters:edit_draft", args=["wirral", "2024"])).text
    url = url_of(name, pk, draft)
    assert f'href="{url}"' in page
    assert f'action="{url}"' not in page


def test_a_signatory_of_the_published_version_is_removed_after_asking(admin_client, charter):
    signatory = charter.signatories.get()
    url = reverse("charters:remove_signatory", args=["wirral", "2023", signatory.pk])
    page = admin_client.get(url).text
    assert "The public will no longer see them as having signed the charter." in page
    assert 'href="/wirral/charter/manage/"' in page
    assert charter.signatories.exists()
    response = admin_client.post(url)
    assert response["Location"] == reverse("charters:manage", args=["wirral"])
    assert not charter.signatories.exists()


def test_nothing_to_ask_about_is_not_found(admin_client, charter, draft):
    KiteMarkRule.objects.filter(charter=draft).delete()
    assert admin_client.get(reverse("charters:remove_kite_mark", args=["wirral", "2024"])).status_code == 404
    # The published version is never deleted, nor its principles removed.
    assert admin_client.get(reverse("charters:delete_draft", args=["wirral", "2023"])).status_code == 404
    principle = charter.principles.first()
    assert (
        admin_client.get(reverse("charters:remove_principle", args=["wirral", "2023", principle.pk])).status_code == 404
    )
    assert (
        admin_client.post(reverse("charters:remove_principle", args=["wirral", "2023", principle.pk])).status_code
        == 404
    )
    assert Principle.objects.filter(pk=principle.pk).exists()


def test_removing_twice_is_harmless(admin_client, draft):
    url = url_of("charters:remove_commitment", _statement, draft)
    admin_client.post(url)
    assert admin_client.post(url).status_code == 404
    assert admin_client.get(url).status_code == 404
    assert events(draft.partnership).count("Removed the statement “Communicate well” from “Working Together”") == 1


@pytest.mark.parametrize("persona", ["family", "officer", "forum_lead", "outsider_admin"])
def test_only_the_partnerships_admins_are_asked(request, draft, persona):
    user = request.getfixturevalue(persona)
    for name, pk, *_ in ACTIONS:
        assert client_for(user).get(url_of(name, pk, draft)).status_code == 403


def test_the_anonymous_are_sent_to_sign_in(client, draft):
    for name, pk, *_ in ACTIONS:
        response = client.get(url_of(name, pk, draft))
        assert response["Location"].startswith(reverse("accounts:login"))
