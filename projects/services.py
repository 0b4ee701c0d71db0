"""Project state changes. Each locks what it changes, checks the change is
allowed, saves and writes the project's timeline in one transaction, and asks
for the messages it causes to be sent once that transaction commits."""

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from charter_portal import notify
from charter_portal.errors import RuleError
from charter_portal.permissions import is_family_account
from charter_portal.public_cache import public_pages_changed
from projects import calendar
from projects.models import (
    STAGES,
    Contribution,
    Decision,
    DecisionChange,
    Invitation,
    Meeting,
    MeetingPaper,
    Member,
    Project,
    ProjectEvent,
    Stage,
    StageRecord,
)


class ProjectError(RuleError):
    """A change the project's state does not allow."""


FROZEN_MESSAGE = (
    "The kite mark has been applied for or awarded on the project's record as it stands, so it cannot change. "
    "To change it, an officer withdraws the application, or a partnership admin revokes the award, first."
)


def record(project: Project, actor, what: str) -> ProjectEvent:
    return ProjectEvent.objects.create(project=project, actor=actor, what=what)


def _public_record_changed(project: Project) -> None:
    """A public project's page shows its details, progress, how many take part and its decisions, and
    the charter page lists it under its plan outcome: they are rendered afresh."""
    if project.is_public:
        public_pages_changed(project.partnership)


def ensure_record_open(project: Project) -> None:
    """While a kite-mark application waits or an award stands, the record it rests on stands still."""
    if project.record_frozen:
        raise ProjectError(FROZEN_MESSAGE, ProjectError.FROZEN)


def _locked(project: Project) -> Project:
    return Project.objects.select_for_update().get(pk=project.pk)


def _locked_stage(stage: StageRecord) -> StageRecord:
    return StageRecord.objects.select_for_update(of=("self",)).select_related("project__charter").get(pk=stage.pk)


def _locked_meeting(meeting: Meeting) -> Meeting:
    """Lock a meeting, then (in the order completing a stage uses) its stage and project,
    and refuse if the kite mark rests on the record as it stands."""
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("project__partnership", "project__charter__meeting_standard", "stage")
        .get(pk=meeting.pk)
    )
    meeting.stage = _locked_stage(meeting.stage)
    ensure_record_open(_locked(meeting.project))
    return meeting


def _members(project: Project, leaving_out=None) -> list:
    """The project's members to tell, each reached the way their account says."""
    members = project.members.current().filter(user__is_active=True, user__email_confirmed=True)
    return [m.user for m in members.select_related("user") if m.user != leaving_out]


def _tell_members(project: Project, name: str, actor, **context) -> None:
    """Project news for every member but the one who made it, with a link to the project."""
    notify.send(
        name,
        _members(project, leaving_out=actor),
        about=f"project:{project.pk}",
        area=project.partnership.slug,
        project=project,
        link=notify.absolute(reverse("projects:detail", args=[project.partnership.slug, project.pk])),
        **context,
    )


def member_kind_for(user) -> str:
    """Family accounts take part as family members; every other account as a professional."""
    return Member.Kind.FAMILY if is_family_account(user) else Member.Kind.PROFESSIONAL


# The project and its members.


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
        if project.plan_outcome:
            record(project, actor, f"Works towards the development plan outcome: {project.plan_outcome.outcome}")
    return project


DETAIL_LABELS = {
    "title": "name",
    "summary": "what it is about",
    "improvement_priority": "improvement priority",
    "plan_outcome": "development plan outcome",
    "target_date": "target date",
    "level": "way of working",
    "level_reason": "why this way of working",
    "considerations": "start-up answers",
}


def need_is_complete(project: Project) -> bool:
    return project.stages.filter(stage=Stage.NEED, status=StageRecord.Status.COMPLETED).exists()


def change_project(project: Project, actor, reason: str = "", **fields) -> list[str]:
    """Change the project's details. Until Need is complete they are still being agreed;
    after that every change needs a reason, kept on the timeline. Returns what changed."""
    with transaction.atomic():
        project = _locked(project)
        ensure_record_open(project)
        changed = [name for name in DETAIL_LABELS if name in fields and getattr(project, name) != fields[name]]
        if not changed:
            return []
        if need_is_complete(project) and not reason.strip():
            raise ProjectError("Need is complete, so say why the project's details are changing.")
        old_level = project.level
        for name in changed:
            setattr(project, name, fields[name])
        project.save(update_fields=changed)
        what = "Changed the project's " + ", ".join(DETAIL_LABELS[name] for name in changed)
        if "level" in changed:
            what += f" (from {old_level.name} to {project.level.name})"
        if reason.strip():
            what += f", because {reason.strip()}"
        record(project, actor, what)
        _public_record_changed(project)
    return changed


