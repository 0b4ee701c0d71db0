import re

from django import template
from django.http import QueryDict
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from charter_portal import formats

register = template.Library()

# "10am", "2:30pm": Django's own "a" writes "a.m.", which GOV.UK style does not use.
register.filter("clock", formats.clock)


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
