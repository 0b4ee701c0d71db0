"""The officers' feedback queue: its orders, closed items out of the way, the Received column."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from feedback import services
from feedback.forms import topics_for
from feedback.models import Feedback, QueueOrder

QUEUE = reverse("feedback:queue", args=["wirral"])
UTC = datetime.UTC


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def item(partnership, text: str, **stored) -> Feedback:
    """An item, then the stored fields as given (an update: the "last changed" time is not touched)."""
    feedback = services.submit(partnership, topic=topics_for(partnership).first(), who="other", text=text)
    if stored:
        Feedback.objects.filter(pk=feedback.pk).update(**stored)
    return feedback


@pytest.fixture
def three(partnership):
    """Received first, second, third; due in another order; changed in a third."""
    return {
        "first": item(
            partnership,
            "first",
            received_at=datetime.datetime(2026, 3, 2, 9, tzinfo=UTC),
            due_on=datetime.date(2026, 3, 20),
            updated_at=datetime.datetime(2026, 3, 10, tzinfo=UTC),
        ),
        "second": item(
            partnership,
            "second",
            received_at=datetime.datetime(2026, 3, 3, 9, tzinfo=UTC),
            due_on=datetime.date(2026, 3, 16),
            updated_at=datetime.datetime(2026, 3, 4, tzinfo=UTC),
        ),
        "third": item(
            partnership,
            "third",
            received_at=datetime.datetime(2026, 3, 4, 9, tzinfo=UTC),
            due_on=datetime.date(2026, 3, 18),
            updated_at=datetime.datetime(2026, 3, 5, tzinfo=UTC),
        ),
    }


def texts(response) -> list[str]:
    return [f.text for f in response.context["page_obj"]]


def test_the_queue_is_newest_first_by_default(officer_client, three):
    response = officer_client.get(QUEUE)
    assert texts(response) == ["third", "second", "first"]
    assert '<caption class="govuk-table__caption govuk-table__caption--m">Newest first</caption>' in response.text
    assert '<option value="newest" selected>Newest first</option>' in response.text


@pytest.mark.parametrize(
    ("sort", "expected", "caption"),
    [
        ("newest", ["third", "second", "first"], "Newest first"),
        ("due", ["second", "third", "first"], "Oldest due first"),
        ("changed", ["first", "third", "second"], "Recently changed first"),
    ],
)
def test_each_order_gives_its_order(officer_client, three, sort, expected, caption):
    response = officer_client.get(QUEUE, {"sort": sort})
    assert texts(response) == expected
    assert f'govuk-table__caption--m">{caption}</caption>' in response.text
    assert f'<option value="{sort}" selected>{caption}</option>' in response.text


@pytest.mark.parametrize("sort", list(QueueOrder))
def test_items_at_the_same_moment_keep_their_place(officer_client, partnership, sort):
    same = {
        "received_at": datetime.datetime(2026, 3, 3, 9, tzinfo=UTC),
        "due_on": datetime.date(2026, 3, 17),
        "updated_at": datetime.datetime(2026, 3, 3, 9, tzinfo=UTC),
    }
    made = [item(partnership, f"item {i}", **same) for i in range(4)]
    response = officer_client.get(QUEUE, {"sort": sort})
    oldest_first = sort == QueueOrder.DUE
    expected = [f.pk for f in (made if oldest_first else reversed(made))]
    assert [f.pk for f in response.context["page_obj"]] == expected


@pytest.mark.parametrize("sort", ["oldest", "", "DUE", "due ", "-received_at"])
def test_an_unknown_order_is_ignored_and_the_other_filters_still_apply(officer_client, partnership, three, sort):
    services.submit(partnership, topic=topics_for(partnership).first(), who="other", text="about buses")
    response = officer_client.get(QUEUE, {"sort": sort, "q": "buses"})
    assert response.status_code == 200
    assert texts(response) == ["about buses"]
    response = officer_client.get(QUEUE, {"sort": sort})
    assert texts(response)[1:] == ["third", "second", "first"]


def test_the_order_and_filters_are_kept_from_page_to_page(officer_client, partnership):
    for i in range(30):
        item(partnership, f"item {i}", due_on=datetime.date(2026, 4, 1) + datetime.timedelta(days=i))
    response = officer_client.get(QUEUE, {"sort": "due", "closed": "on"})
    assert texts(response)[0] == "item 0"
    assert 'href="?sort=due&amp;closed=on&amp;page=2"' in response.text
    response = officer_client.get(QUEUE, {"sort": "due", "closed": "on", "page": "2"})
    assert texts(response) == [f"item {i}" for i in range(25, 30)]


def test_closed_feedback_is_hidden_unless_asked_for(officer_client, officer, partnership, three):
    services.change_status(three["first"], "considering", officer)
    services.change_status(three["first"], "done", officer)
    services.change_status(three["second"], "not-able", officer, "It is not ours to change.")
    response = officer_client.get(QUEUE)
    assert texts(response) == ["third"]
    assert 'name="closed" type="checkbox" aria-describedby' in response.text
    # The counts still count everything, and each one shows its own items.
    assert ("We did", 1, "done") in response.context["counts"]
    assert ("Not able to", 1, "not-able") in response.context["counts"]
    assert texts(officer_client.get(QUEUE, {"status": "done"})) == ["first"]
    assert texts(officer_client.get(QUEUE, {"status": "not-able"})) == ["second"]
    response = officer_client.get(QUEUE, {"closed": "on"})
    assert texts(response) == ["third", "second", "first"]
    assert 'name="closed" type="checkbox" checked' in response.text


def test_when_only_closed_feedback_matches_the_page_says_it_is_hidden(officer_client, officer, three):
    for f in three.values():
        services.change_status(f, "considering", officer)
        services.change_status(f, "done", officer)
    response = officer_client.get(QUEUE)
    assert texts(response) == []
    assert "Closed feedback is only shown when you include it." in response.text


def test_the_received_column_shows_the_day_it_came_in(officer_client, partnership):
    # The day in London: 11:30 pm GMT on 2 March, and 12:30 am British Summer Time on 1 July.
    item(partnership, "late", received_at=datetime.datetime(2026, 3, 2, 23, 30, tzinfo=UTC))
    item(partnership, "summer", received_at=datetime.datetime(2026, 6, 30, 23, 30, tzinfo=UTC))
    page = officer_client.get(QUEUE).text
    assert '<th scope="col" class="govuk-table__header">Received</th>' in page
    assert '<td class="govuk-table__cell">2 March 2026</td>' in page
    assert '<td class="govuk-table__cell">1 July 2026</td>' in page


def test_the_table_scrolls_in_its_own_box(officer_client, three):
    page = officer_client.get(QUEUE).text
    assert '<div class="app-table-scroll" role="region" aria-label="Feedback" tabindex="0">' in page


def test_a_note_or_a_change_brings_an_item_to_the_top_of_recently_changed(officer_client, officer, three):
    services.add_note(three["second"], officer, "Rang the school.")
    assert texts(officer_client.get(QUEUE, {"sort": "changed"}))[0] == "second"
    services.assign(three["third"], officer, officer)
    assert texts(officer_client.get(QUEUE, {"sort": "changed"}))[:2] == ["third", "second"]


def test_linking_nothing_new_does_not_count_as_a_change(officer, three):
    before = Feedback.objects.get(pk=three["first"].pk).updated_at
    services.link(three["first"], None, None, officer)
    assert Feedback.objects.get(pk=three["first"].pk).updated_at == before
    assert not three["first"].events.filter(kind="linked").exists()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plan")
@pytest.mark.parametrize("sort", list(QueueOrder))
@pytest.mark.parametrize("filters", [{}, {"closed": "on"}, {"status": "done"}, {"assigned": "nobody"}])
def test_each_order_is_read_from_an_index(officer_client, partnership, sort, filters):
    """No sorting of the whole list on each visit: the rows come out of an index in order."""
    item(partnership, "open")
    item(partnership, "done", status="done")
    with CaptureQueriesContext(connection) as queries:
        officer_client.get(QUEUE, {"sort": sort, **filters})
    # The page's ids, read first (charter_portal/pagination.py), in the order asked for.
    page_query = next(
        q["sql"]
        for q in queries
        if "LIMIT" in q["sql"] and q["sql"].startswith('SELECT "feedback_feedback"."id" AS "pk" FROM')
    )
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {page_query}")
        plan = " / ".join(row[-1] for row in cursor.fetchall())
    assert "TEMP B-TREE" not in plan, plan
    # Each order's own index (Feedback.Meta.indexes names them after the orders); the index alone when
    # it holds all the page's query needs.
    assert re.search(f"USING (COVERING )?INDEX feedback_queue_{sort} ", plan), plan


@pytest.mark.parametrize("sort", list(QueueOrder))
def test_every_page_holds_its_share_of_the_order_however_deep(officer_client, partnership, sort):
    """Pages past the middle are read from the far end of the order's index: each still holds the
    items an ordinary count from the start would give it, the last one included."""
    start = datetime.datetime(2026, 3, 2, 9, tzinfo=UTC)
    for i in range(80):
        # Several at each moment and due date, so the primary key decides between them.
        item(
            partnership,
            f"item {i}",
            received_at=start + datetime.timedelta(hours=i // 3),
            due_on=datetime.date(2026, 4, 1) + datetime.timedelta(days=(i * 7) % 11),
            updated_at=start + datetime.timedelta(hours=(i * 5) % 13),
        )
    expected = list(Feedback.objects.in_order(sort).values_list("text", flat=True))
    pages = [texts(officer_client.get(QUEUE, {"sort": sort, "page": page})) for page in (1, 2, 3, 4)]
    assert pages == [expected[0:25], expected[25:50], expected[50:75], expected[75:80]]
    # Beyond the last page: the last page.
    assert texts(officer_client.get(QUEUE, {"sort": sort, "page": "9"})) == expected[75:80]
    response = officer_client.get(QUEUE, {"sort": sort, "page": "3"})
    assert "Showing 51 to 75 of 80" in response.text


def test_deep_pages_of_a_filtered_queue_hold_only_what_matches(officer_client, officer, partnership):
    for i in range(60):
        made = item(partnership, f"item {i}", received_at=datetime.datetime(2026, 3, 2, tzinfo=UTC))
        if i % 2:
            services.assign(made, officer, officer)
    expected = [f"item {i}" for i in range(58, -1, -2)]
    pages = [texts(officer_client.get(QUEUE, {"assigned": "nobody", "page": page})) for page in (1, 2)]
    assert pages == [expected[:25], expected[25:]]
