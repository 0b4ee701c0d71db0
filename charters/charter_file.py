"""The charter/1 file format: read and check a file, write one back out.

`read()` turns YAML text into plain data, checking every key and value and
naming the line of each problem; parts a charter leaves out are filled from
charters/data/defaults.yaml (Wirral's NAOMIE and review questions and levels).
`write()` turns that plain data back into YAML. The database side is in
charters/services.py.
"""

import datetime
import difflib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from charter_portal.slugs import reserved_slugs
from charters.models import (
    AnswerKind,
    CharterSection,
    CommitmentKind,
    OrganisationKind,
    ParticipationLevel,
    StageQuestion,
)

FORMAT = "charter/1"
KITE_MARK_NAME = "Co-production kite mark"
DEFAULTS_FILE = Path(__file__).parent / "data" / "defaults.yaml"
# The words a file may use are the database's choices, so the two cannot drift apart.
STAGES = StageQuestion.Stage.values
GROUPS = ParticipationLevel.Group.values
KINDS = OrganisationKind.values
COMMITMENT_KINDS = CommitmentKind.values
# A kind of statement a charter may head in its own words ("We will achieve this by:"); a plain
# statement has no heading.
HEADED_KINDS = [kind for kind in COMMITMENT_KINDS if kind != CommitmentKind.STATEMENT]
# How a review question is answered: yes / partly / no / not sure, or in words.
ANSWER_KINDS = AnswerKind.values
# Where a free section stands on the charter's page.
PLACES = CharterSection.Place.values
# The parts a charter may leave out, which the portal then takes from the defaults, saying so.
BORROWABLE = ["levels", "stage_questions", "considerations", "review_questions"]
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# What a file may be, so no file can keep a server busy: its size, how deeply it nests, and
# the longest text and the largest number any column holds.
MAX_FILE_CHARACTERS = 512 * 1024
MAX_DEPTH = 12
MAX_TEXT = 20_000
LARGEST_WHOLE = 2_147_483_647  # a PositiveIntegerField
# Characters a charter's text never needs; NUL cannot even be stored in PostgreSQL.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
VERSION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


DAY, MONTH_ONLY = "day", "month"
MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


@dataclass(frozen=True)
class GivenDate:
    """A date as the charter gives it: a day, or only a month (`precision` "month", day 1)."""

    date: datetime.date
    precision: str = DAY

    def __str__(self) -> str:
        return self.date.strftime("%Y-%m") if self.precision == MONTH_ONLY else self.date.isoformat()


# What one item of each list is called, so a problem's place reads "principle 7, 'sumary'" rather
# than "principles[7].sumary".
ITEM_NAMES = {
    "principles": "principle",
    "commitments": "statement",
    "statements": "statement",
    "review_questions": "review question section",
    "questions": "question",
    "case_studies": "case study",
    "plan": "plan outcome",
    "sections": "section",
    "signatories": "signatory",
    "levels": "level",
    "considerations": "consideration",
    "outcomes": "outcome",
    "indicators": "indicator",
    "steps": "step",
    "quotes": "quote",
    "themes": "theme",
    "sign_off_by": "group",
}
_PATH_PART = re.compile(r"\[(\d+)\]|([^.\[]+)")


def path_in_words(path: str) -> str:
    """A key path as a person would say it: "themes[2].statements[3]" is "theme 2, statement 3",
    "principles[7].sumary" is "principle 7, 'sumary'" and "charter.title" is "charter, 'title'"."""
    parts = _PATH_PART.findall(path)  # (index, "") or ("", key), in order
    words: list[str] = []
    i = 0
    while i < len(parts):
        index, name = parts[i]
        if name and i + 1 < len(parts) and parts[i + 1][0]:
            words.append(f"{ITEM_NAMES.get(name, name.replace('_', ' '))} {parts[i + 1][0]}")
            i += 1
        elif index:
            words.append(f"item {index}")
        elif i == len(parts) - 1:
            words.append(f"'{name}'")
        else:
            words.append(name.replace("_", " "))
        i += 1
    return ", ".join(words)


@dataclass
class Problem:
    """One thing wrong with a file. `key` is the machine path ("principles[7].sumary"), which code
    may rely on; `where` says the same in words for the person fixing the file."""

    line: int | None
    key: str
    message: str

    @property
    def where(self) -> str:
        return path_in_words(self.key)

    def __str__(self) -> str:
        line = f"Line {self.line}" if self.line else "The file"
        return f"{line}, {self.where}: {self.message}" if self.key else f"{line}: {self.message}"


class CharterFileError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.line or 0, p.key))
        super().__init__("\n".join(str(p) for p in self.problems))


def line_of(node: yaml.Node) -> int:
    return node.start_mark.line + 1


# The shape of a file, as small checkers. Each takes a YAML node and its path
# ("principles[2].title") and returns the value, adding problems to the list.

_constructor = yaml.SafeLoader("")


