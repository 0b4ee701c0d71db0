"""A copy of someone's information: the person asks from their account; an admin asks from a
person's page, or finds what is held under a feedback reference or email address on the
partnership's data requests page, which lists every request. Each copy has a page showing where it
stands, and its download is only for the person and the admin who asked for it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access import people_page, person_for_admin
from accounts.models import DataRequest
from charter_portal.forms import posted
from charter_portal.pagination import paginate
from charter_portal.permissions import manages_partnership
from charter_portal.privacy import export
from charter_portal.privacy.forms import FindHoldingsForm
from charters.access import partnership_page

REQUESTS_PER_PAGE = 20
MAKING = "We are making the copy. We will send a message when it is ready"


def _copy(request: HttpRequest, pk: int) -> DataRequest:
    """A copy the user may see: their own, one they asked for, or one of the partnership they run.
    Anyone else's is not found."""
    found = (
        DataRequest.objects.filter(kind=DataRequest.Kind.EXPORT, pk=pk)
        .select_related("partnership", "subject", "requested_by")
        .first()
    )
    if found is None or not (
        export.may_download(found, request.user) or manages_partnership(request.user, found.partnership)
    ):
        raise Http404("No such copy.")
    return found


@login_required
def ask_copy(request: HttpRequest) -> HttpResponse:
    """The person's own page: what a copy holds and the button to ask; asking while one is being
    made shows that one."""
    if request.method == "POST":
        if request.user.partnership_id is None:
            return redirect("privacy:ask_copy")  # An operator's account: no local area holds anything of theirs.
        made = export.ask_for_copy(request.user, request.user)
        messages.success(request, MAKING)
        return redirect("privacy:copy", made.pk)
    copies = DataRequest.objects.filter(subject=request.user, kind=DataRequest.Kind.EXPORT)
    context = {
        "under_way": copies.filter(status__in=export.UNDER_WAY).first(),
        "copies": copies.order_by("-requested_at", "-id")[:10],
        "kept_for_days": export.KEPT_FOR_DAYS,
        "in_an_area": request.user.partnership_id is not None,
    }
    return render(request, "privacy/ask_copy.html", context)


@login_required
def copy(request: HttpRequest, pk: int) -> HttpResponse:
    found = _copy(request, pk)
    if export.past_its_days(found):
        found.status = DataRequest.Status.EXPIRED  # Shown as removed: the daily run removes it soon.
    context = {
        "copy": found,
        "events": found.events.select_related("actor"),
        "downloads": export.may_download(found, request.user),
        "own": found.subject_id == request.user.pk,
        "filename": export.filename(found),
        "checked_at": timezone.now(),
        "under_way": found.status in export.UNDER_WAY,
    }
    return render(request, "privacy/copy.html", context)


@login_required
def download_copy(request: HttpRequest, pk: int) -> FileResponse:
    found = _copy(request, pk)
    if (
        not export.may_download(found, request.user)
        or found.status != DataRequest.Status.READY
        or export.past_its_days(found)
    ):
        raise Http404("No such copy.")
    export.record_download(found, request.user)
    return FileResponse(
        found.file.open("rb"), as_attachment=True, filename=export.filename(found), content_type="application/zip"
    )


@require_POST
@people_page()
def copy_person(request: HttpRequest, pk: int) -> HttpResponse:
    """An admin asks for a copy for a person of their partnership who asked by post or phone."""
    person = person_for_admin(request, pk)
    if person.erased_at:
        raise Http404("This account has been erased: nothing is held about them.")
    made = export.ask_for_copy(person, request.user)
    messages.success(request, MAKING)
    return redirect("privacy:copy", made.pk)


@partnership_page(manages_partnership)
def data_requests(request: HttpRequest, slug: str) -> HttpResponse:
    """Find what is held under a feedback reference or email address, and every request made."""
    partnership = request.partnership
    form = FindHoldingsForm(posted(request), partnership=partnership)
    if request.method == "POST" and form.is_valid():
        made = export.ask_for_copy_found_by(partnership, form.cleaned_data["found_by"], request.user)
        messages.success(request, MAKING)
        return redirect("privacy:copy", made.pk)
    found = DataRequest.objects.filter(partnership=partnership).select_related("subject", "requested_by")
    context = {
        "partnership": partnership,
        "form": form,
        **paginate(request, found.order_by("-requested_at", "-id"), REQUESTS_PER_PAGE),
    }
    return render(request, "privacy/data_requests.html", context, status=400 if form.errors else 200)
