from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from charter_portal import glossary as words
from charter_portal.public_cache import site_page
from charters.models import Partnership


@site_page
def home(request: HttpRequest) -> HttpResponse:
    partnerships = Partnership.objects.all()
    return render(request, "home.html", {"partnerships": partnerships})


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/accessibility.html")


def privacy(request: HttpRequest) -> HttpResponse:
    """The notice for the whole site, with a link to each area's own, made from its settings."""
    return render(request, "pages/privacy.html", {"partnerships": Partnership.objects.order_by("name")})


def glossary(request: HttpRequest) -> HttpResponse:
    """The words the charters use, in plain English: charter pages link here the first time each is used."""
    return render(request, "pages/glossary.html", {"terms": words.alphabetical()})


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """For a load balancer: 200 when this server reaches its database and its cache, else 503."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            checks["database"] = cursor.fetchone() == (1,)
    except Exception:  # any failure means this server cannot serve
        checks["database"] = False
    try:
        cache.set("healthz", "ok", 10)
        checks["cache"] = cache.get("healthz") == "ok"
    except Exception:
        checks["cache"] = False
    healthy = all(checks.values())
    return JsonResponse({"status": "ok" if healthy else "failing", **checks}, status=200 if healthy else 503)