def add_member(project: Project, user, actor) -> Member:
    """Add a person of the partnership. Someone removed before is added back, with their record."""
    with transaction.atomic():
        locked = _locked(project)
        member = Member.objects.filter(project=project, user=user).first()
        if member is not None and member.removed_at is None:
            raise ProjectError(f"{user.name} is already a member.")
        if member is None:
            member = Member.objects.create(project=project, user=user, kind=member_kind_for(user))
        else:
            member.removed_at, member.removed_by = None, None
            member.save(update_fields=["removed_at", "removed_by"])
        record(project, actor, f"{user.name} joined as a {member.get_kind_display().lower()}")
        _public_record_changed(locked)
    return member


def remove_member(member: Member, actor) -> None:
    """Take a person off the project. What they said, and the meetings they came to, stay in the record."""
    with transaction.atomic():
        member = Member.objects.select_for_update(of=("self",)).select_related("project", "user").get(pk=member.pk)
        if member.removed_at is not None:
            raise ProjectError(f"{member.user.name} is no longer a member.", ProjectError.CONFLICT)
        if member.user_id == member.project.lead_officer_id:
            raise ProjectError("The project's lead officer cannot be removed.")
        member.removed_at, member.removed_by = timezone.now(), actor
        member.save(update_fields=["removed_at", "removed_by"])
        record(member.project, actor, f"{member.user.name} was removed from the project")
        _public_record_changed(member.project)


def make_public(project: Project, actor, public: bool) -> None:
    with transaction.atomic():
        project.is_public = public
        project.save(update_fields=["is_public"])
        record(project, actor, "Made public" if public else "Made private")
        public_pages_changed(project.partnership)


# Stages.


def contribute(stage: StageRecord, member: Member, kind: str, text: str) -> Contribution:
    """Members take part in the stage in progress. A completed stage's record is fixed, so
    nothing added later can make it look as though families took part when they did not."""
    with transaction.atomic():
        stage = _locked_stage(stage)
        ensure_record_open(_locked(stage.project))
        if stage.status == StageRecord.Status.NOT_STARTED:
            raise ProjectError("This stage has not started yet.")
        if stage.status == StageRecord.Status.COMPLETED:
            raise ProjectError("This stage is complete, so it is closed to new comments.")
        if member.removed_at is not None:
            raise ProjectError("You are no longer a member of this project.", ProjectError.FORBIDDEN)
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
        project = _locked(contribution.stage.project)
        ensure_record_open(project)
        contribution.shaped_decision = True
        contribution.save(update_fields=["shaped_decision"])
        record(
            contribution.stage.project,
            actor,
            f"Marked a contribution by {contribution.member.user.name} as shaping a decision",
        )
        _public_record_changed(project)


def save_summary(stage: StageRecord, actor, summary: str, version: int) -> None:
    """Save a stage's summary, unless someone else saved it since this copy was read."""
    with transaction.atomic():
        ensure_record_open(_locked(stage.project))
        if stage.status != StageRecord.Status.IN_PROGRESS:
            raise ProjectError("Only the summary of the stage in progress can be changed. Reopen the stage first.")
        updated = StageRecord.objects.filter(
            pk=stage.pk, version=version, status=StageRecord.Status.IN_PROGRESS
        ).update(summary=summary, version=F("version") + 1)
        if not updated:
            raise ProjectError(
                "Someone else changed this summary while you were editing it. "
                "Your text is below: copy it, look at their changes, and try again.",
                ProjectError.CONFLICT,
            )
        record(stage.project, actor, f"Changed the summary of {stage.get_stage_display()}")


def family_took_part(stage: StageRecord) -> bool:
    """Whether a family member has taken part: as it was when the stage was completed, once it is."""
    if stage.status == StageRecord.Status.COMPLETED:
        return stage.with_family
    return stage.participants.filter(kind=Member.Kind.FAMILY).exists()


