"""Project state changes. Each checks it is allowed, saves and writes the
project's timeline in one transaction."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.tasks import send_email
from projects.models import (
    STAGES,
    Contribution,
    Decision,
    Invitation,
    Meeting,
    MeetingPaper,
    Member,
    Project,
    ProjectEvent,
    Stage,
    StageRecord,
)


class ProjectError(Exception):
    """A change the project's state does not allow."""


def record(project: Project, actor, what: str) -> ProjectEvent:
    return ProjectEvent.objects.create(project=project, actor=actor, what=what)


def create_project(*, actor, partnership, charter, level, **fields) -> Project:
    with transaction.atomic():
        project = Project.objects.create(
            partnership=partnership, charter=charter, level=level, lead_officer=actor, **fields
        )
        StageRecord.objects.bulk_create(
            StageRecord(
                project=project,
                stage=stage,
                status=StageRecord.Status.IN_PROGRESS if stage == Stage.NEED else StageRecord.Status.NOT_STARTED,
            )
            for stage in STAGES
        )
        Member.objects.create(project=project, user=actor, kind=Member.Kind.PROFESSIONAL)
        record(project, actor, "Project started")
        record(project, actor, f"Level of working together chosen: {level.name}, because {project.level_reason}")
    return project


def add_member(project: Project, user, actor) -> Member:
    kind = Member.Kind.FAMILY if user.is_family else Member.Kind.PROFESSIONAL
    with transaction.atomic():
        member, created = Member.objects.get_or_create(project=project, user=user, defaults={"kind": kind})
        if not created:
            raise ProjectError(f"{user.name} is already a member.")
        record(project, actor, f"{user.name} joined as a {member.get_kind_display().lower()}")
    return member


def contribute(stage: StageRecord, member: Member, kind: str, text: str) -> Contribution:
    if stage.status == StageRecord.Status.NOT_STARTED:
        raise ProjectError("This stage has not started yet.")
    with transaction.atomic():
        contribution = Contribution.objects.create(stage=stage, member=member, kind=kind, text=text)
        stage.participants.add(member)
        record(
            stage.project,
            member.user,
            f"{member.user.name} added a {contribution.get_kind_display().lower()} to {stage.get_stage_display()}",
        )
    return contribution


def mark_shaped_decision(contribution: Contribution, actor) -> None:
    with transaction.atomic():
        contribution.shaped_decision = True
        contribution.save(update_fields=["shaped_decision"])
        record(
            contribution.stage.project,
            actor,
            f"Marked a contribution by {contribution.member.user.name} as shaping a decision",
        )


def save_summary(stage: StageRecord, actor, summary: str, version: int) -> None:
    """Save a stage's summary, unless someone else saved it since this copy was read."""
    with transaction.atomic():
        updated = StageRecord.objects.filter(pk=stage.pk, version=version).update(
            summary=summary, version=F("version") + 1
        )
        if not updated:
            raise ProjectError(
                "Someone else changed this summary while you were editing it. "
                "Your text is below: copy it, look at their changes, and try again."
            )
        record(stage.project, actor, f"Changed the summary of {stage.get_stage_display()}")


def family_took_part(stage: StageRecord) -> bool:
    return stage.participants.filter(kind=Member.Kind.FAMILY).exists()


def complete_stage(stage: StageRecord, actor, override_reason: str = "") -> None:
    """Complete the current stage and start the next.

    Every charter says: involve everyone from the start. A stage no family
    member took part in is completed only with a written reason.
    """
    with transaction.atomic():
        stage = StageRecord.objects.select_for_update().select_related("project").get(pk=stage.pk)
        project = stage.project
        if stage.status != StageRecord.Status.IN_PROGRESS or project.current_stage != stage.stage:
            raise ProjectError("Only the stage in progress can be completed.")
        if not family_took_part(stage) and not override_reason.strip():
            raise ProjectError(
                "No family member has taken part in this stage yet. Involve a family member, "
                "or give the reason for going ahead without one."
            )
        stage.status = StageRecord.Status.COMPLETED
        stage.completed_at = timezone.now()
        stage.completed_by = actor
        stage.override_reason = override_reason.strip()
        stage.version += 1
        stage.save()
        what = f"Completed {stage.get_stage_display()}"
        if stage.override_reason:
            what += f" without a family member taking part, because {stage.override_reason}"
        record(project, actor, what[:300])
        following = STAGES.index(Stage(stage.stage)) + 1
        if following < len(STAGES):
            next_stage = project.stages.get(stage=STAGES[following])
            next_stage.status = StageRecord.Status.IN_PROGRESS
            next_stage.save(update_fields=["status"])
            project.current_stage = next_stage.stage
            if next_stage.stage == Stage.EVALUATION:
                ask_for_reviews(project)
        else:
            project.is_complete = True
            record(project, actor, "Project completed")
        project.save(update_fields=["current_stage", "is_complete"])


