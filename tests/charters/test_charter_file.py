"""Reading and checking charter/1 files: every kind of problem names its line and key."""

import datetime
import textwrap

import pytest

from charters import charter_file
from charters.charter_file import CharterFileError, GivenDate

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
    assert data["charter"]["published_on"] == GivenDate(datetime.date(2024, 2, 1), "day")
    # A plain line is a statement as written; a kind the file names is kept.
    assert data["principles"][0]["commitments"] == [
        {"text": "Communicate well", "kind": "statement"},
        {"text": "By listening", "kind": "how"},
    ]
    assert data["meeting_standard"]["earliest_start"] == datetime.time(10, 0)
    # Wirral's NAOMIE questions, review questions and three levels are the defaults, and say so.
    assert set(data["borrowed"]) == {"levels", "stage_questions", "considerations", "review_questions"}
    assert data["borrowed_from"].startswith("Wirral's") and data["kite_mark"] is None
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
        "Line 16, 'colour': unknown key (expected one of: format, partnership, charter, themes, principles, "
        "sections, levels, stage_questions, considerations, meeting_standard, review_questions, outcomes, plan, "
        "case_studies, signatories, kite_mark)"
    ]


def test_an_unknown_nested_key_is_named_with_its_path():
    text = GOOD.replace("    themes: [communicate]\n", "    themes: [communicate]\n    colour: blue\n")
    assert problems_of(text)[0].startswith("Line 12, principle 1, 'colour': unknown key")


def test_missing_required_keys():
    assert problems_of("partnership: {slug: x}\ncharter: {version: '1'}\n") == [
        "Line 1, 'format': is required",
        "Line 1, partnership, 'name': is required",
        "Line 2, charter, 'title': is required",
    ]


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (
            "max_minutes: 120",
            "max_minutes: lots",
            "Line 15, meeting standard, 'max_minutes': should be a whole number",
        ),
        ("title: Working together", "title: [a, b]", "Line 10, principle 1, 'title': should be text"),
        ("themes:\n  - {key", "themes:\n  - {kee", "Line 8, theme 1, 'kee': unknown key: did you mean key?"),
        ("{text: By listening, kind: how}", "{text: By listening, kind: why}", "'why' is not one of"),
        ('earliest_start: "10:00"', 'earliest_start: "ten"', "is not a time"),
        (
            "published_on: 2024-02-01",
            "published_on: 2024-02-30",
            "Line 6, charter, 'published_on': '2024-02-30' is not a real date",
        ),
        (
            "published_on: 2024-02-01",
            "published_on: soon",
            "Line 6, charter, 'published_on': 'soon' is not a date",
        ),
        ("format: charter/1", "format: charter/2", "Line 1, 'format': should be charter/1"),
        ("slug: test-area", "slug: Test Area", "Line 2, partnership, 'slug': 'Test Area' is not valid"),
        (
            "slug: test-area",
            "slug: people",
            "Line 2, partnership, 'slug': the address 'people' is one of the portal's own: give another slug",
        ),
    ],
)
def test_wrong_types_and_values(old, new, problem):
    assert old in GOOD
    assert any(problem in p for p in problems_of(GOOD.replace(old, new)))


def test_a_principle_naming_a_theme_that_does_not_exist():
    text = GOOD.replace("themes: [communicate]", "themes: [communicate, listen]")
    assert problems_of(text) == ["Line 11, principle 1, theme 2: there is no theme with the key 'listen'"]


def test_a_duplicate_level_name():
    text = GOOD + "levels:\n  - {name: Co-production}\n  - {name: Co-production}\n"
    assert problems_of(text) == ["Line 18, level 2, 'name': 'Co-production' is used twice"]


def test_a_meeting_standard_whose_earliest_start_is_after_its_latest_end():
    text = GOOD.replace('earliest_start: "10:00"', 'earliest_start: "15:00"')
    assert problems_of(text) == [
        "Line 15, meeting standard, 'earliest_start': the earliest start is not before the latest end"
    ]


