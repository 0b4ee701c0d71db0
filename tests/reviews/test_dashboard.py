"""The kite-mark dashboard: the database works out each project's status by the same rules as kite_mark.status()."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from charters.models import KiteMarkRule
from projects import services as project_services
from projects.models import Project
from reviews import kite_mark, services
from reviews.kite_mark import KiteMarkStatus
from reviews.models import PrincipleAssessment, ReviewAnswer
from tests.conftest import make_charter, make_project, review_answers
from tests.factories import UserFactory

S = KiteMarkStatus


def titled(project, title):
    Project.objects.filter(pk=project.pk).update(title=title)
    project.refresh_from_db()
    return project


def ready(charter, officer, family, title):
    """A project meeting every automatic criterion, reached as the ready_project fixture reaches it."""
    project = titled(make_project(charter, officer, family), title)
    parent = project.members.get(user=family)
    for stage in project.stages.all():
        project_services.contribute(stage, parent, "comment", f"My view on {stage.get_stage_display()}")
        project_services.complete_stage(stage, officer)
    for principle in charter.principles.all():
        services.assess(project, principle, officer, "met", "Families shaped it")
    services.answer_review(project, parent, review_answers(project), may_quote=True)
    other = project_services.add_member(project, UserFactory(partnership=charter.partnership), officer)
    services.answer_review(project, other, review_answers(project), may_quote=False)
    project.refresh_from_db()
    return project


def in_python(project):
    """status() as the project's own kite-mark page works it out, from its newest application."""
    annotated = kite_mark.with_kite_mark_counts(Project.objects.filter(pk=project.pk)).get()
    return kite_mark.status(annotated, project.kite_mark_applications.first())


def in_the_database(project):
    return kite_mark.with_kite_mark_status(Project.objects.filter(pk=project.pk)).get().kite_mark_status


def on_another_charter(project, charter, **rule):
    """Move the project to a copy of its charter, with the kite-mark rule changed (None: no rule at all)."""
    other = make_charter(charter.partnership, version=f"copy-{project.pk}", publish=False)
    if rule.pop("no_rule", False):
        KiteMarkRule.objects.filter(charter=other).delete()
    else:
        KiteMarkRule.objects.filter(charter=other).update(**rule)
    Project.objects.filter(pk=project.pk).update(charter=other)
    return other


@pytest.fixture
def every_status(charter, officer, family, forum_lead, youth_lead, admin):
    """Projects in every kite-mark status, and the ways of reaching some of them, each with the status expected."""
    expected = {}

    def expect(project, status):
        expected[project.pk] = status

    expect(titled(make_project(charter, officer, family), "Nothing done yet"), S.IN_PROGRESS)
    consultation = titled(make_project(charter, officer, family), "Only consulted")
    Project.objects.filter(pk=consultation.pk).update(level=charter.levels.get(name="Consultation"))
    expect(consultation, S.NOT_ELIGIBLE)
    no_rule = titled(make_project(charter, officer, family), "No kite mark on its charter")
    on_another_charter(no_rule, charter, no_rule=True)
    expect(no_rule, S.NO_KITE_MARK)

    expect(ready(charter, officer, family, "Ready"), S.READY)
    partly = ready(charter, officer, family, "One principle partly met")
    PrincipleAssessment.objects.filter(project=partly).first().delete()
    expect(partly, S.IN_PROGRESS)
    one_review = ready(charter, officer, family, "One family answered")
    ReviewAnswer.objects.filter(project=one_review).exclude(member__user=family).delete()
    expect(one_review, S.IN_PROGRESS)
    lenient = ready(charter, officer, family, "One family answered, none needed")
    ReviewAnswer.objects.filter(project=lenient).exclude(member__user=family).delete()
    on_another_charter(lenient, charter, min_family_reviews=0)
    expect(lenient, S.READY)
    no_principles = ready(charter, officer, family, "A charter without principles")
    on_another_charter(no_principles, charter).principles.all().delete()
    expect(no_principles, S.IN_PROGRESS)
    without_family = ready(charter, officer, family, "A stage without families")
    without_family.stages.filter(stage="aim").update(with_family=False)
    expect(without_family, S.IN_PROGRESS)

    pending = ready(charter, officer, family, "Waiting for sign-off")
    kite_mark.sign_off(kite_mark.apply(pending, officer), forum_lead, "signed")
    expect(pending, S.PENDING)
    awarded = ready(charter, officer, family, "Awarded")
    application = kite_mark.apply(awarded, officer)
    kite_mark.sign_off(application, forum_lead, "signed")
    kite_mark.sign_off(application, youth_lead, "signed")
    expect(awarded, S.AWARDED)
    declined = ready(charter, officer, family, "Declined")
    kite_mark.sign_off(kite_mark.apply(declined, officer), forum_lead, "declined", "Families missed the review")
    expect(declined, S.DECLINED)
    revoked = ready(charter, officer, family, "Revoked")
    application = kite_mark.apply(revoked, officer)
    kite_mark.sign_off(application, forum_lead, "signed")
    kite_mark.sign_off(application, youth_lead, "signed")
    kite_mark.revoke(application, admin, "The evidence was wrong")
    expect(revoked, S.REVOKED)
    # The newest application is the one that counts; a withdrawn one leaves the checklist to say.
    withdrawn = ready(charter, officer, family, "Withdrawn")
    kite_mark.withdraw(kite_mark.apply(withdrawn, officer), officer, "families want to add more")
    expect(withdrawn, S.READY)
    reopened = ready(charter, officer, family, "Withdrawn, then a stage reopened")
    kite_mark.withdraw(kite_mark.apply(reopened, officer), officer, "families want to add more")
    project_services.reopen_stage(reopened.stages.get(stage="evaluation"), officer, "families want to add more")
    expect(reopened, S.IN_PROGRESS)
    again = ready(charter, officer, family, "Declined, then applied again")
    kite_mark.sign_off(kite_mark.apply(again, officer), forum_lead, "declined", "Families missed the review")
    kite_mark.apply(again, officer)
    expect(again, S.PENDING)
    return expected


