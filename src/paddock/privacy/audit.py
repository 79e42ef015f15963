"""Which audit entries are about whom, in one place for "My data", erasure and the retention
job. An entry records the row it is about (`AuditEntry.object_model`, `object_id`) besides its
name at the time: it is found by that row whatever the row is called since. Entries that
record no row (written before rows were recorded, about an address typed at login, or about a
row deleted first) are found by name."""

from django.db.models import Model, Q, QuerySet

from paddock.accounts.models import User
from paddock.core.models import AuditEntry
from paddock.participants.models import Participant

Row = tuple[str, int]  # an audited row: its model's label and its id (`core.AuditEntry`)


def row_of(obj: Model) -> Row:
    return (obj._meta.label_lower, obj.pk)


def rows_of(user: User, participations: list[Participant]) -> set[Row]:
    """The rows that are the person: their account and participations."""
    return {row_of(user)} | {row_of(p) for p in participations}


def about(rows: set[Row], by_name: Q) -> Q:
    """The entries about one of `rows` and, among those that record no row, the ones that
    `by_name` matches (a name counts only where the caller says: in the row's edition, say,
    as anyone may take another's name)."""
    by_row = Q(pk__in=[])  # matches nothing, whatever is added with `|`
    for model, pk in rows:
        by_row |= Q(object_model=model, object_id=pk)
    return by_row | Q(object_id=None) & by_name


def is_about(entry: AuditEntry, rows: set[Row], names: set[str]) -> bool:
    """Whether `entry` is about one of `rows` or, when it names no row, one of `names`."""
    if entry.object_id is not None:
        return (entry.object_model, entry.object_id) in rows
    return entry.object_repr in names


def audit_entries_about(user: User, participations: list[Participant]) -> QuerySet[AuditEntry]:
    """Entries the person wrote, or about their account or a participation of theirs (`about`).
    Those that name no row are found by the person's address (logins; addresses are unique)
    or by a participation's name in its own edition."""
    by_name = Q(object_repr=user.email) | Q(
        object_repr__in={str(p) for p in participations},
        edition__in={p.edition_id for p in participations},
    )
    return AuditEntry.objects.filter(Q(actor=user) | about(rows_of(user, participations), by_name))
