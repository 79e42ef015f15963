"""The operations' system check: a server holding what a restore held says so to whoever runs
`migrate` or `check --database default` on it, the restore's message long gone by then."""

from typing import Any

from django.core.checks import CheckMessage, Tags, register
from django.core.checks import Warning as CheckWarning
from django.db import DatabaseError

from paddock.operations.held import held_outgoing, what_to_do_with_held


@register(Tags.database)
def check_held_outgoing(
    app_configs: Any, databases: list[str] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """Warn while a restore's emails, webhook deliveries or tasks are held: on the production
    server nobody receives them until sent, on a copy they wait to be dropped."""
    if not databases or "default" not in databases:
        return []
    try:
        held = held_outgoing()
    except DatabaseError:  # not migrated yet: `migrate` checks before migrating
        return []
    if not held:
        return []
    return [
        CheckWarning(
            f"Held since a backup was restored: {held}.",
            hint=what_to_do_with_held(),
            id="paddock.W001",
        )
    ]
