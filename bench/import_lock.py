"""Import lock benchmark: how long an import of participants holds its transaction (on SQLite,
the database's write lock, which every other write waits for) against how long it runs.

Run by hand, never from tests:

    .venv/bin/python bench/import_lock.py                     # 20,000 people, 3 runs
    .venv/bin/python bench/import_lock.py --src ../main/src   # another tree, to compare

Each run imports the file of `bench/imports.py` (French Excel's CSV) into an edition of its
own through `import_participants`, in this process, in a throw-away SQLite database under a
temporary folder, migrated beforehand; the time from the outermost transaction's start to its
end is the lock's.
"""

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

from imports import make_file

ROOT = Path(__file__).resolve().parents[1]


def _setup(folder: str, src: Path) -> None:
    os.environ |= {
        "PADDOCK_DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
        "PADDOCK_DATA_DIR": folder,
        "PADDOCK_LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "paddock.settings",
    }
    sys.path.insert(0, str(src))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _timing_transactions(spans: list[float]) -> None:
    """Append to `spans` the length of each outermost transaction."""
    from django.db import connection
    from django.db.transaction import Atomic

    enter, leave = Atomic.__enter__, Atomic.__exit__
    started: list[float] = []

    def timed_enter(self: Atomic) -> None:
        if not connection.in_atomic_block:
            started.append(time.perf_counter())
        enter(self)

    def timed_exit(self: Atomic, *error: object) -> None:
        leave(self, *error)
        if not connection.in_atomic_block:
            spans.append(time.perf_counter() - started.pop())

    Atomic.__enter__, Atomic.__exit__ = timed_enter, timed_exit  # type: ignore[method-assign]


def _run(path: Path, number: int, spans: list[float]) -> tuple[float, float, int]:
    import datetime as dt

    from paddock.events.models import Edition, EventSeries, Organiser, SanitaryProtocol
    from paddock.exchange.columns import PARTICIPANT_COLUMNS
    from paddock.exchange.imports import import_participants
    from paddock.exchange.mapping import Mapping, recognise
    from paddock.exchange.reading import read_table

    organiser, _ = Organiser.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
    series, _ = EventSeries.objects.get_or_create(
        slug="bench", defaults={"organiser": organiser, "name": "Bench"}
    )
    edition = Edition.objects.create(
        series=series, name=f"Bench {number}", slug=f"bench-{number}",
        start_date=dt.date(2031, 6, 12), end_date=dt.date(2031, 6, 12),
        timezone="Europe/Paris", languages=["fr", "en"], status="registration",
    )  # fmt: skip
    SanitaryProtocol.objects.create(edition=edition)
    table = read_table(path.read_bytes(), path.name)
    mapping = Mapping(tuple(recognise(table.headers, PARTICIPANT_COLUMNS)), table.headers)
    spans.clear()
    start = time.perf_counter()
    result = import_participants(edition, by=None, table=table, mapping=mapping)
    whole = time.perf_counter() - start
    if result.errors:
        sys.exit(f"the import failed: {result.errors[:3]}")
    return whole, max(spans), len(result.participants)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--companies", type=int, default=6_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--src", type=Path, default=ROOT / "src")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="paddock-bench-lock-") as folder:
        _setup(folder, options.src.resolve())
        path = Path(folder) / "participants.csv"
        make_file(path, options.people, options.companies, seed=1)
        spans: list[float] = []
        _timing_transactions(spans)
        runs = [_run(path, number, spans) for number in range(options.runs)]
    print(
        f"{options.src}: {options.people} people, {options.companies} companies;"
        f" Python {platform.python_version()}, {os.cpu_count()} CPUs,"
        f" load {os.getloadavg()[0]:.1f}"
    )
    whole = statistics.median(run[0] for run in runs)
    locked = statistics.median(run[1] for run in runs)
    each = " ".join(f"{run[1]:.2f}/{run[0]:.2f}" for run in runs)
    print(f"import s (median) {whole:.2f}, transaction s (median) {locked:.2f}; each {each}")


if __name__ == "__main__":
    main()
