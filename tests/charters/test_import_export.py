import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from charters import charter_file
from charters.demo import SEED_FILES, SEEDS
from charters.models import Charter, CharterEvent, Partnership, Principle
from charters.services import charter_to_data, charter_with_parts, import_charter, publish
from tests.conftest import SMALL_CHARTER


def export(slug: str, version: str = "") -> str:
    out = io.StringIO()
    call_command("export_charter", slug, *(["--version", version] if version else []), stdout=out)
    return out.getvalue()


def as_data(charter: Charter) -> dict:
    return charter_to_data(charter_with_parts(Charter.objects.filter(pk=charter.pk)).get())


@pytest.mark.parametrize("name", SEED_FILES)
def test_export_then_import_gives_an_equal_charter(db, tmp_path, name):
    call_command("import_charter", str(SEEDS / f"{name}.yaml"), "--publish", stdout=io.StringIO())
    original = Charter.objects.get()
    text = export(original.partnership.slug)
    # Import the exported file as another version of the same charter.
    data = charter_file.read(text)
    data["charter"]["version"] = "copy"
    copy = import_charter(data)
    first, second = as_data(original), as_data(copy)
    first["charter"].pop("version")
    second["charter"].pop("version")
    for part in first:
        assert first[part] == second[part], part


def test_import_command_reports_every_problem_and_writes_nothing(db, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(SMALL_CHARTER.replace("themes: [communicate]", "themes: [nowhere]") + "colour: red\n")
    with pytest.raises(CommandError) as error:
        call_command("import_charter", str(bad))
    message = str(error.value)
    assert "Line 11, principle 1, theme 1: there is no theme with the key 'nowhere'" in message
    assert f"Line {SMALL_CHARTER.count(chr(10)) + 1}, 'colour': unknown key" in message
    assert not Partnership.objects.exists()
    assert not Charter.objects.exists()


def test_a_failure_part_way_through_saving_leaves_nothing(db, monkeypatch):
    data = charter_file.read(SMALL_CHARTER)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Principle.themes.through.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        import_charter(data)
    assert not Charter.objects.exists()
    assert not Partnership.objects.exists()


def test_importing_over_a_published_charter_makes_a_draft_version(db, tmp_path):
    path = tmp_path / "charter.yaml"
    path.write_text(SMALL_CHARTER)
    call_command("import_charter", str(path), "--publish", stdout=io.StringIO())
    path.write_text(SMALL_CHARTER.replace('version: "2023"', 'version: "2024"').replace("Inclusive", "Included"))
    call_command("import_charter", str(path), stdout=io.StringIO())
    published = Charter.objects.get(status="published")
    draft = Charter.objects.get(status="draft")
    assert (published.version, draft.version) == ("2023", "2024")
    assert published.principles.filter(title="Inclusive").exists()
    assert draft.principles.filter(title="Included").exists()


def test_a_published_version_is_never_overwritten(db, tmp_path):
    path = tmp_path / "charter.yaml"
    path.write_text(SMALL_CHARTER)
    call_command("import_charter", str(path), "--publish", stdout=io.StringIO())
    with pytest.raises(CommandError, match="version 2023 of the Wirral charter is already published"):
        call_command("import_charter", str(path), stdout=io.StringIO())
    assert Charter.objects.count() == 1


def test_publishing_supersedes_the_previous_version_on_the_timeline(charter, draft, admin):
    publish(draft, admin)
    charter.refresh_from_db()
    draft.refresh_from_db()
    assert (charter.status, draft.status) == ("archived", "published")
    events = list(CharterEvent.objects.filter(partnership=charter.partnership).values_list("what", flat=True))
    assert "Superseded by version 2024" in events
    assert "Published version 2024" in events


def test_export_of_a_named_version_and_of_nothing(charter, draft):
    assert 'version: "2024"' in export("wirral", "2024") or "version: '2024'" in export("wirral", "2024")
    with pytest.raises(CommandError, match="There is no version 9"):
        export("wirral", "9")
    with pytest.raises(CommandError, match="There is no published charter for the partnership 'nowhere'"):
        export("nowhere")


def test_seed_files_are_where_the_demo_reads_them():
    # Beside the seeds: the defaults a charter may borrow, and the guide's example.
    others = {"defaults", "example"}
    assert sorted(p.stem for p in Path(SEEDS).glob("*.yaml") if p.stem not in others) == sorted(SEED_FILES)
