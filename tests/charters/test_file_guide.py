"""The charter file guide and its example file: public, plain, and the example is a file the portal
reads, imports and writes back unchanged."""

import pytest
import yaml
from django.urls import reverse

from charter_portal.slugs import reserved_slugs
from charters import charter_file
from charters.guide import EXAMPLE_FILE
from charters.models import AnswerKind, Charter, CommitmentKind, ParticipationLevel, SectionPlace
from charters.services import charter_to_data, charter_with_parts, import_charter
from tests.conftest import make_charter

GUIDE = reverse("charter_file_guide")
EXAMPLE = reverse("charter_file_example")
TEXT = EXAMPLE_FILE.read_text(encoding="utf-8")


def test_the_guide_is_public_and_links_to_the_example(client, db):
    response = client.get(GUIDE)
    assert response.status_code == 200
    page = response.text
    assert "<title>How to write a charter file – Charter Portal</title>" in page
    assert f'href="{EXAMPLE}"' in page
    for heading in [
        "Start from a file that works",
        "The parts of a charter file",
        "What happens if you leave a part out",
        "Dates",
        "Fixing common problems",
        "Tab characters",
        "Colons inside a value",
        "Quote marks",
    ]:
        assert heading in page, heading
    # What the portal does with a part left out, in its own words.
    assert "Wirral&#x27;s, from the Wirral SEND Co-production Charter (2023)" in page
    assert "There is no kite mark until your charter sets one out" in page
    assert "<code>2026-03</code>" in page


def test_a_signed_in_admin_is_offered_their_areas_charter_and_the_upload_page(client, admin, charter):
    client.force_login(admin)
    page = client.get(GUIDE).text
    assert f'href="{reverse("charters:download", args=["wirral", "2023"])}"' in page
    assert "Download Wirral's current charter (version 2023, YAML file)" in page
    assert f'href="{reverse("charters:upload", args=["wirral"])}"' in page


def test_a_family_member_is_offered_the_download_but_not_the_upload(client, family, charter):
    client.force_login(family)
    page = client.get(GUIDE).text
    assert f'href="{reverse("charters:download", args=["wirral", "2023"])}"' in page
    assert reverse("charters:upload", args=["wirral"]) not in page


def test_someone_whose_area_has_no_published_charter_gets_the_guide_without_a_download(client, admin):
    client.force_login(admin)
    response = client.get(GUIDE)
    assert response.status_code == 200
    assert "current charter (version" not in response.text


def test_the_example_downloads_as_a_yaml_attachment(client, db):
    response = client.get(EXAMPLE)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/yaml; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="example-charter.yaml"'
    assert response.content.decode() == TEXT


def test_the_guide_address_cannot_be_a_partnership_slug():
    assert "charter-file-guide" in reserved_slugs()
    text = TEXT.replace("slug: example-borough", "slug: charter-file-guide")
    with pytest.raises(charter_file.CharterFileError, match="one of the portal's own"):
        charter_file.read(text)


def test_the_example_is_for_a_made_up_area_and_borrows_nothing():
    data = charter_file.read(TEXT)
    assert data["partnership"] == {"name": "Example Borough", "slug": "example-borough"}
    assert data["borrowed"] == []
    assert data["kite_mark"]["sign_off_by"] == ["forum", "young-people"]


def test_the_example_round_trips():
    data = charter_file.read(TEXT)
    assert charter_file.read(charter_file.write(data)) == data


def _keys(checker, path: str = "") -> set[str]:
    """Every key path the format has, lists shown as []: "principles[].commitments[].kind"."""
    if isinstance(checker, charter_file.Record):
        found = set()
        for key, (child, _required) in checker.fields.items():
            where = f"{path}.{key}" if path else key
            found |= {where} | _keys(child, where)
        return found
    if isinstance(checker, charter_file.ListOf):
        return _keys(checker.item, f"{path}[]")
    if isinstance(checker, charter_file.Either):
        return _keys(checker.record, path)
    return set()


def _used(value, path: str = "") -> set[str]:
    if isinstance(value, dict):
        found = set()
        for key, child in value.items():
            where = f"{path}.{key}" if path else key
            found |= {where} | _used(child, where)
        return found
    if isinstance(value, list):
        return set().union(*(_used(item, f"{path}[]") for item in value))
    return set()


def test_the_example_uses_every_key_the_format_has():
    missing = _keys(charter_file.FILE) - _used(yaml.safe_load(TEXT))
    assert not missing, sorted(missing)


def test_the_example_shows_every_kind_of_value():
    data = charter_file.read(TEXT)
    raw = yaml.safe_load(TEXT)
    commitments = [c for p in data["principles"] for c in p["commitments"]]
    assert {c["kind"] for c in commitments} == set(CommitmentKind.values)
    # A plain line for a statement, and the fuller form.
    assert any(isinstance(c, str) for p in raw["principles"] for c in p.get("commitments", []))
    answers = {q["answer"] for s in data["review_questions"] for q in s["questions"]}
    assert answers == set(AnswerKind.values)
    assert {s["place"] for s in data["sections"]} == set(SectionPlace.values)
    assert {level["group"] for level in data["levels"]} == set(ParticipationLevel.Group.values)
    assert any(level["kite_mark"] for level in data["levels"])
    # A principle that is only a sentence, and a signatory who signed for no organisation.
    assert any(not p["title"] and p["summary"] for p in data["principles"])
    assert any(not s["organisation"] and s["name"] for s in data["signatories"])
    # Dates given as a day and as a month only.
    dates = [data["charter"]["published_on"], *(s["signed_on"] for s in data["signatories"] if s["signed_on"])]
    assert {d.precision for d in dates} == {charter_file.DAY, charter_file.MONTH_ONLY}
    # A section in Markdown: paragraphs, a list and a link.
    bodies = "\n".join(s["body"] for s in data["sections"])
    assert "\n\n" in bodies and "\n- " in bodies and "](https://" in bodies


def test_the_example_imports_and_exports_the_same_charter(db):
    data = charter_file.read(TEXT)
    charter = import_charter(data, publish_it=True)
    saved = charter_to_data(charter_with_parts(Charter.objects.filter(pk=charter.pk)).get())
    for part in data:
        assert saved[part] == data[part], part
    assert charter_file.write(saved) == charter_file.write(data)
    assert charter.published_in_words == "March 2026"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_guide_is_accessible_anonymous_and_signed_in(page, live_server, admin):
    from tests.browser.conftest import assert_accessible, sign_in, visit

    make_charter(admin.partnership)
    visit(page, live_server.url + GUIDE)
    assert page.get_by_role("heading", name="How to write a charter file", level=1).is_visible()
    assert_accessible(page)
    sign_in(page, live_server, admin)
    visit(page, live_server.url + GUIDE)
    assert page.get_by_role("link", name="Upload a charter file for Wirral").is_visible()
    assert_accessible(page)
