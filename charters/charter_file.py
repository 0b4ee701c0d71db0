"""The charter/1 file format: read and check a file, write one back out.

`read()` turns YAML text into plain data, checking every key and value and
naming the line of each problem; parts a charter leaves out are filled from
charters/data/defaults.yaml (Wirral's NAOMIE and review questions and levels).
`write()` turns that plain data back into YAML. The database side is in
charters/services.py.
"""

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from charter_portal.slugs import reserved_slugs
from charters.models import AnswerKind, CommitmentKind, OrganisationKind, ParticipationLevel, StageQuestion

FORMAT = "charter/1"
DEFAULTS_FILE = Path(__file__).parent / "data" / "defaults.yaml"
# The words a file may use are the database's choices, so the two cannot drift apart.
STAGES = StageQuestion.Stage.values
GROUPS = ParticipationLevel.Group.values
KINDS = OrganisationKind.values
COMMITMENT_KINDS = CommitmentKind.values
# How a review question is answered: yes / partly / no / not sure, or in words.
ANSWER_KINDS = AnswerKind.values
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


@dataclass
class Problem:
    line: int | None
    key: str
    message: str

    def __str__(self) -> str:
        where = f"Line {self.line}" if self.line else "The file"
        return f"{where}, {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


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
            problems.append(Problem(line_of(node), path, f"should be {self.what}, not a list or a mapping"))
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
    what = "a date"

    def convert(self, node, value, path, problems):
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return value
        problems.append(Problem(line_of(node), path, f"{node.value!r} is not a date: write it as 2024-05-01"))
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
                known = ", ".join(self.fields)
                problems.append(Problem(line_of(key_node), where, f"unknown key (expected one of: {known})"))
            elif key in result:
                problems.append(Problem(line_of(key_node), where, "appears twice"))
            elif not (isinstance(value_node, yaml.ScalarNode) and value_node.tag.endswith(":null")):
                result[key] = self.fields[key][0].check(value_node, where, problems)
        for key, (_checker, required) in self.fields.items():
            if required and key not in result:
                problems.append(Problem(line_of(node), f"{path}.{key}" if path else key, "is required"))
        return result


class Either(Checker):
    """A plain value, or a mapping for the fuller form."""

    def __init__(self, scalar: Checker, record: Record):
        self.scalar, self.record = scalar, record

    def check(self, node, path, problems):
        if isinstance(node, yaml.MappingNode):
            return self.record.check(node, path, problems)
        return self.scalar.check(node, path, problems)


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
                    "vision": (Text(), False),
                    "definition": (Text(), False),
                    "source": (
                        Text(re.compile(r"^https?://\S+$"), "give a web address starting https://", 500),
                        False,
                    ),
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
                        "title": (Text(max_length=300), True),
                        "summary": (Text(), False),
                        "themes": (ListOf(Text()), False),
                        "commitments": (ListOf(COMMITMENT), False),
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
        "signatories": (
            ListOf(
                Record(
                    {
                        "organisation": (NAME, True),
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
                    "sign_off_by": (ListOf(Choice(KINDS)), False),
                    "min_family_reviews": (Whole(1000), False),
                }
            ),
            False,
        ),
    }
)


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
            problems.append(Problem(line, "", "anchors and aliases (& and *) are not allowed: write each value out"))
            break
        implicit = getattr(event, "implicit", True)
        written = not (implicit[0] if isinstance(implicit, tuple) else implicit)
        if getattr(event, "tag", None) and written:
            tag = event.tag.replace("tag:yaml.org,2002:", "!!")
            problems.append(Problem(line, "", f"type tags like {tag} are not allowed: write the value plainly"))
            break
        if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                problems.append(Problem(line, "", f"lists and mappings are nested more than {MAX_DEPTH} deep"))
                break
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            depth -= 1
    return problems


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
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else None
        reason = getattr(error, "problem", None) or str(error)
        raise CharterFileError([Problem(line, "", f"this is not valid YAML ({reason})")]) from None
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

    standard = data.get("meeting_standard") or {}
    start, end = standard.get("earliest_start"), standard.get("latest_end")
    if start and end and start >= end:
        where = "meeting_standard.earliest_start"
        problems.append(Problem(lines.get(where), where, "the earliest start is not before the latest end"))


