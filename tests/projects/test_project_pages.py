import pytest
from django.urls import reverse

from projects import services
from projects.models import Project


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def start_data(charter, **change):
    data = {
        "title": "Key Worker Team",
        "summary": "Recruit key workers with young people and families.",
        "improvement_priority": "Pathways to Adulthood",
        "level": charter.levels.get(name="Co-design").pk,
        "level_reason": "the role was set out nationally",
    }
    for consideration in charter.considerations.exclude(key="level"):
        data[f"consideration_{consideration.key}"] = f"Our answer on {consideration.name}"
    return {**data, **change}


def test_an_officer_starts_a_project_under_the_published_charter(officer_client, charter):
    response = officer_client.post(reverse("projects:start", args=["wirral"]), start_data(charter))
    project = Project.objects.get()
    assert response["Location"] == reverse("projects:detail", args=["wirral", project.pk])
    assert project.charter == charter
    assert project.considerations["stakeholders"] == "Our answer on Stakeholders"
    page = officer_client.get(response["Location"]).text
    assert "Why am I engaging with this person/people?" in page
    assert "(current stage)" in page


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": ""}, "Enter the project&#x27;s name"),
        ({"level": ""}, "Select how you will work together"),
        ({"level_reason": ""}, "Say why you chose this way of working"),
        ({"consideration_stakeholders": ""}, "Answer the question about stakeholders"),
        ({"target_date_0": "40", "target_date_1": "1", "target_date_2": "2027"}, "day is out of range"),
    ],
)
def test_each_bad_answer_when_starting_a_project(officer_client, charter, change, message):
    response = officer_client.post(reverse("projects:start", args=["wirral"]), start_data(charter, **change))
    assert message in response.text
    assert not Project.objects.exists()


def test_completing_a_stage_without_a_family_is_refused_in_the_browser_too(officer_client, project):
    response = officer_client.post(reverse("projects:complete", args=["wirral", project.pk, "need"]), {})
    assert response.status_code == 400
    assert "No family member has taken part in this stage yet" in response.text


def test_a_family_member_contributes_and_an_officer_marks_it(client, family, officer, project):
    client.force_login(family)
    client.post(
        reverse("projects:contribute", args=["wirral", project.pk, "need"]), {"kind": "idea", "text": "A paper copy"}
    )
    contribution = project.stages.get(stage="need").contributions.get()
    client.force_login(officer)
    client.post(reverse("projects:mark_shaped", args=["wirral", project.pk, contribution.pk]))
    contribution.refresh_from_db()
    assert contribution.shaped_decision
    page = client.get(reverse("projects:stage", args=["wirral", project.pk, "need"])).text
    assert "Shaped a decision" in page


def test_a_stale_summary_is_refused_and_the_text_kept(officer_client, project, admin):
    need = project.stages.get(stage="need")
    services.save_summary(need, admin, "Admin's words", need.version)
    response = officer_client.post(
        reverse("projects:save_summary", args=["wirral", project.pk, "need"]),
        {"summary": "My words", "version": need.version},
    )
    assert "Someone else changed this summary" in response.text
    assert "My words" in response.text


def test_officers_see_members_access_needs_and_families_do_not(client, officer, family, project):
    family.access_needs = "Meetings after 10am"
    family.save()
    client.force_login(officer)
    assert "Meetings after 10am" in client.get(reverse("projects:members", args=["wirral", project.pk])).text
    client.force_login(family)
    assert "Meetings after 10am" not in client.get(reverse("projects:members", args=["wirral", project.pk])).text


def test_public_page_counts_roles_and_never_names_families(client, officer, family, project):
    services.make_public(project, officer, True)
    text = client.get(reverse("projects:public", args=["wirral", project.pk])).text
    assert "1 family member and 1 professional" in text
    assert family.name not in text


def make_projects(charter, officer, count):
    level = charter.levels.first()
    for i in range(count):
        project = services.create_project(
            actor=officer,
            partnership=charter.partnership,
            charter=charter,
            level=level,
            title=f"Project {i}",
            summary="s",
            level_reason="r",
        )
        services.make_public(project, officer, True)


@pytest.mark.parametrize("count", [2, 30])
def test_project_list_queries_do_not_grow(client, charter, officer, count, django_assert_max_num_queries):
    make_projects(charter, officer, count)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("projects:list", args=["wirral"]))
    assert len(response.context["page_obj"]) == min(count, 20)


def test_the_list_shows_private_projects_only_to_members_and_officers(client, project, outsider_officer, family):
    assert "Health Passports" not in client.get(reverse("projects:list", args=["wirral"])).text
    client.force_login(family)
    assert "Health Passports" in client.get(reverse("projects:list", args=["wirral"])).text


def test_the_list_filters_by_stage_level_priority_and_officer(client, officer, project):
    client.force_login(officer)
    url = reverse("projects:list", args=["wirral"])
    assert client.get(url, {"stage": "need"}).context["page_obj"].object_list
    assert not client.get(url, {"stage": "aim"}).context["page_obj"].object_list
    assert client.get(url, {"level": "Co-production"}).context["page_obj"].object_list
    assert client.get(url, {"priority": "Integrated Health Systems"}).context["page_obj"].object_list
    assert client.get(url, {"officer": officer.pk}).context["page_obj"].object_list
