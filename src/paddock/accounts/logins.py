"""Logins in the audit log, and whom a login attempt is about (for django-axes)."""

from typing import Any

from django.db import transaction
from django.http import HttpRequest

from paddock.core.models import AuditEntry
from paddock.core.services import log_action

MAX_LOGIN_LENGTH = 254


def login_name(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str | None:
    """The login name tried, as the login form normalises it; None when there is none.

    django-axes counts failures per login name with it, so that "A@x.org" and "a@x.org" are
    one account whichever form (ours, the admin's) was used.
    """
    raw = (credentials or {}).get("username")
    if raw is None and request is not None:
        raw = request.POST.get("username")
    name = str(raw or "").strip().lower()[:MAX_LOGIN_LENGTH]
    return name or None


@transaction.atomic
def record_login(*, by: Any, ip: str) -> AuditEntry:
    """Record that `by` logged in from `ip`. Raises nothing."""
    return log_action("account.login", by=by, obj=by.email, ip=ip)


@transaction.atomic
def record_logout(*, by: Any, ip: str) -> AuditEntry:
    """Record that `by` logged out from `ip`. Raises nothing."""
    return log_action("account.logout", by=by, obj=by.email, ip=ip)


@transaction.atomic
def record_failed_login(login: str, *, by: Any, ip: str) -> AuditEntry:
    """Record a refused login with the name tried (never the password). Raises nothing."""
    return log_action("account.login_failed", by=by, obj=login, login=login, ip=ip)


@transaction.atomic
def record_lockout(login: str, *, by: Any, ip: str) -> AuditEntry:
    """Record that django-axes locked out a login name or a client address. Raises nothing."""
    return log_action("account.locked_out", by=by, obj=login, login=login, ip=ip)