def complete_stage(stage: StageRecord, actor, override_reason: str = "") -> None:
    """Complete the current stage and start the next.

    Every charter says: involve everyone from the start. A stage no family
    member took part in is completed only with a written reason.
    """
    with transaction.atomic():
        stage = _locked_stage(stage)
        project = _locked(stage.project)
        ensure_record_open(project)
        if stage.status != StageRecord.Status.IN_PROGRESS or project.current_stage != stage.stage:
            raise ProjectError("Only the stage in progress can be completed.", ProjectError.CONFLICT)
        with_family = family_took_part(stage)
        if not with_family and not override_reason.strip():
            raise ProjectError(
                "No family member has taken part in this stage yet. Involve a family member, "
                "or give the reason for going ahead without one."
            )
        stage.status = StageRecord.Status.COMPLETED
        stage.completed_at = timezone.now()
        stage.completed_by = actor
        stage.with_family = with_family
        stage.override_reason = "" if with_family else override_reason.strip()
        stage.version += 1
        stage.save()
        what = f"Completed {stage.get_stage_display()}"
        if stage.override_reason:
            what += f" without a family member taking part, because {stage.override_reason}"
        record(project, actor, what)
        _tell_members(project, "stage_completed", actor, stage=stage)
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
        _public_record_changed(project)


def reopen_stage(stage: StageRecord, actor, reason: str) -> None:
    """Reopen the most recently completed stage; the stage after it waits again."""
    if not reason.strip():
        raise ProjectError("Say why the stage is being reopened.")
    with transaction.atomic():
        stage = _locked_stage(stage)
        project = _locked(stage.project)
        ensure_record_open(project)
        completed = [s for s in project.stages.all() if s.status == StageRecord.Status.COMPLETED]
        if stage.status != StageRecord.Status.COMPLETED or completed[-1].pk != stage.pk:
            raise ProjectError("Only the last completed stage can be reopened.", ProjectError.CONFLICT)
        position = STAGES.index(Stage(stage.stage))
        if position + 1 < len(STAGES):
            project.stages.filter(stage=STAGES[position + 1]).update(status=StageRecord.Status.NOT_STARTED)
        stage.status = StageRecord.Status.IN_PROGRESS
        stage.completed_at = None
        stage.completed_by = None
        stage.with_family = False
        stage.override_reason = ""
        stage.version += 1
        stage.save()
        project.current_stage = stage.stage
        project.is_complete = False
        project.save(update_fields=["current_stage", "is_complete"])
        record(project, actor, f"Reopened {stage.get_stage_display()}, because {reason.strip()}")
        _public_record_changed(project)


# Meetings and papers.


def _meeting_link(meeting: Meeting) -> str:
    return notify.absolute(
        reverse("projects:meeting", args=[meeting.project.partnership.slug, meeting.project_id, meeting.pk])
    )


def _tell_members_about(meeting: Meeting, message: str, **context) -> None:
    """Members hear of a meeting with its calendar file, which updates or cancels their copy."""
    project = meeting.project
    notify.send(
        message,
        _members(project),
        about=f"project:{project.pk}",
        area=project.partnership.slug,
        attachment=(f"meeting-{meeting.pk}.ics", calendar.for_meeting(meeting).decode(), "text/calendar"),
        meeting=meeting,
        project=project,
        link=_meeting_link(meeting),
        **context,
    )


def schedule_meeting(stage: StageRecord, actor, **fields) -> Meeting:
    """Book a meeting ahead of time. A meeting that already took place is recorded with record_past_meeting."""
    with transaction.atomic():
        stage = _locked_stage(stage)
        ensure_record_open(_locked(stage.project))
        if stage.status == StageRecord.Status.COMPLETED:
            raise ProjectError("This stage is complete. Reopen it to hold another meeting for it.")
        meeting = Meeting(project=stage.project, stage=stage, created_by=actor, **fields)
        if meeting.has_started:
            raise ProjectError(
                "A meeting cannot be scheduled in the past. Record a meeting that already took place instead."
            )
        meeting.save()
        what = f"Meeting scheduled for {stage.get_stage_display()}: {meeting.title} on {meeting.date:%-d %B %Y}"
        if meeting.standard_breaches:
            what += " (does not keep the meeting standard)"
        record(stage.project, actor, what)
        _tell_members_about(meeting, "meeting_scheduled")
    return meeting


