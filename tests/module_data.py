"""Rows built once for all the tests of a module, as Django's `TestCase.setUpTestData` does."""

import sys
from collections.abc import Callable, Iterator
from typing import TypeVar

from django.db import transaction

Built = TypeVar("Built")


def built_once(django_db_blocker, build: Callable[[], Built]) -> Iterator[Built]:
    """For a module-scoped fixture: `build()` runs in a transaction that stays open while the
    module's tests run and is rolled back after the last one. Each test runs in a savepoint
    inside it (pytest-django's `db`), so what a test writes is undone before the next. Not for
    tests that commit (`transaction=True`, the live server) or change the built objects in
    memory."""
    module = transaction.atomic()
    with django_db_blocker.unblock():
        module.__enter__()
        try:
            built = build()
        except BaseException:
            module.__exit__(*sys.exc_info())
            raise
    try:
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            module.__exit__(None, None, None)