class Checker:
    def check(self, node, path: str, problems: list[Problem]):  # pragma: no cover - interface
        raise TypeError


class Scalar(Checker):
    what = "a value"

    def check(self, node, path, problems):
        if not isinstance(node, yaml.ScalarNode):
            hint = _colon_in_text(node, path)
            problems.append(Problem(line_of(node), path, hint or f"should be {self.what}, not a list or a mapping"))
            return None
        try:
            value = _constructor.construct_object(node, deep=True)
        except (ValueError, yaml.constructor.ConstructorError):
            value = node.value
            if node.tag.endswith(":timestamp"):
                problems.append(Problem(line_of(node), path, f"{node.value!r} is not a real date"))
                return None
        return self.convert(node, value, path, problems)

    def convert(self, node, value, path, problems):
        return value


class Text(Scalar):
    what = "text"

    def __init__(
        self,
        pattern: re.Pattern | None = None,
        hint: str = "",
        max_length: int | None = None,
        numbers: bool = False,
    ):
        self.pattern, self.hint, self.max_length, self.numbers = pattern, hint, max_length, numbers

    def convert(self, node, value, path, problems):
        if self.numbers and isinstance(value, int | float) and not isinstance(value, bool):
            value = node.value
        if not isinstance(value, str):
            problems.append(Problem(line_of(node), path, f"should be text, not {node.value!r}"))
            return None
        if CONTROL.search(value):
            problems.append(Problem(line_of(node), path, "contains a control character: type the text again"))
            return None
        value = value.strip()
        if not value:
            problems.append(Problem(line_of(node), path, "is empty: write it, or leave the line out"))
            return None
        if self.pattern and not self.pattern.match(value):
            problems.append(Problem(line_of(node), path, f"{value!r} is not valid: {self.hint}"))
            return None
        if len(value) > (self.max_length or MAX_TEXT):
            problems.append(Problem(line_of(node), path, f"is longer than {self.max_length or MAX_TEXT:,} characters"))
            return None
        return value


class Choice(Text):
    def __init__(self, choices: list[str]):
        super().__init__()
        self.choices = choices

    def convert(self, node, value, path, problems):
        value = super().convert(node, value, path, problems)
        if value is not None and value not in self.choices:
            problems.append(Problem(line_of(node), path, f"{value!r} is not one of: {', '.join(self.choices)}"))
            return None
        return value


class Whole(Scalar):
    what = "a whole number"

    def __init__(self, largest: int = LARGEST_WHOLE):
        self.largest = largest

    def convert(self, node, value, path, problems):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            problems.append(Problem(line_of(node), path, f"should be a whole number, not {node.value[:40]!r}"))
            return None
        if value > self.largest:
            problems.append(Problem(line_of(node), path, f"should be no more than {self.largest:,}"))
            return None
        return value


class YesNo(Scalar):
    what = "true or false"

    def convert(self, node, value, path, problems):
        if not isinstance(value, bool):
            problems.append(Problem(line_of(node), path, f"should be true or false, not {node.value!r}"))
            return None
        return value


class Date(Scalar):
    """A day (2024-05-01) or, as many charters give it, a month (2024-05): read as a GivenDate."""

    what = "a date"

    def convert(self, node, value, path, problems):
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return GivenDate(value, DAY)
        match = MONTH.match(str(value).strip())
        if match and 1 <= int(match[2]) <= 12 and int(match[1]) >= 1:
            return GivenDate(datetime.date(int(match[1]), int(match[2]), 1), MONTH_ONLY)
        problems.append(
            Problem(
                line_of(node), path, f"{node.value!r} is not a date: write it as 2024-05-01, or 2024-05 for a month"
            )
        )
        return None


class Time(Scalar):
    what = "a time"

    def convert(self, node, value, path, problems):
        # Unquoted 10:00 is a number in YAML 1.1, so read the text as written.
        match = TIME.match(node.value.strip())
        if not match:
            problems.append(Problem(line_of(node), path, f'{node.value!r} is not a time: write it as "10:00"'))
            return None
        return datetime.time(int(match[1]), int(match[2]))


class ListOf(Checker):
    def __init__(self, item: Checker):
        self.item = item

    def check(self, node, path, problems):
        if not isinstance(node, yaml.SequenceNode):
            problems.append(Problem(line_of(node), path, "should be a list"))
            return []
        values = [self.item.check(child, f"{path}[{i + 1}]", problems) for i, child in enumerate(node.value)]
        return [v for v in values if v is not None]