def slugify_name(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower().replace("&", "and")).strip("-")


def normalise(data: dict) -> dict:
    """Every part present, in one shape: the file's own, or the defaults."""
    fallback = defaults()
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
            "vision": charter.get("vision", ""),
            "definition": charter.get("definition", ""),
            "source": charter.get("source", ""),
        },
        "themes": [
            {"key": t["key"], "name": t["name"], "statements": t.get("statements", [])} for t in data.get("themes", [])
        ],
        "principles": [
            {
                "title": p["title"],
                "summary": p.get("summary", ""),
                "themes": p.get("themes", []),
                "commitments": [
                    {"text": c, "kind": CommitmentKind.WE_WILL.value}
                    if isinstance(c, str)
                    else {"text": c["text"], "kind": c.get("kind", CommitmentKind.WE_WILL.value)}
                    for c in p.get("commitments", [])
                ],
            }
            for p in data.get("principles", [])
        ],
        "levels": [
            {
                "name": level["name"],
                "group": level.get("group", ""),
                "kite_mark": level.get("kite_mark", False),
                "description": level.get("description", ""),
            }
            for level in data.get("levels") or fallback["levels"]
        ],
        "stage_questions": {
            stage: question
            for stage, question in (data.get("stage_questions") or fallback["stage_questions"]).items()
            if question
        },
        "considerations": data.get("considerations") or fallback["considerations"],
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
            for section in data.get("review_questions") or fallback["review_questions"]
        ],
        "outcomes": [
            {
                "statement": o["statement"],
                "indicators": o.get("indicators", []),
                "themes": o.get("themes", []),
            }
            for o in data.get("outcomes", [])
        ],
        "signatories": [
            {
                "organisation": s["organisation"],
                "kind": s.get("kind", ""),
                "name": s.get("name", ""),
                "role": s.get("role", ""),
                "signed_on": s.get("signed_on"),
            }
            for s in data.get("signatories", [])
        ],
        "kite_mark": {**fallback["kite_mark"], **(data.get("kite_mark") or {})},
    }


class _Dumper(yaml.SafeDumper):
    pass


def _text(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def write(data: dict) -> str:
    """The charter/1 YAML text of normalised data (the inverse of `read`)."""
    out: dict = {"format": FORMAT, "partnership": data["partnership"]}
    charter = {k: v for k, v in data["charter"].items() if v not in (None, "")}
    out["charter"] = charter
    if data["themes"]:
        out["themes"] = [{k: v for k, v in t.items() if v != []} for t in data["themes"]]
    if data["principles"]:
        out["principles"] = [
            {
                "title": p["title"],
                **({"summary": p["summary"]} if p["summary"] else {}),
                **({"themes": p["themes"]} if p["themes"] else {}),
                **(
                    {
                        "commitments": [
                            c["text"] if c["kind"] == CommitmentKind.WE_WILL else {"text": c["text"], "kind": c["kind"]}
                            for c in p["commitments"]
                        ]
                    }
                    if p["commitments"]
                    else {}
                ),
            }
            for p in data["principles"]
        ]
    out["levels"] = [{k: v for k, v in level.items() if v not in ("", False)} for level in data["levels"]]
    out["stage_questions"] = data["stage_questions"]
    out["considerations"] = data["considerations"]
    if data["meeting_standard"]:
        out["meeting_standard"] = {
            k: v.strftime("%H:%M") if isinstance(v, datetime.time) else v
            for k, v in data["meeting_standard"].items()
            if v is not None
        }
    out["review_questions"] = [
        {
            "section": section["section"],
            "questions": [q["text"] if q["answer"] == AnswerKind.SCALE else q for q in section["questions"]],
        }
        for section in data["review_questions"]
    ]
    if data["outcomes"]:
        out["outcomes"] = [{k: v for k, v in o.items() if v != []} for o in data["outcomes"]]
    if data["signatories"]:
        out["signatories"] = [{k: v for k, v in s.items() if v not in ("", None)} for s in data["signatories"]]
    out["kite_mark"] = data["kite_mark"]
    return yaml.dump(out, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
