"""Partnership pages live at /<slug>/, so a partnership's slug may not be the first part of any other
address of the portal. The list is read from the URL configuration, so a new page is covered at once."""

from functools import cache

from django.core.exceptions import ValidationError
from django.urls import URLPattern, URLResolver, get_resolver


def _first_segments(patterns, prefix: str = "") -> set[str]:
    found = set()
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        first = route.split("/", 1)[0]
        if isinstance(pattern, URLResolver) and not first:
            found |= _first_segments(pattern.url_patterns, route)
        elif first and "<" not in first and isinstance(pattern, URLPattern | URLResolver):
            found.add(first)
    return found


@cache
def reserved_slugs() -> frozenset[str]:
    return frozenset({*_first_segments(get_resolver().url_patterns), "static", "media"})


def validate_partnership_slug(slug: str) -> None:
    if slug in reserved_slugs():
        raise ValidationError(f"“{slug}” is one of the portal's own addresses: choose another", code="reserved")
