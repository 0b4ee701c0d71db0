from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from accounts.models import Role
from accounts.permissions import has_role, works_in
from charters.models import Partnership
from projects.models import Project
from projects.services import ProjectError
from projects.views import _get_project, _is_officer_of
from reviews import forms, services
from reviews.models import PrincipleAssessment, ReviewAnswer
from reviews.results import BAR_WIDTH, review_results


def _data(request: HttpRequest):
    return request.POST if request.method == "POST" else None


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
    form = forms.ReviewForm(_data(request), initial=initial, questions=questions)
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
    form = forms.AssessmentForm(_data(request), instance=existing, project=project)
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
    form = forms.CommentForm(_data(request))
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
