import datetime

import pytest
from django.urls import reverse

from projects.models import Project
from projects.services import ProjectError
from reviews import kite_mark
from reviews.models import KiteMarkApplication, PrincipleAssessment, ReviewAnswer
from tests.conftest import review_answers


def criteria(project):
    annotated = kite_mark.with_kite_mark_counts(Project.objects.filter(pk=project.pk)).get()
    return {c.name: c for c in kite_mark.checklist(annotated)}, annotated


def test_a_ready_project_meets_every_automatic_criterion(ready_project):
    found, _ = criteria(ready_project)
    assert all(c.met for c in found.values()), [c.why for c in found.values() if not c.met]


def test_each_criterion_when_unmet(ready_project, charter):
    PrincipleAssessment.objects.filter(project=ready_project).first().delete()
    ReviewAnswer.objects.filter(member__user__email="sam@example.org").delete()
    ready_project.stages.filter(stage="aim").update(with_family=False)
    found, _ = criteria(ready_project)
    assert found["Every principle of the charter assessed as met"].why == "1 of 2 principles are assessed as met."
    assert found["At least 2 family members answered the review"].why == "1 family member answered the review."
    assert found["All six stages completed, each with family involvement"].why.startswith("5 of 6")
    assert not any(c.met for name, c in found.items() if not name.startswith("The way"))
    ready_project.level = charter.levels.get(name="Consultation")
    ready_project.save()
    found, annotated = criteria(ready_project)
    assert not found["The way of working can earn the co-production kite mark"].met
    assert kite_mark.status(annotated, None) == kite_mark.KiteMarkStatus.NOT_ELIGIBLE


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
    revoked_badge = client.get(reverse("reviews:badge", args=[application.code]))
    assert revoked_badge.status_code == 410 and "kite mark revoked" in revoked_badge.content.decode()


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
    filtered = client.get(reverse("reviews:dashboard", args=["wirral"]), {"status": "not-eligible"})
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
        response = client.get(reverse("reviews:dashboard", args=["wirral"]))
    assert response.status_code == 200
    assert len(response.context["page_obj"]) == min(count, 20)
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
    from projects import services as project_services

    project_services.make_public(ready_project, officer, True)
    client.logout()
    page = client.get(reverse("reviews:case_study", args=["wirral", ready_project.pk])).text
    assert "Families and health staff rebuilt the passport." in page
    assert "“I was listened to from the start”" in page and "Parent carer" in page
    assert "Parents and carers (2)" in page
    assert family.name not in page


# The record the kite mark rests on stands still while it is applied for or awarded.


def test_while_the_application_waits_the_record_cannot_change(ready_project, officer, family):
    from projects import services as project_services
    from reviews import services

    kite_mark.apply(ready_project, officer)
    ready_project.refresh_from_db()
    assert ready_project.record_frozen
    evaluation = ready_project.stages.get(stage="evaluation")
    with pytest.raises(ProjectError, match="cannot change") as refused:
        project_services.reopen_stage(evaluation, officer, "to add more")
    assert refused.value.code == ProjectError.FROZEN
    principle = ready_project.charter.principles.first()
    with pytest.raises(ProjectError, match="cannot change"):
        services.assess(ready_project, principle, officer, "partly", "Changed my mind")
    parent = ready_project.members.get(user=family)
    with pytest.raises(ProjectError, match="cannot change"):
        services.answer_review(ready_project, parent, review_answers(ready_project, "no"), may_quote=False)
    with pytest.raises(ProjectError, match="cannot change"):
        project_services.record_decision(
            evaluation, officer, [], [], what="w", decided_on=datetime.date(2026, 1, 1), how_input_shaped="h"
        )
    with pytest.raises(ProjectError, match="cannot change"):
        project_services.change_project(ready_project, officer, reason="r", title="Renamed")
    assert PrincipleAssessment.objects.filter(project=ready_project, rating="met").count() == 2
    assert not ReviewAnswer.objects.filter(project=ready_project, answer="no").exists()


