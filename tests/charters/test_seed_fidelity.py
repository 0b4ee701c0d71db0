"""Every statement of every seed is on its public page, in the file's order.

The seed files are read as plain YAML, not through the portal's reader, so that the page is checked
against what the file says rather than against what the portal made of it.
"""

import html
import re

import pytest
import yaml
from django.urls import reverse

from charters import demo
from charters.models import Charter

# A text of the file, and where in the file it is: ("principles[2].commitments[1]", "…").
Piece = tuple[str, str]

TAG = re.compile(r"<[^>]*>")
# An inline element (a glossary link, bold words) does not break a word from the punctuation after it.
INLINE_TAG = re.compile(r"</?(?:a|strong|em|b|i|span|code|abbr)\b[^>]*>")
SPACE = re.compile(r"\s+")
# The little Markdown a section body is written in, reduced to the words a reader sees.
HEADING = re.compile(r"^#{1,6}\s+")
BULLET = re.compile(r"^(?:[-*+]|\d+[.)])\s+")
LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
AUTOLINK = re.compile(r"<((?:https?://|mailto:)?[^<>\s]+)>")
EMPHASIS = re.compile(r"(\*\*|__|\*|_)(\S(?:.*?\S)?)\1")
ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def plain(text: str) -> str:
    return SPACE.sub(" ", text).strip()


def page_text(body: str) -> str:
    """What a reader sees of the page: its words without tags, entities read, spaces collapsed."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S | re.I)
    return plain(html.unescape(TAG.sub(" ", INLINE_TAG.sub("", body))))


def paragraphs(text: str) -> list[str]:
    """A free text's paragraphs (blank lines between them), each on one line."""
    return [plain(part) for part in re.split(r"\n\s*\n", text) if part.strip()]


def markdown_words(line: str) -> str:
    line = LINK.sub(r"\1", line)
    line = AUTOLINK.sub(lambda m: m[1].removeprefix("mailto:"), line)
    line = EMPHASIS.sub(r"\2", line)
    return ESCAPE.sub(r"\1", line)


def markdown_blocks(body: str) -> list[str]:
    """A section body's headings, list items and paragraphs, as plain words, in order."""
    blocks: list[str] = []
    paragraph: list[str] = []

    def end_paragraph() -> None:
        if paragraph:
            blocks.append(plain(" ".join(paragraph)))
            paragraph.clear()

    for line in body.splitlines():
        stripped = line.strip()
        if not stripped:
            end_paragraph()
        elif HEADING.match(stripped) or BULLET.match(stripped):
            end_paragraph()
            blocks.append(plain(markdown_words(BULLET.sub("", HEADING.sub("", stripped)))))
        else:
            paragraph.append(markdown_words(stripped))
    end_paragraph()
    return [block for block in blocks if block]


def _texts(pieces: list[Piece], where: str, value) -> None:
    """A free text, split into paragraphs so a missing one is named on its own."""
    if isinstance(value, str) and value.strip():
        for i, part in enumerate(paragraphs(value), start=1):
            pieces.append((f"{where} (paragraph {i})" if "\n\n" in value.strip() else where, part))


def _list(pieces: list[Piece], where: str, values) -> None:
    for i, value in enumerate(values or [], start=1):
        _texts(pieces, f"{where}[{i}]", value)


def statements(seed: dict) -> list[Piece]:
    """Every piece of text the seed file says, in the file's order."""
    pieces: list[Piece] = []
    charter = seed["charter"]
    for key in ("title", "summary", "vision", "definition"):
        _texts(pieces, f"charter.{key}", charter.get(key))
    for i, theme in enumerate(seed.get("themes") or [], start=1):
        _texts(pieces, f"themes[{i}].name", theme["name"])
        _list(pieces, f"themes[{i}].statements", theme.get("statements"))
    for i, principle in enumerate(seed.get("principles") or [], start=1):
        _texts(pieces, f"principles[{i}].title", principle.get("title"))
        _texts(pieces, f"principles[{i}].summary", principle.get("summary"))
        _list(pieces, f"principles[{i}].commitments", [commitment_text(c) for c in principle.get("commitments") or []])
    for i, section in enumerate(seed.get("sections") or [], start=1):
        _texts(pieces, f"sections[{i}].heading", section["heading"])
        for j, block in enumerate(markdown_blocks(section["body"]), start=1):
            pieces.append((f"sections[{i}].body (part {j})", block))
    for i, level in enumerate(seed.get("levels") or [], start=1):
        _texts(pieces, f"levels[{i}].name", level["name"])
        _texts(pieces, f"levels[{i}].description", level.get("description"))
    for stage, question in (seed.get("stage_questions") or {}).items():
        _texts(pieces, f"stage_questions.{stage}", question)
    for i, consideration in enumerate(seed.get("considerations") or [], start=1):
        _texts(pieces, f"considerations[{i}].name", consideration["name"])
        _texts(pieces, f"considerations[{i}].question", consideration["question"])
    for i, section in enumerate(seed.get("review_questions") or [], start=1):
        _texts(pieces, f"review_questions[{i}].section", section["section"])
        _list(pieces, f"review_questions[{i}].questions", [commitment_text(q) for q in section["questions"]])
    for i, outcome in enumerate(seed.get("outcomes") or [], start=1):
        _texts(pieces, f"outcomes[{i}].statement", outcome["statement"])
        _list(pieces, f"outcomes[{i}].indicators", outcome.get("indicators"))
    for i, outcome in enumerate(seed.get("plan") or [], start=1):
        for key in ("outcome", "priority"):
            _texts(pieces, f"plan[{i}].{key}", outcome.get(key))
        _list(pieces, f"plan[{i}].steps", outcome.get("steps"))
        for key in ("timescale", "difference"):
            _texts(pieces, f"plan[{i}].{key}", outcome.get(key))
    for i, story in enumerate(seed.get("case_studies") or [], start=1):
        for key in ("title", "level", "summary"):
            _texts(pieces, f"case_studies[{i}].{key}", story.get(key))
        _list(pieces, f"case_studies[{i}].quotes", story.get("quotes"))
    for i, signatory in enumerate(seed.get("signatories") or [], start=1):
        for key in ("name", "organisation", "role"):
            _texts(pieces, f"signatories[{i}].{key}", signatory.get(key))
    _texts(pieces, "kite_mark.statement", (seed.get("kite_mark") or {}).get("statement"))
    return pieces


