"""A charter file's problems in words a partnership admin can act on: no YAML jargon, the line, the
place in the file in words, and what to type instead."""

import re
import textwrap

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from charters import charter_file
from charters.charter_file import CharterFileError, Problem, path_in_words

START = """\
format: charter/1
partnership: {name: Wirral, slug: wirral}
charter:
  title: Wirral SEND Co-production Charter
  version: "2023"
"""


def problems_of(text: str) -> list[str]:
    with pytest.raises(CharterFileError) as error:
        charter_file.read(textwrap.dedent(text))
    return [str(p) for p in error.value.problems]


# PyYAML's own words, which mean nothing to the person fixing the file.
JARGON = re.compile(r"token|scalar|mapping values|block end|block mapping|flow|stream|simple key|YAML", re.I)


def test_a_tab_used_to_indent_is_named_on_every_line_it_is_on():
    text = START.replace("  title:", "\ttitle:").replace('  version: "2023"', '\tversion: "2023"')
    assert problems_of(text) == [
        "Line 4: there is a tab character; use spaces to indent",
        "Line 5: there is a tab character; use spaces to indent",
    ]


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("  summary:\tIn short", "Line 6: there is a tab character; type a space instead"),
        ("  summary: In short\t", "Line 6: there is a tab character at the end of the line; delete it"),
    ],
)
def test_a_tab_elsewhere_on_a_line_says_what_to_do(line, problem):
    assert problems_of(START + line + "\n") == [problem]


def test_a_tab_inside_quotes_is_text_like_any_other():
    assert charter_file.read(START + '  summary: "In\tshort"\n')["charter"]["summary"] == "In\tshort"


def test_a_colon_inside_a_title_needs_the_whole_title_in_quotes():
    text = START.replace("title: Wirral SEND Co-production Charter", "title: Charter: our promise")
    assert problems_of("\n\n\n" + text) == [
        'Line 7: a colon inside a title needs the whole title in quotes, like title: "Charter: our promise"'
    ]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        # A key of the format: its value is named.
        (
            START + "  summary: In short: we listen  # a note\n",
            'Line 6: a colon inside a summary needs the whole summary in quotes, like summary: "In short: we listen"',
        ),
        (
            "format: charter/1\npartnership: {name: Wirral}\ncharter: {title: Charter: our promise}\n",
            'Line 3: a colon inside a title needs the whole title in quotes, like title: "Charter: our promise"',
        ),
        (
            START + "principles:\n  - title: Listening: first\n",
            'Line 7: a colon inside a title needs the whole title in quotes, like title: "Listening: first"',
        ),
        # A statement in a list, which YAML reads as a key and its value.
        (
            START + "principles:\n  - title: Listening\n    commitments:\n      - We will: listen\n",
            "Line 9, principle 1, statement 1: a colon inside a statement needs the whole statement in quotes, "
            'like - "We will: listen"',
        ),
        (
            START + "plan:\n  - outcome: Better\n    steps:\n      - Step one: meet\n",
            "Line 9, plan outcome 1, step 1: a colon inside a step needs the whole step in quotes, "
            'like - "Step one: meet"',
        ),
        # A sentence with two colons: the general form.
        (
            START + "principles:\n  - title: T\n    commitments:\n      - Note: we listen: always\n",
            'Line 9: a colon inside a value needs the whole value in quotes, like - "Note: we listen: always"',
        ),
    ],
)
def test_a_colon_inside_a_value_is_shown_with_the_quotes_it_needs(text, problem):
    assert problems_of(text) == [problem]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            START + '  summary: "In short\n',
            'Line 6: a quote mark (") opens here and is never closed: add the closing " at the end of the value',
        ),
        (
            START + "  summary: 'In short\n",
            "Line 6: a quote mark (') opens here and is never closed: add the closing ' at the end of the value",
        ),
        # The next quote mark, lines later, was taken for its end.
        (
            START + '  summary: "In short\n  vision: "We listen"\n',
            'Line 6: a quote mark (") opens here and is not closed on this line: add the closing "',
        ),
        (
            START + '  summary: "In" short\n',
            "Line 6: there is text after the closing quote mark: put the quotes around the whole value",
        ),
        (
            "format: charter/1\npartnership: {name: Wirral}\ncharter: {title: [unclosed\n",
            "Line 3: a [ opens here and is never closed: add the closing ]",
        ),
        (
            "format: charter/1\npartnership: {name: Wirral\ncharter: {title: T}\n",
            "Line 2: a { opens here and is not closed on this line: add the closing }",
        ),
    ],
)
def test_an_unclosed_quote_or_bracket_is_named_where_it_opens(text, problem):
    assert problems_of(text) == [problem]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (START + "   summary: In short\n", 6),
        (START.replace("  title:", "    title:"), 5),
        (START + "principles:\n  - title: T\n   summary: S\n", 8),
        (START + "principles:\n  - title: T\n  summary: S\n", 8),
        (START + "  - a list item among keys\n", 6),
    ],
)
def test_a_line_that_does_not_line_up_is_named(text, line):
    assert problems_of(text) == [
        f"Line {line}: this line does not line up with the lines around it: start it with the same number of "
        "spaces as the other keys (or list items) at its level"
    ]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (START + "  summary: @home\n", 'Line 6: a value cannot start with "@": put the whole value in quotes'),
        (START + "  summary: `x`\n", 'Line 6: a value cannot start with "`": put the whole value in quotes'),
        (START + "  summary: - x\n", 'Line 6: a value cannot start with "- ": put the whole value in quotes'),
        (START + '  summary: "C:\\path"\n', "Line 6: inside double quotes a backslash (\\) must be written twice"),
        (START + "  summary\n", "Line 6: this line is not a key and a value: write it as key: value"),
        (START + "---\nmore: 1\n", "Line 6: a line of three dashes (---) starts a second file here"),
        (START + "  summary: a\x07b\n", "Line 6: there is a special character a charter file cannot hold"),
        (
            START + "  summary: *Important* news\n",
            'Line 6: a value cannot start with "*": put the whole value in quotes',
        ),
        (START + "  summary: & more\n", 'Line 6: a value cannot start with "&": put the whole value in quotes'),
        (START + "  summary: !important\n", 'Line 6: a value cannot start with "!": put the whole value in quotes'),
        (START + "  summary: , and\n", 'Line 6: a value cannot start with ",": put the whole value in quotes'),
        (
            START + "  summary: |x\n    text\n",
            "Line 6: nothing can follow | on its line: start the text on the next line",
        ),
        (START + "%x\nmore: 1\n", 'Line 6: a line cannot start with "%" or "...": put the text in quotes'),
        ("# A note\n broken off the note\n" + START, "Line 2: this line is not a key and a value"),
        ("A note without a hash\n" + START, "Line 1: this line is not a key and a value"),
        ('# A note\n"Our promise" and more\n' + START, "Line 2: this line is not a key and a value"),
    ],
)
def test_other_slips_get_a_plain_sentence_with_their_line(text, problem):
    problems = problems_of(text)
    assert problems[0].startswith(problem), problems
    assert not JARGON.search(problems[0]), problems


