import pytest
from django.urls import reverse

from charters.models import CharterEvent
from feedback.forms import topics_for
from feedback.models import Topic


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def test_every_partnership_starts_with_the_usual_topics(partnership):
    assert list(topics_for(partnership).values_list("name", flat=True)) == [
        "Education",
        "Health",
        "Social care",
        "SENDIASS",
        "Local Offer",
        "Short breaks",
        "Transport",
        "Other",
    ]


def test_admin_adds_renames_and_hides_topics(admin_client, partnership):
    admin_client.post(reverse("feedback:topics", args=["wirral"]), {"name": "Preparing for adulthood"})
    topic = Topic.objects.get(name="Preparing for adulthood")
    admin_client.post(reverse("feedback:change_topic", args=["wirral", topic.pk]), {"name": "Adulthood"})
    hide = reverse("feedback:toggle_topic", args=["wirral", topic.pk])
    admin_client.post(hide, {"offered": "no"})
    admin_client.post(hide, {"offered": "no"})  # a double click does not show it again
    topic.refresh_from_db()
    assert (topic.name, topic.active) == ("Adulthood", False)
    timeline = list(CharterEvent.objects.filter(partnership=partnership).values_list("what", flat=True))
    assert timeline[:3] == [
        "The feedback topic “Adulthood” is no longer offered to families",
        "Renamed the feedback topic “Preparing for adulthood” to “Adulthood”",
        "Added the feedback topic “Preparing for adulthood”",
    ]
    page = admin_client.get(reverse("charters:manage", args=["wirral"]))
    assert "Renamed the feedback topic" in page.text
    form = admin_client.get(reverse("feedback:tell_us", args=["wirral"])).context["form"]
    assert topic not in form.fields["topic"].queryset


@pytest.mark.parametrize(
    ("name", "message"), [("", "Enter the topic&#x27;s name"), ("health", "There is already a topic")]
)
def test_bad_topic_names(admin_client, partnership, name, message):
    topics_for(partnership)
    response = admin_client.post(reverse("feedback:topics", args=["wirral"]), {"name": name})
    assert message in response.text


@pytest.mark.parametrize("rows", [2, 30])
def test_topics_page_counts_each_topics_feedback_in_constant_queries(
    admin_client, partnership, rows, django_assert_max_num_queries
):
    from feedback import services

    topics = list(topics_for(partnership))
    for i in range(rows):
        services.submit(partnership, topic=topics[i % 3], who="other", text=f"Item {i}")
    with django_assert_max_num_queries(8):
        response = admin_client.get(reverse("feedback:topics", args=["wirral"]))
    used = {topic.name: topic.used for topic in response.context["topics"]}
    assert used["Education"] == len(range(0, rows, 3))
    assert used["Health"] == len(range(1, rows, 3))
    assert used["Social care"] == len(range(2, rows, 3))
    assert used["Transport"] == 0
