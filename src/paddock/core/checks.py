"""Paddock's own system checks, run by `python -m paddock check` (`--deploy` for production)."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register

IMMEDIATE_BACKEND = "django_tasks.backends.immediate.ImmediateBackend"


@register(Tags.security, deploy=True)
def check_tasks_backend(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """In production, solver runs and emails must not run inside the web request: a long solve
    would hold a web worker until the proxy gives up."""
    if settings.DEBUG or settings.TASKS["default"]["BACKEND"] != IMMEDIATE_BACKEND:
        return []
    return [
        Error(
            "Tasks run inside web requests (ImmediateBackend) while DEBUG is off.",
            hint="Set PADDOCK_TASKS_BACKEND=django_tasks_db.DatabaseBackend and run "
            "`python -m paddock db_worker`.",
            id="paddock.E001",
        )
    ]


@register(Tags.security, deploy=True)
def check_site_url(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """In production, emails are sent by the task worker, outside any request: their links can
    only come from PADDOCK_SITE_URL, and the development default points nowhere."""
    if settings.DEBUG or settings.SITE_URL_SET:
        return []
    return [
        Error(
            f"PADDOCK_SITE_URL is not set: links in emails would point at {settings.SITE_URL}.",
            hint="Set PADDOCK_SITE_URL to the public address, e.g. https://paddock.example.org.",
            id="paddock.E002",
        )
    ]
