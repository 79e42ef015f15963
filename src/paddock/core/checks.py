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