def commitment_text(item) -> str:
    """A commitment or review question: a plain string, or a mapping with its `text`."""
    return item if isinstance(item, str) else item["text"]


def principle_sequence(seed: dict) -> list[Piece]:
    """Each principle's title (its summary when it has none), then its commitments, in the file's order."""
    sequence: list[Piece] = []
    for i, principle in enumerate(seed.get("principles") or [], start=1):
        if principle.get("title"):
            sequence.append((f"principles[{i}].title", plain(principle["title"])))
        else:
            sequence.append((f"principles[{i}].summary", plain(principle["summary"])))
        for j, commitment in enumerate(principle.get("commitments") or [], start=1):
            sequence.append((f"principles[{i}].commitments[{j}]", plain(commitment_text(commitment))))
    return sequence


def read_seed(slug: str) -> dict:
    return yaml.safe_load((demo.SEEDS / f"{slug}.yaml").read_text(encoding="utf-8"))


def shown(pieces: list[Piece], max_length: int = 90) -> str:
    """One line per missing text: where it is in the file, and how it begins."""
    cut = [(where, text if len(text) <= max_length else text[:max_length] + "…") for where, text in pieces]
    return "\n".join(f"  {where}: {text!r}" for where, text in cut)


@pytest.fixture(scope="module")
def seeds(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        demo.create_partnerships()
        demo.load_seed_charters()
        yield {c.partnership.slug: c for c in Charter.objects.published().select_related("partnership")}
        demo.Partnership.objects.all().delete()


@pytest.fixture
def page(client, seeds):
    def text_of(slug: str) -> str:
        response = client.get(reverse("charters:charter", args=[slug]))
        assert response.status_code == 200
        return page_text(response.text)

    return text_of


@pytest.mark.django_db
@pytest.mark.parametrize("slug", demo.SEED_FILES)
def test_every_statement_of_the_seed_is_on_its_public_page(page, slug):
    text = page(slug)
    missing = [(where, piece) for where, piece in statements(read_seed(slug)) if piece not in text]
    assert not missing, (
        f"{len(missing)} texts of charters/data/{slug}.yaml are not on /{slug}/charter/:\n{shown(missing)}"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("slug", demo.SEED_FILES)
def test_principles_and_their_commitments_are_in_the_files_order(page, slug):
    text = page(slug)
    position, after = 0, "the start of the page"
    for where, piece in principle_sequence(read_seed(slug)):
        found = text.find(piece, position)
        if found < 0:
            earlier = text.find(piece)
            assert earlier >= 0, f"{where} of charters/data/{slug}.yaml is not on /{slug}/charter/: {piece!r}"
            pytest.fail(f"On /{slug}/charter/, {where} {piece!r} comes before {after}, not after it")
        position, after = found + len(piece), f"{where} {piece[:60]!r}"


# The reduction of the files' Markdown and free text that the tests above rely on.


def test_a_section_body_is_read_as_the_words_a_reader_sees():
    body = (
        "Intro line one\nand two.\n\n## A sub-heading\n\n- A **bold** point\n- [the council's page](https://example.org)\n\n"
        "Write to <sendlo@wirral.gov.uk> or see <https://example.org/x>."
    )
    assert markdown_blocks(body) == [
        "Intro line one and two.",
        "A sub-heading",
        "A bold point",
        "the council's page",
        "Write to sendlo@wirral.gov.uk or see https://example.org/x.",
    ]


def test_page_text_has_no_tags_and_reads_entities():
    assert page_text('<h2 class="x">Don&#x27;t</h2>\n<ul><li>a</li><li>b</li></ul>') == "Don't a b"
    assert page_text('<p>Ask <a href="/words-we-use/#sendiass">SENDIASS</a>.</p><p>Next</p>') == "Ask SENDIASS. Next"
