"""Erasing an account: the person asks from their account page, an admin of their partnership
confirms or refuses with a reason; an admin can also erase for someone who asked by post or phone."""

from contextlib import suppress

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.access import people_page, person_for_admin
from accounts.models import DataRequest, User
from charter_portal.forms import ReasonForm, posted
from charter_portal.privacy import erasure


def _waiting(person: User) -> DataRequest | None:
    return (
        DataRequest.objects.filter(subject=person, kind=DataRequest.Kind.ERASURE, status=DataRequest.Status.WAITING)
        .order_by("-requested_at")
        .first()
    )


@login_required
def ask_erasure(request: HttpRequest) -> HttpResponse:
    """The person's own page: what erasing means, the button to ask, and the request once asked."""
    waiting = _waiting(request.user)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "withdraw" and waiting:
                erasure.withdraw_erasure(waiting, request.user)
                messages.success(request, "You have withdrawn your request. Your account stays open")
            elif request.POST.get("action") == "ask":
                erasure.ask_for_erasure(request.user)
                messages.success(request, "We have sent your request to your partnership's admins")
        except erasure.ErasureError:
            pass  # A second click: the page below shows where the request stands.
        return redirect("privacy:ask_erasure")
    history = DataRequest.objects.filter(subject=request.user, kind=DataRequest.Kind.ERASURE).select_related(
        "decided_by"
    )[:10]
    return render(
        request,
        "privacy/ask_erasure.html",
        {"waiting": waiting, "history": history, "user_description": erasure.description(request.user).lower()},
    )


def _erase_context(request: HttpRequest, person: User, waiting: DataRequest | None, form=None) -> dict:
    return {
        "person": person,
        "waiting": waiting,
        "form": form,
        "description": erasure.description(person),
        "back": reverse("accounts:user_detail", args=[person.pk]),
    }


@people_page()
def erase_person(request: HttpRequest, pk: int) -> HttpResponse:
    """The admin's "Are you sure?", then the erasure."""
    person = person_for_admin(request, pk)
    if person.erased_at:
        raise Http404("This account has already been erased.")
    if person.is_superuser and not request.user.is_superuser:
        raise PermissionDenied  # The people who run the installation are not a partnership's to erase.
    waiting = _waiting(person)
    if request.method == "POST":
        if person == request.user:
            messages.error(request, "You cannot erase your own account. Ask another admin of your partnership")
            return redirect("accounts:user_detail", person.pk)
        with suppress(erasure.ErasureError):  # Erased by a click a moment ago.
            erasure.erase_account(person, request.user, waiting)
        messages.success(request, f"The account has been closed and erased. It now shows as “{person.name}”")
        return redirect("accounts:user_detail", person.pk)
    return render(request, "privacy/erase_person.html", _erase_context(request, person, waiting))


@people_page()
def refuse_erasure(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for_admin(request, pk)
    waiting = _waiting(person)
    if waiting is None:
        raise Http404("There is no request waiting.")
    form = ReasonForm(
        posted(request),
        label="Why can the account not be erased?",
        help_text="The person is sent this. Say what the law allows you to keep and for how long.",
        required="Enter why the account cannot be erased",
        submit="Refuse the request",
        name="refuse",
    )
    if request.method == "POST" and form.is_valid():
        with suppress(erasure.ErasureError):  # Answered by a click a moment ago.
            erasure.refuse_erasure(waiting, request.user, form.cleaned_data["reason"])
        messages.success(request, "The request has been refused and the person has been told why")
        return redirect("accounts:user_detail", person.pk)
    context = _erase_context(request, person, waiting, form)
    return render(request, "privacy/refuse_erasure.html", context, status=400 if form.errors else 200)
