from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access_log import record_access, record_access_to_people
from accounts.forms import InvitedRegisterForm
from accounts.models import AccessKind, User
from charter_portal.errors import refuse, refuse_on_form
from charter_portal.filters import choice_param, id_param, text_param
from charter_portal.forms import posted
from charter_portal.models import Message
from charter_portal.pagination import paginate
from charter_portal.permissions import runs_projects, signed_in
from charter_portal.public_cache import public_page
from charters.access import partnership_page
from charters.models import PlanOutcome
from projects import calendar, forms, services
from projects.access import (
    ProjectAccess,
    get_stage,
    project_for_editor,
    project_for_insider,
    project_for_member,
    project_for_reader,
    visible_projects,
)
from projects.models import Contribution, Decision, Invitation, Meeting, Member, Project, Stage, StageRecord

PER_PAGE = 20
TIMELINE_ON_PROJECT_PAGE = 10


# Lists and the project page.


@partnership_page()
def project_list(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = request.partnership
    projects = visible_projects(request.user, partnership).select_related("level", "lead_officer")
    stage = choice_param(request, "stage", [*Stage.values, "complete"])
    level, priority = text_param(request, "level"), text_param(request, "priority")
    officer, outcome = id_param(request, "officer"), id_param(request, "outcome")
    if stage == "complete":
        projects = projects.filter(is_complete=True)
    elif stage:
        projects = projects.filter(current_stage=stage, is_complete=False)
    if level:
        projects = projects.filter(level__name=level)
    if priority:
        projects = projects.filter(improvement_priority=priority)
    if officer:
        projects = projects.filter(lead_officer_id=officer)
    if outcome:
        projects = projects.filter(plan_outcome_id=outcome)
    pages = paginate(request, projects.order_by("-created_at", "-pk"), PER_PAGE)
    # The choices come from the projects this person may see, so a private project's details never show.
    visible = visible_projects(request.user, partnership)
    context = {
        "partnership": partnership,
        **pages,
        "stages": Stage.choices,
        # Each list asks for its values once, from the visible projects found along their partnership's index.
        "levels": sorted(visible.order_by().values_list("level__name", flat=True).distinct()),
        "priorities": sorted(
            visible.exclude(improvement_priority="")
            .order_by()
            .values_list("improvement_priority", flat=True)
            .distinct()
        ),
        "officers": User.objects.filter(pk__in=visible.values("lead_officer")).order_by("name"),
        # The outcomes of the development plans of the charters the visible projects run under.
        "outcomes": PlanOutcome.objects.filter(charter__in=visible.values("charter")).order_by("charter", "order"),
        "filters": {
            "stage": stage,
            "level": level,
            "priority": priority,
            "officer": str(officer or ""),
            "outcome": str(outcome or ""),
        },
        "can_start": runs_projects(request.user, partnership),
    }
    return render(request, "projects/list.html", context)


@partnership_page(runs_projects)
def start_project(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = request.partnership
    charter = partnership.charters.published().first()
    if charter is None:
        messages.error(request, "Publish a charter before starting projects: projects are run under it")
        return redirect("projects:list", slug)
    form = forms.ProjectForm(posted(request), charter=charter)
    if request.method == "POST" and form.is_valid():
        project = services.create_project(
            actor=request.user,
            partnership=partnership,
            charter=charter,
            considerations=form.considerations(),
            **form.project_fields(),
        )
        messages.success(request, f"“{project.title}” has started")
        return redirect("projects:detail", slug, project.pk)
    context = {
        "form": form,
        "title": "Start a project",
        "caption": f"{partnership.name}, under the {charter.title}",
        "intro": "Answer the charter's start-up questions. The project stays private to its members and "
        "the partnership's officers and forum leads until you make it public.",
        "back": reverse("projects:list", args=[slug]),
    }
    return render(request, "form_page.html", context, status=400 if form.errors else 200)


@partnership_page(signed_in)
def change_project(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = project_for_editor(request, pk)
    project = access.project
    need_complete = services.need_is_complete(project)
    form = forms.ProjectForm(posted(request), instance=project, charter=project.charter, need_complete=need_complete)
    if request.method == "POST" and form.is_valid():
        # The form has set the new values on its instance: compare against the stored project.
        stored = Project.objects.get(pk=project.pk)
        try:
            changed = services.change_project(
                stored,
                request.user,
                reason=form.cleaned_data.get("reason", ""),
                considerations={**stored.considerations, **form.considerations()},
                **form.project_fields(),
            )
        except services.ProjectError as error:
            if error.code != services.ProjectError.INVALID:
                refuse(request, error)
                return redirect("projects:detail", slug, project.pk)
            form.add_error(None, str(error))
        else:
            messages.success(request, "The project's details have been saved" if changed else "Nothing was changed")
            return redirect("projects:detail", slug, project.pk)
    context = {
        "form": form,
        "title": "Change the project's details",
        "caption": project.title,
        "project": project,
        "intro": "The way of working and the start-up answers are agreed with everyone at the start. "
        + (
            "Need is complete, so say why they are changing: the reason is kept on the timeline."
            if need_complete
            else "You can change them until Need is complete."
        ),
        "back": reverse("projects:detail", args=[slug, project.pk]),
    }
    return render(request, "form_page.html", context, status=400 if form.errors else 200)


def _upcoming_without_papers(project: Project) -> list[Meeting]:
    standard = getattr(project.charter, "meeting_standard", None)
    today = timezone.localdate()
    upcoming = project.meetings.filter(date__gte=today, cancelled_at__isnull=True, papers_sent_at__isnull=True)
    return [m for m in upcoming if m.papers_overdue(standard, today)]


@partnership_page(signed_in)
def project_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = project_for_reader(request, pk)
    project = access.project
    stages = list(project.stages.all())
    questions = {q.stage: q.question for q in project.charter.stage_questions.all()}
    for stage in stages:
        stage.question = questions.get(stage.stage, "")
    considerations = [
        (c.name, project.considerations.get(c.key, ""))
        for c in project.charter.considerations.all()
        if c.key != "level"
    ]
    kinds = dict(project.members.current().values_list("kind").annotate(n=Count("id")).order_by())
    context = {
        "project": project,
        "access": access,
        "stages": stages,
        "member": access.member,
        "is_officer": access.is_officer,
        "considerations": considerations,
        "events": project.events.select_related("actor")[:TIMELINE_ON_PROJECT_PAGE] if not access.is_reader else [],
        "more_events": not access.is_reader and project.events.count() > TIMELINE_ON_PROJECT_PAGE,
        "review_open": project.is_complete or project.current_stage == Stage.EVALUATION,
        # Members are asked to review until the project applies for the kite mark.
        "review_answerable": (project.is_complete or project.current_stage == Stage.EVALUATION)
        and not project.record_frozen,
        "papers_late": _upcoming_without_papers(project) if not access.is_reader else [],
        "standard": getattr(project.charter, "meeting_standard", None),
        "families": kinds.get(Member.Kind.FAMILY, 0),
        "professionals": kinds.get(Member.Kind.PROFESSIONAL, 0),
    }
    return render(request, "projects/detail.html", context)


@partnership_page(signed_in)
def project_messages(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Every message the project sent its members, leads and officers: for the officers who run it."""
    access = project_for_editor(request, pk)
    sent = Message.objects.filter(about=f"project:{access.project.pk}").select_related("user")
    context = {"project": access.project, "show_to": True, **paginate(request, sent, PER_PAGE)}
    return render(request, "projects/messages.html", context)


@partnership_page(signed_in)
def project_timeline(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = project_for_insider(request, pk)
    events = access.project.events.select_related("actor")
    pages = paginate(request, events, 50)
    context = {
        "project": access.project,
        **pages,
        "events": pages["page_obj"].object_list,
    }
    return render(request, "projects/timeline.html", context)


# Stages.


@partnership_page(signed_in)
def stage_detail(request: HttpRequest, slug: str, pk: int, stage: str) -> HttpResponse:
    access = project_for_reader(request, pk)
    record = get_stage(access.project, stage)
    return _render_stage(request, access, record)


def _render_stage(request, access: ProjectAccess, record: StageRecord, status: int = 200, **bound) -> HttpResponse:
    project = access.project
    question = project.charter.stage_questions.filter(stage=record.stage).first()
    completed_after = project.stages.filter(status=StageRecord.Status.COMPLETED, id__gt=record.id).exists()
    context = {
        "project": project,
        "access": access,
        "record": record,
        "question": question.question if question else "",
        "member": access.member,
        "is_officer": access.is_officer,
        "contributions": record.contributions.select_related("member__user"),
        "meetings": record.meetings.all(),
        "decisions": record.decisions.prefetch_related(
            "contributions__member__user", "feedback", "changes__changed_by"
        ),
        "participants": record.participants.select_related("user"),
        "family_took_part": services.family_took_part(record),
        "contribution_form": bound.get("contribution") or forms.ContributionForm(),
        "summary_form": bound.get("summary")
        or forms.SummaryForm(initial={"summary": record.summary, "version": record.version}),
        "complete_form": bound.get("complete") or forms.CompleteForm(),
        "reopen_form": bound.get("reopen") or forms.reopen_form(),
        "is_last_completed": record.status == StageRecord.Status.COMPLETED and not completed_after,
    }
    context["form"] = next(iter(bound.values()), None)
    return render(request, "projects/stage.html", context, status=status)


def _stage_action(request, slug, pk, stage, form, name, action, for_members=False) -> HttpResponse:
    access = project_for_member(request, pk) if for_members else project_for_editor(request, pk)
    record = get_stage(access.project, stage)
    if form.is_valid():
        try:
            message = action(access, record, form.cleaned_data)
        except services.ProjectError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, message)
            return redirect("projects:stage", slug, access.project.pk, stage)
    return _render_stage(request, access, record, status=400, **{name: form})


@require_POST
@partnership_page(signed_in)
def contribute(request, slug, pk, stage):
    def action(access, record, data):
        services.contribute(record, access.member, data["kind"], data["text"])
        return "Thank you: your contribution has been added"

    form = forms.ContributionForm(request.POST)
    return _stage_action(request, slug, pk, stage, form, "contribution", action, for_members=True)


@require_POST
@partnership_page(signed_in)
def save_summary(request, slug, pk, stage):
    def action(access, record, data):
        services.save_summary(record, request.user, data["summary"], data["version"])
        return "The summary has been saved"

    return _stage_action(request, slug, pk, stage, forms.SummaryForm(request.POST), "summary", action)


@require_POST
@partnership_page(signed_in)
def complete_stage(request, slug, pk, stage):
    def action(access, record, data):
        services.complete_stage(record, request.user, data["override_reason"])
        return f"{record.get_stage_display()} is complete"

    return _stage_action(request, slug, pk, stage, forms.CompleteForm(request.POST), "complete", action)


@require_POST
@partnership_page(signed_in)
def reopen_stage(request, slug, pk, stage):
    def action(access, record, data):
        services.reopen_stage(record, request.user, data["reason"])
        return f"{record.get_stage_display()} has been reopened"

    return _stage_action(request, slug, pk, stage, forms.reopen_form(request.POST), "reopen", action)


@require_POST
@partnership_page(signed_in)
def mark_shaped(request: HttpRequest, slug: str, pk: int, contribution: int) -> HttpResponse:
    project = project_for_editor(request, pk).project
    item = get_object_or_404(
        Contribution.objects.select_related("stage__project", "member__user"), stage__project=project, pk=contribution
    )
    try:
        services.mark_shaped_decision(item, request.user)
    except services.ProjectError as error:
        refuse(request, error)
    else:
        messages.success(request, "Marked as shaping a decision")
    return redirect("projects:stage", slug, project.pk, item.stage.stage)


# Members and invitations.


def _render_members(request, access: ProjectAccess, status=200, **bound) -> HttpResponse:
    project = access.project
    is_officer = access.is_officer
    members = list(project.members.current().select_related("user", "user__organisation"))
    if is_officer:
        # Officers see each member's access needs and contact details here.
        record_access_to_people(request.user, [member.user for member in members], project.partnership)
    context = {
        "project": project,
        "members": members,
        "add_form": bound.get("add") or (forms.AddMemberForm(project=project) if is_officer else None),
        "invite_form": bound.get("invite") or (forms.InviteForm(project=project) if is_officer else None),
        "invitations": project.invitations.open().select_related("organisation") if is_officer else [],
        "is_officer": is_officer,
        "lead_officer_id": project.lead_officer_id,
        "invitation_days": settings.INVITATION_DAYS,
        # The form that was sent, for the page's title and error summary.
        "form": next(iter(bound.values()), None),
    }
    return render(request, "projects/members.html", context, status=status)


@partnership_page(signed_in)
def members(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    if request.method != "POST":
        return _render_members(request, project_for_insider(request, pk))
    access = project_for_editor(request, pk)
    form = forms.AddMemberForm(request.POST, project=access.project)
    if form.is_valid():
        try:
            member = services.add_member(access.project, form.cleaned_data["user"], request.user)
        except services.ProjectError as error:
            refuse_on_form(form, error, "user")
        else:
            messages.success(request, f"{member.user.name} has been added")
            return redirect("projects:members", slug, access.project.pk)
    return _render_members(request, access, status=400, add=form)


@partnership_page(signed_in)
def remove_member(request: HttpRequest, slug: str, pk: int, member_pk: int) -> HttpResponse:
    project = project_for_editor(request, pk).project
    member = get_object_or_404(project.members.current().select_related("user"), pk=member_pk)
    back = reverse("projects:members", args=[slug, project.pk])
    if request.method == "POST":
        try:
            services.remove_member(member, request.user)
        except services.ProjectError as error:
            refuse(request, error)
        else:
            messages.success(request, f"{member.user.name} has been removed from the project")
        return redirect(back)
    context = {
        "title": f"Remove {member.user.name} from the project?",
        "caption": project.title,
        "project": project,
        "intro": "They will no longer see the project or be told about it. What they said, the meetings they "
        "came to and their review answers stay in the project's record.",
        "button": "Remove from the project",
        "destructive": True,
        "action": request.path,
        "back": back,
    }
    return render(request, "confirm_page.html", context)


@require_POST
@partnership_page(signed_in)
def invite_member(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = project_for_editor(request, pk)
    form = forms.InviteForm(request.POST, project=access.project)
    if not form.is_valid():
        return _render_members(request, access, status=400, invite=form)
    data = form.cleaned_data
    services.invite(access.project, data["email"], data["kind"], request.user, data.get("organisation"))
    messages.success(request, f"An invitation has been sent to {data['email']}")
    return redirect("projects:members", slug, access.project.pk)


def _get_invitation(request, slug, pk, invitation_pk) -> Invitation:
    project = project_for_editor(request, pk).project
    return get_object_or_404(project.invitations.open(), pk=invitation_pk)


@require_POST
@partnership_page(signed_in)
def resend_invitation(request: HttpRequest, slug: str, pk: int, invitation_pk: int) -> HttpResponse:
    invitation = _get_invitation(request, slug, pk, invitation_pk)
    try:
        services.resend_invitation(invitation, request.user)
    except services.ProjectError as error:
        refuse(request, error)
    else:
        messages.success(request, f"The invitation has been sent to {invitation.email} again")
    return redirect("projects:members", slug, pk)


@partnership_page(signed_in)
def withdraw_invitation(request: HttpRequest, slug: str, pk: int, invitation_pk: int) -> HttpResponse:
    invitation = _get_invitation(request, slug, pk, invitation_pk)
    if request.method == "POST":
        try:
            services.withdraw_invitation(invitation, request.user)
        except services.ProjectError as error:
            refuse(request, error)
        else:
            messages.success(
                request, f"The invitation to {invitation.email} has been withdrawn: its link no longer works"
            )
        return redirect("projects:members", slug, pk)
    context = {
        "title": f"Are you sure you want to withdraw the invitation to {invitation.email}?",
        "caption": invitation.project.title,
        "project": invitation.project,
        "intro": "The link in the invitation will stop working. To invite them later, send a new invitation.",
        "button": "Withdraw the invitation",
        "destructive": True,
        "action": request.path,
        "back": reverse("projects:members", args=[slug, pk]),
    }
    return render(request, "confirm_page.html", context)


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = get_object_or_404(
        Invitation.objects.select_related("project__partnership", "organisation", "invited_by"), token=token
    )
    project = invitation.project
    user = request.user if request.user.is_authenticated else None
    problem = services.invitation_problem(invitation, user)
    context = {"invitation": invitation, "problem": problem}
    if problem is not None:
        return render(request, "projects/invitation.html", context, status=403 if user else 410)
    if user is not None:
        if request.method == "POST":
            try:
                services.accept_invitation(invitation, user)
            except services.ProjectError:
                return _invitation_taken(request, invitation, user)
            messages.success(request, f"You have joined “{project.title}”")
            return redirect("projects:detail", project.partnership.slug, project.pk)
        return render(request, "projects/invitation.html", context)
    if User.objects.filter(email__iexact=invitation.email).exists():
        context["has_account"] = True
        return render(request, "projects/invitation.html", context)
    form = InvitedRegisterForm(posted(request), invitation=invitation)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                user = form.save()
                services.accept_invitation(invitation, user)
        except (IntegrityError, services.ProjectError):
            # The link was used at the same moment, from another window or by a double click.
            return _invitation_taken(request, invitation, None)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"Your account has been created and you have joined “{project.title}”")
        return redirect("projects:detail", project.partnership.slug, project.pk)
    context["form"] = form
    return render(request, "projects/invitation.html", context, status=400 if form.errors else 200)


def _invitation_taken(request, invitation: Invitation, user) -> HttpResponse:
    invitation.refresh_from_db()
    problem = services.invitation_problem(invitation, user) or services.InvitationProblem.USED
    context = {"invitation": invitation, "problem": problem}
    return render(request, "projects/invitation.html", context, status=409)


@require_POST
@partnership_page(signed_in)
def set_public(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = project_for_editor(request, pk).project
    public = request.POST.get("public") == "yes"
    services.make_public(project, request.user, public)
    messages.success(request, "The project is now public" if public else "The project is now private")
    return redirect("projects:detail", slug, project.pk)


@public_page
@partnership_page()
def public_project(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = request.partnership
    project = get_object_or_404(
        Project.objects.select_related("level", "partnership"), partnership=partnership, pk=pk, is_public=True
    )
    stages = list(project.stages.all())
    kinds = dict(project.members.current().values_list("kind").annotate(n=Count("id")).order_by())
    decisions = project.decisions.select_related("stage").prefetch_related("contributions__member", "feedback")
    context = {
        "project": project,
        "stages": stages,
        "decisions": decisions,
        "you_said_we_did": project.feedback.published().select_related("topic"),
        "families": kinds.get(Member.Kind.FAMILY, 0),
        "professionals": kinds.get(Member.Kind.PROFESSIONAL, 0),
    }
    return render(request, "projects/public.html", context)


# Meetings and papers.


def _meeting_form_page(request, project, record, form, title: str, back: str) -> HttpResponse:
    standard = form.standard.in_plain_words() if form.standard else []
    context = {
        "form": form,
        "project": project,
        "record": record,
        "title": title,
        "standard": standard,
        "breaches": form.breaches,
        "back": back,
    }
    return render(request, "projects/meeting_form.html", context, status=400 if form.errors else 200)


def _meeting_page(request, slug, pk, stage, form_class, save, success: str, title: str) -> HttpResponse:
    """A page booking or recording a meeting for a stage; `save(record, fields)` runs the service.
    A refusal goes on the form, as nothing of it was saved."""
    project = project_for_editor(request, pk).project
    record = get_stage(project, stage)
    form = form_class(posted(request), stage=record)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = save(record, form.meeting_fields())
        except services.ProjectError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, success.format(title=meeting.title))
            return redirect("projects:meeting", slug, project.pk, meeting.pk)
    back = reverse("projects:stage", args=[slug, project.pk, stage])
    return _meeting_form_page(request, project, record, form, title.format(stage=record.get_stage_display()), back)


@partnership_page(signed_in)
def schedule_meeting(request: HttpRequest, slug: str, pk: int, stage: str) -> HttpResponse:
    return _meeting_page(
        request,
        slug,
        pk,
        stage,
        forms.MeetingForm,
        lambda record, fields: services.schedule_meeting(record, request.user, **fields),
        "“{title}” has been scheduled and the members have been told",
        "Schedule a meeting for {stage}",
    )


@partnership_page(signed_in)
def record_past_meeting(request: HttpRequest, slug: str, pk: int, stage: str) -> HttpResponse:
    def save(record, fields):
        attendees, minutes = list(fields.pop("attendees")), fields.pop("minutes")
        return services.record_past_meeting(record, request.user, attendees, minutes, **fields)

    return _meeting_page(
        request,
        slug,
        pk,
        stage,
        forms.PastMeetingForm,
        save,
        "“{title}” has been recorded",
        "Record a meeting that already took place, for {stage}",
    )


def _get_meeting(access: ProjectAccess, meeting_pk: int) -> Meeting:
    return get_object_or_404(
        access.project.meetings.select_related("stage", "project__partnership", "project__charter"), pk=meeting_pk
    )


@partnership_page(signed_in)
def change_meeting(request: HttpRequest, slug: str, pk: int, meeting_pk: int) -> HttpResponse:
    access = project_for_editor(request, pk)
    meeting = _get_meeting(access, meeting_pk)
    back = reverse("projects:meeting", args=[slug, pk, meeting.pk])
    if not meeting.can_change:
        messages.error(request, "This meeting can no longer be changed: it has started, been held or been cancelled")
        return redirect(back)
    form = forms.MeetingForm(posted(request), instance=meeting, stage=meeting.stage)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_meeting(Meeting.objects.get(pk=meeting.pk), request.user, **form.meeting_fields())
        except services.ProjectError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, f"“{form.cleaned_data['title']}” has been changed and the members have been told")
            return redirect(back)
    return _meeting_form_page(request, access.project, meeting.stage, form, f"Change “{meeting.title}”", back)


@partnership_page(signed_in)
def cancel_meeting(request: HttpRequest, slug: str, pk: int, meeting_pk: int) -> HttpResponse:
    access = project_for_editor(request, pk)
    meeting = _get_meeting(access, meeting_pk)
    back = reverse("projects:meeting", args=[slug, pk, meeting.pk])
    if not meeting.can_change:
        messages.error(request, "This meeting can no longer be cancelled")
        return redirect(back)
    form = forms.cancel_meeting_form(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_meeting(meeting, request.user, form.cleaned_data["reason"])
        except services.ProjectError as error:
            refuse(request, error)
        else:
            messages.success(request, f"“{meeting.title}” has been cancelled and the members have been told")
        return redirect(back)
    context = {
        "form": form,
        "title": f"Cancel “{meeting.title}” on {meeting.date:%-d %B %Y}?",
        "caption": access.project.title,
        "project": access.project,
        "intro": "Every member is emailed to say it is cancelled, with your reason. The meeting stays on the "
        "project's record, marked cancelled.",
        "action": request.path,
        "back": back,
    }
    return render(request, "confirm_page.html", context, status=400 if form.errors else 200)


@partnership_page(signed_in)
def meeting_detail(request: HttpRequest, slug: str, pk: int, meeting_pk: int) -> HttpResponse:
    access = project_for_reader(request, pk)
    return _render_meeting(request, access, _get_meeting(access, meeting_pk))


def _render_meeting(request, access: ProjectAccess, meeting: Meeting, status=200, **bound) -> HttpResponse:
    attendees = list(meeting.attendees.select_related("user"))
    standard = getattr(access.project.charter, "meeting_standard", None)
    context = {
        "project": access.project,
        "access": access,
        "meeting": meeting,
        "is_officer": access.is_officer,
        "papers": meeting.papers.all(),
        "attendees": attendees,
        "families_came": sum(1 for m in attendees if m.kind == Member.Kind.FAMILY),
        "papers_due_on": meeting.papers_due_on(standard),
        "papers_overdue": meeting.papers_overdue(standard, timezone.localdate()),
        "attendance_form": bound.get("attendance")
        or forms.AttendanceForm(initial={"attendees": attendees, "minutes": meeting.minutes}, meeting=meeting),
        "paper_form": bound.get("paper") or forms.PaperForm(),
    }
    context["form"] = next(iter(bound.values()), None)
    return render(request, "projects/meeting.html", context, status=status)


@require_POST
@partnership_page(signed_in)
def record_attendance(request: HttpRequest, slug: str, pk: int, meeting_pk: int) -> HttpResponse:
    access = project_for_editor(request, pk)
    meeting = _get_meeting(access, meeting_pk)
    form = forms.AttendanceForm(request.POST, meeting=meeting)
    if form.is_valid():
        try:
            services.record_attendance(
                meeting, list(form.cleaned_data["attendees"]), form.cleaned_data["minutes"], request.user
            )
        except services.ProjectError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, "Attendance and minutes have been saved")
            return redirect("projects:meeting", slug, pk, meeting.pk)
    return _render_meeting(request, access, meeting, status=400, attendance=form)


@require_POST
@partnership_page(signed_in)
def add_paper(request: HttpRequest, slug: str, pk: int, meeting_pk: int) -> HttpResponse:
    access = project_for_editor(request, pk)
    meeting = _get_meeting(access, meeting_pk)
    form = forms.PaperForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            paper = services.add_paper(meeting, form.cleaned_data["file"], form.paper_name, request.user)
        except services.ProjectError as error:
            refuse_on_form(form, error)
        else:
            messages.success(
                request, f"“{paper.name}” has been added. Send the papers to the members when they are all here"
            )
            return redirect("projects:meeting", slug, pk, meeting.pk)
    return _render_meeting(request, access, meeting, status=400, paper=form)


@require_POST
@partnership_page(signed_in)
def send_papers(request: HttpRequest, slug: str, pk: int, meeting_pk: int) -> HttpResponse:
    access = project_for_editor(request, pk)
    meeting = _get_meeting(access, meeting_pk)
    try:
        services.send_papers(meeting, request.user)
    except services.ProjectError as error:
        refuse(request, error)
    else:
        messages.success(request, "The papers have been sent to every member")
    return redirect("projects:meeting", slug, pk, meeting.pk)


@partnership_page(signed_in)
def download_paper(request: HttpRequest, slug: str, pk: int, meeting_pk: int, paper_pk: int) -> HttpResponse:
    access = project_for_insider(request, pk)
    meeting = _get_meeting(access, meeting_pk)
    paper = get_object_or_404(meeting.papers, pk=paper_pk)
    if paper.removed_at:
        # Gone for good, and said so plainly: the partnership's retention period removed the file.
        context = {"project": access.project, "meeting": meeting, "paper": paper, "slug": slug}
        return render(request, "projects/paper_removed.html", context, status=410)
    record_access(request.user, AccessKind.PAPER, f"paper:{paper.pk}", request.partnership)
    return FileResponse(paper.file.open("rb"), as_attachment=True, filename=paper.name)


@partnership_page(signed_in)
def meeting_calendar(request: HttpRequest, slug: str, pk: int, meeting_pk: int) -> HttpResponse:
    access = project_for_insider(request, pk)
    meeting = _get_meeting(access, meeting_pk)
    response = HttpResponse(calendar.for_meeting(meeting), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


# Decisions.


def _decision_page(request, project, record, form, title: str) -> HttpResponse:
    context = {
        "form": form,
        "title": title,
        "caption": project.title,
        "project": project,
        "intro": "Say what was decided and how members' comments, ideas and feedback shaped it. "
        "The public project page shows this, without members' names.",
        "back": reverse("projects:stage", args=[project.partnership.slug, project.pk, record.stage]),
    }
    return render(request, "form_page.html", context, status=400 if form.errors else 200)


def _decision_links(data: dict) -> tuple[list, list, dict]:
    data = dict(data)
    return list(data.pop("contributions", [])), list(data.pop("feedback", [])), data


@partnership_page(signed_in)
def record_decision(request: HttpRequest, slug: str, pk: int, stage: str) -> HttpResponse:
    project = project_for_editor(request, pk).project
    record = get_stage(project, stage)
    form = forms.DecisionForm(posted(request), stage=record)
    if request.method == "POST" and form.is_valid():
        contributions, feedback, data = _decision_links(form.cleaned_data)
        try:
            services.record_decision(record, request.user, contributions, feedback, **data)
        except services.ProjectError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, "The decision has been recorded")
            return redirect("projects:stage", slug, project.pk, stage)
    return _decision_page(request, project, record, form, f"Record a decision at {record.get_stage_display()}")


@partnership_page(signed_in)
def change_decision(request: HttpRequest, slug: str, pk: int, decision_pk: int) -> HttpResponse:
    project = project_for_editor(request, pk).project
    decision = get_object_or_404(Decision.objects.select_related("stage__project"), project=project, pk=decision_pk)
    form = forms.DecisionForm(posted(request), instance=decision, stage=decision.stage)
    if request.method == "POST" and form.is_valid():
        contributions, feedback, data = _decision_links(form.cleaned_data)
        try:
            services.change_decision(
                Decision.objects.get(pk=decision.pk), request.user, contributions, feedback, **data
            )
        except services.ProjectError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, "The decision has been changed. Its earlier wording is kept with it")
            return redirect("projects:stage", slug, project.pk, decision.stage.stage)
    return _decision_page(request, project, decision.stage, form, "Change the decision")
