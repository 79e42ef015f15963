"""Where a page's time goes on PostgreSQL: the server's share and Python's (issue 16).

    .venv/bin/python bench/page_sql.py --plan /tmp/big/plan.json [--pages grid] [--top 5]
    .venv/bin/python bench/page_sql.py --plan /tmp/big/plan.json --pages catalogue --explain 0.5

bench/page_calls.py counts Python calls; this measures the database's part, on PostgreSQL
(the database of bench/web.py), with PYTHONPATH=src and that database in
PADDOCK_DATABASE_URL. To fill one (docs/benchmarks.md, "Eleventh round"): start a server with
`-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track_planning=on`, then
`migrate`, `createcachetable`, `bench/web.py --prepare --plan ...` and keep it as a template
(`createdb -T`): a scan checks a badge in and a sent request writes one, so each run wants a
fresh copy.

Each page is requested --warm-up times (psycopg prepares a query run five times on a
connection, as in a gunicorn worker), then --repeat times with Django's test client, and
reported per request, in ms:

- wall (median): the request in this process;
- Python CPU (mean): this process's CPU time; a request waits for the database off CPU;
- queries, and client DB (median): the time in `cursor.execute`: the round trip, the server's
  work and psycopg's (the rows are converted to Python afterwards, in Python's time);
- server exec and plan (mean): PostgreSQL's own time for those queries, from
  `pg_stat_statements` if the server loads it (blank otherwise);
- backend CPU (mean): the CPU time of this connection's PostgreSQL process, read from /proc
  (blank if the server runs elsewhere): what the server takes from the cores under load,
  parsing, protocol and commits included. It moves by 10 ms ticks: keep --repeat at 50 or so.

Wall and client DB times follow the machine's load (a round trip waits for a free core);
CPU times much less. --top N lists each page's N costliest statements by server time;
--explain MS prints the plan of each read of one request that ran for MS ms or more.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import page_calls

COLUMNS = [
    "page",
    "wall ms",
    "Python CPU ms",
    "queries",
    "client DB ms",
    "server exec ms",
    "server plan ms",
    "backend CPU ms",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--plan", type=Path, required=True, help="written by web.py --prepare")
    parser.add_argument("--pages", nargs="+", choices=page_calls.PAGES, default=page_calls.PAGES)
    parser.add_argument("--warm-up", type=int, default=10, help="requests before measuring")
    parser.add_argument("--repeat", type=int, default=50, help="measured requests per page")
    parser.add_argument("--top", type=int, default=0, help="print the costliest statements")
    parser.add_argument(
        "--explain",
        type=float,
        metavar="MS",
        help="print the plan (EXPLAIN ANALYZE, BUFFERS) of each read over MS ms in one request",
    )
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paddock.settings")
    os.environ["PADDOCK_BENCH_BARE_VIEW"] = "1"
    # A sent request emails its recipient: kept in memory rather than printed.
    os.environ.setdefault("PADDOCK_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("page_sql: PADDOCK_DATABASE_URL must name the PostgreSQL database")
    plan = json.loads(args.plan.read_text())
    print(f"{args.repeat} requests a page after {args.warm_up}; figures per request, in ms")
    print("| " + " | ".join(COLUMNS) + " |\n| --- |" + " ---: |" * (len(COLUMNS) - 1))
    tops, explained = {}, {}
    for name in args.pages:
        row, top = measure(page_calls.request_for(name, plan), args.warm_up, args.repeat)
        print(f"| {name} | " + " | ".join(row) + " |", flush=True)
        tops[name] = top
        if args.explain is not None:
            explained[name] = explain(page_calls.request_for(name, plan), args.explain)
    for name, top in tops.items():
        if args.top and top:
            print(f"\n{name}: costliest statements (calls, server ms per request, query)")
            for calls, server_ms, query in top[: args.top]:
                print(f"  {calls:>5} {server_ms:7.3f}  {' '.join(query.split())[:300]}")
    for name, plans in explained.items():
        for sql, plan_text in plans:
            print(f"\n{name}: {' '.join(sql.split())[:2000]}\n{plan_text}")
    return 0


def explain(request: Callable[[], None], over_ms: float) -> list[tuple[str, str]]:
    """The plans of the request's reads that took over `over_ms` to run, run again."""
    from django.db import connection

    captured = []

    def capture(execute: Callable[..., Any], sql: str, params: Any, *rest: Any) -> Any:
        captured.append((sql, params))
        return execute(sql, params, *rest)

    with connection.execute_wrapper(capture):
        request()
    plans = []
    with connection.cursor() as cursor:
        for sql, params in captured:
            if not sql.lstrip("( ").upper().startswith("SELECT"):
                continue
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}", params)
            tree = cursor.fetchone()[0][0]
            if tree["Execution Time"] >= over_ms:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
                plans.append((sql, "\n".join(row[0] for row in cursor.fetchall())))
    return plans


