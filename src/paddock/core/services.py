from typing import Any

from django.db.models import Model

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


def set_changed(obj: Model, **values: Any) -> list[str]:
    """Set the `values` that differ from `obj` as the caller read it; their names, to save
    those only (`save(update_fields=...)`). A save of every field wrote back, over a concurrent
    edit of another field, the value read before."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    return changed


def lock_row(obj: Model) -> bool:
    """Lock the row of `obj` until the transaction ends (call inside `transaction.atomic`);
    False when it was deleted meanwhile: a save waiting for the deletion would find no row to
    update, and insert it again (or fail, with `update_fields`).

    The lock an update of the row takes (`FOR NO KEY UPDATE`): it waits for another edit or a
    deletion, not for rows that refer to `obj` being written; with `FOR UPDATE` these waited,
    and deadlocked with a service that held what the edit needed next."""
    found = type(obj)._default_manager.select_for_update(no_key=True).filter(pk=obj.pk)
    return found.first() is not None
