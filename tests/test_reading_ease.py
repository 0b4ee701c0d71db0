"""The pages families read score 60 or more for Flesch reading ease: most people find them easy.

The text scored is what the page's <main> shows: headings, paragraphs, labels and buttons, each
block read as a sentence of its own; not the options of a list box, the words inside a text box,
nor the form's field names."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from accounts import demo as people_demo
from charter_portal.readability import EASY, flesch_reading_ease
from charters import demo
from feedback.demo import create_feedback
from feedback.models import Feedback

BLOCKS = {
    *("p", "li", "dt", "dd", "div", "label", "legend", "td", "th", "caption", "button", "summary", "br", "tr"),
    *("h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "fieldset", "details", "span"),
}
LEFT_OUT = {"script", "style", "select", "textarea", "template", "svg"}


class MainText(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.in_main = self.left_out = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.in_main += tag == "main"
        self.left_out += tag in LEFT_OUT
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag) -> None:
        self.in_main -= tag == "main"
        self.left_out -= tag in LEFT_OUT
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data) -> None:
        if self.in_main and not self.left_out:
            self.parts.append(data)


def main_text(html: str) -> str:
    parser = MainText()
    parser.feed(html)
    return re.sub(r"\s*\n\s*", "\n", re.sub(r"[ \t]+", " ", "".join(parser.parts))).strip()


def test_main_text_is_what_the_page_shows():
    html = (
        "<header>Menu</header><main><h1>Tell us</h1><p>You do not need an account.</p>"
        '<label for="t">Topic</label><select id="t" name="topic"><option>Education</option></select>'
        '<textarea name="text">typed</textarea><script>x()</script></main>'
    )
    assert main_text(html) == "Tell us\nYou do not need an account.\nTopic"


@pytest.fixture
def areas(db):
    partnerships = demo.create_partnerships()
    for partnership in partnerships:
        people_demo.create_people(partnership)
    demo.load_seed_charters()
    create_feedback()
    return partnerships


def score(client, url: str) -> float:
    response = client.get(url)
    assert response.status_code == 200
    return flesch_reading_ease(main_text(response.text))


@pytest.mark.parametrize("slug", demo.SEED_FILES)
def test_tell_us_and_you_said_we_did_are_easy_to_read(client, areas, slug):
    assert score(client, reverse("feedback:tell_us", args=[slug])) >= EASY
    assert Feedback.objects.published().filter(partnership__slug=slug).exists()
    assert score(client, reverse("feedback:board", args=[slug])) >= EASY


def test_checking_your_feedback_is_easy_to_read(client, areas):
    assert score(client, reverse("feedback:check")) >= EASY
    # With the error a family most often meets: a reference that is not right.
    response = client.post(reverse("feedback:check"), {"reference": "NOT-A-REF"})
    assert flesch_reading_ease(main_text(response.text)) >= EASY
