"""What each page under load costs in one process: Python calls and time per request (issue 16).

    .venv/bin/python bench/web.py --prepare --plan /tmp/big/plan.json     # with the env below
    .venv/bin/python bench/page_calls.py --plan /tmp/big/plan.json [--pages grid agenda] [--top 25]

Run with the database of the plan in PADDOCK_DATABASE_URL (a SQLite copy of the big edition
works: `PADDOCK_DATABASE_URL=sqlite:////tmp/big/db.sqlite3 PADDOCK_DATA_DIR=/tmp/big`) and
PYTHONPATH=src. Each page is requested once to warm up, then measured: Python function calls
counted by cProfile (independent of the machine's load, so comparable across runs) and the
median wall time of a few requests without the profiler. A scan checks a badge in and a sent request
writes one, so work on a copy of the database. The database's share on PostgreSQL (queries, the
server's time and CPU): bench/page_sql.py.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

PAGES = [
    "bare",  # the reference of bench/web.py: middleware only
    "home",  # the portal's home: a session, a user, a layout and little else
    "catalogue",
    "recommendations",
    "agenda",
    "agenda-ics",
    "requests",
    "request-send",  # a POST that writes: work on a copy of the database
    "checkin-desk",
    "checkin-scan",
    "participants",
    "grid",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--plan", type=Path, required=True, help="written by web.py --prepare")
    parser.add_argument("--pages", nargs="+", choices=PAGES, default=PAGES)
    parser.add_argument("--repeat", type=int, default=5, help="timed requests per page")
    parser.add_argument("--top", type=int, default=0, help="print the costliest functions")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paddock.settings")
    os.environ["PADDOCK_BENCH_BARE_VIEW"] = "1"
    import django

    django.setup()
    plan = json.loads(args.plan.read_text())
    print("| page | Python calls | ms per request |\n| --- | ---: | ---: |")
    for name in args.pages:
        calls, ms, stats = measure(request_for(name, plan), args.repeat)
        print(f"| {name} | {calls:,} | {ms:.0f} |", flush=True)
        if args.top:
            stats.sort_stats("tottime").print_stats(args.top)
    return 0


def request_for(name: str, plan: dict[str, Any]) -> Any:
    """A function that makes the page's request and checks the answer."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    slug, person = plan["slug"], plan["participants"][0]
    who = {"checkin-desk": "checkin", "checkin-scan": "checkin", "participants": "organiser"}
    email = plan[who[name]] if name in who else person["email"]
    if name == "grid":
        email = plan["organiser"]
    client = Client(HTTP_HOST="127.0.0.1", secure=True)
    client.force_login(get_user_model().objects.get(email=email))
    urls = {
        "bare": "/bench/bare/",
        "home": f"/e/{slug}/",
        "catalogue": f"/e/{slug}/catalogue/",
        "recommendations": f"/e/{slug}/recommendations/",
        "agenda": f"/e/{slug}/agenda/",
        "agenda-ics": f"/e/{slug}/agenda/{person['feed']}.ics",
        "requests": f"/e/{slug}/requests/",
        "checkin-desk": f"/orga/e/{slug}/checkin/",
        "participants": f"/orga/e/{slug}/participants/",
        "grid": f"/orga/e/{slug}/schedule/grid/",
    }
    if name == "checkin-scan":
        badges = iter(plan["badges"])

        def scan() -> None:
            # Form-encoded, as bench/web.py's client sends it (see request-send below).
            data = urlencode({"code": next(badges), "place": plan["room"]})
            url = f"/orga/e/{slug}/checkin/"
            response = client.post(url, data, content_type="application/x-www-form-urlencoded")
            assert response.status_code == 200, response.status_code

        return scan
    if name == "request-send":
        targets = iter(person["targets"])

        def send() -> None:
            # Form-encoded, as bench/web.py's client sends it (the test client's default,
            # multipart, costs some 600 calls more to parse).
            data = urlencode({"message": "Bench", "priority": "should"})
            url = f"/e/{slug}/requests/new/{next(targets)}/"
            response = client.post(url, data, content_type="application/x-www-form-urlencoded")
            assert response.status_code == 302, response.status_code

        return send

    def get() -> None:
        response = client.get(urls[name])
        assert response.status_code == 200, (name, response.status_code)

    return get


def measure(request: Any, repeat: int) -> tuple[int, float, pstats.Stats]:
    request()  # warm-up: caches, templates, translations
    profile = cProfile.Profile()
    profile.runcall(request)
    stats = pstats.Stats(profile)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        request()
        times.append((time.perf_counter() - started) * 1000)
    return stats.total_calls, statistics.median(times or [float("nan")]), stats  # type: ignore[attr-defined]


if __name__ == "__main__":
    sys.exit(main())
