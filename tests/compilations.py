"""Which querysets Django compiles to SQL during a block: the per-request floor (issue 16)."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

from django.db.models import Model
from django.db.models.sql.compiler import SQLCompiler

from paddock.core.prepared import Param


@contextmanager
def compiled_models() -> Iterator[list[str]]:
    """The labels of the models whose SELECTs are compiled in the block, in order.

    A spy: every query still runs as it would. Queries compiled once and reused
    (paddock.core.prepared) do not appear after their first use.
    """
    labels: list[str] = []
    original = SQLCompiler.as_sql

    def spy(self, *args, **kwargs):
        labels.append(self.query.model._meta.label if self.query.model else "")
        return original(self, *args, **kwargs)

    with mock.patch.object(SQLCompiler, "as_sql", spy):
        yield labels


def orm_result(prepared: Any, method: str, **values: Any) -> Any:
    """What Django's own queryset path answers for `prepared`'s query with `values`: built
    and compiled afresh, run by Django's iterables (model instances, values_list tuples)."""

    def bound(self: Param, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        return "%s", [self.prepare(values[self.name], connection)]

    with mock.patch.object(Param, "as_sql", bound):
        queryset = prepared.build()
        found = list(queryset[:1] if method == "first" else queryset)
    return (found[0] if found else None) if method == "first" else found


def snapshot(value: Any, seen: frozenset[int] = frozenset()) -> Any:
    """A model instance as plain values: its columns, the related objects read with it (by
    select_related), and its state; lists item by item; anything else as it is. An object
    already on the way down (a one-to-one's reverse side points back) is named, not walked."""
    if isinstance(value, list):
        return [snapshot(item, seen) for item in value]
    if not isinstance(value, Model):
        return value
    if id(value) in seen:
        return ("back to", value._meta.label, value.pk)
    seen |= {id(value)}
    return {
        "model": value._meta.label,
        "columns": {f.attname: getattr(value, f.attname) for f in value._meta.concrete_fields},
        "related": {name: snapshot(obj, seen) for name, obj in value._state.fields_cache.items()},
        "state": (value._state.adding, value._state.db),
    }
