"""Transactions that give up at once when another holds what they must lock.

On SQLite a transaction takes the database's write lock when it begins (`transaction_mode`
IMMEDIATE in settings) and waits up to the busy timeout (20 s) for it. A request that may meet a
long writer (an import holds the lock from start to end) asks without waiting, and refuses.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import OperationalError, connection, transaction


@contextmanager
def sqlite_without_waiting() -> Iterator[None]:
    """A transaction begun inside raises OperationalError ("database is locked") at once when
    another holds SQLite's write lock, rather than wait the busy timeout. Nothing elsewhere."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        (waits,) = cursor.fetchone()
        cursor.execute("PRAGMA busy_timeout = 0")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {int(waits)}")


def is_sqlite_write_lock_held() -> bool:
    """Another connection holds SQLite's write lock: a transaction of its goes on. False on
    other databases, and inside a transaction (a test's), where it cannot be asked."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        return False
    try:
        with sqlite_without_waiting(), transaction.atomic():
            pass
    except OperationalError:
        return True
    return False
