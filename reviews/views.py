from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from charter_portal.documents import CSV, ODS, as_ods, download
from charter_portal.errors import refuse, refuse_on_form
from charter_portal.filters import choice_param
from charter_portal.forms import posted
from charter_portal.pagination import paginate
from charter_portal.pdf import pdf_available, pdf_response
from charter_portal.periods import chosen_period, quick_periods
from charter_portal.permissions import (
    is_forum_lead,
    makes_evidence_packs,
    manages_partnership,
    reads_every_project,
    reads_insights,
    runs_projects,
    signed_in,
    signs_off_for,
)
from charter_portal.public_cache import public_page, public_page_of, public_pages_changed
from charters.access import partnership_page
from projects.access import ProjectAccess, project_for_editor, project_for_member, project_for_reader
from projects.models import Project
from projects.services import ProjectError, record
from reviews import forms, kite_mark, services
from reviews.insights import Insights, insights_document
from reviews.kite_mark import KiteMarkStatus
from reviews.models import (
    Answer,
    AssessmentComment,
    CaseStudy,
    KiteMarkApplication,
    PrincipleAssessment,
    ReviewAnswer,
)
from reviews.results import BAR_WIDTH, review_results

CASE_STUDIES_PER_PAGE = 20


@partnership_page(signed_in)
def answer_review(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = project_for_member(request, pk)
    project, member = access.project, access.member
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
    return render(request, "reviews/answer.html", context, status=400 if form.errors else 200)


@partnership_page(signed_in)
def results(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Members, officers and forum leads read how the project's members answered (no names)."""
    project = project_for_reader(request, pk).project
    rows = review_results(project)
    sections: dict[str, list] = {}
    for row in rows:
        sections.setdefault(row.question.section, []).append(row)
    context = {
        "project": project,
        "sections": sections.items(),
        "bar_width": BAR_WIDTH,
        "answers": Answer.choices,
        "answered": ReviewAnswer.objects.filter(project=project).values("member").distinct().count(),
        "gaps": sum(1 for row in rows if row.gap),
    }
    return render(request, "reviews/results.html", context)


@partnership_page(signed_in)
def assessments(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = project_for_reader(request, pk)
    project = access.project
    done = {
        a.principle_id: a
        for a in PrincipleAssessment.objects.filter(project=project).prefetch_related(
            "decisions",
            "meetings",
            "feedback",
            Prefetch("comments", queryset=AssessmentComment.objects.select_related("member__user")),
        )
    }
    principles = list(project.charter.principles.all())
    for principle in principles:
        principle.assessment = done.get(principle.pk)
    context = {
        "project": project,
        "access": access,
        "principles": principles,
        "is_officer": access.is_officer,
        "is_member": access.is_member,
    }
    return render(request, "reviews/assessments.html", context)


@partnership_page(signed_in)
def assess_principle(request: HttpRequest, slug: str, pk: int, principle_pk: int) -> HttpResponse:
    project = project_for_editor(request, pk).project
    principle = get_object_or_404(project.charter.principles, pk=principle_pk)
    back = reverse("reviews:assessments", args=[slug, project.pk])
    if project.record_frozen:
        messages.error(request, "The kite mark rests on these assessments, so they cannot change now")
        return redirect(back)
    existing = PrincipleAssessment.objects.filter(project=project, principle=principle).first()
    form = forms.AssessmentForm(posted(request), instance=existing, project=project)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
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
        except ProjectError as error:
            refuse(request, error)
            return redirect(back)
        messages.success(request, f"The assessment of “{principle.title}” has been saved")
        return redirect(back)
    context = {
        "form": form,
        "title": f"Assess “{principle.title}”",
        "caption": project.title,
        "project": project,
        "intro": principle.summary,
        "back": back,
    }
    return render(request, "form_page.html", context, status=400 if form.errors else 200)


@partnership_page(signed_in)
def comment(request: HttpRequest, slug: str, pk: int, principle_pk: int) -> HttpResponse:
    access = project_for_member(request, pk)
    project = access.project
    assessment = get_object_or_404(
        PrincipleAssessment.objects.select_related("principle", "project"), project=project, principle_id=principle_pk
    )
    form = forms.CommentForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_on_assessment(assessment, access.member, form.cleaned_data["text"])
        except ProjectError as error:
            refuse(request, error)
        else:
            messages.success(request, "Your comment has been added")
        return redirect("reviews:assessments", slug, project.pk)
    context = {
        "form": form,
        "title": f"Comment on “{assessment.principle.title}”",
        "caption": project.title,
        "project": project,
        "intro": f"Assessed as {assessment.get_rating_display().lower()}: {assessment.evidence}",
        "back": reverse("reviews:assessments", args=[slug, project.pk]),
    }
    return render(request, "form_page.html", context, status=400 if form.errors else 200)


# The kite mark.


def _kite_mark_project(request: HttpRequest, slug: str, pk: int, rule=None) -> ProjectAccess:
    """Members, and the partnership's officers, admins and forum leads, see a project's kite mark;
    a `rule(user, project)` says who of them may act on it."""
    return project_for_reader(request, pk, kite_mark.with_kite_mark_counts(Project.objects.all()), rule)


def _applications(project):
    return list(
        project.kite_mark_applications.select_related("applied_by", "withdrawn_by", "revoked_by").prefetch_related(
            "sign_offs__lead"
        )
    )


@partnership_page(signed_in)
def kite_mark_page(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _render_kite_mark(request, _kite_mark_project(request, slug, pk))


def _render_kite_mark(request, access: ProjectAccess, status=200, **bound) -> HttpResponse:
    project, user = access.project, request.user
    applications = _applications(project)
    latest = applications[0] if applications else None
    live = latest if latest is not None and latest.is_live else None
    kind = signs_off_for(user, project.partnership)
    can_sign = (
        live is not None
        and live.status == KiteMarkApplication.Status.PENDING
        and kind in live.required_kinds
        and not any(s.kind == kind for s in live.sign_offs.all())
    )
    criteria = kite_mark.checklist(project)
    project_status = kite_mark.status(project, latest)
    context = {
        "project": project,
        "access": access,
        "criteria": criteria,
        "status": project_status,
        "statuses": KiteMarkStatus,
        "application_statuses": KiteMarkApplication.Status,
        "application": live,
        "latest": latest,
        "history": kite_mark.history(applications),
        "waiting_for": kite_mark.waiting_for(live) if live else [],
        "can_apply": access.is_officer
        and live is None
        and project_status not in (KiteMarkStatus.NOT_ELIGIBLE, KiteMarkStatus.NO_KITE_MARK)
        and all(c.met for c in criteria),
        "can_add_kite_mark": manages_partnership(user, project.partnership),
        "can_withdraw": access.is_officer and live is not None and live.status == KiteMarkApplication.Status.PENDING,
        "can_sign": can_sign,
        "can_revoke": manages_partnership(user, project.partnership) and live is not None and live.is_valid_award,
        "case_study_allowed": _case_study_allowed(project, live),
        "has_case_study": CaseStudy.objects.filter(project=project, published_at__isnull=False).exists(),
        "sign_form": bound.get("sign") or forms.SignOffForm(),
        "revoke_form": bound.get("revoke") or forms.revoke_form(),
        "withdraw_form": bound.get("withdraw") or forms.withdraw_form(),
    }
    context["form"] = next(iter(bound.values()), None)
    return render(request, "reviews/kite_mark.html", context, status=status)


@require_POST
@partnership_page(signed_in)
def apply_for_kite_mark(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = project_for_editor(request, pk).project
    try:
        kite_mark.apply(project, request.user)
    except ProjectError as error:
        refuse(request, error)
    else:
        messages.success(
            request,
            "You have applied for the kite mark. The forum leads have been asked to sign it off. "
            "The project's record is fixed until they answer",
        )
    return redirect("reviews:kite_mark", slug, project.pk)


def _live_application(project: Project, status: str) -> KiteMarkApplication:
    application = project.kite_mark_applications.filter(status=status).first()
    if application is None:
        raise Http404("No such application.")
    return application


def _end_application(request, slug, pk, may, status: str, make_form, name: str, end, success: str) -> HttpResponse:
    """Withdraw an application or revoke an award: `may(user, project)` says who may,
    `end(application, user, reason)` does it. Either unfreezes the project's record."""
    access = _kite_mark_project(request, slug, pk, may)
    application = _live_application(access.project, status)
    form = make_form(request.POST)
    if not form.is_valid():
        return _render_kite_mark(request, access, status=400, **{name: form})
    try:
        end(application, request.user, form.cleaned_data["reason"])
    except ProjectError as error:
        refuse(request, error)
    else:
        messages.success(request, f"{success}. The project's record can be changed again")
    return redirect("reviews:kite_mark", slug, pk)


@require_POST
@partnership_page(signed_in)
def withdraw_kite_mark(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _end_application(
        request,
        slug,
        pk,
        lambda user, project: runs_projects(user, project.partnership),
        KiteMarkApplication.Status.PENDING,
        forms.withdraw_form,
        "withdraw",
        kite_mark.withdraw,
        "The application has been withdrawn",
    )


@require_POST
@partnership_page(signed_in)
def revoke_kite_mark(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _end_application(
        request,
        slug,
        pk,
        lambda user, project: manages_partnership(user, project.partnership),
        KiteMarkApplication.Status.AWARDED,
        forms.revoke_form,
        "revoke",
        kite_mark.revoke,
        "The kite mark has been revoked",
    )


@require_POST
@partnership_page(signed_in)
def sign_off_kite_mark(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = _kite_mark_project(request, slug, pk, lambda user, project: is_forum_lead(user))
    application = _live_application(access.project, KiteMarkApplication.Status.PENDING)
    form = forms.SignOffForm(request.POST)
    if form.is_valid():
        try:
            kite_mark.sign_off(application, request.user, form.cleaned_data["decision"], form.cleaned_data["reason"])
        except ProjectError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, "Your group's answer has been recorded")
            return redirect("reviews:kite_mark", slug, pk)
    return _render_kite_mark(request, access, status=400, sign=form)


@partnership_page(reads_every_project)
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = request.partnership
    # The database works out every status, filters by it and pages; only the page's rows are looked at here.
    projects = (
        kite_mark.with_kite_mark_status(Project.objects.for_partnership(partnership))
        .select_related("level")
        .prefetch_related(kite_mark.pending_applications())
        .order_by("-created_at", "-pk")
    )
    wanted = choice_param(request, "status", KiteMarkStatus.values)
    if wanted:
        projects = projects.filter(kite_mark_status=wanted)
    pages = paginate(request, projects, 20)
    page = pages["page_obj"]
    page.object_list = [
        {
            "project": project,
            "status": KiteMarkStatus(project.kite_mark_status),
            "waiting_for": kite_mark.waiting_for(project.pending_applications[0])
            if project.kite_mark_status == KiteMarkStatus.PENDING and project.pending_applications
            else [],
        }
        for project in page.object_list
    ]
    context = {
        "partnership": partnership,
        **pages,
        "statuses": KiteMarkStatus.choices,
        "wanted": wanted,
        "makes_packs": makes_evidence_packs(request.user, partnership),
    }
    return render(request, "reviews/dashboard.html", context)


def _partnership_of_award(request: HttpRequest, code: str) -> str | None:
    """The partnership whose kite mark a verification address shows: its pages' cache is that area's."""
    awards = KiteMarkApplication.objects.filter(code=code, status=KiteMarkApplication.Status.AWARDED)
    return awards.values_list("project__partnership__slug", flat=True).first()


@public_page_of(_partnership_of_award)
def verify(request: HttpRequest, code: str) -> HttpResponse:
    application = (
        KiteMarkApplication.objects.select_related("project__partnership")
        .prefetch_related("sign_offs__lead__organisation")
        .filter(code=code, status__in=[KiteMarkApplication.Status.AWARDED, KiteMarkApplication.Status.REVOKED])
        .first()
    )
    valid = application is not None and application.is_valid_award
    context = {"application": application, "valid": valid}
    return render(request, "reviews/verify.html", context, status=200 if valid else 404)


def badge(request: HttpRequest, code: str) -> HttpResponse:
    """The badge of an award that stands. A revoked award's badge says so, wherever it was put (410)."""
    application = get_object_or_404(
        KiteMarkApplication.objects.select_related("project__partnership"),
        code=code,
        status__in=[KiteMarkApplication.Status.AWARDED, KiteMarkApplication.Status.REVOKED],
    )
    link = request.build_absolute_uri(reverse("reviews:verify", args=[code]))
    context = {"application": application, "link": link, "revoked": not application.is_valid_award}
    svg = render(
        request,
        "reviews/badge.svg",
        context,
        content_type="image/svg+xml",
        status=410 if context["revoked"] else 200,
    )
    svg["Content-Disposition"] = f'inline; filename="kite-mark-{code}.svg"'
    return svg


# Case studies.


def _case_study_allowed(project, live_application) -> bool:
    """After the kite mark, or after completion for projects at other levels."""
    if live_application is not None and live_application.is_valid_award:
        return True
    return project.is_complete and not project.level.kite_mark


@partnership_page(signed_in)
def write_case_study(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = project_for_editor(request, pk, kite_mark.with_kite_mark_counts(Project.objects.all())).project
    award = project.kite_mark_applications.filter(status=KiteMarkApplication.Status.AWARDED).first()
    if not _case_study_allowed(project, award):
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
        # The area's page, its charter and the project's public page show the newest case studies.
        public_pages_changed(project.partnership)
        messages.success(request, "The case study is published")
        return redirect("reviews:case_study", slug, project.pk)
    context = {
        "form": form,
        "title": "Case study",
        "caption": project.title,
        "project": project,
        "intro": "Tell the story of the project for other partnerships. Who was involved and the elements of "
        "co-production are added from the project's record.",
        "back": reverse("reviews:kite_mark", args=[slug, project.pk]),
    }
    return render(request, "form_page.html", context, status=400 if form.errors else 200)


@public_page
@partnership_page()
def case_studies(request: HttpRequest, slug: str) -> HttpResponse:
    """Every published case study of the partnership's public projects, newest first."""
    partnership = request.partnership
    studies = services.published_case_studies(partnership).select_related("project__level")
    context = {"partnership": partnership, **paginate(request, studies, CASE_STUDIES_PER_PAGE)}
    return render(request, "reviews/case_studies.html", context)


@partnership_page()
def case_study(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Public while its project is public; otherwise only for those who may read the project."""
    partnership = request.partnership
    project = get_object_or_404(kite_mark.with_kite_mark_counts(Project.objects.filter(partnership=partnership)), pk=pk)
    if not project.is_public:
        project_for_reader(request, pk)
    study = get_object_or_404(CaseStudy.objects.filter(published_at__isnull=False), project=project)
    context = services.case_study_context(project, study)
    return render(request, "reviews/case_study.html", context)


def _insights(request: HttpRequest) -> tuple:
    form, period, refused = chosen_period(request)
    with_names = reads_insights(request.user, request.partnership)
    return form, period, refused, Insights(request.partnership, period, with_names=with_names)


@partnership_page()
def insights(request: HttpRequest, slug: str) -> HttpResponse:
    """The partnership's insights for a period: anyone may read them; its officers, forum leads and
    admins also see the names and reasons behind them."""
    form, period, refused, found = _insights(request)
    query = urlencode(period.query())
    context = {
        "form": form,
        "period": period,
        "insights": found,
        "query": query,
        "quick": [(label, urlencode(p.query()), p == period) for label, p in quick_periods()],
        "pdf": pdf_available(),
    }
    return render(request, "reviews/insights.html", context, status=400 if refused else 200)


@partnership_page()
def insights_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    _form, period, refused, found = _insights(request)
    if refused:
        return redirect(f"{reverse('reviews:insights', args=[slug])}?{request.GET.urlencode()}")
    html = insights_document(found, timezone.localdate())
    printable = f"{reverse('reviews:insights', args=[slug])}?{urlencode(period.query())}"
    return pdf_response(request, html, f"insights-{slug}-{period.slug}.pdf", "Insights", printable)


@partnership_page()
def insights_figures(request: HttpRequest, slug: str, name: str = "") -> HttpResponse:
    """Every figure's table as one spreadsheet (ODS), or one of them as CSV."""
    _form, period, refused, found = _insights(request)
    if refused:
        return redirect(f"{reverse('reviews:insights', args=[slug])}?{request.GET.urlencode()}")
    if name:
        table = found.table(name)
        if table is None:
            raise Http404("No such figure.")
        return download(table.as_csv(), f"{name}-{slug}-{period.slug}.csv", CSV)
    return download(as_ods(*found.tables()), f"insights-{slug}-{period.slug}.ods", ODS)
