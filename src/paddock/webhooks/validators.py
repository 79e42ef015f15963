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
Address = ipaddress.IPv4Address | ipaddress.IPv6Address
# IPv6 ranges that carry an IPv4 address in their last 32 bits (NAT64, IPv4-compatible,
# IPv4-translated): the IPv4 address inside is checked; local-use NAT64 is never public.
NAT64 = ipaddress.ip_network("64:ff9b::/96")
EMBEDDING_IPV4 = (NAT64, ipaddress.ip_network("::/96"), ipaddress.ip_network("::ffff:0:0:0/96"))
NEVER_PUBLIC = (ipaddress.ip_network("64:ff9b:1::/48"),)


def _addresses(host: str, port: int) -> list[Address]:
    try:
        found = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError) as error:
        raise ValidationError(
            _("The host %(host)s could not be found.") % {"host": host}, code="unknown_host"
        ) from error
    addresses = []
    for *_rest, sockaddr in found:
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        addresses.append(address)
    return addresses


def is_public(address: Address) -> bool:
    """Whether Paddock may post to the address: global, not multicast, and when it is an IPv6
    address carrying an IPv4 one (6to4, NAT64, IPv4-compatible), that one public too."""
    if not address.is_global or address.is_multicast:
        return False
    if isinstance(address, ipaddress.IPv4Address):
        return True
    if address.is_site_local or any(address in network for network in NEVER_PUBLIC):
        return False
    inside = address.sixtofour
    for network in EMBEDDING_IPV4:
        if address in network:
            inside = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return inside is None or is_public(inside)


def _refused_private() -> ValidationError:
    return ValidationError(
        _(
            "This address is on a private, loopback or link-local network: Paddock only "
            "sends webhooks to public addresses."
        ),
        code="private_address",
    )


def public_address(host: str, port: int) -> Address:
    """The address to connect to for `host`, resolved once: every address the name gives must
    be public (settings.WEBHOOK_ALLOW_LOCAL allows any). Connecting to this very address, not
    to the name again, keeps a name that changes its answer (DNS rebinding) outside."""
    addresses = _addresses(host, port)
    if not addresses:
        raise ValidationError(
            _("The host %(host)s could not be found.") % {"host": host}, code="unknown_host"
        )
    if not settings.WEBHOOK_ALLOW_LOCAL and not all(is_public(a) for a in addresses):
        raise _refused_private()
    return addresses[0]


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
    public_address(host, port)
