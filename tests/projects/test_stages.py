import pytest

from projects import services
from projects.models import Member, StageRecord


def stage(project, name):
    return project.stages.get(stage=name)


def family_member(project):
    return project.members.get(kind=Member.Kind.FAMILY)


def test_a_new_project_starts_at_need_with_every_naomie_stage(project):
    assert [(s.stage, s.status) for s in project.stages.all()] == [
        ("need", "in-progress"),
        ("aim", "not-started"),
        ("objective", "not-started"),
        ("method", "not-started"),
        ("implementation", "not-started"),
        ("evaluation", "not-started"),
    ]
    events = list(project.events.values_list("what", flat=True))
    assert "Level of working together chosen: Co-production, because families raised the problem" in events


def test_a_stage_without_family_involvement_cannot_be_completed(project, officer):
    with pytest.raises(services.ProjectError, match="No family member has taken part"):
        services.complete_stage(stage(project, "need"), officer)
    assert stage(project, "need").status == "in-progress"


def test_an_officer_may_go_ahead_with_a_written_reason(project, officer):
    services.complete_stage(stage(project, "need"), officer, "the need came from 40 parents' survey answers")
    need = stage(project, "need")
    assert need.status == "completed"
    assert need.override_reason == "the need came from 40 parents' survey answers"
    assert project.events.first().what.startswith("Completed Need without a family member taking part, because")


def test_family_involvement_completes_a_stage_and_starts_the_next(project, officer):
    services.contribute(stage(project, "need"), family_member(project), "concern", "Passports get lost")
    services.complete_stage(stage(project, "need"), officer)
    need = stage(project, "need")
    assert (need.status, need.completed_by) == ("completed", officer)
    assert list(need.participants.all()) == [family_member(project)]
    assert stage(project, "aim").status == "in-progress"
    project.refresh_from_db()
    assert project.current_stage == "aim"


def test_stages_go_forward_in_order(project, officer):
    with pytest.raises(services.ProjectError, match="Only the stage in progress"):
        services.complete_stage(stage(project, "method"), officer, "skip")
    with pytest.raises(services.ProjectError, match="has not started"):
        services.contribute(stage(project, "aim"), family_member(project), "idea", "Too early")


def test_completing_all_six_completes_the_project(project, officer):
    for name in ["need", "aim", "objective", "method", "implementation", "evaluation"]:
        services.contribute(stage(project, name), family_member(project), "comment", f"On {name}")
        services.complete_stage(stage(project, name), officer)
    project.refresh_from_db()
    assert project.is_complete
    assert project.events.first().what == "Project completed"


def test_reopening_needs_a_reason_and_only_the_last_completed_stage(project, officer):
    services.complete_stage(stage(project, "need"), officer, "reason")
    services.complete_stage(stage(project, "aim"), officer, "reason")
    with pytest.raises(services.ProjectError, match="Say why"):
        services.reopen_stage(stage(project, "aim"), officer, " ")
    with pytest.raises(services.ProjectError, match="Only the last completed stage"):
        services.reopen_stage(stage(project, "need"), officer, "changed our minds")
    services.reopen_stage(stage(project, "aim"), officer, "the aim was unclear to families")
    assert stage(project, "aim").status == "in-progress"
    assert stage(project, "objective").status == "not-started"
    assert project.events.first().what == "Reopened Aim, because the aim was unclear to families"


def test_concurrent_summary_edits_do_not_overwrite_each_other(project, officer, admin):
    need = stage(project, "need")
    read_by_both = need.version
    services.save_summary(need, officer, "Families say passports get lost.", read_by_both)
    with pytest.raises(services.ProjectError, match="Someone else changed this summary"):
        services.save_summary(need, admin, "Something else entirely.", read_by_both)
    assert StageRecord.objects.get(pk=need.pk).summary == "Families say passports get lost."


def test_a_member_is_added_once(project, family, officer):
    with pytest.raises(services.ProjectError, match="already a member"):
        services.add_member(project, family, officer)


# The evidence stands still: what a stage was when it completed cannot be changed afterwards.


def kite_mark_stage_count(project) -> int:
    from projects.models import Project
    from reviews.kite_mark import with_kite_mark_counts

    return with_kite_mark_counts(Project.objects.filter(pk=project.pk)).get().stages_with_families or 0


def test_a_contribution_to_a_completed_stage_is_refused_and_changes_nothing(project, officer):
    need = stage(project, "need")
    services.complete_stage(need, officer, "families' views came from the forum's survey")
    before = kite_mark_stage_count(project)
    with pytest.raises(services.ProjectError, match="complete, so it is closed"):
        services.contribute(stage(project, "need"), family_member(project), "comment", "Late word")
    assert kite_mark_stage_count(project) == before == 0
    assert not stage(project, "need").contributions.exists()
    assert not services.family_took_part(stage(project, "need"))


def test_who_took_part_is_fixed_when_the_stage_completes(project, officer):
    need = stage(project, "need")
    services.complete_stage(need, officer, "no family member could come")
    # Even a participant slipped in afterwards does not turn the stage into one with families.
    stage(project, "need").participants.add(family_member(project))
    assert not services.family_took_part(stage(project, "need"))
    assert kite_mark_stage_count(project) == 0


def test_the_stage_page_and_the_checklist_agree(client, project, officer, family):
    services.complete_stage(stage(project, "need"), officer, "the forum's survey")
    client.force_login(family)
    response = client.post(
        f"/wirral/projects/{project.pk}/need/contribute/", {"kind": "comment", "text": "Can I still add this?"}
    )
    assert response.status_code == 400
    assert "This stage is complete, so it is closed to new comments" in response.text
    page = client.get(f"/wirral/projects/{project.pk}/need/").text
    assert "Completed without a family member taking part, because the forum&#x27;s survey" in page
    assert kite_mark_stage_count(project) == 0


def test_only_the_summary_of_the_stage_in_progress_can_change(project, officer):
    services.complete_stage(stage(project, "need"), officer, "reason")
    need = stage(project, "need")
    with pytest.raises(services.ProjectError, match="Reopen the stage first"):
        services.save_summary(need, officer, "Rewritten afterwards", need.version)
    assert stage(project, "need").summary == ""


def test_reopening_clears_what_the_completion_recorded(project, officer):
    services.contribute(stage(project, "need"), family_member(project), "idea", "Photos")
    services.complete_stage(stage(project, "need"), officer)
    assert stage(project, "need").with_family
    services.reopen_stage(stage(project, "need"), officer, "families asked to add more")
    need = stage(project, "need")
    assert (need.status, need.with_family, need.completed_by) == ("in-progress", False, None)
    services.complete_stage(need, officer)
    assert stage(project, "need").with_family


def test_a_removed_member_cannot_contribute(project, officer):
    parent = family_member(project)
    services.remove_member(parent, officer)
    parent.refresh_from_db()
    with pytest.raises(services.ProjectError, match="no longer a member"):
        services.contribute(stage(project, "need"), parent, "comment", "Still here?")
