"""Compiled queries with one list of ids (an `__in`), for the lists a page reads by (issue 16).

`paddock.core.prepared` compiles a query once with `Param` placeholders, but a list's length
is part of the SQL. A `PreparedIn` compiles its query once for each of a few lengths; a list
is filled up to the next length with its first id, which changes no row (`IN (1, 2, 1, 1)` is
`IN (1, 2)`). A longer list, rare, gets a query compiled for it alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import models

from paddock.core.prepared import Param, Prepared

SIZES = (8, 16, 32, 64, 128, 256)


class _Id(models.BigIntegerField):  # type: ignore[type-arg]
    """An id given to the database as the int it is: a list fills up to dozens of values a
    query, and Django's preparation of each (promises, lookups, adapters) cost about ten
    calls apiece (issue 16). A value that is not an int, or a string of one, still fails."""

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> int:
        return int(value)


_ID = _Id()


class PreparedIn:
    """`build(ids)` gives a `values_list()` queryset (read by `rows()`) or one of models (read
    by `all()`) whose `__in` takes `ids`, a list of `Param`s of ids, its other values being
    `Param`s too. Filter on the related model's pk (`company__id__in`, not `company_id__in`):
    the lookup of a relation would prepare each `Param` as an id. The join is trimmed all the
    same."""

    def __init__(self, build: Callable[[list[Param]], models.QuerySet[Any]]) -> None:
        self.build = build
        self._by_size: dict[int, Prepared[Any]] = {}

    def _prepared(self, size: int) -> Prepared[Any]:
        ids = [Param(f"in{i}", _ID) for i in range(size)]
        return Prepared(lambda: self.build(ids))

    def rows(self, ids: Sequence[Any], **values: Any) -> list[tuple[Any, ...]]:
        """The rows for `ids` (none when empty) and the other `values`."""
        if not ids:
            return []
        prepared, filled = self._for(ids)
        return prepared.rows(**values, **filled)

    def all(self, ids: Sequence[Any], **values: Any) -> list[Any]:
        """The model instances for `ids` (none when empty) and the other `values`, in the
        query's order: for a `build(ids)` that gives a queryset of models."""
        if not ids:
            return []
        prepared, filled = self._for(ids)
        return prepared.all(**values, **filled)

    def _for(self, ids: Sequence[Any]) -> tuple[Prepared[Any], dict[str, Any]]:
        size = next((size for size in SIZES if size >= len(ids)), len(ids))
        if size in SIZES:
            prepared = self._by_size.get(size) or self._by_size.setdefault(
                size, self._prepared(size)
            )
        else:
            prepared = self._prepared(size)
        return prepared, {f"in{i}": ids[i] if i < len(ids) else ids[0] for i in range(size)}