def test_the_database_and_status_agree_for_every_status(every_status):
    assert set(every_status.values()) == set(S)
    for project in Project.objects.filter(pk__in=every_status):
        assert (project.title, in_python(project)) == (project.title, every_status[project.pk])
        assert (project.title, in_the_database(project)) == (project.title, every_status[project.pk])


def test_filtering_by_status_finds_exactly_the_projects_with_it(client, forum_lead, every_status):
    annotated = kite_mark.with_kite_mark_status(Project.objects.all())
    client.force_login(forum_lead)
    for status in S:
        wanted = {pk for pk, expected in every_status.items() if expected == status}
        assert set(annotated.filter(kite_mark_status=status).values_list("pk", flat=True)) == wanted
        response = client.get(reverse("reviews:dashboard", args=["wirral"]), {"status": status.value})
        rows = list(response.context["page_obj"])
        assert {row["project"].pk for row in rows} == wanted
        assert {row["status"] for row in rows} == {status}
    page = client.get(reverse("reviews:dashboard", args=["wirral"]), {"status": "pending"}).text
    # One waits for the young people's group only; the other, applied again, for both groups.
    assert "Awaiting sign-off: from the young people&#x27;s group</td>" in page
    assert "Awaiting sign-off: from the parent carer forum and young people&#x27;s group" in page


def dashboard_queries(client, at_most, **query):
    with at_most(9) as queries:
        response = client.get(reverse("reviews:dashboard", args=["wirral"]), query)
    assert response.status_code == 200
    return len(queries), response


def test_the_dashboard_asks_the_same_number_of_questions_at_3_and_30_projects(
    client, charter, officer, family, forum_lead, django_assert_max_num_queries
):
    pending = ready(charter, officer, family, "Waiting for sign-off")
    kite_mark.apply(pending, officer)
    # Newest, so it is on the first page at both sizes and its sign-offs are looked up each time.
    Project.objects.filter(pk=pending.pk).update(created_at=timezone.now() + datetime.timedelta(days=1))
    consultation = charter.levels.get(name="Consultation")

    def add(count):
        for i in range(count):
            made = make_project(charter, officer, family)
            if i % 2:
                Project.objects.filter(pk=made.pk).update(level=consultation)

    add(2)
    client.force_login(forum_lead)
    at_most = django_assert_max_num_queries
    small = [dashboard_queries(client, at_most), dashboard_queries(client, at_most, status="pending")]
    add(27)
    assert Project.objects.count() == 30
    large = [dashboard_queries(client, at_most), dashboard_queries(client, at_most, status="pending")]
    assert [count for count, _ in small] == [count for count, _ in large]
    first_page = large[0][1].context["page_obj"]
    assert len(first_page) == 20 and first_page[0]["project"] == pending
    assert [row["project"] for row in large[1][1].context["page_obj"]] == [pending]
