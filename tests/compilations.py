"""Which querysets Django compiles to SQL during a block: the per-request floor (issue 16)."""

from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

from django.db.models.sql.compiler import SQLCompiler


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
