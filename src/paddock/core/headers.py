"""The Permissions-Policy header: powerful browser features are off unless a page needs one.

The Content-Security-Policy comes from django-csp (settings.CONTENT_SECURITY_POLICY).
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse

HEADER = "Permissions-Policy"
FEATURES = (
    "accelerometer",
    "camera",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "payment",
    "usb",
)


def permissions_policy(*, allowed: frozenset[str] = frozenset()) -> str:
    """Every feature off (`camera=()`), but those `allowed` to the page's own origin."""
    return ", ".join(
        f"{feature}=(self)" if feature in allowed else f"{feature}=()" for feature in FEATURES
    )


def allow_features(*features: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """View decorator: the page may use these features, from its own origin only."""
    policy = permissions_policy(allowed=frozenset(features))

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def allowing(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            response = view(request, *args, **kwargs)
            response.headers[HEADER] = policy
            return response

        return allowing

    return decorate


class PermissionsPolicyMiddleware:
    """Adds the all-off policy to every response that has none of its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = permissions_policy()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault(HEADER, self.policy)
        return response
