"""Two calls racing for the same rows, the same way in every PostgreSQL concurrency test.

SQLite serialises every write anyway, so these tests run on PostgreSQL only, where row locks
are what keep the second call from acting on what the first has not yet written.
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


def race(
    attempt: Callable[..., object],
    calls: Sequence[tuple],
    refusal: type[Exception],
    reason: Callable[[Any], object],
) -> list[object]:
    """`attempt(*args)` for every args of `calls`, each in its own thread and connection,
    released together; each outcome is what `attempt` returned or `reason(error)` of a refusal."""
    start = threading.Barrier(len(calls))
    outcomes: list[object] = []

    def run(args: tuple) -> None:
        start.wait()
        try:
            outcomes.append(attempt(*args))
        except refusal as error:
            outcomes.append(reason(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(args,)) for args in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes
