import re

import nh3
from django import template
from django.forms import BaseForm, BaseFormSet
from django.http import QueryDict
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml

from charter_portal import formats, glossary, readability

register = template.Library()

# "10am", "2:30pm": Django's own "a" writes "a.m.", which GOV.UK style does not use.
register.filter("clock", formats.clock)
# "1,234 items": a comma between thousands, as GOV.UK writes numbers.
register.filter("number", formats.number)


@register.simple_tag(takes_context=True)
def error_prefix(context) -> str:
    """ "Error: " for the page's title when any form on the page has errors, as GOV.UK asks."""
    for value in context.flatten().values():
        # type(), not isinstance(): isinstance would evaluate the lazy csrf_token, making a page with no
        # form set a CSRF cookie (and so never be kept as a public page for everyone).
        if issubclass(type(value), BaseForm) and value.is_bound and value.errors:
            return "Error: "
        if issubclass(type(value), BaseFormSet) and value.is_bound and value.total_error_count():
            return "Error: "
    return ""


@register.simple_tag(takes_context=True)
def title_place(context) -> str:
    """The project, or else the area, a page belongs to: the middle of "Page - Project or area - Charter Portal"."""
    project = context.get("project")
    if getattr(project, "title", None):
        return project.title
    partnership = context.get("partnership") or getattr(context.get("request"), "partnership", None)
    return getattr(partnership, "name", "")


@register.simple_tag(takes_context=True)
def page_url(context, page_number: int) -> str:
    """The current page's address with `page` set, keeping the filters."""
    query: QueryDict = context["request"].GET.copy()
    query["page"] = page_number
    return f"?{query.urlencode()}"


@register.filter(needs_autoescape=True)
def paragraphs(text: str, autoescape: bool = True) -> str:
    """Text with blank lines between paragraphs, as GOV.UK body paragraphs."""
    escape = conditional_escape if autoescape else str
    parts = [part.strip() for part in re.split(r"\n\s*\n", str(text or "")) if part.strip()]
    return mark_safe(
        "".join(
            f'<p class="govuk-body">{"<br>".join(escape(line) for line in part.splitlines())}</p>' for part in parts
        )
    )


# A charter's free sections are written in a little Markdown: paragraphs, lists, links, emphasis
# and headings. Raw HTML is not read, and what comes out is sanitised to those few tags, with the
# GOV.UK classes, so no charter file can put a script or a style on a page.
_markdown = MarkdownIt("commonmark", {"html": False})
# A picture is shown as its words: a charter's page carries no images from a file.
_markdown.add_render_rule("image", lambda self, tokens, idx, options, env: escapeHtml(tokens[idx].content))
_MARKDOWN_CLASSES = {
    "p": {"class": "govuk-body"},
    "ul": {"class": "govuk-list govuk-list--bullet"},
    "ol": {"class": "govuk-list govuk-list--number"},
    "a": {"class": "govuk-link"},
    "h3": {"class": "govuk-heading-m"},
    "h4": {"class": "govuk-heading-s"},
}


@register.filter
def markdown(text: str) -> str:
    tokens = _markdown.parse(str(text or ""))
    for token in tokens:
        # Headings sit under the section's own heading: "#" and "##" become level 3, the rest level 4.
        if token.type in ("heading_open", "heading_close"):
            token.tag = "h3" if token.tag in ("h1", "h2") else "h4"
    html = _markdown.renderer.render(tokens, _markdown.options, {})
    return mark_safe(
        nh3.clean(
            html,
            tags={"p", "ul", "ol", "li", "a", "strong", "em", "br", "h3", "h4", "code"},
            attributes={"a": {"href"}, "ol": {"start"}},
            set_tag_attribute_values=_MARKDOWN_CLASSES,
            url_schemes={"https", "http", "mailto", "tel"},
        )
    )


class GlossaryLinksNode(template.Node):
    def __init__(self, nodelist) -> None:
        self.nodelist = nodelist

    def render(self, context) -> str:
        return mark_safe(glossary.link_terms(self.nodelist.render(context)))


@register.tag
def glossary_links(parser, token) -> GlossaryLinksNode:
    """{% glossary_links %}…{% endglossary_links %}: the first use of each word of /words-we-use/ inside
    links to its meaning. What is inside is rendered (and escaped) first; only its text is looked at."""
    nodelist = parser.parse(("endglossary_links",))
    parser.delete_first_token()
    return GlossaryLinksNode(nodelist)


@register.filter
def reading_ease(text: str) -> float | None:
    """The Flesch reading ease score of a text (about 0 hard to 100 easy), or None for no words."""
    return readability.flesch_reading_ease(str(text or ""))


@register.filter
def reading_ease_words(score: float) -> str:
    return readability.in_words(score)
