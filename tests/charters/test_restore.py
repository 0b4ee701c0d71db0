"""Undoing a removal from a draft: the success banner and the draft's timeline offer to restore a
removed statement, or a removed principle with its statements; restoring puts it back in its place
and says so on the timeline. Never once the charter is published, for another partnership or draft,
for anyone but the partnership's admins, nor twice."""

import re

import pytest
from django.urls import reverse

from charters import services
from charters.models import CharterEvent, Commitment, Removal
from tests.conftest import client_for, make_charter


@pytest.fixture
def admin_client(admin):
    return client_for(admin)


def draft_url(draft) -> str:
    return reverse("charters:edit_draft", args=["wirral", draft.version])


def restore_url(removal) -> str:
    return reverse("charters:restore", args=["wirral", removal.charter.version, removal.pk])


def statement(draft, text: str) -> Commitment:
    return Commitment.objects.get(principle__charter=draft, text=text)


def texts(principle) -> list[str]:
    return list(principle.commitments.values_list("text", flat=True))


def titles(draft) -> list[str]:
    return list(draft.principles.values_list("title", flat=True))


def remove_statement(client, draft, text: str):
    return client.post(reverse("charters:remove_commitment", args=["wirral", draft.version, statement(draft, text).pk]))


def remove_principle(client, draft, title: str):
    pk = draft.principles.get(title=title).pk
    return client.post(reverse("charters:remove_principle", args=["wirral", draft.version, pk]))


def latest_removal() -> Removal:
    return Removal.objects.latest("pk")


def banner(response) -> str:
    return re.search(r"govuk-notification-banner__heading\">(.*?)</p>", response.text, re.S).group(1)


def test_a_removed_statement_is_offered_back_in_the_banner_and_on_the_timeline(admin_client, draft):
    response = remove_statement(admin_client, draft, "Communicate well")
    removal = latest_removal()
    page = admin_client.get(response["Location"])
    assert banner(page) == (
        "Removed the statement “Communicate well” from “Working Together”. "
        f'<a class="govuk-notification-banner__link" href="{restore_url(removal)}">Restore the statement</a>'
    )
    timeline = page.text.split('id="timeline"')[1]
    assert (
        f'<a class="govuk-link" href="{restore_url(removal)}">Restore the statement “Communicate well”</a>' in timeline
    )


def test_restoring_a_statement_asks_then_puts_it_back_in_its_place(admin_client, admin, draft):
    principle = draft.principles.get(title="Working Together")
    old_pk = statement(draft, "Communicate well").pk
    remove_statement(admin_client, draft, "Communicate well")
    # Meanwhile a statement is added at the end and moved to the top.
    admin_client.post(
        reverse("charters:add_commitment", args=["wirral", "2024", principle.pk]), {"kind": "how", "text": "New"}
    )
    admin_client.post(
        reverse("charters:move_commitment", args=["wirral", "2024", statement(draft, "New").pk]), {"direction": "up"}
    )
    assert texts(principle) == ["New", "By listening first"]
    url = restore_url(latest_removal())

    page = admin_client.get(url)
    assert '<h1 class="govuk-heading-l app-break-words">Restore the statement “Communicate well”?</h1>' in page.text
    assert "It goes back where it was in the principle “Working Together”." in page.text
    assert f'<form method="post" action="{url}"' in page.text
    assert texts(principle) == ["New", "By listening first"]

    response = admin_client.post(url, follow=True)
    assert texts(principle) == ["Communicate well", "New", "By listening first"]
    assert statement(draft, "Communicate well").pk == old_pk
    assert banner(response) == "Restored the statement “Communicate well” to “Working Together”"
    event = CharterEvent.objects.filter(charter=draft).first()
    assert (event.what, event.actor) == ("Restored the statement “Communicate well” to “Working Together”", admin)
    # Restored, it is no longer offered on the timeline.
    assert "Restore the statement “Communicate well”" not in response.text
    assert latest_removal().restored_at is not None


def test_a_principle_comes_back_with_its_statements_and_themes_in_its_place(admin_client, draft):
    principle = draft.principles.get(title="Working Together")
    pk, statements = principle.pk, texts(principle)
    response = remove_principle(admin_client, draft, "Working Together")
    assert "Restore the principle</a>" in banner(admin_client.get(response["Location"]))
    assert titles(draft) == ["Inclusive"]
    assert not Commitment.objects.filter(principle_id=pk).exists()
    admin_client.post(reverse("charters:add_principle", args=["wirral", "2024"]), {"title": "Ambitious"})

    page = admin_client.get(restore_url(latest_removal())).text
    assert "It goes back where it was, with its 2 statements." in page
    response = admin_client.post(restore_url(latest_removal()))
    assert response["Location"] == draft_url(draft) + f"#principle-{pk}"
    assert titles(draft) == ["Working Together", "Inclusive", "Ambitious"]
    restored = draft.principles.get(title="Working Together")
    assert restored.pk == pk
    assert texts(restored) == statements
    assert [t.key for t in restored.themes.all()] == ["communicate"]
    assert CharterEvent.objects.filter(charter=draft).first().what == "Restored the principle “Working Together”"


