"""Whole public pages, kept in the shared cache for people who are not signed in.

An area's public pages (its page, its charter, You Said, We Did, a public project, a kite mark's
verification) are read far more often than they change, and the same for every visitor who is not
signed in. `public_page` keeps each one's rendered response under the partnership (its slug) and the
page's full address with its query string, with the generations it was rendered under (the site's and
the partnership's); `site_page` does the same for the home page, which lists every partnership. A kept
page whose generations are no longer the current ones is never sent.

Nothing goes stale by waiting: every service that changes what a public page shows calls
`public_pages_changed(partnership)` (or `site_pages_changed()` for what the home page or every area
shows), which gives the partnership a new generation, so its pages are rendered afresh on their next
visit. What a page shows of "today" (a charter's review falling due) is why an entry lives at most
PUBLIC_PAGE_CACHE_SECONDS as well.

Only what is the same for everyone is kept: a signed-in person sees their name and menu, and a page
with a message banner, one that sets a cookie, asks for a CSRF token or a CSP nonce, or is not a
200 is rendered and sent as it is, never kept."""

import hashlib
import secrets
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csp import get_nonce

SITE = "site"
_GENERATION = "public-pages:generation:"
_PAGE = "public-pages:page:"


def public_pages_changed(partnership) -> None:
    """What a partnership's public pages show has changed (called inside the change's transaction)."""
    _new_generation(partnership.slug)


def site_pages_changed() -> None:
    """The home page's list of areas changed, or something every area's pages show: all are rendered afresh."""
    _new_generation(SITE)


def _new_generation(scope: str) -> None:
    def bump() -> None:
        cache.set(_GENERATION + scope, secrets.token_hex(8), timeout=None)

    # Now, so this request's own next page is fresh, and again once the change is committed: a page
    # rendered by another visitor between the two, from what was there before, is never served.
    bump()
    transaction.on_commit(bump)


def _claimed(keys: list[str], generations: tuple) -> tuple | None:
    """The generations a page rendered under `generations` (read before it was rendered) is kept
    under. One never set (or evicted) is made now, new and random, unless another request set it
    meanwhile: then what was rendered may be from before a change, and it is not kept (None). Made
    only for a page worth keeping, so addresses of areas that do not exist leave nothing behind."""
    claimed = []
    for key, generation in zip(keys, generations, strict=True):
        if generation is None:
            generation = secrets.token_hex(8)
            if not cache.add(key, generation, timeout=None):
                return None
        claimed.append(generation)
    return tuple(claimed)


def _may_be_shared(request: HttpRequest) -> bool:
    """A request whose answer is the same for every visitor not signed in."""
    return (
        request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and not len(get_messages(request))
        and settings.PUBLIC_PAGE_CACHE_SECONDS > 0
    )


def _may_be_kept(request: HttpRequest, response: HttpResponse) -> bool:
    """A response that can be sent again to anyone: nothing in it belongs to this one visitor."""
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and getattr(response, "is_rendered", True)
        and not response.cookies
        and not response.has_header("Vary")
        and not any(word in cache_control for word in ("private", "no-cache", "no-store"))
        # The page's forms carry a CSRF token tied to this visitor's cookie.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        # A nonce in the page must match the header sent with it, which is made anew each time.
        and not get_nonce(request)
        # The session changed (it will set a cookie), or the view left a message for the next page.
        and not request.session.modified
        and not len(get_messages(request))
    )


def _cached(view: Callable, scope_of: Callable) -> Callable:
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _may_be_shared(request):
            return view(request, *args, **kwargs)
        scope = scope_of(request, *args, **kwargs)
        if scope is None:
            return view(request, *args, **kwargs)
        keys = [_GENERATION + SITE] if scope == SITE else [_GENERATION + SITE, _GENERATION + scope]
        # HEAD is answered as GET is (the server leaves out the body), so both share one entry.
        page = f"{_PAGE}{scope}:{hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()}"
        # One round trip: the generations as they are now, and the page with those it was rendered under.
        found = cache.get_many([*keys, page])
        generations = tuple(found.get(key) for key in keys)
        kept = found.get(page)
        if kept is not None and None not in generations and kept[0] == generations:
            _generations, content, status, headers = kept
            return HttpResponse(content, status=status, headers=headers)
        response = view(request, *args, **kwargs)
        if _may_be_kept(request, response) and (claimed := _claimed(keys, generations)) is not None:
            kept = (claimed, response.content, response.status_code, dict(response.headers))
            cache.set(page, kept, timeout=settings.PUBLIC_PAGE_CACHE_SECONDS)
        return response

    return wrapped


def public_page(view: Callable) -> Callable:
    """A partnership's public page at /<slug>/...: put it above charters.access.partnership_page, so a
    kept page is sent without even looking the partnership up."""
    return _cached(view, lambda request, slug, *args, **kwargs: slug)


def public_page_of(partnership_of: Callable) -> Callable:
    """A public page whose partnership is found from its address: `partnership_of(request, *args,
    **kwargs)` gives its slug, or None for an address that names nothing (rendered, never kept)."""
    return lambda view: _cached(view, partnership_of)


def site_page(view: Callable) -> Callable:
    """A page of the whole site (the home page), kept until any area is added or renamed."""
    return _cached(view, lambda request, *args, **kwargs: SITE)


class ChangesPublicPages:
    """For a ModelAdmin of something public pages show: what an operator saves or deletes in Django's
    admin goes straight to the database, past the services, so every public page is rendered afresh."""

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        site_pages_changed()

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        site_pages_changed()

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        site_pages_changed()

    def delete_queryset(self, request, queryset) -> None:
        super().delete_queryset(request, queryset)
        site_pages_changed()
