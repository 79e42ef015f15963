"""Compiled queries with one list of ids (an `__in`), for the lists a page reads by (issue 16).

`paddock.core.prepared` compiles a query once with `Param` placeholders, but a list's length
is part of the SQL. A `PreparedIn` compiles its query once for each of a few lengths; a list
is filled up to the next length with its first id, which changes no row (`IN (1, 2, 1, 1)` is
`IN (1, 2)`). A longer list, rare, gets a query compiled for it alone. A query may take two
lists (a room's tables and a day's slots), each filled up to its own length.
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


class _IdParam(Param):
    """An id of the list: converted by `PreparedIn` with the others at once (`map(int, ...)`,
    which fails on what is not an int or a string of one), then given as it is."""

    ready = True


class PreparedIn:
    """`build(ids)` gives a `values_list()` queryset (read by `rows()`) or one of models (read
    by `all()`) whose `__in` takes `ids`, a list of `Param`s of ids, its other values being
    `Param`s too. Filter on the related model's pk (`company__id__in`, not `company_id__in`):
    the lookup of a relation would prepare each `Param` as an id. The join is trimmed all the
    same. With `lists=2`, `build(ids, more)` takes two lists, and `rows()` and `all()` two
    lists of ids, each filled up on its own."""

    def __init__(self, build: Callable[..., models.QuerySet[Any]], *, lists: int = 1) -> None:
        self.build = build
        self.lists = lists
        self._by_size: dict[tuple[int, ...], tuple[Prepared[Any], list[str]]] = {}

    def _prepared(self, sizes: tuple[int, ...]) -> tuple[Prepared[Any], list[str]]:
        """The query for lists of these sizes, and the names of its ids, list after list."""
        names = [[_name(n, i) for i in range(size)] for n, size in enumerate(sizes)]
        params = [[_IdParam(name, _ID) for name in listed] for listed in names]
        return Prepared(lambda: self.build(*params)), [name for listed in names for name in listed]

    def rows(self, *ids: Sequence[Any], **values: Any) -> list[tuple[Any, ...]]:
        """The rows for `ids` (none when a list is empty) and the other `values`."""
        if not all(ids):
            return []
        prepared, filled = self._for(ids)
        return prepared.rows(**values, **filled)

    def all(self, *ids: Sequence[Any], **values: Any) -> list[Any]:
        """The model instances for `ids` (none when a list is empty) and the other `values`,
        in the query's order: for a `build(ids)` that gives a queryset of models."""
        if not all(ids):
            return []
        prepared, filled = self._for(ids)
        return prepared.all(**values, **filled)

    def _for(self, lists: tuple[Sequence[Any], ...]) -> tuple[Prepared[Any], dict[str, Any]]:
        if len(lists) != self.lists:
            raise TypeError(f"{self.lists} lists of ids expected, {len(lists)} given")
        sizes = tuple(next((s for s in SIZES if s >= len(ids)), len(ids)) for ids in lists)
        if all(size in SIZES for size in sizes):
            found = self._by_size.get(sizes) or self._by_size.setdefault(
                sizes, self._prepared(sizes)
            )
        else:
            found = self._prepared(sizes)
        prepared, names = found
        # Each list filled up with its first id; converted without a call per id.
        filled = [
            id_
            for ids, size in zip(lists, sizes, strict=True)
            for id_ in [*map(int, ids), *[int(ids[0])] * (size - len(ids))]
        ]
        return prepared, dict(zip(names, filled, strict=True))


def _name(list_number: int, index: int) -> str:
    return f"in{index}" if list_number == 0 else f"in{list_number}_{index}"
