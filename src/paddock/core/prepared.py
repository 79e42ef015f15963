"""Queries compiled once and run with new values: the few reads that every request makes.

Building a queryset and compiling it to SQL costs Django 700-4,000 Python calls, every time,
even for `Session.objects.get(session_key=...)`. The session, the user, the edition and the
participant are read on every page (issue 16), so they are written once as querysets with
`Param` placeholders, compiled on first use per database, and later run with the values of
the request: the same SQL, the same model instances (select_related included), for about a
tenth of the calls.

    EDITION = Prepared(lambda: Edition.objects.filter(slug=Param("slug", models.SlugField())))
    edition = EDITION.first(slug="big")
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import connections, models, router
from django.db.models.expressions import Expression
from django.db.models.query import get_related_populators
from django.db.transaction import TransactionManagementError
from django.utils.functional import cached_property

M = TypeVar("M", bound=models.Model)


class Param(Expression):
    """A value given when the query runs, prepared for the database as `output_field` would."""

    # A value its caller prepared already, given to the database as it is: PreparedIn's ids,
    # converted in bulk rather than by three calls apiece.
    ready = False

    def __init__(self, name: str, output_field: models.Field[Any, Any]) -> None:
        super().__init__(output_field=output_field)
        self.name = name

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        return "%s", [self]

    def prepare(self, value: Any, connection: Any) -> Any:
        return self.output_field.get_db_prep_value(value, connection, prepared=False)


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: list[tuple[Any, int]]  # each with its kind: _VALUE, _PARAM or _READY
    compiler: Any
    converters: dict[int, Any]
    init_list: list[str]  # the model's columns, for first()
    fields: tuple[int, int]
    populators: list[Any]  # of select_related objects: they keep no state between rows
    locks: bool  # select_for_update(): Django checks for a transaction when it compiles, only


class Prepared(Generic[M]):
    """A queryset (`build()`, with `Param`s for the values) compiled once per database.

    `first()` answers model instances, as the queryset's `first()` would without ordering, and
    `all()` every row's;
    `rows()` answers the tuples of a `values_list()` queryset, and `page()` a slice of them.
    """

    def __init__(self, build: Callable[[], models.QuerySet[M, Any]]) -> None:
        self.build = build
        self._compiled: dict[tuple[str, bool | str], _Compiled] = {}

    @cached_property
    def model(self) -> type[M]:
        return self.build().model

    def first(self, **values: Any) -> M | None:
        """The first row as a model instance (with its select_related objects), or None."""
        found = self._instances(values, limit=True)
        return found[0] if found else None

    def all(self, **values: Any) -> list[M]:
        """Every row as a model instance (with its select_related objects), in order."""
        return self._instances(values, limit=False)

    def _instances(self, values: dict[str, Any], *, limit: bool) -> list[M]:
        alias = router.db_for_read(self.model)
        key = (alias, True) if limit else (alias, "all")
        compiled = self._compiled.get(key) or self._compile(alias, first=True, limit=limit)
        start, end = compiled.fields
        objects = []
        for row in self._run(compiled, alias, values):
            obj = self.model.from_db(alias, compiled.init_list, row[start:end])
            for populator in compiled.populators:
                populator.populate(row, obj)
            objects.append(obj)
        return objects

    def rows(self, **values: Any) -> list[tuple[Any, ...]]:
        """Every row, as tuples of the database's values converted to Python's."""
        alias = router.db_for_read(self.model)
        compiled = self._compiled.get((alias, False)) or self._compile(alias, first=False)
        return self._run(compiled, alias, values)

    def page(self, offset: int, limit: int, **values: Any) -> list[tuple[Any, ...]]:
        """The rows of `rows()` from `offset`, at most `limit`, as `queryset[offset:offset +
        limit]`; Django would write those bounds in the SQL, a query to compile for each page:
        here they are parameters of a query compiled once."""
        alias = router.db_for_read(self.model)
        compiled = self._compiled.get((alias, "page")) or self._compile(
            alias, first=False, paged=True
        )
        return self._run(compiled, alias, {**values, _LIMIT: int(limit), _OFFSET: int(offset)})

    def _run(self, compiled: _Compiled, alias: str, values: dict[str, Any]) -> list[Any]:
        connection = connections[alias]
        if compiled.locks and not connection.in_atomic_block:
            raise TransactionManagementError(
                "A query compiled with select_for_update() runs inside transaction.atomic(): "
                "outside it, it would lock nothing."
            )
        params = [
            values[p.name]
            if kind == _READY
            else p.prepare(values[p.name], connection)
            if kind == _PARAM
            else p
            for p, kind in compiled.params
        ]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        if compiled.converters and rows:  # apply_converters answers lists: tuples, as Django's
            rows = compiled.compiler.apply_converters(rows, compiled.converters)
        return [tuple(row) for row in rows]

    def _compile(
        self, alias: str, *, first: bool, limit: bool = True, paged: bool = False
    ) -> _Compiled:
        """`first`: read model instances (of the first row only if `limit`); else tuples, of a
        page given by `_LIMIT` and `_OFFSET` if `paged`."""
        queryset = self.build()
        compiler = (queryset[:1] if first and limit else queryset).query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        if paged:
            if queryset.query.select_for_update or queryset.query.is_sliced:
                raise ValueError("page() reads a query without locks or slice of its own")
            # The clause Django writes for a slice, with the bounds as parameters.
            sql = f"{sql} LIMIT %s OFFSET %s"
            params = (*params, _ReadyParam(_LIMIT), _ReadyParam(_OFFSET))
        select, klass_info = compiler.select, compiler.klass_info
        if first and (klass_info is None or compiler.annotation_col_map):
            raise ValueError("first() reads the model's fields, without annotations")
        start, end = (
            (klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1)
            if first
            else (0, 0)
        )
        compiled = _Compiled(
            sql=sql,
            params=[(p, _kind(p)) for p in params],
            compiler=compiler,
            converters=compiler.get_converters([s[0] for s in select[: compiler.col_count]]),
            init_list=[f[0].target.attname for f in select[start:end]],
            fields=(start, end),
            populators=get_related_populators(klass_info, select, alias) if first else [],
            locks=queryset.query.select_for_update,
        )
        key = (alias, "page") if paged else (alias, first) if limit else (alias, "all")
        self._compiled[key] = compiled
        return compiled


_VALUE, _PARAM, _READY = 0, 1, 2
# The names of a page's bounds: not names of keyword arguments, so never those of a Param.
_LIMIT, _OFFSET = "page limit", "page offset"


class _ReadyParam(Param):
    """A page's bound, an int given to the database as it is."""

    ready = True

    def __init__(self, name: str) -> None:
        super().__init__(name, models.IntegerField())


def _kind(param: Any) -> int:
    """A value written in the query, a `Param` to prepare, or one its caller prepared."""
    if not isinstance(param, Param):
        return _VALUE
    return _READY if param.ready else _PARAM