@pytest.mark.parametrize(
    "text",
    [
        START + "\ttitle: x\n",
        START + "  title: Charter: our promise\n",
        START + '  summary: "open\n',
        START + "   summary: x\n",
        START + "principles:\n  - title: x\n  summary: y\n",
        START + "  summary: {a: [b}\n",
        START + "  summary: '\n",
        "%YAML 1.1\n%YAML 1.1\n" + START,
        START + "  summary: ? x\n",
        START + "  summary: |\n text\n",
    ],
)
def test_no_problem_with_reading_a_file_uses_yaml_jargon(text):
    for problem in problems_of(text):
        assert re.match(r"^Line \d+: ", problem), problem
        assert not JARGON.search(problem.split("(")[0]), problem


@pytest.mark.parametrize(
    ("key", "meant", "where"),
    [
        ("sumary", "summary", "principle 1, 'sumary'"),
        ("Title", "title", "principle 1, 'Title'"),
        ("commitment", "commitments", "principle 1, 'commitment'"),
        ("theme", "themes", "principle 1, 'theme'"),
    ],
)
def test_a_misspelt_key_gets_did_you_mean(key, meant, where):
    text = START + f"principles:\n  - summary: S\n    {key}: x\n"
    assert f"Line 8, {where}: unknown key: did you mean {meant}?" in problems_of(text)


def test_an_unknown_key_with_nothing_close_lists_the_keys_that_can_go_there():
    assert problems_of(START + "principles:\n  - summary: S\n    colour: blue\n") == [
        "Line 8, principle 1, 'colour': unknown key (expected one of: title, summary, themes, commitments)"
    ]


