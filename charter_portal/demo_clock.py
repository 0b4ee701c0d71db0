"""The demo's clock: the demo tells each area's story over months and years, so what it makes inside
`at(moment)` is dated then, as if people had done it on that day.

Every time the portal keeps comes from django.utils.timezone.now, called by the code or as a model
field's default, so the clock stands in for that one function while the demo runs (the demo command
alone does this: nothing that serves pages uses it). Time still passes inside: two things done one
after the other keep their order."""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager

from django.apps import apps
from django.utils import timezone

_real_now = timezone.now


def moment(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    """A time on a day, in the portal's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@contextmanager
def at(when: datetime.datetime | datetime.date) -> Iterator[None]:
    """Everything done inside is dated `when` (a day means 10am that day), and never later than now."""
    if not isinstance(when, datetime.datetime):
        when = moment(when)
    when = min(when, _real_now())
    started = _real_now()

    def now() -> datetime.datetime:
        return when + (_real_now() - started)

    fields = [
        field for model in apps.get_models() for field in model._meta.concrete_fields if field.default is _real_now
    ]
    saved = timezone.now, [field.__dict__.get("_get_default") for field in fields]
    timezone.now = now
    for field in fields:
        field.__dict__["_get_default"] = now
    try:
        yield
    finally:
        timezone.now = saved[0]
        for field, default in zip(fields, saved[1], strict=True):
            if default is None:
                field.__dict__.pop("_get_default", None)
            else:
                field.__dict__["_get_default"] = default
