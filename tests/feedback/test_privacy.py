"""The publishing checks hold however a name, a number or the family's words are written: each case
here got round an earlier version of them."""

import pytest

from feedback import services
from feedback.privacy import publishing_problems

ORIGINAL = (
    "My daughter waited eleven months for her speech therapy assessment and in that time she stopped "
    "talking at school, and nobody from the service called us back when we asked for an update."
)


@pytest.fixture
def item(partnership):
    from feedback.forms import topics_for

    return services.submit(
        partnership,
        topic=topics_for(partnership).get(name="Health"),
        who="parent-carer",
        text=ORIGINAL,
        name="Siobhan O'Neill-Hughes",
        email="siobhan.oneill@example.com",
        phone="07700 900123",
        consent_to_contact=True,
        consent_to_publish=True,
    )


def every_fourth_word_changed(text: str) -> str:
    return " ".join("something" if i % 4 == 3 else word for i, word in enumerate(text.split()))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Siobhan O’Neill-Hughes waited for therapy.", "Take out their name and contact details"),
        ("Call 07700.900.123 about it.", "Take out their name and contact details"),
        ("Call 07700/900/123 about it.", "Take out their name and contact details"),
        ("Call 0 7 7 0 0 9 0 0 1 2 3 about it.", "Take out their name and contact details"),
        ("Call ０７７００ ９００１２３ about it.", "Take out their name and contact details"),
        ("Call O77OO 9OO123 about it.", "Take out their name and contact details"),
        ("Write to siobhan.oneill [at] example [dot] com.", "Take out their name and contact details"),
        ("Ring 0161 496.0000 for the service.", "Take out the email address or phone number"),
        ("Write to office [at] clinic [dot] example for help.", "Take out the email address or phone number"),
        ("Siobhan waited for therapy.", "Take out the name"),
        ("Mrs Hughes waited for therapy.", "Take out the name"),
        ("Mrs O’Neill waited for therapy.", "Take out the name"),
        (every_fourth_word_changed(ORIGINAL), "Write it in your own words"),
    ],
)
def test_what_got_round_the_checks_is_refused(item, text, message):
    for field in ("you_said", "we_did"):
        texts = {"you_said": "A parent waited months for therapy.", "we_did": "We now call every family back."}
        texts[field] = text
        problems = publishing_problems(item, texts["you_said"], texts["we_did"])
        assert message in problems.get(field, ""), (field, text, problems)


@pytest.mark.parametrize(
    "text",
    [
        "A parent told us a speech therapy assessment took nearly a year, and no one returned their calls.",
        "In 2023 and 2024 we answered 100 200 calls: the service now rings every family back within a week.",
        "We did three things about it.",
    ],
)
def test_an_honest_summary_still_passes(item, text):
    assert publishing_problems(item, text, "We now call every family back within five working days.") == {}