class Record(Checker):
    """A mapping with known keys: `fields` maps each key to (checker, required)."""

    def __init__(self, fields: dict[str, tuple[Checker, bool]]):
        self.fields = fields

    def check(self, node, path, problems):
        if not isinstance(node, yaml.MappingNode):
            problems.append(Problem(line_of(node), path, "should be a mapping of keys and values"))
            return None
        result = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(Problem(line_of(key_node), path, "a key must be a plain word, not a list or a mapping"))
                continue
            key = key_node.value
            where = f"{path}.{key}" if path else key
            if key not in self.fields:
                problems.append(Problem(line_of(key_node), where, self.unknown(key, value_node, node)))
            elif key in result:
                problems.append(Problem(line_of(key_node), where, "appears twice"))
            elif not (isinstance(value_node, yaml.ScalarNode) and value_node.tag.endswith(":null")):
                result[key] = self.fields[key][0].check(value_node, where, problems)
        for key, (_checker, required) in self.fields.items():
            if required and key not in result:
                problems.append(Problem(line_of(node), f"{path}.{key}" if path else key, "is required"))
        return result

    def unknown(self, key: str, value_node, node) -> str:
        """Why a key is not one of this part's, as near as can be guessed: a slip of the keyboard
        ("sumary"), a colon or a comma inside a value that needed quotes, or a key that belongs
        elsewhere."""
        close = difflib.get_close_matches(key.lower(), list(self.fields), n=1, cutoff=0.6)
        if close:
            return f"unknown key: did you mean {close[0]}?"
        if node.flow_style and isinstance(value_node, yaml.ScalarNode) and value_node.value == "":
            return (
                f"unknown key: if {key!r} belongs to the value before it, a comma inside a value "
                "needs the whole value in quotes"
            )
        if " " in key.strip() and isinstance(value_node, yaml.ScalarNode):
            example = _quoted(f"{key}: {value_node.value}")
            return f"unknown key: if this is text with a colon in it, put the whole text in quotes, like {example}"
        return f"unknown key (expected one of: {', '.join(self.fields)})"


class Either(Checker):
    """A plain value, or a mapping for the fuller form."""

    def __init__(self, scalar: Checker, record: Record):
        self.scalar, self.record = scalar, record

    def check(self, node, path, problems):
        if isinstance(node, yaml.MappingNode):
            hint = None if _first_key(node) in self.record.fields else _colon_in_text(node, path)
            if hint:
                problems.append(Problem(line_of(node), path, hint))
                return None
            return self.record.check(node, path, problems)
        return self.scalar.check(node, path, problems)


def _first_key(node: yaml.MappingNode) -> str | None:
    key_node = node.value[0][0] if node.value else None
    return key_node.value if isinstance(key_node, yaml.ScalarNode) else None


def _noun(path: str) -> str:
    """What the value at a path is, in a word or two: "a step", "a title"."""
    words = path_in_words(path).rsplit(", ", 1)[-1].strip("'")
    noun = re.sub(r" \d+$", "", words).replace("_", " ") or "value"
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def _quoted(text: str, longest: int = 60) -> str:
    """Text in the quotes a file would need, cut short for a message."""
    text = " ".join(text.split())
    if len(text) > longest:
        text = text[: longest - 1].rstrip() + "…"
    if '"' in text:
        return "'" + text.replace("'", "''") + "'"
    return f'"{text}"'


def _colon_in_text(node, path: str) -> str | None:
    """A one-line mapping where text was wanted ("- We will: listen") is a sentence with a colon in it,
    which YAML reads as a key and its value. Say so, with the line as it should be written."""
    if not (isinstance(node, yaml.MappingNode) and len(node.value) == 1 and not node.flow_style):
        return None
    key_node, value_node = node.value[0]
    if not (isinstance(key_node, yaml.ScalarNode) and isinstance(value_node, yaml.ScalarNode)):
        return None
    if not (key_node.value and value_node.value) or key_node.style or value_node.style:
        return None
    noun = _noun(path).split(" ", 1)[1]
    example = _quoted(f"{key_node.value}: {value_node.value}")
    # Shown as the line should be: a list item, or the key with its value.
    start = "- " if path.endswith("]") else f"{path.rsplit('.', 1)[-1]}: "
    return f"a colon inside {_noun(path)} needs the whole {noun} in quotes, like {start}{example}"


