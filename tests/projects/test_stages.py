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
