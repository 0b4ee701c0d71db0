from django import template
from django.http import QueryDict

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, page_number: int) -> str:
    """The current page's address with `page` set, keeping the filters."""
    query: QueryDict = context["request"].GET.copy()
    query["page"] = page_number
    return f"?{query.urlencode()}"