NAME = Text(max_length=200)
REVIEW_QUESTION = Either(Text(), Record({"text": (Text(), True), "answer": (Choice(ANSWER_KINDS), False)}))
COMMITMENT = Either(Text(), Record({"text": (Text(), True), "kind": (Choice(COMMITMENT_KINDS), False)}))
FILE = Record(
    {
        "format": (Text(), True),
        "partnership": (
            Record(
                {
                    "name": (Text(max_length=120), True),
                    "slug": (Text(SLUG, "use lower-case letters, numbers and hyphens", 60), False),
                }
            ),
            True,
        ),
        "charter": (
            Record(
                {
                    "title": (NAME, True),
                    "version": (
                        Text(VERSION, "use letters, numbers, dots and hyphens", 40, numbers=True),
                        False,
                    ),
                    "published_on": (Date(), False),
                    "review_due_on": (Date(), False),
                    "summary": (Text(), False),
                    "vision": (Text(), False),
                    "definition": (Text(), False),
                    "source": (
                        Text(re.compile(r"^https?://\S+$"), "give a web address starting https://", 500),
                        False,
                    ),
                    "numbered": (YesNo(), False),
                    "headings": (Record({kind: (Text(max_length=200), False) for kind in HEADED_KINDS}), False),
                }
            ),
            True,
        ),
        "themes": (
            ListOf(
                Record(
                    {
                        "key": (Text(SLUG, "use lower-case letters, numbers and hyphens", 60), True),
                        "name": (NAME, True),
                        "statements": (ListOf(Text()), False),
                    }
                )
            ),
            False,
        ),
        "principles": (
            ListOf(
                Record(
                    {
                        "title": (Text(max_length=300), False),
                        "summary": (Text(), False),
                        "themes": (ListOf(Text()), False),
                        "commitments": (ListOf(COMMITMENT), False),
                    }
                )
            ),
            False,
        ),
        "sections": (
            ListOf(
                Record(
                    {
                        "heading": (Text(max_length=300), True),
                        "body": (Text(), True),
                        "place": (Choice(PLACES), False),
                    }
                )
            ),
            False,
        ),
        "levels": (
            ListOf(
                Record(
                    {
                        "name": (Text(max_length=100), True),
                        "group": (Choice(GROUPS), False),
                        "kite_mark": (YesNo(), False),
                        "description": (Text(), False),
                    }
                )
            ),
            False,
        ),
        "stage_questions": (Record({stage: (Text(), False) for stage in STAGES}), False),
        "considerations": (
            ListOf(
                Record(
                    {
                        "key": (Text(SLUG, "use lower-case letters, numbers and hyphens", 60), True),
                        "name": (Text(max_length=100), True),
                        "question": (Text(), True),
                    }
                )
            ),
            False,
        ),
        "meeting_standard": (
            Record(
                {
                    "earliest_start": (Time(), False),
                    "latest_end": (Time(), False),
                    "max_minutes": (Whole(24 * 60), False),
                    "min_notice_days": (Whole(366), False),
                    "papers_notice_days": (Whole(366), False),
                }
            ),
            False,
        ),
        "review_questions": (
            ListOf(
                Record(
                    {
                        "section": (Text(max_length=300), True),
                        "questions": (ListOf(REVIEW_QUESTION), True),
                    }
                )
            ),
            False,
        ),
        "outcomes": (
            ListOf(
                Record(
                    {
                        "statement": (Text(), True),
                        "indicators": (ListOf(Text()), False),
                        "themes": (ListOf(Text()), False),
                    }
                )
            ),
            False,
        ),
        "plan": (
            ListOf(
                Record(
                    {
                        "outcome": (Text(), True),
                        "priority": (Text(max_length=300), False),
                        "steps": (ListOf(Text()), False),
                        "timescale": (Text(max_length=200), False),
                        "difference": (Text(), False),
                    }
                )
            ),
            False,
        ),
        "case_studies": (
            ListOf(
                Record(
                    {
                        "title": (NAME, True),
                        "level": (Text(max_length=100), False),
                        "summary": (Text(), False),
                        "quotes": (ListOf(Text()), False),
                    }
                )
            ),
            False,
        ),
        "signatories": (
            ListOf(
                Record(
                    {
                        "organisation": (NAME, False),
                        "kind": (Choice(KINDS), False),
                        "name": (NAME, False),
                        "role": (Text(max_length=300), False),
                        "signed_on": (Date(), False),
                    }
                )
            ),
            False,
        ),
        "kite_mark": (
            Record(
                {
                    "name": (Text(max_length=100), False),
                    "statement": (Text(), False),
                    "sign_off_by": (ListOf(Choice(KINDS)), False),
                    "min_family_reviews": (Whole(1000), False),
                }
            ),
            False,
        ),
    }
)


def _field_names(checker: Checker) -> set[str]:
    if isinstance(checker, Record):
        return set(checker.fields).union(*(_field_names(c) for c, _ in checker.fields.values()))
    if isinstance(checker, ListOf):
        return _field_names(checker.item)
    if isinstance(checker, Either):
        return _field_names(checker.record)
    return set()


# Every key the format has anywhere, to tell a key from the start of a sentence.
KNOWN_KEYS = _field_names(FILE)


def _key_lines(node, path: str = "") -> dict[str, int]:
    """The line of every key path in the file, for problems found after the shape check."""
    lines = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            where = f"{path}.{key_node.value}" if path else key_node.value
            lines[where] = line_of(key_node)
            lines.update(_key_lines(value_node, where))
    elif isinstance(node, yaml.SequenceNode):
        for i, child in enumerate(node.value):
            where = f"{path}[{i + 1}]"
            lines[where] = line_of(child)
            lines.update(_key_lines(child, where))
    return lines


def defaults() -> dict:
    return yaml.safe_load(DEFAULTS_FILE.read_text(encoding="utf-8"))


