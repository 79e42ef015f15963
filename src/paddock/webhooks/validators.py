"""Where webhooks may go: https only, and never to the machine's own network (SSRF).

Development and the tests (settings.WEBHOOK_ALLOW_LOCAL, on with DEBUG) may use
http://127.0.0.1 or http://localhost and private addresses.
"""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


def _addresses(host: str, port: int) -> set[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        found = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError) as error:
        raise ValidationError(
            _("The host %(host)s could not be found.") % {"host": host}, code="unknown_host"
        ) from error
    addresses = set()
    for *_rest, sockaddr in found:
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        addresses.add(address)
    return addresses


def check_webhook_url(url: str) -> None:
    """Raises ValidationError (code https_only, unknown_host or private_address) for a URL
    Paddock must not post to. Resolves the host name: call it when saving and before sending."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    allow_local = settings.WEBHOOK_ALLOW_LOCAL
    plain_local = allow_local and parts.scheme == "http" and host in LOCAL_HOSTS
    if parts.scheme != "https" and not plain_local:
        raise ValidationError(_("Use an address that starts with https://."), code="https_only")
    if not host:
        raise ValidationError(_("Enter a valid URL."), code="invalid")
    if allow_local:
        return
    try:
        port = parts.port or 443
    except ValueError as error:
        raise ValidationError(_("Enter a valid URL."), code="invalid") from error
    if any(not address.is_global for address in _addresses(host, port)):
        raise ValidationError(
            _(
                "This address is on a private, loopback or link-local network: Paddock only "
                "sends webhooks to public addresses."
            ),
            code="private_address",
        )
