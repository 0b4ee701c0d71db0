"""Searching the officers' queue: the same items as before, found through the stored words and their GIN
index on PostgreSQL (the texts themselves on SQLite), kept right whenever a text changes."""

import datetime

import pytest
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from feedback import services, views
from feedback.forms import topics_for
from feedback.models import Feedback, QueueOrder

QUEUE = reverse("feedback:queue", args=["wirral"])
ON_POSTGRESQL = pytest.mark.skipif(connection.vendor != "postgresql", reason="reads PostgreSQL's stored words")
INDEX_NAME = "feedback_search_gin"

TEXTS = [
    "Transport to school was late again this week.",
    "My daughter was transported to the wrong school.",
    "The short breaks club closed without warning.",
    "Nobody answered the phone at the SENDIASS office.",
]


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def items(partnership):
    topic = topics_for(partnership).first()
    return [services.submit(partnership, topic=topic, who="other", text=text) for text in TEXTS]


def found(client, words: str) -> set[str]:
    response = client.get(QUEUE, {"q": words})
    assert response.status_code == 200
    return {f.text for f in response.context["page_obj"]}


def found_before(words: str) -> set[str]:
    """What the queue found before the words were stored: worked out for every row, every time."""
    items = Feedback.objects.all()
    if connection.vendor == "postgresql":
        items = items.annotate(words=SearchVector("text", "you_said", "we_did", config="english")).filter(
            words=SearchQuery(words, config="english")
        )
    else:
        items = items.filter(Q(text__icontains=words) | Q(you_said__icontains=words) | Q(we_did__icontains=words))
    return set(items.values_list("text", flat=True))


@pytest.mark.parametrize(
    "words, expected",
    [
        ("transport", {0, 1}),
        ("Transport", {0, 1}),
        ("school", {0, 1}),
        ("short breaks", {2}),
        ("SENDIASS", {3}),
        ("zebra", set()),
    ],
)
def test_search_finds_what_it_found_before(officer_client, items, words, expected):
    assert found(officer_client, words) == {TEXTS[i] for i in expected} == found_before(words)


@ON_POSTGRESQL
def test_other_forms_of_a_word_are_found(officer_client, items):
    """Stored words are stems, as before: "transported" is found by "transport", and the other way round."""
    assert found(officer_client, "transported") == {TEXTS[0], TEXTS[1]} == found_before("transported")
    assert found(officer_client, "schools") == {TEXTS[0], TEXTS[1]}


@pytest.mark.parametrize("typed", ["display", "stored", "lower case", "spaced"])
def test_a_reference_is_found_exactly(officer_client, items, typed):
    wanted = items[2]
    words = {
        "display": wanted.display_reference,
        "stored": wanted.reference,
        "lower case": wanted.display_reference.lower(),
        "spaced": f" {wanted.reference[:4]} {wanted.reference[4:]} ",
    }[typed]
    assert found(officer_client, words) == {wanted.text}


def test_part_of_a_reference_is_not_a_match(officer_client, items):
    assert found(officer_client, items[2].reference[:6]) == set()


def test_search_words_typed_like_a_web_search_are_safe(officer_client, items):
    """Quotes, minus signs and "or" are read as a web search; nothing typed makes the page fail."""
    for words in ['"was late"', "transport -wrong", "breaks or SENDIASS", "&|!():*", "'", "-", "or", "the"]:
        assert officer_client.get(QUEUE, {"q": words}).status_code == 200
    if connection.vendor == "postgresql":
        assert found(officer_client, "transport -wrong") == {TEXTS[0]}
        assert found(officer_client, "breaks or SENDIASS") == {TEXTS[2], TEXTS[3]}


def test_the_export_finds_the_same_items(officer_client, items):
    response = officer_client.get(reverse("feedback:export", args=["wirral"]), {"q": "transport"})
    body = b"".join(response.streaming_content).decode()
    assert items[0].display_reference in body and items[1].display_reference in body
    assert items[2].display_reference not in body


def test_searching_does_not_cost_more_queries(officer_client, items, django_assert_max_num_queries):
    with django_assert_max_num_queries(14):
        assert found(officer_client, "transport")


# Kept right: every way a searched text changes.


def test_what_is_published_is_found_once_published(officer_client, officer, feedback_item):
    services.change_status(feedback_item, "doing", officer)
    assert found(officer_client, "ferries") == set()
    services.publish(feedback_item, officer, "A parent said passports get lost.", "Ferries now carry spares.")
    assert found(officer_client, "ferries") == {feedback_item.text}
    # Changed again: the old words go, the new ones come.
    services.publish(feedback_item, officer, "A parent said passports get lost.", "Clinics now scan them.")
    assert found(officer_client, "ferries") == set()
    assert found(officer_client, "clinics") == {feedback_item.text}


def test_the_officers_publish_form_changes_what_is_found(officer_client, officer, feedback_item):
    services.change_status(feedback_item, "doing", officer)
    data = {"you_said": "A parent told us records go missing.", "we_did": "Ferries carry spare copies."}
    url = reverse("feedback:publish", args=["wirral", feedback_item.reference])
    assert officer_client.post(url, data).status_code == 302
    assert found(officer_client, "ferries") == {feedback_item.text}


