from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.permissions import has_role, works_in
from charter_portal.forms import posted
from charters.models import Partnership
from projects.models import Member, Project
from projects.services import ProjectError, record
from projects.views import _get_project, _is_officer_of
from reviews import forms, kite_mark, services
from reviews.models import CaseStudy, KiteMarkApplication, PrincipleAssessment, ReviewAnswer
from reviews.results import BAR_WIDTH, review_results


@login_required
def answer_review(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project, member = _get_project(request, slug, pk)
    if member is None:
        raise PermissionDenied
    open_ = services.review_is_open(project)
    questions = project.charter.review_questions.all()
    mine = {a.question_id: a for a in ReviewAnswer.objects.filter(member=member)}
    initial = {"may_quote": any(a.may_quote for a in mine.values())}
    for question_id, answer in mine.items():
        initial[f"answer_{question_id}"] = answer.answer
        initial[f"comment_{question_id}"] = answer.comment
    form = forms.ReviewForm(posted(request), initial=initial, questions=questions)
    if request.method == "POST" and open_ and form.is_valid():
        try:
            services.answer_review(project, member, form.answers(), form.cleaned_data["may_quote"])
        except ProjectError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, "Thank you: your answers have been saved. You can change them while the review is open"
            )
            return redirect("projects:detail", slug, project.pk)
    context = {"project": project, "form": form, "open": open_, "answered": bool(mine)}
    return render(request, "reviews/answer.html", context)


def _can_see_results(user, partnership) -> bool:
    return works_in(user, partnership) and has_role(user, Role.OFFICER, Role.ADMIN, Role.FORUM_LEAD)


def _results_project(request: HttpRequest, slug: str, pk: int) -> Project:
    partnership = get_object_or_404(Partnership, slug=slug)
    if not _can_see_results(request.user, partnership):
        raise PermissionDenied
    return get_object_or_404(Project.objects.select_related("charter", "partnership"), partnership=partnership, pk=pk)


