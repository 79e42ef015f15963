"""The one authentication backend: Django's, behind django-axes' lock-out check."""

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest


class LockoutModelBackend(AxesStandaloneBackend, ModelBackend):
    """ModelBackend that first refuses locked-out logins (AxesBackendPermissionDenied).

    One backend rather than axes' and Django's side by side: with several, every
    `login(request, user)` (after a registration, an invitation) would have to name one.
    """

    def authenticate(
        self,
        request: HttpRequest,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        AxesStandaloneBackend.authenticate(
            self, request, username=username, password=password, **kwargs
        )
        return ModelBackend.authenticate(
            self, request, username=username, password=password, **kwargs
        )
