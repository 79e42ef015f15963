from typing import Any

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from paddock.core.exceptions import DomainError
from paddock.core.models import AuditEntry


def log_action(
    action: str, *, by: Any, edition: Any = None, obj: object = None, **data: Any
) -> AuditEntry:
    """Record one write in the audit log; call it inside the service's transaction."""
    entry = audit_entry(action, by=by, edition=edition, obj=obj, **data)
    entry.save()
    return entry


def audit_entry(
    action: str, *, by: Any, edition: Any = None, obj: object = None, **data: Any
) -> AuditEntry:
    """`log_action`'s entry, not saved yet: for `bulk_create`.

    `obj` is a model instance or, for what has no row (an address typed at login), text. An
    instance's model and id are kept with its name, which may change later. Every audited
    model has an integer key (`AuditEntry.object_id`)."""
    actor = by if getattr(by, "is_authenticated", False) else None
    row = obj if isinstance(obj, Model) else None
    return AuditEntry(
        action=action,
        actor=actor,
        edition=edition,
        edition_name=str(edition)[:200] if edition is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        object_model=row._meta.label_lower if row is not None else "",
        object_id=row.pk if row is not None else None,
        data=data,
    )


class ChangedMeanwhileError(DomainError):
    """A field the caller changes was saved by someone else after the caller read the row."""

    code = "changed_meanwhile"


def set_changed(obj: Model, *, read: Model | None = None, **values: Any) -> list[str]:
    """Set on `obj` the `values` that differ from the row; their names, to save those only
    (`save(update_fields=...)`). A save of every field wrote back, over a concurrent edit of
    another field, the value read before. Call it inside the service's transaction: it locks
    the row and reads it again.

    `read` is the row as an edit form read it (its POST compared the page's values with that
    read: `core.opened`). The values that differ from `read` are set, and a save by someone
    else since that read is seen: raises ChangedMeanwhileError naming the first field that
    both changed, to different values; nothing is set then. A field the caller leaves as read
    keeps what the other saved.

    Without `read` (a program, an API request: "set this value now"), the values that differ
    from the row as saved now are set, whatever `obj` held when the caller read it."""
    meta = obj._meta
    names = {name: meta.get_field(name).attname for name in values}  # type: ignore[union-attr]
    wanted = {name: _key(value) for name, value in values.items()}
    if read is None:
        saved = _locked_values(obj, list(names.values()))
        now = {name: saved.get(names[name], getattr(obj, names[name])) for name in values}
        changed = [name for name in values if now[name] != wanted[name]]
    else:
        changed = [name for name in values if getattr(read, names[name]) != wanted[name]]
        saved = _locked_values(obj, [names[name] for name in changed])
        for name in changed:
            refuse_changed_meanwhile(
                name,
                read=getattr(read, names[name]),
                now=saved.get(names[name], wanted[name]),
                wanted=wanted[name],
            )
    # Without `read`, every value: those equal to the row's keep `obj` as saved.
    for name in values if read is None else changed:
        setattr(obj, name, values[name])
    return changed


def refuse_changed_meanwhile(name: str, *, read: Any, now: Any, wanted: Any) -> None:
    """Raise ChangedMeanwhileError for the field `name` when the caller changes it (`wanted`
    differs from `read`, its value as the caller read it) and someone else saved another value
    since (`now`, read under the row's lock, differs from both). Where `set_changed` cannot
    serve (a many-to-many field), a service compares through this."""
    if wanted != read and now not in (read, wanted):
        raise ChangedMeanwhileError(
            _(
                "Someone else changed this since you opened the page, to a value you did not "
                "see. Check it and save again."
            ),
            field=name,
        )


def _key(value: Any) -> Any:
    return value.pk if isinstance(value, Model) else value


def _locked_values(obj: Model, attnames: list[str]) -> dict[str, Any]:
    """The row's `attnames` as saved now, the row locked as `lock_row` does; {} without any,
    or when the row is gone (the caller finds that out its own way)."""
    if not attnames or obj.pk is None:
        return {}
    return _locked(obj).values(*attnames).first() or {}


def _locked(obj: Model) -> QuerySet[Model]:
    """The row of `obj`, to read with the lock an update of it takes (`FOR NO KEY UPDATE`).
    Without the model's ordering, whose joins may be outer ones, which PostgreSQL cannot lock."""
    return type(obj)._default_manager.select_for_update(no_key=True).filter(pk=obj.pk).order_by()


def lock_row(obj: Model) -> bool:
    """Lock the row of `obj` until the transaction ends (call inside `transaction.atomic`);
    False when it was deleted meanwhile: a save waiting for the deletion would find no row to
    update, and insert it again (or fail, with `update_fields`).

    The lock an update of the row takes (`FOR NO KEY UPDATE`): it waits for another edit or a
    deletion, not for rows that refer to `obj` being written; with `FOR UPDATE` these waited,
    and deadlocked with a service that held what the edit needed next."""
    return _locked(obj).values_list("pk", flat=True).first() is not None
