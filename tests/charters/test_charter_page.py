import pytest
from django.urls import reverse

from charters.models import Commitment, Principle
from charters.services import publish
from tests.conftest import make_charter


def test_charter_page_shows_every_part_in_plain_words(client, charter):
    text = client.get(reverse("charters:charter", args=["wirral"])).text
    assert "Wirral SEND Co-production Charter" in text
    # Themes are their own section, before the principles in the file's order; a plain statement
    # has no heading, a "how" statement has its kind's.
    assert text.index("Communicate</h3>") < text.index("Principles</h2>") < text.index("Working Together</h3>")
    assert text.index("Working Together</h3>") < text.index("Inclusive</h3>")
    assert "Other principles" not in text and "We will</h4>" not in text
    assert "How we will do it</h4>" in text
    assert "By listening first" in text
    assert "Meetings for parents and carers are held between 10am and 2pm." in text
    assert "Meetings last no longer than 2 hours." in text
    assert "A Leader, Chief Executive" in text
    assert "1 February 2023" in text
    assert "Co-production" in text and "Can earn the kite mark" in text
    assert "Why am I engaging with this person/people?" in text
    assert "Did the experts by experience feel their involvement was valued?" in text
    assert reverse("charters:download", args=["wirral", "2023"]) in text


def test_a_partnership_without_a_charter_says_so(client, partnership):
    response = client.get(reverse("charters:charter", args=["wirral"]))
    assert response.status_code == 200
    assert "Wirral has not published a charter yet" in response.text


def test_an_unknown_partnership_is_not_found(client, db):
    assert client.get(reverse("charters:charter", args=["atlantis"])).status_code == 404


def test_earlier_versions_stay_readable_and_are_marked_superseded(client, charter, draft, admin):
    publish(draft, admin)
    old = client.get(reverse("charters:version", args=["wirral", "2023"])).text
    assert "This version has been superseded." in old
    assert "Read the current charter (version 2024)" in old
    current = client.get(reverse("charters:charter", args=["wirral"])).text
    assert "superseded" not in current
    assert "2024" in current


def test_drafts_are_hidden_from_the_public_but_previewed_by_admins(client, draft, admin):
    url = reverse("charters:version", args=["wirral", "2024"])
    assert client.get(url).status_code == 404
    client.force_login(admin)
    assert "This is a draft." in client.get(url).text


def test_download_gives_the_charter_file(client, charter):
    response = client.get(reverse("charters:download", args=["wirral", "2023"]))
    assert response["Content-Type"] == "application/yaml; charset=utf-8"
    assert 'filename="wirral-charter-2023.yaml"' in response["Content-Disposition"]
    assert response.content.decode().startswith("format: charter/1\n")


def test_partnership_home_page_links_to_the_charter(client, charter):
    text = client.get(reverse("charters:partnership", args=["wirral"])).text
    assert reverse("charters:charter", args=["wirral"]) in text
    assert "version 2023" in text


def grow(charter, principles: int) -> None:
    theme = charter.themes.first()
    for i in range(principles):
        principle = Principle.objects.create(charter=charter, order=100 + i, title=f"Extra {i}")
        principle.themes.add(theme)
        Commitment.objects.bulk_create(
            Commitment(principle=principle, order=j, text=f"Statement {j}", kind=kind)
            for j, kind in enumerate(["we-will", "how", "looks-like"])
        )


@pytest.mark.parametrize("extra", [0, 30])
def test_charter_page_queries_do_not_grow_with_principles(client, partnership, extra, django_assert_max_num_queries):
    charter = make_charter(partnership)
    grow(charter, extra)
    with django_assert_max_num_queries(18):
        response = client.get(reverse("charters:charter", args=["wirral"]))
    assert response.status_code == 200
    assert sum(f"Extra {i}</h3>" in response.text for i in range(extra)) == extra