def _plain_yaml_problems(text: str) -> list[Problem]:
    """What the file uses of YAML beyond plain keys, values and lists, read event by event before
    anything is built: anchors and aliases (a 400-byte file of nested aliases expands to gigabytes),
    type tags (!!int, !!python/...) and nesting deeper than a charter ever goes."""
    problems: list[Problem] = []
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        line = event.start_mark.line + 1 if event.start_mark else None
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            problems.append(
                Problem(
                    line,
                    "",
                    "a value cannot start with & or *: put the whole value in quotes, and write each value out "
                    "in full (anchors and aliases are not allowed)",
                )
            )
            break
        implicit = getattr(event, "implicit", True)
        written = not (implicit[0] if isinstance(implicit, tuple) else implicit)
        if getattr(event, "tag", None) and written:
            tag = event.tag.replace("tag:yaml.org,2002:", "!!")
            problems.append(
                Problem(
                    line,
                    "",
                    f'a value cannot start with "!": put the whole value in quotes (type tags like {tag} are not '
                    "allowed)",
                )
            )
            break
        if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                problems.append(Problem(line, "", f"lists and mappings are nested more than {MAX_DEPTH} deep"))
                break
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            depth -= 1
    return problems


# What a person wrote that YAML cannot read, said in plain words. PyYAML's own messages ("mapping
# values are not allowed here") mean nothing to a partnership admin; each common slip gets a sentence
# that says what to type instead, at the line where it happened.
INDENT = (
    "this line does not line up with the lines around it: start it with the same number of spaces as "
    "the other keys (or list items) at its level"
)
NOT_KEY_AND_VALUE = (
    "this line is not a key and a value: write it as key: value (a colon and a space after the key), "
    "or start it with # if it is a note"
)
STRAY = 'a line cannot start with "%" or "...": put the text in quotes, or take the line out'
_KEY_AND_VALUE = re.compile(r"^\s*(-\s+)?([^\s:#'\"-][^:#]*?):\s+(.*)$")


def _syntax_problems(error: yaml.YAMLError, text: str) -> list[Problem]:
    lines = text.splitlines()
    if isinstance(error, yaml.reader.ReaderError):
        line = text.count("\n", 0, error.position) + 1
        return [Problem(line, "", "there is a special character a charter file cannot hold: type the text again")]
    mark = getattr(error, "problem_mark", None)
    opened = getattr(error, "context_mark", None)
    problem = getattr(error, "problem", None) or ""
    context = getattr(error, "context", None) or ""
    line = mark.line + 1 if mark else None
    source = lines[mark.line] if mark and mark.line < len(lines) else ""
    column = mark.column if mark else 0

    def said(message: str, at: int | None = line) -> list[Problem]:
        return [Problem(at, "", message)]

    if problem.startswith("found character '\\t'"):
        return _tab_problems(lines, line, source, column)
    if problem == "mapping values are not allowed here":
        colon = _colon_message(source, column, flow=False)
        if colon:
            return said(colon)
        # A line of words above, with no colon, that YAML read as the start of this line's key.
        above = next((i for i in range(mark.line - 1, -1, -1) if lines[i].strip()), None)
        if above is not None and ":" not in lines[above] and not lines[above].lstrip().startswith(("-", "#")):
            return said(NOT_KEY_AND_VALUE, above + 1)
        return said(INDENT)
    if "flow" in context and opened:
        bracket = "{" if _character_at(lines, opened) == "{" else "["
        closing = "]" if bracket == "[" else "}"
        if problem.endswith("'<stream end>'"):
            return said(f"a {bracket} opens here and is never closed: add the closing {closing}", opened.line + 1)
        if problem.endswith("got ':'") and mark and mark.line == opened.line:
            colon = _colon_message(source, column, flow=True)
            if colon:
                return said(colon)
        elif mark and mark.line != opened.line:
            # The next line was read as more of the same {…} or […].
            return said(
                f"a {bracket} opens here and is not closed on this line: add the closing {closing}", opened.line + 1
            )
        return said(
            f"the {bracket} {closing} that opens on line {opened.line + 1} is not written as the file expects: "
            f"check it is closed with {closing}, that its items are separated by commas, and that any value "
            "with a comma, a colon or a bracket in it is in quotes"
        )
    if "quoted scalar" in context and opened:
        quote = "'" if _character_at(lines, opened) == "'" else '"'
        if "escape" in problem:
            return said(
                "inside double quotes a backslash (\\) must be written twice (\\\\), or put the value in "
                "single quotes instead"
            )
        return said(
            f"a quote mark ({quote}) opens here and is never closed: add the closing {quote} at the end of the value",
            opened.line + 1,
        )
    if problem.startswith("expected <block end>"):
        quote = _after_a_quote(text, mark.index) if mark and problem.endswith("'<scalar>'") else None
        return said(*quote) if quote else said(INDENT)
    if problem == "could not find expected ':'" and opened:
        return said(
            f"{NOT_KEY_AND_VALUE}, or, if it carries on the text of the line above, indent it further", opened.line + 1
        )
    if context in ("while scanning an anchor", "while scanning an alias", "while parsing a tag") and opened:
        return said(_cannot_start(_character_at(lines, opened)), opened.line + 1)
    if context == "while scanning a block scalar" and opened:
        return said(
            f"nothing can follow {_character_at(lines, opened)} on its line: start the text on the next line, "
            "indented further",
            opened.line + 1,
        )
    if problem.startswith("expected the node content"):
        return said(_cannot_start(_character_at(lines, mark)))
    if context == "while scanning a directive":
        return said(STRAY, mark.line + 1 if mark else None)
    if problem.startswith("expected '<document start>'") and mark:
        # The file's first part ended early: at a stray "%" or "..." line, or at a first line that is
        # neither a key and value nor a note.
        before = range(min(mark.line + 1, len(lines)))
        stray = [i for i in before if lines[i].startswith(("%", "..."))]
        if stray:
            return said(STRAY, stray[-1] + 1)
        first = next((i for i in before if lines[i].strip() and not lines[i].lstrip().startswith("#")), None)
        if first is not None:
            return said(NOT_KEY_AND_VALUE, first + 1)
    if problem == "sequence entries are not allowed here":
        return said('a value cannot start with "- ": put the whole value in quotes, or start the list on the next line')
    if problem.startswith("found character") or problem == "mapping keys are not allowed here":
        return said(_cannot_start(_character_at(lines, mark)))
    if "single document" in context:
        return said("a line of three dashes (---) starts a second file here: a charter file is one file only")
    reason = problem or context or str(error)
    return said(f"this line cannot be read ({reason}): check the spaces at its start, its colons and its quotes")