@pytest.mark.parametrize("how", ["save", "update", "bulk_create"])
def test_text_written_any_way_is_found(officer_client, partnership, feedback_item, how):
    """The admin saves every column; a data fix uses update(); bench data is made with bulk_create."""
    if how == "save":
        feedback_item.text = "The ferry to the clinic was cancelled."
        feedback_item.save()
        wanted = feedback_item.text
    elif how == "update":
        Feedback.objects.filter(pk=feedback_item.pk).update(text="The ferry to the clinic was cancelled.")
        wanted = "The ferry to the clinic was cancelled."
    else:
        wanted = "The ferry to the island is never on time."
        due_on = datetime.date(2026, 1, 5)
        Feedback.objects.bulk_create(
            [Feedback(partnership=partnership, topic=feedback_item.topic, who="other", text=wanted, due_on=due_on)]
        )
    assert wanted in found(officer_client, "ferry")
    assert found(officer_client, "passport") == (set() if how != "bulk_create" else {feedback_item.text})


@ON_POSTGRESQL
def test_saving_an_item_as_read_keeps_its_words(feedback_item):
    """A save of every column writes back the stored words it read (or none, from a new object): both kept."""
    stored = Feedback.objects.values_list("search_vector", flat=True).get(pk=feedback_item.pk)
    assert "'passport'" in stored
    feedback_item.save()
    again = Feedback.objects.get(pk=feedback_item.pk)
    again.status = "considering"
    again.save()
    assert Feedback.objects.values_list("search_vector", flat=True).get(pk=feedback_item.pk) == stored


@ON_POSTGRESQL
def test_other_changes_leave_the_words_alone(officer, feedback_item):
    stored = Feedback.objects.values_list("search_vector", flat=True).get(pk=feedback_item.pk)
    services.assign(feedback_item, officer, officer)
    services.change_status(feedback_item, "considering", officer)
    assert Feedback.objects.values_list("search_vector", flat=True).get(pk=feedback_item.pk) == stored


# Served by the indexes.


def _plan(queryset) -> str:
    with connection.cursor() as cursor:
        # A small table is quicker to read whole; off, the planner shows the index it would use on a big one.
        cursor.execute("SET LOCAL enable_seqscan = off")
    return queryset.explain()


@ON_POSTGRESQL
def test_the_queue_searches_the_stored_words(officer_client, items):
    """The page and its count compare the stored words: none are worked out per row."""
    with CaptureQueriesContext(connection) as queries:
        response = officer_client.get(QUEUE, {"q": "transport"})
    assert len(response.context["page_obj"]) == 2
    searches = [q["sql"] for q in queries if "websearch_to_tsquery" in q["sql"]]
    assert len(searches) == 2, searches  # how many (which decides the order too), and the page
    for sql in searches:
        assert '"feedback_feedback"."search_vector" @@' in sql and "to_tsvector" not in sql, sql


@ON_POSTGRESQL
def test_search_and_reference_are_both_read_from_indexes(items):
    plan = _plan(views._search(Feedback.objects.all(), "transport"))
    assert "Bitmap Index Scan on " + INDEX_NAME in plan, plan
    assert "Bitmap Index Scan on feedback_feedback_reference" in plan, plan
    assert "Seq Scan" not in plan, plan


@pytest.mark.parametrize("order", list(QueueOrder))
def test_sorted_once_found_is_the_same_order(partnership, order):
    """For a search that finds few, the page is sorted from what it found: in the same order as the index's."""
    topic = topics_for(partnership).first()
    for i in range(6):
        services.submit(partnership, topic=topic, who="other", text=f"Item {i}")
    # Some at the same moment, so the tie-breaker counts too.
    Feedback.objects.filter(text__in=["Item 1", "Item 2", "Item 3"]).update(
        received_at=datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC), due_on=datetime.date(2026, 3, 20)
    )
    by_index = list(Feedback.objects.in_order(order).values_list("pk", flat=True))
    assert list(Feedback.objects.in_order(order, by_index=False).values_list("pk", flat=True)) == by_index


def _page_query(client, words: str) -> str:
    with CaptureQueriesContext(connection) as queries:
        client.get(QUEUE, {"q": words})
    return next(
        q["sql"]
        for q in queries
        if "LIMIT" in q["sql"] and "COUNT" not in q["sql"] and "websearch_to_tsquery" in q["sql"]
    )


@ON_POSTGRESQL
def test_a_search_that_finds_few_is_sorted_once_found(officer_client, items):
    """An order's index would pass by most of the area's items to fill a page with the few found: the
    page is sorted from them instead (found through the GIN index on a big table)."""
    sql = _page_query(officer_client, "transport")
    assert 'ORDER BY ("feedback_feedback"."received_at" + \'0:00:00\'::interval) DESC' in sql, sql


@ON_POSTGRESQL
def test_a_search_that_finds_many_is_read_in_order(officer_client, items, monkeypatch):
    """Many found: the order's index soon fills a page."""
    monkeypatch.setattr(views, "FEW_FOUND", 1)
    sql = _page_query(officer_client, "transport")
    assert 'ORDER BY "feedback_feedback"."received_at" DESC, "feedback_feedback"."id" DESC' in sql, sql


@ON_POSTGRESQL
def test_a_search_counts_what_it_finds_once_for_the_order_and_the_pages(officer_client, items):
    """One count of the matches, whole (a count cut short at a limit is read along the area's items
    rather than from the GIN index), decides the order and gives the pages their number."""
    with CaptureQueriesContext(connection) as queries:
        page = officer_client.get(QUEUE, {"q": "transport"})
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"] and "websearch_to_tsquery" in q["sql"]]
    assert len(counts) == 1 and "LIMIT" not in counts[0], counts
    assert page.context["page_obj"].paginator.count == Feedback.objects.filter(text__icontains="transport").count()
