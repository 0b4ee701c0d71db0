import datetime

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from icalendar import Calendar, Event

from accounts.forms import RegisterForm
from accounts.models import Role, User
from accounts.permissions import has_role, works_in
from charter_portal.forms import posted
from charters.models import Partnership
from projects import forms, services
from projects.models import Contribution, Invitation, Member, Project, Stage, StageRecord

PER_PAGE = 20


# Access helpers.


def _is_officer_of(user, partnership) -> bool:
    return works_in(user, partnership) and has_role(user, Role.OFFICER, Role.ADMIN)


def _visible_projects(user, partnership):
    projects = Project.objects.for_partnership(partnership)
    if _is_officer_of(user, partnership):
        return projects
    if user.is_authenticated:
        return projects.filter(Q(is_public=True) | Q(members__user=user)).distinct()
    return projects.public()


def _get_project(request: HttpRequest, slug: str, pk: int) -> tuple[Project, Member | None]:
    """A project its members and the partnership's officers may open; 404 for anyone else."""
    partnership = get_object_or_404(Partnership, slug=slug)
    project = get_object_or_404(
        Project.objects.select_related("partnership", "charter", "level", "lead_officer"),
        partnership=partnership,
        pk=pk,
    )
    member = project.members.filter(user=request.user).first() if request.user.is_authenticated else None
    if member is None and not _is_officer_of(request.user, partnership):
        raise Http404("No such project.")
    return project, member


def _get_project_for_officer(request: HttpRequest, slug: str, pk: int) -> Project:
    project, _member = _get_project(request, slug, pk)
    if not _is_officer_of(request.user, project.partnership):
        raise PermissionDenied
    return project


def _get_stage(project: Project, stage: str) -> StageRecord:
    if stage not in Stage.values:
        raise Http404("No such stage.")
    return project.stages.get(stage=stage)


# Lists and the project page.


