"""The review results' charts: named for their question, readable without colour, and in the page's font."""

import html
import re

from django.urls import reverse

from reviews import services
from reviews.models import Answer
from reviews.results import COLOURS
from tests.conftest import review_answers

PATTERN = re.compile(r'<pattern id="(answer-[a-z-]+)".*?</pattern>', re.S)
RECT = re.compile(r"<rect ([^>]*)>")


def attributes(tag: str) -> dict[str, str]:
    return dict(re.findall(r'([a-z-]+)="([^"]*)"', tag))


def luminance(colour: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def results_page(client, forum_lead, project, family, officer) -> str:
    services.answer_review(project, project.members.get(user=family), review_answers(project, "partly"), False)
    services.answer_review(project, project.members.get(user=officer), review_answers(project, "yes"), False)
    client.force_login(forum_lead)
    return client.get(reverse("reviews:results", args=["wirral", project.pk])).text


def test_each_chart_is_named_for_its_question_and_its_answers(
    client, family, officer, forum_lead, project_in_evaluation
):
    project = project_in_evaluation
    page = results_page(client, forum_lead, project, family, officer)
    charts = re.findall(r'<svg class="app-chart" role="img" aria-labelledby="([^"]+)"', page)
    questions = list(project.charter.review_questions.filter(answer="scale"))
    assert len(charts) == len(questions)
    for question, title_id in zip(questions, charts, strict=True):
        title = html.unescape(re.search(rf'<title id="{title_id}">([^<]+)</title>', page)[1])
        assert title == f"Answers to “{question.text}”. Families: 1 partly. Professionals: 1 yes."


def test_segments_differ_by_pattern_and_a_white_line_as_well_as_colour(
    client, family, officer, forum_lead, project_in_evaluation
):
    page = results_page(client, forum_lead, project_in_evaluation, family, officer)
    patterns = {match[1]: match[0] for match in PATTERN.finditer(page)}
    assert set(patterns) == {f"answer-{value}" for value in Answer.values}
    # Each answer's pattern is its own: the colour and what is drawn over it differ.
    drawings = {re.sub(r'id="[^"]+"|fill="#[0-9a-f]{6}"', "", body, count=2) for body in patterns.values()}
    assert len(drawings) == len(patterns)
    for value, colour in COLOURS.items():
        assert f'fill="{colour}"' in patterns[f"answer-{value}"]
    charts = "".join(re.findall(r'<svg class="app-chart" .*?</svg>', page, re.S))
    segments = [attributes(tag) for tag in RECT.findall(charts)]
    assert segments
    for segment in segments:
        # Two segments side by side are parted by a white line with 3:1 contrast against both.
        assert segment["stroke"] == "#ffffff" and float(segment["stroke-width"]) >= 2
        value = segment["fill"].removeprefix("url(#answer-").removesuffix(")")
        assert contrast(COLOURS[value], segment["stroke"]) >= 3
    # The legend shows the same patterns, with words.
    legend = page[page.index('<ul class="govuk-list app-legend"') :]
    legend = legend[: legend.index("</ul>")]
    for value, label in Answer.choices:
        assert f'fill="url(#answer-{value})"' in legend and f"</svg>{label}</li>" in legend


def test_the_groups_names_are_words_on_the_page_not_in_the_picture(
    client, family, officer, forum_lead, project_in_evaluation
):
    page = results_page(client, forum_lead, project_in_evaluation, family, officer)
    chart = page[page.index('<div class="app-chart-box">') :]
    chart = chart[: chart.index("</svg>")]
    assert '<p class="app-chart-box__label" aria-hidden="true">Families</p>' in chart
    assert '<p class="app-chart-box__label" aria-hidden="true">Professionals</p>' in chart
    assert "<text" not in page
    # The numbers' table scrolls in its own box on a phone.
    assert '<div class="app-table-scroll" role="region" aria-label="Answers to: ' in page