def test_the_record_stays_fixed_while_the_award_stands(client, ready_project, officer, forum_lead, youth_lead, family):
    award(ready_project, officer, forum_lead, youth_lead)
    client.force_login(officer)
    response = client.post(
        reverse("projects:reopen", args=["wirral", ready_project.pk, "evaluation"]), {"reason": "more to add"}
    )
    assert response.status_code == 400 and "cannot change" in response.text
    assert ready_project.stages.get(stage="evaluation").status == "completed"
    principle = ready_project.charter.principles.first()
    assess = reverse("reviews:assess", args=["wirral", ready_project.pk, principle.pk])
    assert client.post(assess, {"rating": "not-met", "evidence": "x"}).status_code == 302
    assert PrincipleAssessment.objects.get(project=ready_project, principle=principle).rating == "met"
    client.force_login(family)
    client.post(reverse("reviews:answer", args=["wirral", ready_project.pk]), {})
    assert not ReviewAnswer.objects.filter(project=ready_project, answer="no").exists()


def test_withdrawing_needs_a_reason_and_unfreezes_the_record(client, ready_project, officer, family):
    from projects import services as project_services

    kite_mark.apply(ready_project, officer)
    client.force_login(family)
    assert (
        client.post(reverse("reviews:withdraw", args=["wirral", ready_project.pk]), {"reason": "x"}).status_code == 403
    )
    client.force_login(officer)
    url = reverse("reviews:withdraw", args=["wirral", ready_project.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400 and "Say why the application is withdrawn" in response.text
    client.post(url, {"reason": "families want to add to the review"})
    application = KiteMarkApplication.objects.get()
    assert (application.status, application.withdrawn_by) == ("withdrawn", officer)
    ready_project.refresh_from_db()
    assert not ready_project.record_frozen
    project_services.reopen_stage(ready_project.stages.get(stage="evaluation"), officer, "families want to add more")
    page = client.get(reverse("reviews:kite_mark", args=["wirral", ready_project.pk])).text
    assert "Application withdrawn" in page and "families want to add to the review" in page


def test_an_award_cannot_be_withdrawn_only_revoked(ready_project, officer, forum_lead, youth_lead):
    application = award(ready_project, officer, forum_lead, youth_lead)
    with pytest.raises(ProjectError, match="Only an application waiting"):
        kite_mark.withdraw(application, officer, "changed our minds")


def test_a_revoked_kite_mark_shows_everywhere(client, ready_project, officer, forum_lead, youth_lead, admin):
    from projects import services as project_services

    application = award(ready_project, officer, forum_lead, youth_lead)
    project_services.make_public(ready_project, officer, True)
    public = reverse("projects:public", args=["wirral", ready_project.pk])
    page = client.get(public).text
    assert reverse("reviews:badge", args=[application.code]) in page
    kite_mark.revoke(application, admin, "families were not at the evaluation meeting")
    ready_project.refresh_from_db()
    assert not ready_project.record_frozen
    # The public page shows a live award or nothing.
    page = client.get(public).text
    assert application.code not in page and "Co-production kite mark" not in page
    client.force_login(forum_lead)
    page = client.get(reverse("reviews:kite_mark", args=["wirral", ready_project.pk])).text
    assert "Revoked" in page and "families were not at the evaluation meeting" in page
    for step in (
        "Applied",
        "Signed off by the parent carer forum",
        "Awarded under charter version 2023",
        "Kite mark revoked",
    ):
        assert step in page
    # The checklist's sign-off row is about a live application only.
    assert "Every required group signed off" not in page
    dashboard = client.get(reverse("reviews:dashboard", args=["wirral"]), {"status": "revoked"})
    assert [row["project"] for row in dashboard.context["page_obj"]] == [ready_project]
    assert "Revoked" in dashboard.text
    with pytest.raises(ProjectError, match="Only a kite mark that stands"):
        kite_mark.revoke(KiteMarkApplication.objects.get(), admin, "again")


def test_after_revoking_the_project_may_put_it_right_and_apply_again(
    ready_project, officer, forum_lead, youth_lead, admin
):
    application = award(ready_project, officer, forum_lead, youth_lead)
    kite_mark.revoke(application, admin, "the evidence was wrong")
    again = kite_mark.apply(ready_project, officer)
    assert again.status == "pending" and KiteMarkApplication.objects.count() == 2


def test_two_live_applications_cannot_exist(ready_project, officer):
    kite_mark.apply(ready_project, officer)
    with pytest.raises(ProjectError, match="already applied"):
        kite_mark.apply(ready_project, officer)
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        KiteMarkApplication.objects.create(project=ready_project, required_kinds=[])


def test_a_forum_lead_can_read_the_evidence_before_signing(client, ready_project, officer, forum_lead, family):
    kite_mark.apply(ready_project, officer)
    client.force_login(forum_lead)
    page = client.get(reverse("reviews:kite_mark", args=["wirral", ready_project.pk])).text
    assert "Read the evidence first" in page
    for name in ("reviews:results", "reviews:assessments", "projects:detail"):
        url = reverse(name, args=["wirral", ready_project.pk])
        assert url in page
        response = client.get(url)
        assert response.status_code == 200 and family.name not in response.text


def test_while_frozen_meetings_papers_and_comments_cannot_change_either(client, ready_project, officer, family):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from projects import services as project_services
    from projects.models import Meeting
    from reviews import services

    evaluation = ready_project.stages.get(stage="evaluation")
    meeting = Meeting.objects.create(
        project=ready_project,
        stage=evaluation,
        title="Celebration",
        date=timezone.localdate() + datetime.timedelta(days=10),
        start=datetime.time(10),
        end=datetime.time(12),
    )
    assessment = PrincipleAssessment.objects.filter(project=ready_project).first()
    kite_mark.apply(ready_project, officer)
    pdf = SimpleUploadedFile("agenda.pdf", b"%PDF-1.4 agenda")
    for change in (
        lambda: project_services.cancel_meeting(meeting, officer, "no longer needed"),
        lambda: project_services.add_paper(meeting, pdf, "agenda.pdf", officer),
        lambda: project_services.send_papers(meeting, officer),
        lambda: project_services.change_meeting(meeting, officer, title="Renamed"),
        lambda: services.comment_on_assessment(assessment, ready_project.members.get(user=family), "Late words"),
        lambda: project_services.save_summary(evaluation, officer, "New words", evaluation.version),
    ):
        with pytest.raises(ProjectError, match="cannot change"):
            change()
    meeting.refresh_from_db()
    assert not meeting.is_cancelled and not meeting.papers.exists() and meeting.title == "Celebration"
    assert not assessment.comments.exists()
    client.force_login(officer)
    response = client.post(
        reverse("projects:cancel_meeting", args=["wirral", ready_project.pk, meeting.pk]), {"reason": "r"}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert not meeting.is_cancelled


def test_a_case_study_is_public_only_while_its_project_is(client, ready_project, officer, forum_lead, youth_lead):
    from django.utils import timezone

    from projects import services as project_services
    from reviews.models import CaseStudy

    award(ready_project, officer, forum_lead, youth_lead)
    CaseStudy.objects.create(project=ready_project, summary="Families rebuilt it.", published_at=timezone.now())
    url = reverse("reviews:case_study", args=["wirral", ready_project.pk])
    project_services.make_public(ready_project, officer, True)
    assert client.get(url).status_code == 200
    project_services.make_public(ready_project, officer, False)
    assert client.get(url).status_code == 404
    client.force_login(officer)
    assert client.get(url).status_code == 200


def test_private_projects_details_are_not_offered_as_filters(client, project, officer):
    project.improvement_priority = "Secret priority"
    project.save()
    page = client.get(reverse("projects:list", args=["wirral"])).text
    assert "Secret priority" not in page and officer.name not in page
    client.force_login(officer)
    assert "Secret priority" in client.get(reverse("projects:list", args=["wirral"])).text