def _cannot_start(character: str) -> str:
    return f'a value cannot start with "{character}": put the whole value in quotes'


def _character_at(lines: list[str], mark) -> str:
    text = lines[mark.line] if mark and mark.line < len(lines) else ""
    return text[mark.column : mark.column + 1] if text else ""


def _tab_problems(lines: list[str], line: int | None, source: str, column: int) -> list[Problem]:
    """YAML refuses tabs. Every line indented with one is named at once, as an editor that types
    tabs will have typed many."""
    indented = {i for i, text in enumerate(lines, start=1) if "\t" in text[: len(text) - len(text.lstrip())]}
    problems = [Problem(i, "", "there is a tab character; use spaces to indent") for i in sorted(indented)]
    if line not in indented:
        at_the_end = not source[column:].strip()
        message = "there is a tab character at the end of the line; delete it" if at_the_end else None
        problems.append(Problem(line, "", message or "there is a tab character; type a space instead"))
    return problems


def _colon_message(source: str, column: int, flow: bool) -> str | None:
    """A colon inside an unquoted value, on `source` at `column`, with the line as it should be."""
    before, after = source[:column], source[column:]
    if flow:
        start = max(before.rfind(c) for c in "[{,") + 1
        before = before[start:]
        end = min([i for i in (after.find(c) for c in ",]}") if i >= 0] or [len(after)])
        after = after[:end]
    else:
        after = re.sub(r"\s+#.*$", "", after)
    match = _KEY_AND_VALUE.match(before)
    if not match:
        return None
    dash, key, value = match[1] or "", match[2].strip(), (match[3] + after).strip()
    if key in KNOWN_KEYS:
        noun = key.replace("_", " ")
        article = "an" if noun[0] in "aeiou" else "a"
        return f"a colon inside {article} {noun} needs the whole {noun} in quotes, like {key}: {_quoted(value)}"
    # Not a key of the format: the colon is inside a sentence that YAML took for a key.
    return f"a colon inside a value needs the whole value in quotes, like {dash}{_quoted(f'{key}: {value}')}"


def _after_a_quote(text: str, index: int) -> tuple[str, int] | None:
    """Text after a closing quote: a value only partly in quotes, or a quote opened lines before and
    never closed on its own line (the next quote mark was taken for its end)."""
    end = len(text[:index].rstrip()) - 1
    if end < 0 or text[end] not in "\"'":
        return None
    quote = text[end]
    start = text.rfind(quote, 0, end)
    opened, closed = text.count("\n", 0, start) + 1, text.count("\n", 0, end) + 1
    if start >= 0 and opened != closed:
        return f"a quote mark ({quote}) opens here and is not closed on this line: add the closing {quote}", opened
    return "there is text after the closing quote mark: put the quotes around the whole value", closed