def test_what_was_removed_is_not_shown_nor_exported_until_restored(admin_client, draft):
    admin_client.get(remove_statement(admin_client, draft, "Create a welcoming environment")["Location"])
    assert (
        "Create a welcoming environment"
        not in admin_client.get(reverse("charters:version", args=["wirral", "2024"])).text
    )
    exported = admin_client.get(reverse("charters:download", args=["wirral", "2024"])).text
    assert "Create a welcoming environment" not in exported
    admin_client.post(restore_url(latest_removal()))
    assert (
        "Create a welcoming environment" in admin_client.get(reverse("charters:download", args=["wirral", "2024"])).text
    )


def test_restoring_twice_puts_it_back_once(admin_client, draft):
    remove_statement(admin_client, draft, "Communicate well")
    url = restore_url(latest_removal())
    admin_client.post(url)
    response = admin_client.post(url, follow=True)
    assert "“Communicate well” has already been restored." in response.text
    assert Commitment.objects.filter(principle__charter=draft, text="Communicate well").count() == 1
    assert CharterEvent.objects.filter(what__startswith="Restored").count() == 1
    # Asking again just says so.
    response = admin_client.get(url)
    assert response["Location"] == draft_url(draft) + "#timeline"


def test_nothing_is_restored_into_a_published_charter(admin_client, admin, draft):
    remove_statement(admin_client, draft, "Communicate well")
    removal = latest_removal()
    services.publish(draft, admin)
    assert admin_client.get(restore_url(removal)).status_code == 404
    assert admin_client.post(restore_url(removal)).status_code == 404
    assert not Commitment.objects.filter(principle__charter=draft, text="Communicate well").exists()
    # Nor by the service itself, however it is reached.
    with pytest.raises(services.CharterError) as error:
        services.restore(removal, admin)
    assert error.value.code == services.CharterError.CONFLICT
    assert not Commitment.objects.filter(principle__charter=draft, text="Communicate well").exists()


def test_a_removal_is_restored_only_into_its_own_draft(admin_client, charter, draft):
    other_draft = make_charter(charter.partnership, version="2025", publish=False)
    remove_statement(admin_client, draft, "Communicate well")
    removal = latest_removal()
    wrong = reverse("charters:restore", args=["wirral", other_draft.version, removal.pk])
    assert admin_client.get(wrong).status_code == 404
    assert admin_client.post(wrong).status_code == 404
    assert texts(other_draft.principles.get(title="Working Together")) == ["Communicate well", "By listening first"]
    assert Commitment.objects.filter(principle__charter=draft, text="Communicate well").count() == 0


def test_another_partnership_cannot_restore(admin_client, draft, other_partnership, outsider_admin):
    make_charter(other_partnership, version="2024", publish=False, text=_for_hounslow())
    remove_statement(admin_client, draft, "Communicate well")
    removal = latest_removal()
    # Through partnership A's address: not theirs to manage.
    assert client_for(outsider_admin).post(restore_url(removal)).status_code == 403
    # Through their own partnership's address: there is no such removal there.
    theirs = reverse("charters:restore", args=["hounslow", "2024", removal.pk])
    assert client_for(outsider_admin).get(theirs).status_code == 404
    assert client_for(outsider_admin).post(theirs).status_code == 404
    assert latest_removal().restored_at is None


def _for_hounslow() -> str:
    from tests.conftest import SMALL_CHARTER

    return SMALL_CHARTER.replace("{name: Wirral, slug: wirral}", "{name: Hounslow, slug: hounslow}")


@pytest.mark.parametrize("persona", ["family", "officer", "forum_lead", "professional"])
def test_only_admins_restore(request, admin_client, draft, persona):
    remove_statement(admin_client, draft, "Communicate well")
    user = client_for(request.getfixturevalue(persona))
    assert user.get(restore_url(latest_removal())).status_code == 403
    assert user.post(restore_url(latest_removal())).status_code == 403
    assert latest_removal().restored_at is None


def test_the_anonymous_are_sent_to_sign_in(client, admin_client, draft):
    remove_statement(admin_client, draft, "Communicate well")
    response = client.post(restore_url(latest_removal()))
    assert response["Location"].startswith(reverse("accounts:login"))
    assert latest_removal().restored_at is None


def test_a_statement_waits_for_its_removed_principle_to_be_restored(admin_client, draft):
    remove_statement(admin_client, draft, "Communicate well")
    statement_removal = latest_removal()
    remove_principle(admin_client, draft, "Working Together")
    principle_removal = latest_removal()

    # The timeline offers the principle back, not the statement that went into it.
    page = admin_client.get(draft_url(draft)).text
    assert "Restore the principle “Working Together”" in page
    assert "Restore the statement “Communicate well”" not in page
    response = admin_client.post(restore_url(statement_removal), follow=True)
    assert (
        "The principle “Working Together” this statement was in has been removed. "
        "Restore the principle first, then the statement." in response.text
    )
    assert not Commitment.objects.filter(principle__charter=draft, text="Communicate well").exists()
    assert admin_client.get(restore_url(statement_removal))["Location"] == draft_url(draft) + "#timeline"

    # The principle comes back as it was when removed (without the statement removed before it) ...
    admin_client.post(restore_url(principle_removal))
    principle = draft.principles.get(title="Working Together")
    assert texts(principle) == ["By listening first"]
    # ... and then the statement can go back into it.
    assert "Restore the statement “Communicate well”" in admin_client.get(draft_url(draft)).text
    admin_client.post(restore_url(statement_removal))
    assert texts(principle) == ["Communicate well", "By listening first"]