def measure(request: Callable[[], None], warm_up: int, repeat: int) -> tuple[list[str], list]:
    from django.db import connection

    for _ in range(warm_up):
        request()
    connection.ensure_connection()
    statements = _Statements(connection)
    backend = _BackendCpu(connection)
    queries = [0, 0.0]  # count, seconds in execute, for the request running
    walls, client = [], []
    statements.reset()
    cpu_before, backend_before = time.process_time(), backend.seconds()
    with connection.execute_wrapper(_timed(queries)):
        for _ in range(repeat):
            started, queries[1] = time.perf_counter(), 0.0
            request()
            walls.append(time.perf_counter() - started)
            client.append(queries[1])
    cpu = time.process_time() - cpu_before
    backend_after = backend.seconds()
    backend_seconds = (
        None if None in (backend_before, backend_after) else backend_after - backend_before
    )
    server = statements.read(repeat)
    row = [
        f"{statistics.median(walls) * 1000:.1f}",
        f"{cpu * 1000 / repeat:.1f}",
        f"{queries[0] / repeat:g}",
        f"{statistics.median(client) * 1000:.1f}",
        f"{server['exec']:.2f}" if server else "",
        f"{server['plan']:.2f}" if server else "",
        f"{backend_seconds * 1000 / repeat:.1f}" if backend_seconds is not None else "",
    ]
    return row, server["top"] if server else []


def _timed(queries: list) -> Callable[..., Any]:
    def wrapper(execute: Callable[..., Any], sql: str, params: Any, *rest: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, *rest)
        finally:
            queries[0] += 1
            queries[1] += time.perf_counter() - started

    return wrapper


class _Statements:
    """pg_stat_statements, read on a connection of its own so as not to count itself."""

    def __init__(self, connection: Any) -> None:
        import psycopg

        settings = connection.get_connection_params()
        settings.pop("cursor_factory", None)
        settings.pop("context", None)
        settings.pop("prepare_threshold", None)
        self.side = psycopg.connect(**settings, autocommit=True)
        try:  # the extension answers only if the server loaded its library at start
            self.side.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
            self.side.execute("SELECT pg_stat_statements_reset()")
            self.available = True
        except psycopg.Error:
            self.available = False

    def reset(self) -> None:
        if self.available:
            self.side.execute("SELECT pg_stat_statements_reset()")

    def read(self, requests: int) -> dict[str, Any] | None:
        if not self.available:
            return None
        rows = self.side.execute(
            "SELECT s.calls, s.total_exec_time, s.total_plan_time, s.query"
            " FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid"
            " WHERE d.datname = current_database() AND s.query NOT LIKE '%pg_stat_statements%'"
            " ORDER BY s.total_exec_time + s.total_plan_time DESC"
        ).fetchall()
        self.side.close()
        return {
            "exec": sum(row[1] for row in rows) / requests,
            "plan": sum(row[2] for row in rows) / requests,
            "top": [(calls, (ex + plan) / requests, query) for calls, ex, plan, query in rows],
        }


class _BackendCpu:
    """The CPU time of the connection's server process, when it runs on this machine."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self.pid = self._pid()
        self.tick = os.sysconf("SC_CLK_TCK")

    def _pid(self) -> int:
        return int(self.connection.connection.info.backend_pid)

    def seconds(self) -> float | None:
        """None when the process is not readable, or the connection was opened anew."""
        if self.connection.connection is None or self._pid() != self.pid:
            return None
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / self.tick  # utime, stime


if __name__ == "__main__":
    sys.exit(main())
