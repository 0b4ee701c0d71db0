"""A choice among an area's projects never lists them all: the newest few are listed and any other
is found by typing its name, without JavaScript."""

import re

import pytest
from django.urls import reverse

from feedback.forms import LISTED, topics_for
from feedback.models import Feedback
from projects import services as projects
from tests.conftest import make_feedback

pytestmark = pytest.mark.django_db

NAMES = [f"Short breaks {n:02d}" for n in range(LISTED + 3)] + ["Transition to adult health services"]


@pytest.fixture
def many_projects(charter, officer):
    made = []
    for title in NAMES:
        project = projects.create_project(
            actor=officer,
            partnership=charter.partnership,
            charter=charter,
            level=charter.levels.get(name="Co-production"),
            title=title,
            summary="With families.",
            level_reason="families asked",
        )
        project.is_public = True
        project.save(update_fields=["is_public"])
        made.append(project)
    return made


def answers(partnership, **more) -> dict:
    return {
        "topic": topics_for(partnership).get(name="Transport").pk,
        "text": "The bus keeps changing.",
        "who": "parent-carer",
        "website": "",
        **more,
    }


def options(page: str) -> list[str]:
    select = re.search(r'<select name="project".*?</select>', page, re.S).group(0)
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


def test_the_list_shows_the_newest_few_and_a_box_finds_the_rest(client, partnership, many_projects):
    page = client.get(reverse("feedback:tell_us", args=["wirral"])).text
    listed = options(page)
    assert listed[0] == "Not about a particular project"
    assert len(listed) == LISTED + 1
    assert "Short breaks 00" not in listed  # the oldest is not listed
    assert "Or type the name of another project" in page


def test_an_area_with_few_projects_lists_them_all_and_asks_for_no_name(client, partnership, project):
    project.is_public = True
    project.save(update_fields=["is_public"])
    page = client.get(reverse("feedback:tell_us", args=["wirral"])).text
    assert options(page) == ["Not about a particular project", "Health Passports"]
    assert "Or type the name" not in page


@pytest.mark.parametrize("typed", ["Short breaks 00", "short BREAKS 00", "  Short breaks 00 "])
def test_a_family_types_the_name_of_a_project_not_listed(client, partnership, many_projects, typed):
    response = client.post(reverse("feedback:tell_us", args=["wirral"]), answers(partnership, project_name=typed))
    assert response.status_code == 302
    check = client.get(response["Location"]).text
    assert "Short breaks 00" in check
    client.post(reverse("feedback:check_answers", args=["wirral"]), {"submission_token": _token(check)})
    assert Feedback.objects.get().project.title == "Short breaks 00"
    # Changing the answers shows the typed project chosen in the list.
    again = client.get(reverse("feedback:tell_us", args=["wirral"]))
    assert again.status_code == 200


def _token(page: str) -> str:
    found = re.search(r'name="submission_token" value="([^"]+)"', page)
    return found.group(1) if found else ""


def test_part_of_a_name_finds_the_one_project_it_belongs_to(client, partnership, many_projects):
    response = client.post(reverse("feedback:tell_us", args=["wirral"]), answers(partnership, project_name="adult"))
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("more", "message"),
    [
        ({"project_name": "zebra crossing"}, "We cannot find a project called “zebra crossing”"),
        ({"project_name": "Short breaks"}, "More than one project has “Short breaks” in the name"),
        ({"project_name": "x" * 201}, "The name must be 200 characters or fewer"),
    ],
)
def test_a_name_that_finds_no_one_project_is_explained(client, partnership, many_projects, more, message):
    response = client.post(reverse("feedback:tell_us", args=["wirral"]), answers(partnership, **more))
    assert response.status_code == 400
    assert message in response.text
    assert response.text.count("There is a problem") == 1


def test_choosing_and_typing_a_project_at_once_is_explained(client, partnership, many_projects):
    data = answers(partnership, project=many_projects[-1].pk, project_name="Short breaks 00")
    response = client.post(reverse("feedback:tell_us", args=["wirral"]), data)
    assert response.status_code == 400
    assert "Choose a project from the list or type the name, not both" in response.text


def test_a_private_project_cannot_be_typed_by_a_family(client, partnership, many_projects):
    many_projects[0].is_public = False
    many_projects[0].save(update_fields=["is_public"])
    response = client.post(
        reverse("feedback:tell_us", args=["wirral"]), answers(partnership, project_name="Short breaks 00")
    )
    assert response.status_code == 400


def test_an_officer_links_feedback_to_a_project_by_typing_its_name(client, partnership, officer, many_projects):
    item = make_feedback(partnership)
    client.force_login(officer)
    page = client.get(reverse("feedback:detail", args=["wirral", item.reference])).text
    assert len(options(page)) == LISTED + 1
    response = client.post(
        reverse("feedback:link", args=["wirral", item.reference]), {"principle": "", "project_name": "Short breaks 01"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.project.title == "Short breaks 01"
    # The item's page then lists its project, though it is not among the newest.
    assert "Short breaks 01" in options(client.get(reverse("feedback:detail", args=["wirral", item.reference])).text)


def test_an_officer_assigns_feedback_to_an_officer_not_listed_by_typing_their_name(client, partnership, officer):
    from accounts.models import Role
    from tests.factories import staff

    others = [staff(Role.OFFICER, partnership, name=f"Officer {n:02d}") for n in range(LISTED + 2)]
    item = make_feedback(partnership)
    client.force_login(officer)
    page = client.get(reverse("feedback:detail", args=["wirral", item.reference])).text
    select = re.search(r'<select name="officer".*?</select>', page, re.S).group(0)
    assert len(re.findall(r"<option", select)) == LISTED + 1
    assert "Or type the name of another officer" in page
    response = client.post(
        reverse("feedback:assign", args=["wirral", item.reference]), {"officer_name": others[-1].name}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.assigned_to == others[-1]
    response = client.post(reverse("feedback:assign", args=["wirral", item.reference]), {"officer_name": "Officer"})
    assert "More than one officer has “Officer” in the name" in response.text


@pytest.mark.parametrize("value", ["99999999999999999999999", "²", "-1"])
def test_a_project_or_officer_id_too_large_for_any_table_is_no_choice(client, partnership, officer, value):
    """The listed choices add the one already chosen: an id out of the column's range finds nothing
    (PostgreSQL would refuse it in a query) and is explained, never a server error."""
    response = client.post(reverse("feedback:tell_us", args=["wirral"]), answers(partnership, project=value))
    assert response.status_code == 400
    assert "Select one of the options shown" in response.text
    item = make_feedback(partnership)
    client.force_login(officer)
    response = client.post(reverse("feedback:assign", args=["wirral", item.reference]), {"officer": value})
    assert "Select one of the options shown" in response.text
    item.refresh_from_db()
    assert item.assigned_to is None
