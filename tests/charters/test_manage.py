import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from charters.models import Charter, CharterEvent
from tests.conftest import SMALL_CHARTER


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def upload(client, text: str, name: str = "charter.yaml"):
    file = SimpleUploadedFile(name, text.encode(), content_type="application/yaml")
    return client.post(reverse("charters:upload", args=["wirral"]), {"file": file})


def timeline(partnership) -> list[str]:
    return list(CharterEvent.objects.filter(partnership=partnership).values_list("what", flat=True))


def test_upload_with_problems_shows_each_with_its_line_and_saves_nothing(admin_client, partnership):
    bad = SMALL_CHARTER.replace("themes: [communicate]", "themes: [nowhere]").replace("2030-02-01", "2030-02-31")
    response = upload(admin_client, bad)
    assert "The file has 2 problems" in response.text
    assert "Line 6, charter, &#x27;review_due_on&#x27;: &#x27;2030-02-31&#x27; is not a real date" in response.text
    assert "Line 11, principle 1, theme 1: there is no theme with the key &#x27;nowhere&#x27;" in response.text
    assert not Charter.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("charter.txt", SMALL_CHARTER, "The file must be a YAML file ending .yaml or .yml"),
        ("charter.yaml", None, "Choose a charter file to upload"),
    ],
)
def test_upload_form_errors(admin_client, partnership, name, content, message):
    if content is None:
        response = admin_client.post(reverse("charters:upload", args=["wirral"]), {})
    else:
        response = upload(admin_client, content, name)
    assert message in response.text


def test_a_file_for_another_partnership_is_refused(admin_client, partnership):
    response = upload(admin_client, SMALL_CHARTER.replace("{name: Wirral, slug: wirral}", "{name: Hounslow}"))
    assert "this file is for Hounslow (hounslow), not Wirral (wirral)" in response.text


def test_upload_preview_then_save_as_draft(admin_client, admin, charter):
    response = upload(admin_client, SMALL_CHARTER.replace('version: "2023"', 'version: "2024"'))
    assert response["Location"] == reverse("charters:preview_upload", args=["wirral"])
    preview = admin_client.get(response["Location"]).text
    assert "The file has no problems" in preview
    assert "Published version 2023" in preview
    assert "Working Together" in preview
    assert not Charter.objects.filter(version="2024").exists()
    response = admin_client.post(reverse("charters:preview_upload", args=["wirral"]))
    draft = Charter.objects.get(version="2024")
    assert draft.status == "draft"
    assert response["Location"] == reverse("charters:edit_draft", args=["wirral", "2024"])
    event = CharterEvent.objects.get(charter=draft)
    assert (event.what, event.actor) == ("Draft version 2024 made from an uploaded file", admin)


def test_an_upload_of_the_published_version_is_refused_at_saving(admin_client, charter):
    upload(admin_client, SMALL_CHARTER)
    response = admin_client.post(reverse("charters:preview_upload", args=["wirral"]), follow=True)
    assert "already published" in response.text
    assert Charter.objects.count() == 1


def test_new_draft_copies_the_published_version(admin_client, charter):
    response = admin_client.post(reverse("charters:new_draft", args=["wirral"]), {"version": "2025"})
    draft = Charter.objects.get(version="2025")
    assert response["Location"] == reverse("charters:edit_draft", args=["wirral", "2025"])
    assert draft.principles.count() == charter.principles.count()
    assert draft.published_on is None
    assert "Draft version 2025 made as a copy of version 2023" in timeline(charter.partnership)


@pytest.mark.parametrize(
    ("version", "message"),
    [
        ("", "Enter a version for the new draft"),
        ("2023", "There is already a version 2023"),
        ("a b", "only letters"),
    ],
)
def test_new_draft_version_must_be_new_and_simple(admin_client, charter, version, message):
    response = admin_client.post(reverse("charters:new_draft", args=["wirral"]), {"version": version})
    assert message in response.text


def test_editing_details_of_a_draft(admin_client, draft):
    data = {
        "title": "Our charter",
        "version": "2024-b",
        "review_due_on_0": "1",
        "review_due_on_1": "3",
        "review_due_on_2": "2026",
        "vision": "Better together.",
        "definition": "",
        "source": "",
    }
    response = admin_client.post(reverse("charters:change_details", args=["wirral", "2024"]), data)
    assert response["Location"] == reverse("charters:edit_draft", args=["wirral", "2024-b"])
    draft.refresh_from_db()
    assert (draft.title, draft.review_due_on) == ("Our charter", datetime.date(2026, 3, 1))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": ""}, "Enter the charter&#x27;s title"),
        ({"version": "2023"}, "There is already a version 2023"),
        (
            {"review_due_on_0": "31", "review_due_on_1": "2", "review_due_on_2": "2026"},
            "Enter a real date, for example 14 1 2027",
        ),
        ({"source": "not a link"}, "Enter a web address starting https://"),
    ],
)
def test_bad_details_are_explained_and_kept(admin_client, draft, change, message):
    data = {"title": "Our charter", "version": "2024", "vision": "Keep me", "definition": "", "source": ""}
    response = admin_client.post(reverse("charters:change_details", args=["wirral", "2024"]), {**data, **change})
    assert message in response.text
    assert "Keep me" in response.text


