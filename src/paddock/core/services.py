from typing import Any

from paddock.core.models import AuditEntry


def log_action(
    action: str, *, by: Any, edition: Any = None, obj: object = None, **data: Any
) -> AuditEntry:
    """Record one write in the audit log; call it inside the service's transaction."""
    actor = by if getattr(by, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        action=action,
        actor=actor,
        edition=edition,
        edition_name=str(edition)[:200] if edition is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        data=data,
    )
