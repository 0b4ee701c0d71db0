"""The door to every page under /<slug>/: the partnership is found once, from the address, and the
rule for the page is checked before the view runs. Object helpers fetch through the partnership."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from charter_portal.permissions import manages_partnership
from charters.models import Charter, Commitment, Partnership, Principle


def partnership_page(rule: Callable | None = None) -> Callable:
    """Sets request.partnership from the URL's slug (404 if there is none). With a rule from
    charter_portal.permissions, the page needs signing in and anyone the rule refuses gets 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, slug: str, *args, **kwargs):
            request.partnership = get_object_or_404(Partnership, slug=slug)
            if rule is not None:
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                if not rule(request.user, request.partnership):
                    raise PermissionDenied
            return view(request, slug, *args, **kwargs)

        return wrapped

    return decorator


def charter_for_reader(request: HttpRequest, version: str, charters=None) -> Charter:
    """A published or superseded version for anyone; a draft only for the partnership's admins."""
    found = (charters if charters is not None else Charter.objects.all()).filter(
        partnership=request.partnership, version=version
    )
    charter = found.first()
    if charter is None or (charter.is_draft and not manages_partnership(request.user, request.partnership)):
        raise Http404("No such version of this charter.")
    return charter


def charter_for_editor(request: HttpRequest, version: str, allow_published: bool = False) -> Charter:
    """A draft (or, for signatories, the published version) of a page that needs manages_partnership."""
    statuses = [Charter.Status.DRAFT, *([Charter.Status.PUBLISHED] if allow_published else [])]
    return get_object_or_404(
        Charter.objects.select_related("partnership"),
        partnership=request.partnership,
        version=version,
        status__in=statuses,
    )


def principle_for_editor(request: HttpRequest, version: str, pk: int) -> Principle:
    charter = charter_for_editor(request, version)
    return get_object_or_404(Principle.objects.select_related("charter__partnership"), charter=charter, pk=pk)


def commitment_for_editor(request: HttpRequest, version: str, pk: int) -> Commitment:
    charter = charter_for_editor(request, version)
    return get_object_or_404(Commitment.objects.select_related("principle__charter"), principle__charter=charter, pk=pk)