def read(text: str) -> dict:
    """Check a charter file and return its plain data, or raise CharterFileError."""
    if len(text) > MAX_FILE_CHARACTERS:
        raise CharterFileError([Problem(None, "", f"the file is longer than {MAX_FILE_CHARACTERS:,} characters")])
    try:
        plain = _plain_yaml_problems(text)
        if plain:
            raise CharterFileError(plain)
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        raise CharterFileError(_syntax_problems(error, text)) from None
    if root is None:
        raise CharterFileError([Problem(None, "", "the file is empty")])

    problems: list[Problem] = []
    data = FILE.check(root, "", problems)
    if data is None:
        raise CharterFileError(problems)
    lines = _key_lines(root)
    if "format" in data and data["format"] != FORMAT:
        problems.append(Problem(lines.get("format"), "format", f"should be {FORMAT}, not {data['format'][:40]!r}"))
    _check_references(data, lines, problems)
    if problems:
        raise CharterFileError(problems)
    return normalise(data)


def _check_references(data: dict, lines: dict[str, int], problems: list[Problem]) -> None:
    partnership = data.get("partnership") or {}
    slug = partnership.get("slug") or slugify_name(partnership.get("name") or "")
    if slug in reserved_slugs():
        where = "partnership.slug" if partnership.get("slug") else "partnership.name"
        problems.append(
            Problem(lines.get(where), where, f"the address {slug!r} is one of the portal's own: give another slug")
        )

    def unique(items: list[dict], field: str, section: str) -> None:
        seen = set()
        for i, item in enumerate(items, start=1):
            value = item.get(field)
            if value in seen:
                where = f"{section}[{i}].{field}"
                problems.append(Problem(lines.get(where), where, f"{value!r} is used twice"))
            seen.add(value)

    unique(data.get("themes", []), "key", "themes")
    unique(data.get("levels", []), "name", "levels")
    unique(data.get("considerations", []), "key", "considerations")

    theme_keys = {theme.get("key") for theme in data.get("themes", [])}
    for section in ("principles", "outcomes"):
        for i, item in enumerate(data.get(section, []), start=1):
            for j, key in enumerate(item.get("themes", []), start=1):
                if key not in theme_keys:
                    where = f"{section}[{i}].themes[{j}]"
                    problems.append(Problem(lines.get(where), where, f"there is no theme with the key {key!r}"))

    for i, principle in enumerate(data.get("principles", []), start=1):
        if not (principle.get("title") or principle.get("summary")):
            where = f"principles[{i}]"
            problems.append(Problem(lines.get(where), where, "give the principle a title or a summary (or both)"))
    for i, signatory in enumerate(data.get("signatories", []), start=1):
        if not (signatory.get("organisation") or signatory.get("name")):
            where = f"signatories[{i}]"
            problems.append(Problem(lines.get(where), where, "give the organisation or the name of who signed"))

    standard = data.get("meeting_standard") or {}
    start, end = standard.get("earliest_start"), standard.get("latest_end")
    if start and end and start >= end:
        where = "meeting_standard.earliest_start"
        problems.append(Problem(lines.get(where), where, "the earliest start is not before the latest end"))


def slugify_name(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower().replace("&", "and")).strip("-")


def in_heading_order(headings: dict) -> dict:
    return {kind: headings[kind] for kind in HEADED_KINDS if kind in headings}


