"""Transactions that give up at once when another holds what they must lock.

On SQLite a transaction takes the database's write lock when it begins (`transaction_mode`
IMMEDIATE in settings) and waits up to the busy timeout (20 s) for it. A request that may meet a
long writer (an import holds the lock while it writes) asks without waiting, and refuses.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import OperationalError, connection, transaction

# A request's write holds SQLite's lock for milliseconds, an import's for seconds or minutes:
# a lock still held after this long is not another request's.
SHORT_WRITE_SECONDS = 2.0


@contextmanager
def sqlite_without_waiting(seconds: float = 0) -> Iterator[None]:
    """A transaction begun inside raises OperationalError ("database is locked") when another
    holds SQLite's write lock for more than `seconds` (at once by default), rather than wait
    the busy timeout. Nothing elsewhere."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        (waits,) = cursor.fetchone()
        cursor.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {int(waits)}")


def is_sqlite_write_lock_held() -> bool:
    """Another connection holds SQLite's write lock for longer than a request's write
    (SHORT_WRITE_SECONDS): a long transaction of its goes on. False on other databases, and
    inside a transaction (a test's), where it cannot be asked."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        return False
    try:
        with sqlite_without_waiting(SHORT_WRITE_SECONDS), transaction.atomic():
            pass
    except OperationalError:
        return True
    return False