def test_principles_are_added_changed_moved_and_removed(admin_client, draft):
    base = ["wirral", "2024"]
    admin_client.post(reverse("charters:add_principle", args=base), {"title": "Ambitious", "summary": "Aim high"})
    titles = lambda: list(draft.principles.values_list("title", flat=True))  # noqa: E731
    assert titles() == ["Working Together", "Inclusive", "Ambitious"]
    ambitious = draft.principles.get(title="Ambitious")
    admin_client.post(reverse("charters:move_principle", args=[*base, ambitious.pk]), {"direction": "up"})
    assert titles() == ["Working Together", "Ambitious", "Inclusive"]
    admin_client.post(reverse("charters:change_principle", args=[*base, ambitious.pk]), {"title": "Ambitious for all"})
    admin_client.post(reverse("charters:remove_principle", args=[*base, draft.principles.get(title="Inclusive").pk]))
    assert titles() == ["Working Together", "Ambitious for all"]
    assert timeline(draft.partnership)[:4] == [
        "Removed the principle “Inclusive”",
        "Changed the principle “Ambitious for all”",
        "Moved “Ambitious” up",
        "Added the principle “Ambitious”",
    ]


def test_a_principle_needs_a_title(admin_client, draft):
    response = admin_client.post(reverse("charters:add_principle", args=["wirral", "2024"]), {"title": ""})
    assert "Enter the principle&#x27;s title" in response.text


def test_statements_are_added_changed_moved_and_removed(admin_client, draft):
    principle = draft.principles.get(title="Working Together")
    base = ["wirral", "2024"]
    admin_client.post(
        reverse("charters:add_commitment", args=[*base, principle.pk]),
        {"kind": "looks-like", "text": "Everyone is heard"},
    )
    texts = lambda: list(principle.commitments.values_list("text", flat=True))  # noqa: E731
    assert texts() == ["Communicate well", "By listening first", "Everyone is heard"]
    last = principle.commitments.get(text="Everyone is heard")
    admin_client.post(reverse("charters:move_commitment", args=[*base, last.pk]), {"direction": "up"})
    assert texts() == ["Communicate well", "Everyone is heard", "By listening first"]
    admin_client.post(
        reverse("charters:change_commitment", args=[*base, last.pk]),
        {"kind": "how", "text": "Everyone is heard, always"},
    )
    admin_client.post(reverse("charters:remove_commitment", args=[*base, principle.commitments.first().pk]))
    assert texts() == ["Everyone is heard, always", "By listening first"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "how", "text": ""}, "Enter the statement"),
        ({"text": "x"}, "Select what kind of statement it is"),
    ],
)
def test_a_statement_needs_text_and_a_kind(admin_client, draft, data, message):
    principle = draft.principles.first()
    response = admin_client.post(reverse("charters:add_commitment", args=["wirral", "2024", principle.pk]), data)
    assert message in response.text


def test_signatories_are_recorded_on_the_published_version(admin_client, charter):
    data = {
        "organisation": "Parent Carer Participation Wirral",
        "kind": "forum",
        "name": "Jo",
        "role": "Chair",
        "signed_on_0": "3",
        "signed_on_1": "4",
        "signed_on_2": "2023",
    }
    response = admin_client.post(reverse("charters:add_signatory", args=["wirral", "2023"]), data)
    assert response["Location"] == reverse("charters:manage", args=["wirral"])
    assert charter.signatories.filter(name="Jo", signed_on=datetime.date(2023, 4, 3)).exists()
    assert "Recorded Jo as a signatory" in timeline(charter.partnership)
    response = admin_client.post(reverse("charters:add_signatory", args=["wirral", "2023"]), {"organisation": ""})
    assert "Enter the organisation that signed" in response.text


def test_publishing_a_draft(admin_client, charter, draft):
    response = admin_client.get(reverse("charters:publish", args=["wirral", "2024"]))
    assert "The published version 2023 will be marked as superseded" in response.text
    admin_client.post(reverse("charters:publish", args=["wirral", "2024"]))
    assert Charter.objects.get(status="published").version == "2024"
    assert Charter.objects.get(version="2023").status == "archived"
    assert "Published version 2024" in admin_client.get(reverse("charters:manage", args=["wirral"])).text


def test_deleting_a_draft_keeps_its_history(admin_client, draft):
    admin_client.post(reverse("charters:delete_draft", args=["wirral", "2024"]))
    assert not Charter.objects.filter(version="2024").exists()
    assert "Deleted the draft version 2024" in timeline(draft.partnership)
    assert "Draft version 2024 made from a file" in timeline(draft.partnership)


def test_another_partnerships_admin_cannot_edit(client, outsider_admin, draft):
    client.force_login(outsider_admin)
    url = reverse("charters:add_principle", args=["wirral", "2024"])
    assert client.post(url, {"title": "Sneaky"}).status_code == 403
    assert not draft.principles.filter(title="Sneaky").exists()


def test_review_due_banner_for_admins_and_officers_only(client, charter, admin, officer, family):
    charter.review_due_on = datetime.date(2024, 2, 1)
    charter.save()
    for user, shown in [(admin, True), (officer, True), (family, False)]:
        client.force_login(user)
        assert ("was due for review on 1 February 2024" in client.get(reverse("home")).text) is shown
    charter.review_due_on = datetime.date(2099, 1, 1)
    charter.save()
    client.force_login(admin)
    assert "was due for review" not in client.get(reverse("home")).text
