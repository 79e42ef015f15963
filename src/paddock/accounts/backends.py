"""The one authentication backend: Django's, behind django-axes' lock-out check."""

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.contrib.auth.backends import ModelBackend
from django.db import models
from django.http import HttpRequest

from paddock.accounts.models import User
from paddock.core.prepared import Param, Prepared

# The logged-in user, read on every request: compiled once (paddock.core.prepared).
USER_BY_ID = Prepared(lambda: User.objects.filter(pk=Param("pk", models.BigIntegerField())))


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

    def get_user(self, user_id: Any) -> Any:
        """ModelBackend.get_user (None for an unknown or inactive user), with USER_BY_ID."""
        user = USER_BY_ID.first(pk=user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