def test_unquoted_times_are_read_as_written():
    data = charter_file.read(GOOD.replace('"14:00"', "14:00"))
    assert data["meeting_standard"]["latest_end"] == datetime.time(14, 0)


def test_every_problem_is_reported_at_once_in_line_order():
    text = GOOD.replace("max_minutes: 120", "max_minutes: lots") + "colour: blue\n"
    assert [p.split(",")[0] for p in problems_of(text)] == ["Line 15", "Line 16"]


def test_yaml_that_does_not_parse():
    assert problems_of("format: charter/1\ncharter: {title: [unclosed\n") == [
        "Line 2: a [ opens here and is never closed: add the closing ]"
    ]


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
    assert problems_of(text) == [
        "Line 17, review question section 1, question 1, 'answer': 'maybe' is not one of: scale, text"
    ]


BILLION_LAUGHS = "\n".join(
    ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"l{i}: &l{i} [{','.join(f'*l{i - 1}' for _ in range(9))}]" for i in range(1, 10)]
)


def test_a_file_of_nested_aliases_is_refused_at_once():
    import time

    started = time.monotonic()
    assert problems_of(BILLION_LAUGHS) == [
        "Line 1: a value cannot start with & or *: put the whole value in quotes, and write each value out in full "
        "(anchors and aliases are not allowed)"
    ]
    assert time.monotonic() - started < 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("format: charter/1\npartnership: {name: X}\ncharter: {title: !!bool maybe}\n", "type tags like !!bool"),
        ("format: !!int ''\n", "type tags like !!int"),
        ("format: !!timestamp x\n", "type tags like !!timestamp"),
        ("format: !!python/object/apply:os.system [ls]\n", "type tags like !!python/object/apply:os.system"),
        ("a: &a [*a]\n", "anchors and aliases"),
        ("? [a, b]\n: x\n", "a key must be a plain word"),
        ("a: " + "[" * 3000 + "]" * 3000 + "\n", "nested more than 12 deep"),
        (GOOD.replace("max_minutes: 120", "max_minutes: 99999999999999999999"), "should be no more than 1,440"),
        (GOOD + "kite_mark: {min_family_reviews: 2147483648}\n", "should be no more than 1,000"),
        (GOOD.replace("title: Test charter", 'title: "Test\\0charter"'), "contains a control character"),
        (GOOD.replace('version: "2024"', 'version: "2024"\n  source: "https://' + "a" * 600 + '"'), "longer than 500"),
        (GOOD.replace("title: Working together", "title: " + "w" * 301), "longer than 300"),
        (
            GOOD.replace(
                "{key: communicate, name: Communicate}",
                "{key: communicate, name: C, statements: [" + "s" * 20001 + "]}",
            ),
            "longer than 20,000",
        ),
        ("x" * 600_000, "longer than 524,288 characters"),
    ],
)
def test_yaml_beyond_plain_values_and_values_beyond_their_columns_are_refused(text, message):
    assert any(message in problem for problem in problems_of(text)), problems_of(text)


def test_a_slug_the_portal_uses_for_its_own_pages_is_refused_from_the_url_configuration():
    for slug in ["kite-mark", "invitations", "check-your-feedback", "your-feedback", "django-admin"]:
        problems = problems_of(GOOD.replace("slug: test-area", f"slug: {slug}"))
        assert any("is one of the portal's own" in p for p in problems), slug
    # A name that would make such a slug is refused too.
    problems = problems_of(GOOD.replace("{name: Test Area, slug: test-area}", "{name: Kite Mark}"))
    assert any("partnership, 'name'" in p and "'kite-mark'" in p for p in problems)


def test_the_model_refuses_a_reserved_slug_too(db):
    from django.core.exceptions import ValidationError

    from charters.models import Partnership

    with pytest.raises(ValidationError):
        Partnership(name="Odd", slug="invitations").full_clean()
