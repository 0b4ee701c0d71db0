"""Counts of a partnership's feedback (the queue's, the board's), kept in the cache until it changes.

Counting tens of thousands of items on every visit is most of what a queue page would cost, yet the
counts change only when feedback is added, or its status, assignment or publication changes. Each
count is kept under a key naming the partnership's *version* and its feedback's latest change:

- every service that adds feedback or changes its status, assignment or publication gives the
  partnership a new version once its transaction has committed (`feedback_changed`). After the
  commit, not before: a page counting at that moment, from what was there before it, keeps its count
  under the old version, which nobody asks for again;
- the latest `updated_at` of the partnership's feedback (one step along an index) catches any other
  change that saves a row: the Django admin, a bulk load, an `update()` that sets it;
- the day is in the key, as "overdue" changes at midnight; and nothing is kept for more than
  COUNTS_SECONDS, for what saves no row at all (an item deleted in the Django admin).
"""

import datetime
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from feedback.models import Feedback

COUNTS_SECONDS = 10 * 60


@dataclass(frozen=True)
class StatusCounts:
    """How many of a partnership's items are in each status, and how many open ones are overdue."""

    by_status: dict[str, int]
    overdue: int


def feedback_changed(partnership_id: int) -> None:
    """The partnership's counts are worked out again once the current transaction commits."""
    transaction.on_commit(lambda: cache.set(_version_key(partnership_id), secrets.token_hex(8), None))


class KeptCounts:
    """The counts of one partnership's feedback for one request, each kept until the feedback changes."""

    def __init__(self, partnership, today: datetime.date | None = None):
        self.partnership = partnership
        self.today = today or timezone.localdate()
        self._prefix = None

    def get(self, name: str, work: Callable):
        """What `work()` counts, kept as `name`."""
        key = f"{self.prefix}:{name}"
        found = cache.get(key)
        if found is None:
            found = work()
            cache.set(key, found, COUNTS_SECONDS)
        return found

    @property
    def prefix(self) -> str:
        if self._prefix is None:
            pk = self.partnership.pk
            self._prefix = f"feedback-counts:{pk}:{_version(pk)}:{_latest_change(self.partnership)}:{self.today}"
        return self._prefix

    def statuses(self) -> StatusCounts:
        """Every status's count and the overdue count, from one grouped query read from the
        (partnership, status, due_on) index."""
        return self.get("statuses", self._count_statuses)

    def _count_statuses(self) -> StatusCounts:
        rows = (
            Feedback.objects.for_partnership(self.partnership)
            .order_by()
            .values_list("status")
            .annotate(n=Count("*"), overdue=Count("due_on", filter=Q(due_on__lt=self.today)))
        )
        by_status, overdue = {}, 0
        for status, n, overdue_n in rows:
            by_status[status] = n
            if status in Feedback.OPEN_STATUSES:
                overdue += overdue_n
        return StatusCounts(by_status, overdue)


def _version_key(partnership_id: int) -> str:
    return f"feedback-counts-version:{partnership_id}"


def _version(partnership_id: int) -> str:
    """The partnership's current version: a fresh random one when the cache has none (or lost it),
    so a count kept under an earlier version is never taken for a current one."""
    key = _version_key(partnership_id)
    version = cache.get(key)
    if version is None:
        cache.add(key, secrets.token_hex(8), None)
        version = cache.get(key)
    return version


def _latest_change(partnership) -> str:
    latest = Feedback.objects.for_partnership(partnership).aggregate(latest=Max("updated_at"))["latest"]
    return latest.isoformat() if latest else "none"
