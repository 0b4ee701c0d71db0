"""The queue's "Assigned to" filter: a short list of the officers given feedback most recently, and any
other officer found by typing their name, so no officer scrolls through every colleague of the area."""

import pytest
from django.urls import reverse

from feedback import services
from feedback.forms import LISTED, topics_for
from tests.factories import staff

QUEUE = reverse("feedback:queue", args=["wirral"])


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def colleagues(partnership, officer):
    """More officers than the list shows, each given one item, the first of them longest ago."""
    topic = topics_for(partnership).first()
    people = [staff("officer", partnership, name=f"Colleague {i:02}") for i in range(LISTED + 6)]
    for person in people:
        item = services.submit(partnership, topic=topic, who="other", text=f"For {person.name}")
        services.assign(item, person, officer)
    return people


def listed(response) -> list[str]:
    return [label for value, label in response.context["form"].fields["assigned"].choices if value.isdigit()]


def texts(response) -> list[str]:
    return [item.text for item in response.context["page_obj"]]


def test_the_list_shows_the_officers_given_feedback_most_recently_and_no_more(officer_client, colleagues):
    response = officer_client.get(QUEUE)
    names = listed(response)
    assert len(names) == LISTED
    assert colleagues[-1].name in names and colleagues[0].name not in names
    assert 'name="assigned_name"' in response.content.decode()


def test_an_officer_not_in_the_list_is_found_by_typing_part_of_their_name(officer_client, colleagues):
    response = officer_client.get(QUEUE, {"assigned_name": "  colleague 00 "})
    assert texts(response) == [f"For {colleagues[0].name}"]
    assert 'value="  colleague 00 "' in response.content.decode()


def test_a_typed_name_that_is_no_officer_finds_nothing(officer_client, colleagues, partnership):
    family = services.submit(partnership, topic=topics_for(partnership).first(), who="other", text="Unassigned")
    assert family.assigned_to is None
    response = officer_client.get(QUEUE, {"assigned_name": "Nobody Of That Name"})
    assert texts(response) == []
    assert "No feedback matches" in response.content.decode()


def test_an_officer_chosen_from_an_earlier_page_stays_chosen_though_not_recent(officer_client, colleagues):
    first = colleagues[0]
    response = officer_client.get(QUEUE, {"assigned": str(first.pk)})
    assert texts(response) == [f"For {first.name}"]
    assert first.name in listed(response)
    assert f'<option value="{first.pk}" selected>' in response.content.decode()


def test_an_officer_of_another_area_cannot_be_chosen_or_found(officer_client, colleagues, other_partnership):
    outsider = staff("officer", other_partnership, name="Colleague Elsewhere")
    assert outsider.name not in listed(officer_client.get(QUEUE, {"assigned": str(outsider.pk)}))
    # An answer the list cannot hold leaves the queue unfiltered rather than showing another area's officer.
    assert len(texts(officer_client.get(QUEUE, {"assigned": str(outsider.pk)}))) == len(colleagues)
    assert texts(officer_client.get(QUEUE, {"assigned_name": "Elsewhere"})) == []


@pytest.mark.parametrize("officers", [3, 30])
def test_the_filter_costs_the_same_queries_however_many_officers(
    officer_client, partnership, officer, officers, django_assert_max_num_queries
):
    topic = topics_for(partnership).first()
    for i in range(officers):
        person = staff("officer", partnership, name=f"Officer {i}")
        services.assign(services.submit(partnership, topic=topic, who="other", text=f"Item {i}"), person, officer)
    with django_assert_max_num_queries(16):
        response = officer_client.get(QUEUE, {"assigned_name": "Officer 1"})
    assert response.status_code == 200 and len(listed(response)) <= LISTED
