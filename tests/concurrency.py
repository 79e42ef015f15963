"""Calls racing for the same rows, the same way in every concurrency test (`concurrency` marker).

They run on both databases. On PostgreSQL, row locks keep the second call from acting on what
the first has not yet written; on SQLite, each transaction takes the database's write lock when
it begins (`transaction_mode` IMMEDIATE) and the others wait for it (the busy timeout).
"""

import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connections


def slowed(monkeypatch, module: Any, name: str, seconds: float = 0.5) -> None:
    """`module.name` sleeps after it returns: it widens the window between reading and writing,
    as under load, so that a missing lock shows every time."""
    real = getattr(module, name)

    def slow(*args, **kwargs):
        found = real(*args, **kwargs)
        time.sleep(seconds)
        return found

    monkeypatch.setattr(module, name, slow)


def unhurried(monkeypatch) -> None:
    """Connections opened from now on (each racing thread opens its own) wait for a lock as
    long as it takes: no statement timeout on PostgreSQL (30 s in the settings, which then
    cancel the waiting query: a 500), a long busy timeout on SQLite (20 s, then "database is
    locked"). For a race of hundreds of requests on one row: the last waits for every other
    booking, and the threads share one interpreter, so on a loaded machine that queue outlasts
    the limits meant for a server's worker processes."""
    options = connections["default"].settings_dict["OPTIONS"]
    if connections["default"].vendor == "postgresql":
        monkeypatch.setitem(options, "options", "-c statement_timeout=0")
    else:
        monkeypatch.setitem(options, "timeout", 600)


def race(
    attempt: Callable[..., object],
    calls: Sequence[tuple],
    refusal: type[Exception],
    reason: Callable[[Any], object],
) -> list[object]:
    """`attempt(*args)` for every args of `calls`, each in its own thread and connection,
    released together; each outcome is what `attempt` returned or `reason(error)` of a refusal.
    Any other error is an outcome too, as "ErrorClass: message", so that the test shows it."""
    start = threading.Barrier(len(calls))
    outcomes: list[object] = []

    def run(args: tuple) -> None:
        start.wait()
        try:
            outcomes.append(attempt(*args))
        except refusal as error:
            outcomes.append(reason(error))
        except Exception as error:  # the test asserts on it, e.g. "database is locked"
            outcomes.append(f"{type(error).__name__}: {error}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(args,)) for args in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def signalled(monkeypatch, module: Any, name: str, reached: threading.Event) -> None:
    """`module.name` sets `reached` once it returns: another thread learns that this one has
    got that far (inside its transaction, locks held) without waiting on the clock."""
    real = getattr(module, name)

    def signal(*args, **kwargs):
        found = real(*args, **kwargs)
        reached.set()
        return found

    monkeypatch.setattr(module, name, signal)


def held(monkeypatch, module: Any, name: str, seconds: float = 0.5) -> threading.Event:
    """`module.name` sets the returned event once it returns, then sleeps (`signalled`, then
    `slowed`): another thread starts while this one holds its locks, as under load."""
    reached = threading.Event()
    signalled(monkeypatch, module, name, reached)
    slowed(monkeypatch, module, name, seconds)
    return reached
