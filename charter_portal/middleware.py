"""Refuse a request body larger than any form of the portal needs, before anything reads it."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def limit_request_size(get_response: Callable) -> Callable:
    def middleware(request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            return render(request, "413.html", {"limit_mb": settings.MAX_REQUEST_BYTES // (1024 * 1024)}, status=413)
        return get_response(request)

    return middleware