def project_list(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_object_or_404(Partnership, slug=slug)
    projects = _visible_projects(request.user, partnership).select_related("level", "lead_officer")
    stage, level, priority, officer = (request.GET.get(k, "") for k in ("stage", "level", "priority", "officer"))
    if stage in Stage.values:
        projects = projects.filter(current_stage=stage, is_complete=False)
    elif stage == "complete":
        projects = projects.filter(is_complete=True)
    if level:
        projects = projects.filter(level__name=level)
    if priority:
        projects = projects.filter(improvement_priority=priority)
    if officer.isdigit():
        projects = projects.filter(lead_officer_id=officer)
    page = Paginator(projects, PER_PAGE).get_page(request.GET.get("page"))
    everything = Project.objects.for_partnership(partnership)
    context = {
        "partnership": partnership,
        "page_obj": page,
        "page_range": page.paginator.get_elided_page_range(page.number),
        "stages": Stage.choices,
        "levels": sorted(set(everything.values_list("level__name", flat=True))),
        "priorities": sorted(
            set(everything.exclude(improvement_priority="").values_list("improvement_priority", flat=True))
        ),
        "officers": User.objects.filter(projects_led__partnership=partnership).distinct().order_by("name"),
        "filters": {"stage": stage, "level": level, "priority": priority, "officer": officer},
        "can_start": _is_officer_of(request.user, partnership),
    }
    return render(request, "projects/list.html", context)


@login_required
def start_project(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_object_or_404(Partnership, slug=slug)
    if not _is_officer_of(request.user, partnership):
        raise PermissionDenied
    charter = partnership.charters.published().first()
    if charter is None:
        messages.error(request, "Publish a charter before starting projects: projects are run under it")
        return redirect("projects:list", slug)
    form = forms.ProjectForm(posted(request), charter=charter)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if not k.startswith("consideration_")}
        project = services.create_project(
            actor=request.user, partnership=partnership, charter=charter, considerations=form.considerations(), **data
        )
        messages.success(request, f"“{project.title}” has started")
        return redirect("projects:detail", slug, project.pk)
    context = {
        "form": form,
        "title": "Start a project",
        "caption": f"{partnership.name}, under the {charter.title}",
        "intro": "Answer the charter's start-up questions. The project stays private to its members and "
        "the partnership's officers until you make it public.",
        "back": reverse("projects:list", args=[slug]),
    }
    return render(request, "form_page.html", context)


@login_required
def project_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project, member = _get_project(request, slug, pk)
    stages = list(project.stages.all())
    questions = {q.stage: q.question for q in project.charter.stage_questions.all()}
    for stage in stages:
        stage.question = questions.get(stage.stage, "")
    considerations = [
        (c.name, project.considerations.get(c.key, ""))
        for c in project.charter.considerations.all()
        if c.key != "level"
    ]
    context = {
        "project": project,
        "stages": stages,
        "member": member,
        "is_officer": _is_officer_of(request.user, project.partnership),
        "considerations": considerations,
        "events": project.events.select_related("actor")[:50],
        "review_open": project.is_complete or project.current_stage == Stage.EVALUATION,
    }
    return render(request, "projects/detail.html", context)


@login_required
def stage_detail(request: HttpRequest, slug: str, pk: int, stage: str) -> HttpResponse:
    project, member = _get_project(request, slug, pk)
    record = _get_stage(project, stage)
    return _render_stage(request, project, member, record)


def _render_stage(request, project, member, record, status: int = 200, **bound) -> HttpResponse:
    question = project.charter.stage_questions.filter(stage=record.stage).first()
    context = {
        "project": project,
        "record": record,
        "question": question.question if question else "",
        "member": member,
        "is_officer": _is_officer_of(request.user, project.partnership),
        "contributions": record.contributions.select_related("member__user"),
        "meetings": record.meetings.all(),
        "decisions": record.decisions.prefetch_related("contributions", "feedback"),
        "participants": record.participants.select_related("user"),
        "family_took_part": services.family_took_part(record),
        "contribution_form": bound.get("contribution") or forms.ContributionForm(),
        "summary_form": bound.get("summary")
        or forms.SummaryForm(initial={"summary": record.summary, "version": record.version}),
        "complete_form": bound.get("complete") or forms.CompleteForm(),
        "reopen_form": bound.get("reopen") or forms.ReopenForm(),
        "is_last_completed": record.status == StageRecord.Status.COMPLETED
        and not project.stages.filter(status=StageRecord.Status.COMPLETED, id__gt=record.id).exists(),
    }
    context["form"] = next(iter(bound.values()), None)
    return render(request, "projects/stage.html", context, status=status)


def _stage_action(request, slug, pk, stage, form_class, name, action, officer_only=True) -> HttpResponse:
    project, member = _get_project(request, slug, pk)
    if officer_only and not _is_officer_of(request.user, project.partnership):
        raise PermissionDenied
    if not officer_only and member is None:
        # Only members contribute: officers who are not members watch.
        raise PermissionDenied
    record = _get_stage(project, stage)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            message = action(project, member, record, form.cleaned_data)
        except services.ProjectError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, message)
            return redirect("projects:stage", slug, project.pk, stage)
    return _render_stage(request, project, member, record, status=400, **{name: form})


@require_POST
@login_required
def contribute(request, slug, pk, stage):
    def action(project, member, record, data):
        services.contribute(record, member, data["kind"], data["text"])
        return "Thank you: your contribution has been added"

    return _stage_action(request, slug, pk, stage, forms.ContributionForm, "contribution", action, officer_only=False)


@require_POST
@login_required
def save_summary(request, slug, pk, stage):
    def action(project, member, record, data):
        services.save_summary(record, request.user, data["summary"], data["version"])
        return "The summary has been saved"

    return _stage_action(request, slug, pk, stage, forms.SummaryForm, "summary", action)


@require_POST
@login_required
def complete_stage(request, slug, pk, stage):
    def action(project, member, record, data):
        services.complete_stage(record, request.user, data["override_reason"])
        return f"{record.get_stage_display()} is complete"

    return _stage_action(request, slug, pk, stage, forms.CompleteForm, "complete", action)


@require_POST
@login_required
def reopen_stage(request, slug, pk, stage):
    def action(project, member, record, data):
        services.reopen_stage(record, request.user, data["reason"])
        return f"{record.get_stage_display()} has been reopened"

    return _stage_action(request, slug, pk, stage, forms.ReopenForm, "reopen", action)


@require_POST
@login_required
def mark_shaped(request: HttpRequest, slug: str, pk: int, contribution: int) -> HttpResponse:
    project = _get_project_for_officer(request, slug, pk)
    item = get_object_or_404(
        Contribution.objects.select_related("stage", "member__user"), stage__project=project, pk=contribution
    )
    services.mark_shaped_decision(item, request.user)
    messages.success(request, "Marked as shaping a decision")
    return redirect("projects:stage", slug, project.pk, item.stage.stage)


