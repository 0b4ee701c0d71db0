import pytest
from django.urls import reverse

from projects.models import Project
from projects.services import ProjectError
from reviews import kite_mark
from reviews.models import KiteMarkApplication, PrincipleAssessment, ReviewAnswer


def criteria(project):
    annotated = kite_mark.with_kite_mark_counts(Project.objects.filter(pk=project.pk)).get()
    return {c.name: c for c in kite_mark.checklist(annotated)}, annotated


def test_a_ready_project_meets_every_automatic_criterion(ready_project):
    found, _ = criteria(ready_project)
    assert all(c.met for c in found.values()), [c.why for c in found.values() if not c.met]


def test_each_criterion_when_unmet(ready_project, charter):
    PrincipleAssessment.objects.filter(project=ready_project).first().delete()
    ReviewAnswer.objects.filter(member__user__email="sam@example.org").delete()
    ready_project.stages.get(stage="aim").participants.clear()
    found, _ = criteria(ready_project)
    assert found["Every principle of the charter assessed as met"].why == "1 of 2 principles are assessed as met."
    assert found["At least 2 family members answered the review"].why == "1 family member answered the review."
    assert found["All six stages completed, each with family involvement"].why.startswith("5 of 6")
    assert not any(c.met for name, c in found.items() if not name.startswith("The way"))
    ready_project.level = charter.levels.get(name="Consultation")
    ready_project.save()
    found, annotated = criteria(ready_project)
    assert not found["The way of working can earn the co-production kite mark"].met
    assert kite_mark.status(annotated, None) == "Not eligible"


def test_apply_then_both_groups_sign_and_it_is_awarded(ready_project, officer, forum_lead, youth_lead):
    application = kite_mark.apply(ready_project, officer)
    assert application.required_kinds == ["forum", "young-people"]
    kite_mark.sign_off(application, forum_lead, "signed")
    application.refresh_from_db()
    assert kite_mark.waiting_for(application) == ["young people's group"]
    with pytest.raises(ProjectError, match="already given"):
        kite_mark.sign_off(application, forum_lead, "signed")
    kite_mark.sign_off(application, youth_lead, "signed")
    application.refresh_from_db()
    assert application.is_valid_award and application.charter_version == "2023"


def test_a_decline_needs_a_reason_and_is_shown_to_the_project(ready_project, officer, forum_lead):
    application = kite_mark.apply(ready_project, officer)
    with pytest.raises(ProjectError, match="Say why"):
        kite_mark.sign_off(application, forum_lead, "declined", "")
    kite_mark.sign_off(application, forum_lead, "declined", "Families were not at the evaluation meeting")
    application.refresh_from_db()
    assert application.status == "declined"
    assert "Kite mark declined by the parent carer forum" in ready_project.events.first().what
    # After putting it right, the officer can apply again.
    assert kite_mark.apply(ready_project, officer).status == "pending"


def test_only_required_groups_leads_sign_and_only_officers_apply(
    client, ready_project, officer, family, outsider_officer
):
    from tests.factories import staff

    client.force_login(family)
    assert client.post(reverse("reviews:apply", args=["wirral", ready_project.pk])).status_code == 403
    client.force_login(officer)
    client.post(reverse("reviews:apply", args=["wirral", ready_project.pk]))
    council_lead = staff("forum-lead", ready_project.partnership, "council", email="council-lead@example.org")
    client.force_login(council_lead)
    response = client.post(reverse("reviews:sign_off", args=["wirral", ready_project.pk]), {"decision": "signed"})
    assert response.status_code == 403
    client.force_login(outsider_officer)
    assert client.get(reverse("reviews:kite_mark", args=["wirral", ready_project.pk])).status_code == 404


def test_a_project_not_ready_cannot_apply(project, officer):
    with pytest.raises(ProjectError, match="does not meet"):
        kite_mark.apply(project, officer)