@login_required
def results(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = _results_project(request, slug, pk)
    rows = review_results(project)
    sections: dict[str, list] = {}
    for row in rows:
        sections.setdefault(row.question.section, []).append(row)
    context = {
        "project": project,
        "sections": sections.items(),
        "bar_width": BAR_WIDTH,
        "answered": ReviewAnswer.objects.filter(project=project).values("member").distinct().count(),
        "gaps": sum(1 for row in rows if row.gap),
    }
    return render(request, "reviews/results.html", context)


@login_required
def assessments(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project, _member = _get_project(request, slug, pk)
    done = {
        a.principle_id: a
        for a in PrincipleAssessment.objects.filter(project=project).prefetch_related(
            "decisions", "meetings", "feedback", Prefetch("comments", queryset=_comments())
        )
    }
    principles = list(project.charter.principles.all())
    for principle in principles:
        principle.assessment = done.get(principle.pk)
    context = {
        "project": project,
        "principles": principles,
        "is_officer": _is_officer_of(request.user, project.partnership),
        "is_member": _member is not None,
    }
    return render(request, "reviews/assessments.html", context)


def _comments():
    from reviews.models import AssessmentComment

    return AssessmentComment.objects.select_related("member__user")


@login_required
def assess_principle(request: HttpRequest, slug: str, pk: int, principle_pk: int) -> HttpResponse:
    project, _member = _get_project(request, slug, pk)
    if not _is_officer_of(request.user, project.partnership):
        raise PermissionDenied
    principle = get_object_or_404(project.charter.principles, pk=principle_pk)
    existing = PrincipleAssessment.objects.filter(project=project, principle=principle).first()
    form = forms.AssessmentForm(posted(request), instance=existing, project=project)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.assess(
            project,
            principle,
            request.user,
            data["rating"],
            data["evidence"],
            data.get("decisions", []),
            data.get("meetings", []),
            data.get("feedback", []),
        )
        messages.success(request, f"The assessment of “{principle.title}” has been saved")
        return redirect("reviews:assessments", slug, project.pk)
    context = {
        "form": form,
        "title": f"Assess “{principle.title}”",
        "caption": project.title,
        "intro": principle.summary,
        "back": reverse("reviews:assessments", args=[slug, project.pk]),
    }
    return render(request, "form_page.html", context)


@login_required
def comment(request: HttpRequest, slug: str, pk: int, principle_pk: int) -> HttpResponse:
    project, member = _get_project(request, slug, pk)
    if member is None:
        raise PermissionDenied
    assessment = get_object_or_404(
        PrincipleAssessment.objects.select_related("principle", "project"), project=project, principle_id=principle_pk
    )
    form = forms.CommentForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.comment_on_assessment(assessment, member, form.cleaned_data["text"])
        messages.success(request, "Your comment has been added")
        return redirect("reviews:assessments", slug, project.pk)
    context = {
        "form": form,
        "title": f"Comment on “{assessment.principle.title}”",
        "caption": project.title,
        "intro": f"Assessed as {assessment.get_rating_display().lower()}: {assessment.evidence}",
        "back": reverse("reviews:assessments", args=[slug, project.pk]),
    }
    return render(request, "form_page.html", context)


# The kite mark.


def _kite_mark_project(request: HttpRequest, slug: str, pk: int) -> Project:
    """Members, and the partnership's officers, admins and forum leads, see a project's kite mark."""
    partnership = get_object_or_404(Partnership, slug=slug)
    project = get_object_or_404(kite_mark.with_kite_mark_counts(Project.objects.filter(partnership=partnership)), pk=pk)
    is_member = request.user.is_authenticated and project.members.filter(user=request.user).exists()
    if not (is_member or _can_see_results(request.user, partnership)):
        raise Http404("No such project.")
    return project


def _latest_application(project):
    return project.kite_mark_applications.prefetch_related("sign_offs__lead").first()


@login_required
def kite_mark_page(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = _kite_mark_project(request, slug, pk)
    return _render_kite_mark(request, project)


def _render_kite_mark(request, project, status=200, **bound) -> HttpResponse:
    application = _latest_application(project)
    user = request.user
    lead_kind = (
        user.organisation.kind if user.is_authenticated and user.role == Role.FORUM_LEAD and user.organisation else ""
    )
    can_sign = (
        application is not None
        and application.status == KiteMarkApplication.Status.PENDING
        and lead_kind in application.required_kinds
        and works_in(user, project.partnership)
        and not application.sign_offs.filter(kind=lead_kind).exists()
    )
    criteria = kite_mark.checklist(project)
    context = {
        "project": project,
        "criteria": criteria,
        "status": kite_mark.status(project, application),
        "application": application,
        "waiting_for": kite_mark.waiting_for(application) if application else [],
        "can_apply": _is_officer_of(user, project.partnership)
        and all(c.met for c in criteria)
        and kite_mark.status(project, application) in ("Ready to apply", "Declined"),
        "can_sign": can_sign,
        "can_revoke": has_role(user, Role.ADMIN)
        and works_in(user, project.partnership)
        and application is not None
        and application.is_valid_award,
        "is_officer_of_project": _is_officer_of(user, project.partnership),
        "case_study_allowed": _case_study_allowed(project, application),
        "has_case_study": CaseStudy.objects.filter(project=project, published_at__isnull=False).exists(),
        "sign_form": bound.get("sign") or forms.SignOffForm(),
        "revoke_form": bound.get("revoke") or forms.RevokeForm(),
    }
    context["form"] = next(iter(bound.values()), None)
    return render(request, "reviews/kite_mark.html", context, status=status)


@require_POST
@login_required
def apply_for_kite_mark(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = _kite_mark_project(request, slug, pk)
    if not _is_officer_of(request.user, project.partnership):
        raise PermissionDenied
    try:
        kite_mark.apply(project, request.user)
    except ProjectError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "You have applied for the kite mark. The forum leads have been asked to sign it off")
    return redirect("reviews:kite_mark", slug, project.pk)


@require_POST
@login_required
def sign_off_kite_mark(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = _kite_mark_project(request, slug, pk)
    if not has_role(request.user, Role.FORUM_LEAD):
        raise PermissionDenied
    application = project.kite_mark_applications.first()
    if application is None:
        raise Http404("No application.")
    form = forms.SignOffForm(request.POST)
    if form.is_valid():
        try:
            kite_mark.sign_off(application, request.user, form.cleaned_data["decision"], form.cleaned_data["reason"])
        except ProjectError as error:
            if "not asked" in str(error) or "already" in str(error):
                raise PermissionDenied from error
            form.add_error(None, str(error))
        else:
            messages.success(request, "Your group's answer has been recorded")
            return redirect("reviews:kite_mark", slug, project.pk)
    return _render_kite_mark(request, project, status=400, sign=form)


@require_POST
@login_required
def revoke_kite_mark(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = _kite_mark_project(request, slug, pk)
    if not (has_role(request.user, Role.ADMIN) and works_in(request.user, project.partnership)):
        raise PermissionDenied
    application = get_object_or_404(
        project.kite_mark_applications, status=KiteMarkApplication.Status.AWARDED, revoked_at=None
    )
    form = forms.RevokeForm(request.POST)
    if not form.is_valid():
        return _render_kite_mark(request, project, status=400, revoke=form)
    kite_mark.revoke(application, request.user, form.cleaned_data["reason"])
    messages.success(request, "The kite mark has been revoked")
    return redirect("reviews:kite_mark", slug, project.pk)


STATUSES = ["Not eligible", "In progress", "Ready to apply", "Awaiting sign-off", "Awarded", "Declined"]


@login_required
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_object_or_404(Partnership, slug=slug)
    if not _can_see_results(request.user, partnership):
        raise PermissionDenied
    projects = kite_mark.with_kite_mark_counts(Project.objects.for_partnership(partnership)).prefetch_related(
        Prefetch(
            "kite_mark_applications",
            queryset=KiteMarkApplication.objects.prefetch_related("sign_offs"),
            to_attr="applications",
        )
    )
    rows = []
    for project in projects:
        application = project.applications[0] if project.applications else None
        rows.append(
            {
                "project": project,
                "status": kite_mark.status(project, application),
                "waiting_for": kite_mark.waiting_for(application)
                if application and application.status == "pending"
                else [],
            }
        )
    wanted = request.GET.get("status", "")
    if wanted in STATUSES:
        rows = [row for row in rows if row["status"] == wanted]
    page = Paginator(rows, 20).get_page(request.GET.get("page"))
    context = {
        "partnership": partnership,
        "page_obj": page,
        "page_range": page.paginator.get_elided_page_range(page.number),
        "statuses": STATUSES,
        "wanted": wanted,
    }
    return render(request, "reviews/dashboard.html", context)


def verify(request: HttpRequest, code: str) -> HttpResponse:
    application = (
        KiteMarkApplication.objects.select_related("project__partnership")
        .prefetch_related("sign_offs__lead__organisation")
        .filter(code=code, status=KiteMarkApplication.Status.AWARDED)
        .first()
    )
    valid = application is not None and application.revoked_at is None
    context = {"application": application, "valid": valid}
    return render(request, "reviews/verify.html", context, status=200 if valid else 404)


def badge(request: HttpRequest, code: str) -> HttpResponse:
    application = get_object_or_404(
        KiteMarkApplication.objects.select_related("project__partnership"),
        code=code,
        status=KiteMarkApplication.Status.AWARDED,
        revoked_at=None,
    )
    link = request.build_absolute_uri(reverse("reviews:verify", args=[code]))
    svg = render(request, "reviews/badge.svg", {"application": application, "link": link}, content_type="image/svg+xml")
    svg["Content-Disposition"] = f'inline; filename="kite-mark-{code}.svg"'
    return svg


# Case studies.


def _case_study_allowed(project, application) -> bool:
    """After the kite mark, or after completion for projects at other levels."""
    if application is not None and application.is_valid_award:
        return True
    return project.is_complete and not project.level.kite_mark


@login_required
def write_case_study(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = _kite_mark_project(request, slug, pk)
    if not _is_officer_of(request.user, project.partnership):
        raise PermissionDenied
    if not _case_study_allowed(project, _latest_application(project)):
        messages.error(
            request,
            "A case study can be published after the kite mark is awarded, or when a project at "
            "another level is complete",
        )
        return redirect("reviews:kite_mark", slug, project.pk)
    existing = CaseStudy.objects.filter(project=project).first()
    form = forms.CaseStudyForm(
        posted(request), instance=existing, initial={} if existing else {"summary": project.summary}, project=project
    )
    if request.method == "POST" and form.is_valid():
        case_study = form.save(commit=False)
        case_study.project = project
        case_study.updated_by = request.user
        first = case_study.published_at is None
        case_study.published_at = case_study.published_at or timezone.now()
        case_study.save()
        form.save_m2m()
        record(project, request.user, "Published the case study" if first else "Changed the case study")
        messages.success(request, "The case study is published")
        return redirect("reviews:case_study", slug, project.pk)
    context = {
        "form": form,
        "title": "Case study",
        "caption": project.title,
        "intro": "Tell the story of the project for other partnerships. Who was involved and the elements of "
        "co-production are added from the project's record.",
        "back": reverse("reviews:kite_mark", args=[slug, project.pk]),
    }
    return render(request, "form_page.html", context)


def case_study(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = get_object_or_404(Partnership, slug=slug)
    project = get_object_or_404(kite_mark.with_kite_mark_counts(Project.objects.filter(partnership=partnership)), pk=pk)
    study = get_object_or_404(CaseStudy.objects.filter(published_at__isnull=False), project=project)
    members = project.members.select_related("user__organisation")
    groups = {}
    for member in members:
        user = member.user
        if member.kind == Member.Kind.FAMILY:
            label = "Young people" if user.family_kind == "young-person" else "Parents and carers"
        else:
            label = user.organisation.get_kind_display() if user.organisation else "Professionals"
        groups[label] = groups.get(label, 0) + 1
    application = _latest_application(project)
    context = {
        "project": project,
        "study": study,
        "groups": sorted(groups.items()),
        "elements": [c.name for c in kite_mark.checklist(project) if c.met],
        "decisions": project.decisions.all(),
        "quotes": study.quotes.select_related("member__user"),
        "award": application if application and application.is_valid_award else None,
    }
    return render(request, "reviews/case_study.html", context)
