"""Who is asking: the client's internet address, taken from the configured number of trusted proxies.

Behind a load balancer every request comes from the balancer's address; the client's own is the
one the balancer added to X-Forwarded-For. Each proxy adds the address it was reached from, so
with TRUSTED_PROXIES = n the client is the n-th address from the right. Anything to the left of
that was written by the client and could be anything, so it is never used. With no trusted
proxies (the default) X-Forwarded-For is ignored: it is spoofable unless a proxy we run sets it.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest, *args) -> str:
    """The client's address as a string (also django-axes' AXES_CLIENT_IP_CALLABLE)."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        return remote
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