def reopen_stage(stage: StageRecord, actor, reason: str) -> None:
    """Reopen the most recently completed stage; the stage after it waits again."""
    if not reason.strip():
        raise ProjectError("Say why the stage is being reopened.")
    with transaction.atomic():
        stage = StageRecord.objects.select_for_update().select_related("project").get(pk=stage.pk)
        project = stage.project
        completed = [s for s in project.stages.all() if s.status == StageRecord.Status.COMPLETED]
        if stage.status != StageRecord.Status.COMPLETED or completed[-1].pk != stage.pk:
            raise ProjectError("Only the last completed stage can be reopened.")
        position = STAGES.index(Stage(stage.stage))
        if position + 1 < len(STAGES):
            project.stages.filter(stage=STAGES[position + 1]).update(status=StageRecord.Status.NOT_STARTED)
        stage.status = StageRecord.Status.IN_PROGRESS
        stage.completed_at = None
        stage.completed_by = None
        stage.version += 1
        stage.save()
        project.current_stage = stage.stage
        project.is_complete = False
        project.save(update_fields=["current_stage", "is_complete"])
        record(project, actor, f"Reopened {stage.get_stage_display()}, because {reason.strip()}"[:300])


def make_public(project: Project, actor, public: bool) -> None:
    with transaction.atomic():
        project.is_public = public
        project.save(update_fields=["is_public"])
        record(project, actor, "Made public" if public else "Made private")


def schedule_meeting(stage: StageRecord, actor, **fields) -> Meeting:
    with transaction.atomic():
        meeting = Meeting.objects.create(project=stage.project, stage=stage, created_by=actor, **fields)
        what = f"Meeting scheduled for {stage.get_stage_display()}: {meeting.title} on {meeting.date:%-d %B %Y}"
        if meeting.standard_breaches:
            what += " (does not keep the meeting standard)"
        record(stage.project, actor, what[:300])
    return meeting


def record_attendance(meeting, attendees, minutes: str, actor) -> None:
    """Who came and what was said. Coming to a stage's meeting is taking part in the stage."""
    with transaction.atomic():
        meeting.attendees.set(attendees)
        meeting.minutes = minutes
        meeting.held = True
        meeting.save(update_fields=["minutes", "held"])
        meeting.stage.participants.add(*attendees)
        families = sum(1 for m in attendees if m.kind == Member.Kind.FAMILY)
        record(
            meeting.project,
            actor,
            f"Meeting held: {meeting.title}, with {len(attendees)} member{'s' if len(attendees) != 1 else ''} "
            f"({families} from families)",
        )


def add_paper(meeting, upload, actor) -> MeetingPaper:
    with transaction.atomic():
        paper = MeetingPaper(meeting=meeting, name=upload.name[:200], uploaded_by=actor)
        paper.file.save(upload.name, upload, save=True)
        record(meeting.project, actor, f"Added the paper “{paper.name}” to {meeting.title}"[:300])
    return paper


def record_decision(stage: StageRecord, actor, contributions, feedback, **fields) -> Decision:
    with transaction.atomic():
        decision = Decision.objects.create(project=stage.project, stage=stage, created_by=actor, **fields)
        decision.contributions.set(contributions)
        decision.feedback.set(feedback)
        Contribution.objects.filter(pk__in=[c.pk for c in contributions]).update(shaped_decision=True)
        record(stage.project, actor, f"Decision at {stage.get_stage_display()}: {decision.what}"[:300])
    return decision


def invite(project: Project, email: str, actor, link_for) -> Invitation:
    """Email someone a link to join the project; `link_for(invitation)` makes the link."""
    with transaction.atomic():
        invitation, _created = Invitation.objects.get_or_create(
            project=project, email=email.lower(), accepted_at=None, defaults={"invited_by": actor}
        )
        record(project, actor, f"Invited {invitation.email} to join")
        body = (
            f"Hello,\n\n{actor.name} has invited you to join the project “{project.title}” of the "
            f"{project.partnership.name} SEND partnership, where families and services work on it together.\n\n"
            f"Join with this link:\n\n{link_for(invitation)}\n\nIf you do not have an account yet, the link lets you "
            "make one.\n\nCharter Portal\n"
        )
        transaction.on_commit(
            lambda: send_email.enqueue(subject=f"Join the project “{project.title}”", body=body, to=[invitation.email])
        )
    return invitation


def accept_invitation(invitation, user) -> Member:
    with transaction.atomic():
        member = Member.objects.filter(project=invitation.project, user=user).first()
        if member is None:
            kind = Member.Kind.FAMILY if user.is_family else Member.Kind.PROFESSIONAL
            member = Member.objects.create(project=invitation.project, user=user, kind=kind)
            record(
                invitation.project,
                user,
                f"{user.name} joined from an invitation as a {member.get_kind_display().lower()}",
            )
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
    return member


def ask_for_reviews(project: Project) -> None:
    """Tell every member the review is open (Wirral's review questions close every project)."""
    emails = list(project.members.filter(user__is_active=True).values_list("user__email", flat=True))
    body = (
        f"Hello,\n\nThe project “{project.title}” has reached its Evaluation stage. Please tell us how working "
        "together went: sign in to Charter Portal and answer the review questions on the project's page. "
        "It takes about ten minutes, and you can change your answers later.\n\nCharter Portal\n"
    )
    for email in emails:
        transaction.on_commit(
            lambda email=email: send_email.enqueue(subject=f"How did “{project.title}” go?", body=body, to=[email])
        )
    record(project, None, f"Asked {len(emails)} members to review the project")