def record_past_meeting(stage: StageRecord, actor, attendees, minutes: str, **fields) -> Meeting:
    """A meeting that took place before it was put in the portal, with who came: its own action
    and its own timeline entry, so it is never mistaken for one booked ahead."""
    with transaction.atomic():
        stage = _locked_stage(stage)
        ensure_record_open(_locked(stage.project))
        if not stage.is_open:
            raise ProjectError("Meetings can be recorded only for the stage in progress.")
        meeting = Meeting(
            project=stage.project,
            stage=stage,
            created_by=actor,
            minutes=minutes,
            held=True,
            recorded_afterwards=True,
            booked_on=fields.pop("booked_on", None) or fields["date"],
            **fields,
        )
        if not meeting.has_started:
            raise ProjectError("This meeting has not happened yet: schedule it instead.")
        meeting.save()
        meeting.attendees.set(attendees)
        stage.participants.add(*attendees)
        families = sum(1 for m in attendees if m.kind == Member.Kind.FAMILY)
        what = (
            f"Recorded a meeting that already took place, for {stage.get_stage_display()}: {meeting.title} on "
            f"{meeting.date:%-d %B %Y}, with {len(attendees)} member{'s' if len(attendees) != 1 else ''} "
            f"({families} from families)"
        )
        if meeting.standard_breaches:
            what += " (it did not keep the meeting standard)"
        record(stage.project, actor, what)
    return meeting


def change_meeting(meeting: Meeting, actor, **fields) -> Meeting:
    """Change a meeting before it starts; members are told and their calendars updated."""
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        if not meeting.can_change:
            raise ProjectError("This meeting can no longer be changed: it has started, been held or been cancelled.")
        for name, value in fields.items():
            setattr(meeting, name, value)
        if meeting.has_started:
            raise ProjectError("A meeting cannot be moved into the past.")
        # Papers already sent stay sent when they were: the standard checks that day against the new date.
        late = _papers_breach(meeting)
        if late and late not in meeting.standard_breaches:
            meeting.standard_breaches = [*meeting.standard_breaches, late]
        meeting.sequence += 1
        meeting.save()
        record(meeting.project, actor, f"Meeting changed: {meeting.title}, now on {meeting.date:%-d %B %Y}")
        _tell_members_about(meeting, "meeting_changed")
    return meeting


def _papers_breach(meeting: Meeting) -> str:
    standard = getattr(meeting.project.charter, "meeting_standard", None)
    if standard is None or meeting.papers_sent_at is None:
        return ""
    return standard.papers_breach(meeting.date, timezone.localdate(meeting.papers_sent_at))


def cancel_meeting(meeting: Meeting, actor, reason: str) -> None:
    if not reason.strip():
        raise ProjectError("Say why the meeting is cancelled.")
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        if not meeting.can_change:
            raise ProjectError("This meeting can no longer be cancelled.", ProjectError.CONFLICT)
        meeting.cancelled_at = timezone.now()
        meeting.cancel_reason = reason.strip()
        meeting.sequence += 1
        meeting.save(update_fields=["cancelled_at", "cancel_reason", "sequence"])
        record(
            meeting.project,
            actor,
            f"Meeting cancelled: {meeting.title} on {meeting.date:%-d %B %Y}, because {reason.strip()}",
        )
        _tell_members_about(meeting, "meeting_cancelled")


def record_attendance(meeting: Meeting, attendees, minutes: str, actor) -> None:
    """Who came and what was said. Coming to a stage's meeting is taking part in the stage,
    so it is recorded only once the meeting has started, and while its stage is in progress."""
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        if meeting.is_cancelled:
            raise ProjectError("This meeting was cancelled.")
        if not meeting.has_started:
            raise ProjectError("Attendance can be recorded once the meeting has started.")
        if meeting.stage.status == StageRecord.Status.NOT_STARTED:
            raise ProjectError(
                f"{meeting.stage.get_stage_display()} has not started yet, so nobody can take part in it."
            )
        if not meeting.stage.is_open:
            raise ProjectError(
                f"{meeting.stage.get_stage_display()} is complete, so who took part in it is fixed. "
                "Reopen the stage to record attendance."
            )
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