def award(project, officer, forum_lead, youth_lead):
    application = kite_mark.apply(project, officer)
    kite_mark.sign_off(application, forum_lead, "signed")
    kite_mark.sign_off(application, youth_lead, "signed")
    application.refresh_from_db()
    return application


def test_verification_page_badge_and_revoking(client, ready_project, officer, forum_lead, youth_lead, admin, family):
    application = award(ready_project, officer, forum_lead, youth_lead)
    page = client.get(reverse("reviews:verify", args=[application.code])).text
    assert "This is a valid co-production kite mark" in page
    assert "Health Passports" in page and "2023" in page
    assert family.name not in page and forum_lead.name not in page
    badge = client.get(reverse("reviews:badge", args=[application.code]))
    assert badge["Content-Type"] == "image/svg+xml"
    assert reverse("reviews:verify", args=[application.code]) in badge.content.decode()
    assert client.get(reverse("reviews:verify", args=["not-a-code"])).status_code == 404
    client.force_login(admin)
    response = client.post(reverse("reviews:revoke", args=["wirral", ready_project.pk]), {"reason": ""})
    assert "Say why the kite mark is revoked" in response.text
    client.post(reverse("reviews:revoke", args=["wirral", ready_project.pk]), {"reason": "The evidence was wrong"})
    page = client.get(reverse("reviews:verify", args=[application.code]))
    assert page.status_code == 404
    assert "Not a valid kite mark" in page.text and "The evidence was wrong" in page.text


def test_dashboard_shows_every_status(client, forum_lead, ready_project, charter, officer):
    from projects import services

    services.create_project(
        actor=officer,
        partnership=charter.partnership,
        charter=charter,
        level=charter.levels.get(name="Consultation"),
        title="Grant plan",
        summary="s",
        level_reason="required",
    )
    kite_mark.apply(ready_project, officer)
    client.force_login(forum_lead)
    page = client.get(reverse("reviews:dashboard", args=["wirral"])).text
    assert "Awaiting sign-off: from the parent carer forum and young people&#x27;s group" in page
    assert "Not eligible" in page
    filtered = client.get(reverse("reviews:dashboard", args=["wirral"]), {"status": "Not eligible"})
    assert [row["project"].title for row in filtered.context["page_obj"]] == ["Grant plan"]


@pytest.mark.parametrize("count", [2, 25])
def test_dashboard_queries_do_not_grow(client, forum_lead, charter, officer, count, django_assert_max_num_queries):
    from projects import services

    for i in range(count):
        services.create_project(
            actor=officer,
            partnership=charter.partnership,
            charter=charter,
            level=charter.levels.first(),
            title=f"Project {i}",
            summary="s",
            level_reason="r",
        )
    client.force_login(forum_lead)
    with django_assert_max_num_queries(10):
        client.get(reverse("reviews:dashboard", args=["wirral"]))
    assert KiteMarkApplication.objects.count() == 0


def test_case_study_after_the_award_with_consented_quotes_and_no_names(
    client, ready_project, officer, forum_lead, youth_lead, family
):
    from reviews.models import ReviewAnswer

    answer = ReviewAnswer.objects.filter(project=ready_project, member__user=family).first()
    answer.comment = "I was listened to from the start"
    answer.save()
    client.force_login(officer)
    write = reverse("reviews:write_case_study", args=["wirral", ready_project.pk])
    assert client.get(write)["Location"] == reverse("reviews:kite_mark", args=["wirral", ready_project.pk])
    award(ready_project, officer, forum_lead, youth_lead)
    response = client.post(write, {"summary": ""})
    assert "Write a summary of the project" in response.text
    client.post(write, {"summary": "Families and health staff rebuilt the passport.", "quotes": [answer.pk]})
    client.logout()
    page = client.get(reverse("reviews:case_study", args=["wirral", ready_project.pk])).text
    assert "Families and health staff rebuilt the passport." in page
    assert "“I was listened to from the start”" in page and "Parent carer" in page
    assert "Parents and carers (2)" in page
    assert family.name not in page
