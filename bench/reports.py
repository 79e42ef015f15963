"""Reports benchmark: the edition dashboard and the funders' PDF of the big edition.

Run by hand from the repository root, never from tests:

    .venv/bin/python bench/reports.py                       # 2,000 people, 20,000 meetings
    .venv/bin/python bench/reports.py --runs 5 --pictures /tmp/report   # also keeps the files

Builds the big edition (bench/big_edition.py) into a throw-away SQLite database, then:

- whole requests, through Django's test client in a process of its own, logged in as the
  series' organiser: the edition dashboard, one chart (SVG), the series dashboard and the
  funders' PDF, each `--runs` times, with the number of queries of each;
- whole processes, `--runs` times each: `python -m paddock check` (the baseline: Python, Django
  and the project starting) and `python -m paddock report big --format pdf -o FILE`.

It prints medians and worsts, the load average, and the bars: the dashboard under 1 s, the
PDF under 10 s. With `--pictures FOLDER` the PDF and one chart are kept there to look at.
"""

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from processes import Times, build_big_edition, paddock, sqlite_env, timed

DASHBOARD_BAR_S, PDF_BAR_S = 1.0, 10.0


def requests(runs: int, keep: str) -> None:
    """In the child process: each page `runs` times through the test client; prints JSON."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from paddock.accounts.models import User
    from paddock.events.models import Edition

    edition = Edition.objects.get(slug="big")
    client = Client()
    client.force_login(User.objects.get(email="organiser@big.example"))
    pages = {
        "dashboard": reverse("reports:edition", args=["big"]),
        "chart": reverse("reports:edition-chart", args=["big", "table-use"]),
        "series": reverse("reports:series", args=[edition.series_id]),
        "funders-pdf": reverse("reports:funders-pdf", args=["big"]),
    }
    results = {}
    for name, url in pages.items():
        walls, cpus = [], []
        for _run in range(runs):
            started, cpu = time.perf_counter(), time.process_time()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            walls.append(time.perf_counter() - started)
            cpus.append(time.process_time() - cpu)
            assert response.status_code == 200, (url, response.status_code)
        results[name] = {"wall": walls, "cpu": cpus, "queries": len(queries)}
        if keep:
            suffix = {"chart": "svg", "funders-pdf": "pdf"}.get(name, "html")
            Path(keep, f"{name}.{suffix}").write_bytes(response.content)
    print(json.dumps(results))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=2000)
    parser.add_argument("--meetings", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pictures", default="", help="a folder to keep the files in")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        requests(args.runs, args.pictures)
        return 0
    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as folder:
        env = sqlite_env(
            folder, DJANGO_SETTINGS_MODULE="paddock.settings", PADDOCK_ALLOWED_HOSTS="testserver"
        )
        built = build_big_edition(env, participants=args.participants, meetings=args.meetings)
        print(f"built: {built}")
        child = [sys.executable, __file__, "--child", "--runs", str(args.runs)]
        pages = json.loads(timed([*child, "--pictures", args.pictures], env))
        output = Path(folder) / "report.pdf"
        check = paddock("check")
        report = paddock("report", "big", "--format", "pdf", "-o", str(output))
        baseline, reports = Times(), Times()
        for _run in range(args.runs):
            timed(check, env, baseline)
            timed(report, env, reports)
        if args.pictures:
            shutil.copy(output, Path(args.pictures) / "report-command.pdf")
    print(f"load average before: {load[0]:.1f}, after: {os.getloadavg()[0]:.1f}")
    for name, figures in pages.items():
        times = Times(figures["wall"], figures["cpu"])
        print(times.line(f"request {name} ({figures['queries']} queries)"))
    print(baseline.line("check (baseline)"))
    print(reports.line("report big --format pdf (whole process)"))
    dashboard = statistics.median(pages["dashboard"]["wall"])
    pdf = reports.median_wall
    print(f"bar: dashboard request {dashboard:.2f} s (under {DASHBOARD_BAR_S:.0f} s)")
    print(f"bar: report process {pdf:.2f} s (under {PDF_BAR_S:.0f} s)")
    return 0 if dashboard < DASHBOARD_BAR_S and pdf < PDF_BAR_S else 1


if __name__ == "__main__":
    sys.exit(main())