def add_paper(meeting: Meeting, upload, name: str, actor) -> MeetingPaper:
    """Keep a paper for a meeting. `name` is the file's name as people see it, already checked."""
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        if not meeting.can_change:
            raise ProjectError("Papers can be added only before the meeting starts, and not to a cancelled one.")
        paper = MeetingPaper(meeting=meeting, name=name, uploaded_by=actor)
        paper.file.save(name, upload, save=True)
        record(meeting.project, actor, f"Added the paper “{paper.name}” to {meeting.title}")
    return paper


def send_papers(meeting: Meeting, actor) -> None:
    """Send the papers to every member. The moment they are sent is the date the charter's
    meeting standard checks (Hounslow: agenda and papers at least 7 days before)."""
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        if not meeting.can_change:
            raise ProjectError("Papers can be sent only before the meeting starts.")
        papers = list(meeting.papers.all())
        if not papers:
            raise ProjectError("Add the papers before sending them.")
        meeting.papers_sent_at = timezone.now()
        today = timezone.localdate()
        late = _papers_breach(meeting)
        if late and late not in meeting.standard_breaches:
            meeting.standard_breaches = [*meeting.standard_breaches, late]
        meeting.save(update_fields=["papers_sent_at", "standard_breaches"])
        days = (meeting.date - today).days
        what = f"Sent the papers for {meeting.title} to the members, {days} day{'s' if days != 1 else ''} before it"
        if late:
            what += " (later than the meeting standard asks)"
        record(meeting.project, actor, what)
        _tell_members_about(meeting, "papers_sent", papers=papers)


# Decisions.


def record_decision(stage: StageRecord, actor, contributions, feedback, **fields) -> Decision:
    with transaction.atomic():
        locked = _locked(stage.project)
        ensure_record_open(locked)
        decision = Decision.objects.create(project=stage.project, stage=stage, created_by=actor, **fields)
        decision.contributions.set(contributions)
        decision.feedback.set(feedback)
        Contribution.objects.filter(pk__in=[c.pk for c in contributions]).update(shaped_decision=True)
        record(stage.project, actor, f"Decision at {stage.get_stage_display()}: {decision.what}")
        project = stage.project
        _tell_members(project, "decision_recorded", actor, decision=decision)
        _public_record_changed(locked)
    return decision


def change_decision(decision: Decision, actor, contributions, feedback, **fields) -> Decision:
    """Change a decision's wording; what it said before is kept and shown."""
    with transaction.atomic():
        project = _locked(decision.project)
        ensure_record_open(project)
        decision = Decision.objects.select_for_update().get(pk=decision.pk)
        DecisionChange.objects.create(
            decision=decision,
            what=decision.what,
            decided_on=decision.decided_on,
            how_input_shaped=decision.how_input_shaped,
            changed_by=actor,
        )
        for name, value in fields.items():
            setattr(decision, name, value)
        decision.save()
        decision.contributions.set(contributions)
        decision.feedback.set(feedback)
        Contribution.objects.filter(pk__in=[c.pk for c in contributions]).update(shaped_decision=True)
        record(
            decision.project, actor, f"Changed the decision at {decision.stage.get_stage_display()}: {decision.what}"
        )
        _public_record_changed(project)
    return decision


# Invitations.


def _invited_as(invitation: Invitation) -> str:
    if invitation.kind == Member.Kind.FAMILY:
        return "a family member"
    return f"a professional from {invitation.organisation.name}"


def _send_invitation(invitation: Invitation) -> None:
    notify.send(
        "invitation",
        [invitation.email],
        about=f"project:{invitation.project_id}",
        area=invitation.project.partnership.slug,
        invitation=invitation,
        project=invitation.project,
        invited_as=_invited_as(invitation),
        link=notify.absolute(reverse("projects:invitation", args=[invitation.token])),
    )


