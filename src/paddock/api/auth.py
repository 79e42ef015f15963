"""Bearer tokens, and the rate limit of each token."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage
from ninja.errors import Throttled
from ninja.security import HttpBearer

from paddock.api import services
from paddock.api.access import forbidden
from paddock.api.models import ApiToken, utc_minute
from paddock.api.problems import ApiProblemError

# Methods that never write (RFC 9110's safe methods).
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`; sets `request.auth` to the token, `request.user` to
    its owner; a token whose end has passed answers 401 `expired`. Past API_RATE_PER_TOKEN
    requests, Throttled with the seconds to wait. A write (any method but the safe ones) with
    a read-only token is refused here, before its body is read or its edition looked up: 403
    (`read_only_token`) whatever the body, not 422 for an invalid one. This is the only check
    of a token's write access: operations need none."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        try:
            found = services.token_for(token)
        except services.ExpiredTokenError as error:
            raise _expired(error) from error
        if found is None:
            return None
        request.user = found.user
        _check_rate(request, found)
        if request.method not in SAFE_METHODS and not found.can_write:
            raise forbidden(_("This token may only read."), "read_only_token")
        return found


def _expired(error: services.ExpiredTokenError) -> ApiProblemError:
    detail = _("This token ended on %(end)s: make a new one on the API tokens page (%(url)s).")
    return ApiProblemError(
        401,
        "expired",
        detail % {"end": utc_minute(error.expires_at), "url": reverse("api-tokens:list")},
    )


def _check_rate(request: HttpRequest, token: ApiToken) -> None:
    usage: dict[str, Any] | None = get_usage(
        request,
        group="api:token",
        key=lambda _group, _request: str(token.pk),
        rate=settings.API_RATE_PER_TOKEN,
        increment=True,
    )
    if usage is not None and usage["should_limit"]:
        raise Throttled(wait=int(usage["time_left"]) + 1)
