"""The queue's counts: one grouped query, kept in the cache, and never shown stale.

Each test here looks at the queue (so its counts are kept), changes the feedback the way an officer
or a family would, and looks again: the change must show at once."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from feedback import services
from feedback.counts import KeptCounts, feedback_changed
from feedback.forms import topics_for
from feedback.models import Feedback

QUEUE = reverse("feedback:queue", args=["wirral"])


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    """What runs once a transaction commits (the tests' own transaction never does)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def submit(partnership, text: str = "The bus was late", **fields) -> Feedback:
    return services.submit(partnership, topic=topics_for(partnership).first(), who="other", text=text, **fields)


def counts(response) -> dict[str, int]:
    shown = {value: n for _label, n, value in response.context["counts"]}
    return {**shown, "overdue": response.context["overdue_count"]}


def total(response) -> int:
    return response.context["page_obj"].paginator.count


def url(name: str, feedback: Feedback) -> str:
    return reverse(f"feedback:{name}", args=["wirral", feedback.reference])


def feedback_sql(queries) -> list[str]:
    return [q["sql"] for q in queries if 'FROM "feedback_feedback"' in q["sql"]]


def test_counts_by_status_come_from_one_grouped_query_then_from_the_cache(officer_client, officer, partnership):
    items = [submit(partnership) for _ in range(3)]
    services.change_status(items[0], "considering", officer)
    with CaptureQueriesContext(connection) as queries:
        response = officer_client.get(QUEUE)
    assert counts(response) == {"received": 2, "considering": 1, "doing": 0, "done": 0, "not-able": 0, "overdue": 0}
    sql = feedback_sql(queries)
    assert len([q for q in sql if "GROUP BY" in q]) == 1
    # Two counts: the grouped one, and the queue's own (for its pages).
    assert len([q for q in sql if "COUNT(" in q]) == 2
    with CaptureQueriesContext(connection) as queries:
        again = officer_client.get(QUEUE)
    assert counts(again) == counts(response)
    assert not [q for q in feedback_sql(queries) if "COUNT(" in q]


def test_new_feedback_shows_at_once(officer_client, partnership, commits):
    submit(partnership)
    assert counts(officer_client.get(QUEUE))["received"] == 1
    with commits():
        new = submit(partnership, "The taxi never came")
    response = officer_client.get(QUEUE)
    assert counts(response)["received"] == 2
    assert total(response) == 2
    assert new.display_reference in response.text


def test_a_status_change_shows_at_once(officer_client, partnership, commits):
    item = submit(partnership)
    submit(partnership)
    assert total(officer_client.get(QUEUE, {"status": "considering"})) == 0
    with commits():
        officer_client.post(url("status", item), {"status": "considering"})
    response = officer_client.get(QUEUE)
    assert (counts(response)["received"], counts(response)["considering"]) == (1, 1)
    assert total(officer_client.get(QUEUE, {"status": "considering"})) == 1
    # Closed, it leaves the open queue, and its count moves with it.
    with commits():
        officer_client.post(url("status", item), {"status": "done"})
    response = officer_client.get(QUEUE)
    assert (counts(response)["considering"], counts(response)["done"], total(response)) == (0, 1, 1)


def test_an_assignment_shows_at_once(officer_client, officer, partnership, commits):
    items = [submit(partnership) for _ in range(3)]
    assert total(officer_client.get(QUEUE, {"assigned": "nobody"})) == 3
    assert total(officer_client.get(QUEUE, {"assigned": officer.pk})) == 0
    with commits():
        officer_client.post(url("assign", items[0]), {"officer": officer.pk})
    nobody = officer_client.get(QUEUE, {"assigned": "nobody"})
    assert total(nobody) == 2
    assert items[0].display_reference not in nobody.text
    assert total(officer_client.get(QUEUE, {"assigned": officer.pk})) == 1


def test_the_overdue_count_follows_the_status_and_the_day(officer_client, officer, partnership, commits):
    late = submit(partnership, received_at=timezone.now() - datetime.timedelta(days=60))
    submit(partnership)
    assert counts(officer_client.get(QUEUE))["overdue"] == 1
    assert total(officer_client.get(QUEUE, {"overdue": "on"})) == 1
    with commits():
        services.change_status(late, "considering", officer)
        services.change_status(late, "done", officer)
    assert counts(officer_client.get(QUEUE))["overdue"] == 0
    assert total(officer_client.get(QUEUE, {"overdue": "on"})) == 0
    # Kept for today, counted again tomorrow, when what is due today is overdue.
    open_item = Feedback.objects.get(status="received")
    tomorrow = open_item.due_on + datetime.timedelta(days=1)
    assert KeptCounts(partnership).statuses().overdue == 0
    assert KeptCounts(partnership, today=tomorrow).statuses().overdue == 1


def test_a_change_made_outside_the_services_shows_too(officer_client, partnership):
    """The Django admin saves the row (its "last changed" moves); no service tells the counts."""
    item = submit(partnership)
    assert counts(officer_client.get(QUEUE))["received"] == 1
    Feedback.objects.filter(pk=item.pk).update(status="considering", updated_at=timezone.now())
    response = officer_client.get(QUEUE)
    assert (counts(response)["received"], counts(response)["considering"]) == (0, 1)


def test_counts_made_before_a_commit_are_not_kept_for_after_it(partnership, commits):
    """A page counting while a change is saved but not yet committed counts what was there before;
    what it keeps is under the version the commit then replaces, so nobody is shown it afterwards."""
    before = KeptCounts(partnership).prefix
    with commits(), transaction.atomic():
        feedback_changed(partnership.pk)
        assert KeptCounts(partnership).prefix == before
    assert KeptCounts(partnership).prefix != before


def test_a_version_lost_from_the_cache_is_never_taken_for_an_earlier_one(partnership):
    before = KeptCounts(partnership).prefix
    cache.delete(f"feedback-counts-version:{partnership.pk}")
    assert KeptCounts(partnership).prefix != before


def test_each_partnership_keeps_its_own_counts(officer_client, partnership, other_partnership, commits):
    submit(partnership)
    assert counts(officer_client.get(QUEUE))["received"] == 1
    with commits():
        submit(other_partnership)
        submit(other_partnership)
    assert counts(officer_client.get(QUEUE))["received"] == 1
    assert KeptCounts(other_partnership).statuses().by_status == {"received": 2}