@login_required
def members(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project, _member = _get_project(request, slug, pk)
    is_officer = _is_officer_of(request.user, project.partnership)
    form = forms.AddMemberForm(posted(request), project=project)
    if request.method == "POST":
        if not is_officer:
            raise PermissionDenied
        if form.is_valid():
            member = services.add_member(project, form.cleaned_data["user"], request.user)
            messages.success(request, f"{member.user.name} has been added")
            return redirect("projects:members", slug, project.pk)
    context = {
        "project": project,
        "members": project.members.select_related("user", "user__organisation"),
        "form": form if is_officer else None,
        "invite_form": forms.InviteForm(project=project) if is_officer else None,
        "invitations": project.invitations.filter(accepted_at__isnull=True) if is_officer else [],
        "is_officer": is_officer,
    }
    return render(request, "projects/members.html", context, status=400 if form.errors else 200)


@require_POST
@login_required
def set_public(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = _get_project_for_officer(request, slug, pk)
    public = request.POST.get("public") == "yes"
    services.make_public(project, request.user, public)
    messages.success(request, "The project is now public" if public else "The project is now private")
    return redirect("projects:detail", slug, project.pk)


def public_project(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = get_object_or_404(Partnership, slug=slug)
    project = get_object_or_404(
        Project.objects.select_related("level", "partnership"), partnership=partnership, pk=pk, is_public=True
    )
    stages = list(project.stages.all())
    kinds = dict(project.members.values_list("kind").annotate(n=Count("id")).order_by())
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


# Meetings, papers and decisions.


def _get_meeting(request, slug, pk, meeting_pk):
    project, member = _get_project(request, slug, pk)
    meeting = get_object_or_404(project.meetings.select_related("stage"), pk=meeting_pk)
    return project, member, meeting


@login_required
def schedule_meeting(request: HttpRequest, slug: str, pk: int, stage: str) -> HttpResponse:
    project = _get_project_for_officer(request, slug, pk)
    record = _get_stage(project, stage)
    form = forms.MeetingForm(posted(request), stage=record)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items()}
        fields["standard_breaches"] = form.breaches
        if not form.breaches:
            fields["override_reason"] = ""
        meeting = services.schedule_meeting(record, request.user, **fields)
        messages.success(request, f"“{meeting.title}” has been scheduled")
        return redirect("projects:meeting", slug, project.pk, meeting.pk)
    standard = form.standard.in_plain_words() if form.standard else []
    context = {"form": form, "project": project, "record": record, "standard": standard, "breaches": form.breaches}
    return render(request, "projects/meeting_form.html", context)


@login_required
def meeting_detail(request: HttpRequest, slug: str, pk: int, meeting_pk: int) -> HttpResponse:
    project, _member, meeting = _get_meeting(request, slug, pk, meeting_pk)
    return _render_meeting(request, project, meeting)


def _render_meeting(request, project, meeting, status=200, **bound) -> HttpResponse:
    is_officer = _is_officer_of(request.user, project.partnership)
    context = {
        "project": project,
        "meeting": meeting,
        "is_officer": is_officer,
        "papers": meeting.papers.all(),
        "attendees": meeting.attendees.select_related("user"),
        "attendance_form": bound.get("attendance")
        or forms.AttendanceForm(
            initial={"attendees": list(meeting.attendees.all()), "minutes": meeting.minutes}, meeting=meeting
        ),
        "paper_form": bound.get("paper") or forms.PaperForm(),
    }
    context["form"] = next(iter(bound.values()), None)
    return render(request, "projects/meeting.html", context, status=status)


@require_POST
@login_required
def record_attendance(request: HttpRequest, slug: str, pk: int, meeting_pk: int) -> HttpResponse:
    project = _get_project_for_officer(request, slug, pk)
    meeting = get_object_or_404(project.meetings.select_related("stage", "project"), pk=meeting_pk)
    form = forms.AttendanceForm(request.POST, meeting=meeting)
    if not form.is_valid():
        return _render_meeting(request, project, meeting, status=400, attendance=form)
    services.record_attendance(
        meeting, list(form.cleaned_data["attendees"]), form.cleaned_data["minutes"], request.user
    )
    messages.success(request, "Attendance and minutes have been saved")
    return redirect("projects:meeting", slug, project.pk, meeting.pk)


@require_POST
@login_required
def add_paper(request: HttpRequest, slug: str, pk: int, meeting_pk: int) -> HttpResponse:
    project = _get_project_for_officer(request, slug, pk)
    meeting = get_object_or_404(project.meetings.select_related("project"), pk=meeting_pk)
    form = forms.PaperForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_meeting(request, project, meeting, status=400, paper=form)
    paper = services.add_paper(meeting, form.cleaned_data["file"], request.user)
    messages.success(request, f"“{paper.name}” has been added")
    return redirect("projects:meeting", slug, project.pk, meeting.pk)


@login_required
def download_paper(request: HttpRequest, slug: str, pk: int, meeting_pk: int, paper_pk: int) -> FileResponse:
    _project, _member, meeting = _get_meeting(request, slug, pk, meeting_pk)
    paper = get_object_or_404(meeting.papers, pk=paper_pk)
    return FileResponse(paper.file.open("rb"), as_attachment=True, filename=paper.name)


@login_required
def meeting_calendar(request: HttpRequest, slug: str, pk: int, meeting_pk: int) -> HttpResponse:
    project, _member, meeting = _get_meeting(request, slug, pk, meeting_pk)
    zone = timezone.get_current_timezone()
    calendar = Calendar()
    calendar.add("prodid", "-//Charter Portal//Project meetings//EN")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@charter-portal")
    event.add("summary", f"{project.title}: {meeting.title}")
    event.add("dtstart", datetime.datetime.combine(meeting.date, meeting.start, tzinfo=zone))
    event.add("dtend", datetime.datetime.combine(meeting.date, meeting.end, tzinfo=zone))
    event.add("dtstamp", timezone.now())
    event.add("location", meeting.place or meeting.online_link)
    event.add("description", meeting.agenda)
    calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


@login_required
def record_decision(request: HttpRequest, slug: str, pk: int, stage: str) -> HttpResponse:
    project = _get_project_for_officer(request, slug, pk)
    record = _get_stage(project, stage)
    form = forms.DecisionForm(posted(request), stage=record)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        contributions = data.pop("contributions", [])
        feedback = data.pop("feedback", [])
        services.record_decision(record, request.user, contributions, feedback, **data)
        messages.success(request, "The decision has been recorded")
        return redirect("projects:stage", slug, project.pk, stage)
    context = {
        "form": form,
        "title": f"Record a decision at {record.get_stage_display()}",
        "caption": project.title,
        "intro": "Say what was decided and how members' comments, ideas and feedback shaped it. "
        "The public project page shows this, without members' names.",
        "back": reverse("projects:stage", args=[slug, project.pk, stage]),
    }
    return render(request, "form_page.html", context)


# Invitations.


@require_POST
@login_required
def invite_member(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = _get_project_for_officer(request, slug, pk)
    form = forms.InviteForm(request.POST, project=project)
    if not form.is_valid():
        context = {
            "project": project,
            "members": project.members.select_related("user", "user__organisation"),
            "form": forms.AddMemberForm(project=project),
            "invite_form": form,
            "invitations": project.invitations.filter(accepted_at__isnull=True),
            "is_officer": True,
        }
        return render(request, "projects/members.html", context, status=400)

    def link_for(invitation) -> str:
        return request.build_absolute_uri(reverse("projects:invitation", args=[invitation.token]))

    invitation = services.invite(project, form.cleaned_data["email"], request.user, link_for)
    messages.success(request, f"An invitation has been sent to {invitation.email}")
    return redirect("projects:members", slug, project.pk)


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = get_object_or_404(Invitation.objects.select_related("project__partnership"), token=token)
    project = invitation.project
    if invitation.accepted_at is not None:
        return render(request, "projects/invitation.html", {"invitation": invitation, "used": True})
    if request.user.is_authenticated:
        if request.user.partnership_id != project.partnership_id:
            return render(
                request, "projects/invitation.html", {"invitation": invitation, "wrong_area": True}, status=403
            )
        if request.method == "POST":
            services.accept_invitation(invitation, request.user)
            messages.success(request, f"You have joined “{project.title}”")
            return redirect("projects:detail", project.partnership.slug, project.pk)
        return render(request, "projects/invitation.html", {"invitation": invitation})
    form = RegisterForm(posted(request), initial={"email": invitation.email, "partnership": project.partnership_id})
    form.fields["partnership"].queryset = Partnership.objects.filter(pk=project.partnership_id)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        services.accept_invitation(invitation, user)
        messages.success(request, f"Your account has been created and you have joined “{project.title}”")
        return redirect("projects:detail", project.partnership.slug, project.pk)
    return render(request, "projects/invitation.html", {"invitation": invitation, "form": form})
