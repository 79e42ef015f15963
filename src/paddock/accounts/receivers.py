"""Django's and django-axes' login signals, recorded in the audit log."""

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from paddock.accounts import logins
from paddock.core.network import client_ip


def _ip(request: HttpRequest | None) -> str:
    return client_ip(request) if request is not None else ""


def _actor(request: HttpRequest | None) -> Any:
    return getattr(request, "user", None)


@receiver(user_logged_in, dispatch_uid="paddock.accounts.record_login")
def _record_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    logins.record_login(by=user, ip=_ip(request))


@receiver(user_logged_out, dispatch_uid="paddock.accounts.record_logout")
def _record_logout(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:  # None: nobody was logged in
        logins.record_logout(by=user, ip=_ip(request))


@receiver(user_login_failed, dispatch_uid="paddock.accounts.record_failed_login")
def _record_failed_login(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Django has already masked the password in `credentials`; only the name is kept anyway.
    login = logins.login_name(request, credentials) or ""
    logins.record_failed_login(login, by=_actor(request), ip=_ip(request))


@receiver(user_locked_out, dispatch_uid="paddock.accounts.record_lockout")
def _record_lockout(sender: Any, request: HttpRequest, username: str | None, **kwargs: Any) -> None:
    # django-axes also signals every attempt refused during a lock-out, before counting it:
    # only the attempt that starts the lock-out has its failures counted.
    if getattr(request, "axes_failures_since_start", None) is None:
        return
    logins.record_lockout(username or "", by=_actor(request), ip=_ip(request))
