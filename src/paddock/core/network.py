"""Who is at the other end of a request, for throttling and the audit log."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's address: the peer's, or behind our reverse proxy the one the proxy saw.

    The proxy appends the address it saw to X-Forwarded-For, so only the right-most entry is
    trusted; the ones before it come from the client and may be forged.
    """
    peer = str(request.META.get("REMOTE_ADDR") or "")
    if not getattr(settings, "PADDOCK_BEHIND_PROXY", False):
        return peer
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    return forwarded[-1] or peer