def test_a_comma_inside_a_value_in_braces_is_explained():
    text = "format: charter/1\npartnership: {name: Wirral}\ncharter: {title: Us, them}\n"
    assert problems_of(text) == [
        "Line 3, charter, 'them': unknown key: if 'them' belongs to the value before it, a comma inside a value "
        "needs the whole value in quotes"
    ]


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("principles[7].sumary", "principle 7, 'sumary'"),
        ("themes[2].statements[3]", "theme 2, statement 3"),
        ("charter.title", "charter, 'title'"),
        ("format", "'format'"),
        ("principles[1].commitments[2].kind", "principle 1, statement 2, 'kind'"),
        ("review_questions[1].questions[2].answer", "review question section 1, question 2, 'answer'"),
        ("case_studies[2].quotes[1]", "case study 2, quote 1"),
        ("plan[1].steps[3]", "plan outcome 1, step 3"),
        ("sections[2].place", "section 2, 'place'"),
        ("signatories[4]", "signatory 4"),
        ("levels[2].name", "level 2, 'name'"),
        ("considerations[1].key", "consideration 1, 'key'"),
        ("outcomes[1].indicators[2]", "outcome 1, indicator 2"),
        ("outcomes[1].themes[1]", "outcome 1, theme 1"),
        ("kite_mark.sign_off_by[2]", "kite mark, group 2"),
        ("meeting_standard.max_minutes", "meeting standard, 'max_minutes'"),
    ],
)
def test_a_problems_place_reads_in_words(path, words):
    assert path_in_words(path) == words


def test_a_problem_keeps_its_machine_path_for_code_and_says_it_in_words_for_people():
    text = START + "principles:\n  - summary: S\n  - summary: S\n    sumary: x\n"
    with pytest.raises(CharterFileError) as error:
        charter_file.read(text)
    [problem] = error.value.problems
    assert problem == Problem(9, "principles[2].sumary", "unknown key: did you mean summary?")
    assert problem.where == "principle 2, 'sumary'"
    assert str(problem) == "Line 9, principle 2, 'sumary': unknown key: did you mean summary?"


def test_the_upload_page_lists_each_problem_linking_to_the_file_input(client, admin):
    client.force_login(admin)
    bad = START.replace("  version:", "\tversion:")
    file = SimpleUploadedFile("charter.yaml", bad.encode(), content_type="application/yaml")
    page = client.post(reverse("charters:upload", args=["wirral"]), {"file": file}).text
    assert "<title>Error: Upload a charter file – Wirral – Charter Portal</title>" in page
    assert '<input type="file" name="file"' in page and 'id="id_file"' in page
    summary = re.search(r'<ul class="govuk-list govuk-error-summary__list app-file-problems">(.*?)</ul>', page, re.S)
    items = re.findall(r"<li>(.*?)</li>", summary[1], re.S)
    assert items == ['<a href="#id_file">Line 5: there is a tab character; use spaces to indent</a>']
    # A file with several problems lists each one, each linking to the input.
    file = SimpleUploadedFile("charter.yaml", (START + "colour: blue\nprinciples:\n  - sumary: x\n").encode())
    page = client.post(reverse("charters:upload", args=["wirral"]), {"file": file}).text
    summary = re.search(r'<ul class="govuk-list govuk-error-summary__list app-file-problems">(.*?)</ul>', page, re.S)
    items = re.findall(r"<li>(.*?)</li>", summary[1], re.S)
    assert len(items) == 3, items
    assert all(item.startswith('<a href="#id_file">Line ') for item in items), items
    assert "principle 1, &#x27;sumary&#x27;: unknown key: did you mean summary?" in summary[1]
    assert "The file has 3 problems" in page


def test_the_upload_page_links_to_the_guide_and_the_example(client, admin):
    client.force_login(admin)
    page = client.get(reverse("charters:upload", args=["wirral"])).text
    assert f'href="{reverse("charter_file_guide")}">How to write a charter file</a>' in page
    assert f'href="{reverse("charter_file_example")}"' in page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_upload_page_with_problems_is_accessible_and_its_links_go_to_the_file_input(page, live_server, admin):
    from tests.browser.conftest import assert_accessible, sign_in, visit

    sign_in(page, live_server, admin)
    visit(page, live_server.url + reverse("charters:upload", args=["wirral"]))
    bad = START + "colour: blue\nprinciples:\n  - sumary: x\n"
    page.get_by_label("Charter file").set_input_files(
        files=[{"name": "charter.yaml", "mimeType": "application/yaml", "buffer": bad.encode()}]
    )
    page.get_by_role("button", name="Check the file").click()
    summary = page.locator(".govuk-error-summary")
    assert "The file has 3 problems" in summary.inner_text()
    assert page.title().startswith("Error:")
    assert_accessible(page)
    summary.get_by_role("link", name="did you mean summary?").click()
    assert page.evaluate("document.activeElement.id") == "id_file"