def invite(project: Project, email: str, kind: str, actor, organisation=None) -> Invitation:
    """Email someone a link to join as a family member or a professional (the officer decides).

    Inviting an address that already has an open invitation sends it again, as now asked.
    The timeline says who was invited as what, never their email address.
    """
    email = email.strip().lower()
    if kind == Member.Kind.PROFESSIONAL and organisation is None:
        raise ProjectError("Select the organisation the professional works for.")
    with transaction.atomic():
        _locked(project)
        invitation = Invitation.objects.open().select_for_update().filter(project=project, email=email).first()
        fields = {
            "kind": kind,
            "organisation": organisation if kind == Member.Kind.PROFESSIONAL else None,
            "invited_by": actor,
            "sent_at": timezone.now(),
        }
        if invitation is None:
            invitation = Invitation.objects.create(project=project, email=email, **fields)
        else:
            for name, value in fields.items():
                setattr(invitation, name, value)
            invitation.save(update_fields=list(fields))
        record(project, actor, f"Invited {_invited_as(invitation)} to join")
        _send_invitation(invitation)
    return invitation


def _locked_unused(invitation: Invitation) -> Invitation:
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("project", "organisation")
        .get(pk=invitation.pk)
    )
    if invitation.accepted_at or invitation.withdrawn_at:
        raise ProjectError("This invitation has been used or withdrawn.", ProjectError.CONFLICT)
    return invitation


def resend_invitation(invitation: Invitation, actor) -> None:
    with transaction.atomic():
        invitation = _locked_unused(invitation)
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["sent_at"])
        record(invitation.project, actor, f"Sent the invitation to {_invited_as(invitation)} again")
        _send_invitation(invitation)


def withdraw_invitation(invitation: Invitation, actor) -> None:
    with transaction.atomic():
        invitation = _locked_unused(invitation)
        invitation.withdrawn_at, invitation.withdrawn_by = timezone.now(), actor
        invitation.save(update_fields=["withdrawn_at", "withdrawn_by"])
        record(invitation.project, actor, f"Withdrew the invitation to {_invited_as(invitation)}")


class InvitationProblem:
    """Why an invitation cannot be accepted, as a code the invitation page explains."""

    USED = "used"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"
    OTHER_AREA = "other-area"
    OTHER_EMAIL = "other-email"
    NOT_FAMILY = "not-family"  # a family member's invitation, opened by a professional's account
    NOT_PROFESSIONAL = "not-professional"


def invitation_problem(invitation: Invitation, user=None) -> str | None:
    """What stops this person (or, with no user, anyone) accepting the invitation."""
    if invitation.accepted_at is not None:
        return InvitationProblem.USED
    if invitation.withdrawn_at is not None:
        return InvitationProblem.WITHDRAWN
    if invitation.has_expired:
        return InvitationProblem.EXPIRED
    if user is None:
        return None
    if user.partnership_id != invitation.project.partnership_id:
        return InvitationProblem.OTHER_AREA
    if user.email.lower() != invitation.email.lower():
        return InvitationProblem.OTHER_EMAIL
    if member_kind_for(user) != invitation.kind:
        return (
            InvitationProblem.NOT_FAMILY
            if invitation.kind == Member.Kind.FAMILY
            else InvitationProblem.NOT_PROFESSIONAL
        )
    return None


def accept_invitation(invitation: Invitation, user) -> Member:
    """Join the project as the invitation says: only the account of its email address may."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update(of=("self",)).select_related("project").get(pk=invitation.pk)
        problem = invitation_problem(invitation, user)
        if problem is not None:
            raise ProjectError("This invitation cannot be used with this account.", ProjectError.FORBIDDEN)
        project = invitation.project
        member = Member.objects.select_for_update().filter(project=project, user=user).first()
        if member is None:
            member = Member.objects.create(project=project, user=user, kind=invitation.kind)
        elif member.removed_at is not None:
            member.removed_at, member.removed_by = None, None
            member.save(update_fields=["removed_at", "removed_by"])
        record(project, user, f"{user.name} joined from an invitation as a {member.get_kind_display().lower()}")
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        _public_record_changed(project)
    return member


# Reviews.


def ask_for_reviews(project: Project) -> None:
    """Tell every member the review is open (Wirral's review questions close every project)."""
    members = _members(project)
    notify.send(
        "review_open",
        members,
        about=f"project:{project.pk}",
        area=project.partnership.slug,
        project=project,
        link=notify.absolute(reverse("reviews:answer", args=[project.partnership.slug, project.pk])),
    )
    record(project, None, f"Asked {len(members)} members to review the project")
