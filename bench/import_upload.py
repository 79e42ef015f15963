"""Import wizard benchmark: how long each web request of the wizard holds a web worker for a
file near the 10 MB limit whose 200,000 lines are all wrong, and how long the task worker works.

Run by hand, never from tests:

    .venv/bin/python bench/import_upload.py             # 200,000 bad lines, 3 runs
    .venv/bin/python bench/import_upload.py --lines 50000 --runs 1

Each run drives the organiser's pages through Django's test client (the request's whole path:
middleware, view, template; no network), in a throw-away SQLite database under a temporary
folder, with the database task backend: tasks wait in the database until `db_worker --batch`
takes them, timed apart. The requests: the upload, the columns page, the columns posted as
recognised, then the preview once the worker is done. Before the worker did the check (commit
b0a8e47), every request read the file and the preview checked it; run this script from that
tree to compare.
"""

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
MAX_BYTES = 10 * 1024 * 1024


def make_file(lines: int) -> bytes:
    """A UTF-8 CSV of `lines` rows whose email is never an address, just under 10 MB."""
    rows = [b"Email;Company;Country;Sector;Role\n"]
    for number in range(lines):
        rows.append(b"not-an-address-%07d;Co %03d;FR;energy;buyer\n" % (number, number % 600))
    data = b"".join(rows)
    if len(data) > MAX_BYTES:
        sys.exit(f"{len(data):,} bytes: over the 10 MB limit, ask for fewer lines")
    return data


def _setup(folder: str) -> None:
    os.environ |= {
        "PADDOCK_DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
        "PADDOCK_DATA_DIR": folder,
        "PADDOCK_LOG_LEVEL": "WARNING",
        "PADDOCK_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "DJANGO_SETTINGS_MODULE": "paddock.settings",
    }
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _edition(number: int) -> tuple[Any, Any]:
    import datetime as dt

    from paddock.accounts.models import User
    from paddock.events.models import Edition, EventSeries, Organiser, SanitaryProtocol

    user = User.objects.create_user(email=f"organiser{number}@bench.test")
    organiser = Organiser.objects.create(name=f"Bench {number}", slug=f"bench-{number}")
    organiser.members.add(user)
    series = EventSeries.objects.create(organiser=organiser, name="Bench", slug=f"b-{number}")
    edition = Edition.objects.create(
        series=series, name=f"Bench {number}", slug=f"bench-{number}",
        start_date=dt.date(2031, 6, 12), end_date=dt.date(2031, 6, 12),
        timezone="Europe/Paris", languages=["fr", "en"], status="registration",
    )  # fmt: skip
    SanitaryProtocol.objects.create(edition=edition)
    return user, edition


def _timed(times: dict[str, list[float]], name: str, call: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    result = call()
    times.setdefault(name, []).append(time.perf_counter() - started)
    return result


def run_once(number: int, data: bytes, times: dict[str, list[float]]) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from paddock.exchange.models import ImportFile

    user, edition = _edition(number)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    upload_url = reverse("exchange:import-participants", args=[edition.slug])
    file = SimpleUploadedFile("bad.csv", data, content_type="text/csv")
    upload = _timed(times, "POST upload", lambda: client.post(upload_url, {"file": file}))
    columns_url = upload["Location"]
    worker = ["db_worker", "--batch", "--no-startup-delay"]
    _timed(times, "worker: read and check", lambda: call_command(*worker, verbosity=0))
    page = _timed(times, "GET columns", lambda: client.get(columns_url))
    assert page.status_code == 200, page.status_code
    pk = columns_url.split("file=")[1]
    mapping = ImportFile.objects.get(pk=pk).mapping  # the columns as recognised
    chosen = {f"column_{index}": key for index, key in enumerate(mapping)}
    chosen |= {"file": pk, "role": "", "country": "", "sector": ""}
    posted = _timed(times, "POST columns", lambda: client.post(columns_url, chosen))
    _timed(times, "worker: check again", lambda: call_command(*worker, verbosity=0))
    preview = _timed(times, "GET preview", lambda: client.get(posted["Location"]))
    assert b"errors: nothing will be imported" in preview.content, "no preview of the errors"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    data = make_file(options.lines)
    times: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="paddock-bench-upload-") as folder:
        _setup(folder)
        for number in range(options.runs):
            run_once(number, data, times)
    print(
        f"{options.lines:,} bad lines, {len(data):,} bytes; Python {platform.python_version()},"
        f" {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}"
    )
    print(f"{'step':<24} {'wall s (median)':>16}  each run")
    for name, each in times.items():
        runs = " ".join(f"{value:.2f}" for value in each)
        print(f"{name:<24} {statistics.median(each):>16.2f}  {runs}")


if __name__ == "__main__":
    main()
