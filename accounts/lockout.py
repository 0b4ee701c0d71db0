"""Sign-in throttling (django-axes): what a locked-out person sees, and the entry on their account's timeline."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.models import User


def minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def record_lockout(sender, request: HttpRequest, username: str | None = None, **kwargs) -> None:
    """On the account's timeline, once per lockout (axes signals each refused attempt after it too)."""
    if getattr(request, "axes_failures_since_start", None) != settings.AXES_FAILURE_LIMIT or not username:
        return
    user = User.objects.filter(email__iexact=username.strip()).first()
    if user is not None:
        user.record(
            None,
            f"Sign-in locked for {minutes()} minutes after {settings.AXES_FAILURE_LIMIT} wrong passwords in a row",
        )


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' AXES_LOCKOUT_CALLABLE: the GOV.UK-style page for a locked sign-in."""
    context = {"minutes": minutes(), "attempts": settings.AXES_FAILURE_LIMIT}
    return render(request, "accounts/locked_out.html", context, status=429)
