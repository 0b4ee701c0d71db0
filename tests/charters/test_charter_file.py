"""Reading and checking charter/1 files: every kind of problem names its line and key."""

import datetime
import textwrap

import pytest

from charters import charter_file
from charters.charter_file import CharterFileError

GOOD = """\
format: charter/1
partnership: {name: Test Area, slug: test-area}
charter:
  title: Test charter
  version: "2024"
  published_on: 2024-02-01
themes:
  - {key: communicate, name: Communicate}
principles:
  - title: Working together
    themes: [communicate]
    commitments:
      - Communicate well
      - {text: By listening, kind: how}
meeting_standard: {earliest_start: "10:00", latest_end: "14:00", max_minutes: 120}
"""


def problems_of(text: str) -> list[str]:
    with pytest.raises(CharterFileError) as error:
        charter_file.read(textwrap.dedent(text))
    return [str(p) for p in error.value.problems]


def test_a_good_file_is_read_with_defaults_for_what_it_leaves_out():
    data = charter_file.read(GOOD)
    assert data["charter"]["published_on"] == datetime.date(2024, 2, 1)
    assert data["principles"][0]["commitments"] == [
        {"text": "Communicate well", "kind": "we-will"},
        {"text": "By listening", "kind": "how"},
    ]
    assert data["meeting_standard"]["earliest_start"] == datetime.time(10, 0)
    # Wirral's NAOMIE questions, review questions and three levels are the defaults.
    assert data["stage_questions"]["need"].startswith("Why am I engaging with this person/people?")
    assert [level["name"] for level in data["levels"]] == ["Consultation", "Co-design", "Co-production"]
    assert data["review_questions"][0]["section"] == "Who was involved?"
    assert len(data["considerations"]) == 7


def test_only_format_partnership_name_and_title_are_required():
    data = charter_file.read("format: charter/1\npartnership: {name: Tiny}\ncharter: {title: T}\n")
    assert data["partnership"]["slug"] == "tiny"
    assert data["charter"]["version"] == "1"
    assert data["meeting_standard"] is None


def test_an_unknown_key_is_named_with_its_line():
    assert problems_of(GOOD + "colour: blue\n") == [
        "Line 16, colour: unknown key (expected one of: format, partnership, charter, themes, principles, "
        "levels, stage_questions, considerations, meeting_standard, review_questions, outcomes, signatories, "
        "kite_mark)"
    ]


def test_an_unknown_nested_key_is_named_with_its_path():
    text = GOOD.replace("    themes: [communicate]\n", "    themes: [communicate]\n    colour: blue\n")
    assert problems_of(text)[0].startswith("Line 12, principles[1].colour: unknown key")


def test_missing_required_keys():
    assert problems_of("partnership: {slug: x}\ncharter: {version: '1'}\n") == [
        "Line 1, format: is required",
        "Line 1, partnership.name: is required",
        "Line 2, charter.title: is required",
    ]


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (
            "max_minutes: 120",
            "max_minutes: lots",
            "Line 15, meeting_standard.max_minutes: should be a whole number",
        ),
        ("title: Working together", "title: [a, b]", "Line 10, principles[1].title: should be text"),
        ("themes:\n  - {key", "themes:\n  - {kee", "Line 8, themes[1].kee: unknown key"),
        ("{text: By listening, kind: how}", "{text: By listening, kind: why}", "'why' is not one of"),
        ('earliest_start: "10:00"', 'earliest_start: "ten"', "is not a time"),
        (
            "published_on: 2024-02-01",
            "published_on: 2024-02-30",
            "Line 6, charter.published_on: '2024-02-30' is not a real date",
        ),
        (
            "published_on: 2024-02-01",
            "published_on: soon",
            "Line 6, charter.published_on: 'soon' is not a date",
        ),
        ("format: charter/1", "format: charter/2", "Line 1, format: should be charter/1"),
        ("slug: test-area", "slug: Test Area", "Line 2, partnership.slug: 'Test Area' is not valid"),
        ("slug: test-area", "slug: people", "Line 2, partnership.slug: 'people' is reserved"),
    ],
)
def test_wrong_types_and_values(old, new, problem):
    assert old in GOOD
    assert any(problem in p for p in problems_of(GOOD.replace(old, new)))


def test_a_principle_naming_a_theme_that_does_not_exist():
    text = GOOD.replace("themes: [communicate]", "themes: [communicate, listen]")
    assert problems_of(text) == ["Line 11, principles[1].themes[2]: there is no theme with the key 'listen'"]


def test_a_duplicate_level_name():
    text = GOOD + "levels:\n  - {name: Co-production}\n  - {name: Co-production}\n"
    assert problems_of(text) == ["Line 18, levels[2].name: 'Co-production' is used twice"]


def test_a_meeting_standard_whose_earliest_start_is_after_its_latest_end():
    text = GOOD.replace('earliest_start: "10:00"', 'earliest_start: "15:00"')
    assert problems_of(text) == [
        "Line 15, meeting_standard.earliest_start: the earliest start is not before the latest end"
    ]


def test_unquoted_times_are_read_as_written():
    data = charter_file.read(GOOD.replace('"14:00"', "14:00"))
    assert data["meeting_standard"]["latest_end"] == datetime.time(14, 0)


def test_every_problem_is_reported_at_once_in_line_order():
    text = GOOD.replace("max_minutes: 120", "max_minutes: lots") + "colour: blue\n"
    assert [p.split(",")[0] for p in problems_of(text)] == ["Line 15", "Line 16"]


def test_yaml_that_does_not_parse():
    assert problems_of("format: charter/1\ncharter: {title: [unclosed\n")[0].startswith(
        "Line 3: this is not valid YAML"
    )


def test_an_empty_file():
    assert problems_of("") == ["The file: the file is empty"]


def test_write_then_read_gives_the_same_data():
    data = charter_file.read(GOOD)
    assert charter_file.read(charter_file.write(data)) == data


def test_review_questions_say_how_they_are_answered():
    data = charter_file.read(
        GOOD
        + textwrap.dedent(
            """\
            review_questions:
              - section: Who was involved?
                questions:
                  - Were the right people involved?
                  - {text: "How was everyone included?", answer: text}
                  - {text: "Did the Chair include everyone?", answer: scale}
            """
        )
    )
    assert data["review_questions"][0]["questions"] == [
        {"text": "Were the right people involved?", "answer": "scale"},
        {"text": "How was everyone included?", "answer": "text"},
        {"text": "Did the Chair include everyone?", "answer": "scale"},
    ]
    # Written back as the charter gave it: plain text for the usual kind, the mapping for words.
    written = charter_file.write(data)
    assert "- Were the right people involved?" in written
    assert "text: How was everyone included?" in written and "answer: text" in written
    assert charter_file.read(written)["review_questions"] == data["review_questions"]


def test_a_review_question_answered_some_other_way_is_refused_with_its_line():
    text = GOOD + 'review_questions:\n  - {section: S, questions: [{text: "Q?", answer: maybe}]}\n'
    assert problems_of(text) == ["Line 17, review_questions[1].questions[1].answer: 'maybe' is not one of: scale, text"]
