"""Times, counts and lengths written as people say them, in the GOV.UK style: "10am", "2:30pm",
"midday", "1,234", "2 hours"."""

import datetime

from django.utils import timezone


def clock(value: datetime.time | datetime.datetime | None) -> str:
    """10:00 as "10am", 14:30 as "2:30pm", 12:00 as "midday" and 00:00 as "midnight" (the GOV.UK
    style guide: never "12pm", nor Django's "2:30 p.m."); a date and time in the local time zone."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.time()
    if value.minute == 0 and value.hour in (0, 12):
        return "midnight" if value.hour == 0 else "midday"
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"


def number(value: int | None) -> str:
    """A count with a comma between thousands, "1,234", as GOV.UK writes numbers."""
    if value is None or value == "":
        return ""
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return str(value)


def duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if rest:
        parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return " and ".join(parts)


def in_sentence(label: str) -> str:
    """A choice's label as it reads mid-sentence: "parent carer forum", but "NHS" stays "NHS"."""
    first, _, rest = str(label).partition(" ")
    if first.isupper() and len(first) > 1:
        return label
    return f"{first[:1].lower()}{first[1:]}{' ' if rest else ''}{rest}"