def normalise(data: dict) -> dict:
    """Every part present, in one shape. What the file leaves out of the parts a project needs
    (BORROWABLE) is taken from the defaults and listed in `borrowed`, with where it came from, so it
    is never shown or written out as the charter's own. A charter without a kite mark has none."""
    fallback = defaults()
    borrowed = [part for part in BORROWABLE if not data.get(part)]

    def part(name: str):
        return fallback[name] if name in borrowed else data[name]

    partnership = data["partnership"]
    charter = data["charter"]
    return {
        "partnership": {
            "name": partnership["name"],
            "slug": partnership.get("slug") or slugify_name(partnership["name"]),
        },
        "charter": {
            "title": charter["title"],
            "version": charter.get("version") or "1",
            "published_on": charter.get("published_on"),
            "review_due_on": charter.get("review_due_on"),
            "summary": charter.get("summary", ""),
            "vision": charter.get("vision", ""),
            "definition": charter.get("definition", ""),
            "source": charter.get("source", ""),
            "numbered": charter.get("numbered", False),
            # In one fixed order, as a database may not keep a mapping's order.
            "headings": in_heading_order(charter.get("headings") or {}),
        },
        "borrowed": borrowed,
        "borrowed_from": fallback["source"] if borrowed else "",
        "themes": [
            {"key": t["key"], "name": t["name"], "statements": t.get("statements", [])} for t in data.get("themes", [])
        ],
        "principles": [
            {
                "title": p.get("title", ""),
                "summary": p.get("summary", ""),
                "themes": p.get("themes", []),
                "commitments": [
                    {"text": c, "kind": CommitmentKind.STATEMENT.value}
                    if isinstance(c, str)
                    else {"text": c["text"], "kind": c.get("kind", CommitmentKind.STATEMENT.value)}
                    for c in p.get("commitments", [])
                ],
            }
            for p in data.get("principles", [])
        ],
        "sections": [
            {"heading": x["heading"], "body": x["body"], "place": x.get("place", CharterSection.Place.AFTER.value)}
            for x in data.get("sections", [])
        ],
        "levels": [
            {
                "name": level["name"],
                "group": level.get("group", ""),
                "kite_mark": level.get("kite_mark", False),
                "description": level.get("description", ""),
            }
            for level in part("levels")
        ],
        "stage_questions": {stage: question for stage, question in part("stage_questions").items() if question},
        "considerations": part("considerations"),
        "meeting_standard": data.get("meeting_standard") or None,
        "review_questions": [
            {
                "section": section["section"],
                "questions": [
                    {"text": q, "answer": AnswerKind.SCALE.value}
                    if isinstance(q, str)
                    else {"text": q["text"], "answer": q.get("answer", AnswerKind.SCALE.value)}
                    for q in section["questions"]
                ],
            }
            for section in part("review_questions")
        ],
        "outcomes": [
            {
                "statement": o["statement"],
                "indicators": o.get("indicators", []),
                "themes": o.get("themes", []),
            }
            for o in data.get("outcomes", [])
        ],
        "plan": [
            {
                "outcome": o["outcome"],
                "priority": o.get("priority", ""),
                "steps": o.get("steps", []),
                "timescale": o.get("timescale", ""),
                "difference": o.get("difference", ""),
            }
            for o in data.get("plan", [])
        ],
        "case_studies": [
            {
                "title": c["title"],
                "level": c.get("level", ""),
                "summary": c.get("summary", ""),
                "quotes": c.get("quotes", []),
            }
            for c in data.get("case_studies", [])
        ],
        "signatories": [
            {
                "organisation": s.get("organisation", ""),
                "kind": s.get("kind", ""),
                "name": s.get("name", ""),
                "role": s.get("role", ""),
                "signed_on": s.get("signed_on"),
            }
            for s in data.get("signatories", [])
        ],
        "kite_mark": _kite_mark(data.get("kite_mark")),
    }


def _kite_mark(rule: dict | None) -> dict | None:
    if rule is None:
        return None
    return {
        "name": rule.get("name", KITE_MARK_NAME),
        "statement": rule.get("statement", ""),
        "sign_off_by": rule.get("sign_off_by", []),
        "min_family_reviews": rule.get("min_family_reviews", 0),
    }


class _Dumper(yaml.SafeDumper):
    pass


def _text(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def _dates(values: dict) -> dict:
    """Dates written as the charter gave them: a day as a date, a month as 2024-05."""
    return {k: (v.date if v.precision == DAY else str(v)) if isinstance(v, GivenDate) else v for k, v in values.items()}


def _without_empty(values: dict) -> dict:
    return {k: v for k, v in values.items() if v not in ("", None, [], {}, False)}


def write(data: dict) -> str:
    """The charter/1 YAML text of normalised data (the inverse of `read`): only what the charter
    says, never what it borrowed."""
    borrowed = set(data.get("borrowed", []))
    out: dict = {"format": FORMAT, "partnership": data["partnership"]}
    out["charter"] = _dates(_without_empty(data["charter"]))
    if data["themes"]:
        out["themes"] = [_without_empty(t) for t in data["themes"]]
    if data["principles"]:
        out["principles"] = [
            _without_empty(
                {
                    **p,
                    "commitments": [
                        c["text"] if c["kind"] == CommitmentKind.STATEMENT else {"text": c["text"], "kind": c["kind"]}
                        for c in p["commitments"]
                    ],
                }
            )
            for p in data["principles"]
        ]
    if data["sections"]:
        out["sections"] = [
            {k: v for k, v in x.items() if not (k == "place" and v == CharterSection.Place.AFTER)}
            for x in data["sections"]
        ]
    if "levels" not in borrowed:
        out["levels"] = [_without_empty(level) for level in data["levels"]]
    if "stage_questions" not in borrowed:
        out["stage_questions"] = data["stage_questions"]
    if "considerations" not in borrowed:
        out["considerations"] = data["considerations"]
    if data["meeting_standard"]:
        out["meeting_standard"] = {
            k: v.strftime("%H:%M") if isinstance(v, datetime.time) else v
            for k, v in data["meeting_standard"].items()
            if v is not None
        }
    if "review_questions" not in borrowed:
        out["review_questions"] = [
            {
                "section": section["section"],
                "questions": [q["text"] if q["answer"] == AnswerKind.SCALE else q for q in section["questions"]],
            }
            for section in data["review_questions"]
        ]
    for name in ("outcomes", "plan", "case_studies"):
        if data[name]:
            out[name] = [_without_empty(item) for item in data[name]]
    if data["signatories"]:
        out["signatories"] = [_dates(_without_empty(s)) for s in data["signatories"]]
    if data["kite_mark"]:
        out["kite_mark"] = _without_empty(data["kite_mark"])
    return yaml.dump(out, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
