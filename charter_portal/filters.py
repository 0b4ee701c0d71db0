"""List filters from a query string: a value that parses is used, anything else is ignored.

Query strings are typed by anyone. A filter never turns one into an error page: "²" is not a
number (although str.isdigit says so), a number beyond a database column is no id, and a NUL
byte is never sent on to PostgreSQL.
"""

import re

from django.http import HttpRequest

ID = re.compile(r"[0-9]{1,18}")
LARGEST_ID = 2**63 - 1
MAX_TEXT = 200


def id_param(request: HttpRequest, name: str) -> int | None:
    """A row id, or None."""
    value = request.GET.get(name, "")
    if ID.fullmatch(value) and 0 < int(value) <= LARGEST_ID:
        return int(value)
    return None


def choice_param(request: HttpRequest, name: str, choices) -> str:
    """One of `choices`, or ""."""
    value = request.GET.get(name, "")
    return value if value in choices else ""


def text_param(request: HttpRequest, name: str) -> str:
    """Text without control characters, no longer than MAX_TEXT; "" if it had any NUL."""
    value = request.GET.get(name, "")
    if "\x00" in value:
        return ""
    return "".join(ch for ch in value if ch >= " ")[:MAX_TEXT].strip()
