"""The evidence pack's pages: the partnership's packs with a form to make one, each pack's progress,
and its download. Admins and forum leads only (makes_evidence_packs)."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from charter_portal.errors import refuse
from charter_portal.forms import posted
from charter_portal.pagination import paginate
from charter_portal.periods import last_quarter, quick_periods
from charter_portal.permissions import makes_evidence_packs
from charters.access import partnership_page
from projects.services import ProjectError
from reviews import pack as evidence
from reviews.forms import EvidencePackForm
from reviews.models import EvidencePack

PACKS_PER_PAGE = 20


def _pack(request: HttpRequest, pk: int) -> EvidencePack:
    """One of the partnership's packs: another partnership's is not found."""
    return get_object_or_404(
        EvidencePack.objects.filter(partnership=request.partnership).select_related("partnership", "requested_by"),
        pk=pk,
    )


def _initial(request: HttpRequest) -> dict:
    """The dates the form starts with: last quarter, or a quick period's link's dates."""
    period = last_quarter()
    for _label, quick in quick_periods():
        if request.GET.get("period") == quick.slug:
            period = quick
    return {"start": period.start, "end": period.end}


@partnership_page(makes_evidence_packs)
def evidence_packs(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = request.partnership
    form = EvidencePackForm(posted(request), initial=_initial(request))
    if request.method == "POST" and form.is_valid():
        pack = evidence.request_pack(partnership, form.period(), request.user)
        messages.success(request, "We are making your pack. We will send you a message when it is ready")
        return redirect("reviews:evidence_pack", slug, pack.pk)
    packs = EvidencePack.objects.filter(partnership=partnership).select_related("requested_by")
    context = {
        "partnership": partnership,
        "form": form,
        "quick_periods": quick_periods(),
        **paginate(request, packs.order_by("-requested_at", "-id"), PACKS_PER_PAGE),
    }
    return render(request, "reviews/evidence_packs.html", context, status=400 if form.errors else 200)


@partnership_page(makes_evidence_packs)
def evidence_pack(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    pack = _pack(request, pk)
    context = {
        "partnership": request.partnership,
        "pack": pack,
        "events": pack.events.select_related("actor"),
        "checked_at": timezone.now(),
    }
    return render(request, "reviews/evidence_pack.html", context)


@partnership_page(makes_evidence_packs)
def download_evidence_pack(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    pack = _pack(request, pk)
    if not pack.is_ready:
        raise Http404("The pack is not ready.")
    evidence.record_download(pack, request.user)
    return FileResponse(
        pack.file.open("rb"), as_attachment=True, filename=pack.filename, content_type="application/zip"
    )


@require_POST
@partnership_page(makes_evidence_packs)
def try_evidence_pack_again(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    pack = _pack(request, pk)
    try:
        evidence.try_again(pack, request.user)
    except ProjectError as error:
        refuse(request, error)
    else:
        messages.success(request, "We are making your pack again. We will send you a message when it is ready")
    return redirect("reviews:evidence_pack", slug, pack.pk)
