"""A partnership's retention page, for its admins: the periods, what the daily run removed, and
what is due; and its privacy notice, for everyone, made from the same settings."""

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.models import PurgeRun
from charter_portal.forms import posted
from charter_portal.pagination import paginate
from charter_portal.permissions import manages_partnership
from charter_portal.privacy import notice, retention
from charter_portal.privacy.forms import RetentionForm
from charter_portal.public_cache import public_page
from charters.access import partnership_page

RUNS_PER_PAGE = 20


def _runs(partnership) -> QuerySet:
    return PurgeRun.objects.filter(partnership=partnership).order_by("-on", "-pk")


@partnership_page(manages_partnership)
def retention_settings(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = request.partnership
    form = RetentionForm(posted(request), instance=partnership)
    if request.method == "POST" and form.is_valid():
        changes = retention.change_periods(partnership, request.user, form.cleaned_data)
        if changes:
            messages.success(request, "The periods have been saved. Your privacy notice now says them")
        else:
            messages.success(request, "Nothing was changed")
        return redirect("privacy:retention", slug)
    if form.errors:
        partnership.refresh_from_db()  # The page's other parts show what is stored, not what was typed.
    pages = paginate(request, _runs(partnership), RUNS_PER_PAGE)
    due = retention.due(partnership)
    context = {
        "partnership": partnership,
        "form": form,
        "due": [(retention.KINDS[kind], due[kind]) for kind in retention.KINDS],
        "warned": due["warned"],
        "kinds": list(retention.KINDS),
        **pages,
    }
    for run in pages["page_obj"]:
        run.columns = [run.counts.get(kind, 0) for kind in [*retention.KINDS, "warned"]]
    return render(request, "privacy/retention.html", context, status=400 if form.errors else 200)


@public_page
@partnership_page()
def privacy_notice(request: HttpRequest, slug: str) -> HttpResponse:
    context = {"notice": notice.notice(request.partnership), "links": notice.links()}
    return render(request, "privacy/notice.html", context)
