"""Load harness: the production setup of docs/operations.md under load, page by page (#16).

    .venv/bin/python bench/web.py                           # a throw-away PostgreSQL, 30 s a page
    .venv/bin/python bench/web.py --seconds 60 --clients 10 --workers 3
    .venv/bin/python bench/web.py --database-url postgres://paddock@127.0.0.1:5432/bench
    .venv/bin/python bench/web.py --pages bare catalogue grid

Starts PostgreSQL (its own server in a temporary folder, as .ci/run does, unless
--database-url names an existing database), sets the production settings of scripts/smoke
(debug off, HTTPS behind a proxy, secure cookies, the database task backend), runs
`check --deploy`, `migrate` and `createcachetable`, builds the big edition
(bench/big_edition.py: 2,000 participants, 20,000 scheduled meetings) with its
recommendations, badges and calendar feeds, gathers the planner's statistics (ANALYZE), then
starts gunicorn (--workers, 3 as in docs/operations.md) and one `db_worker`.

Each page is then driven on its own by locust (FastHttpUser, headless, in a subprocess of
this file) with --clients simulated users that send requests back to back for --seconds,
after a warm-up. Every simulated user logs in once through the login form, with its own
account when the page is a participant's. The client plays nginx: plain HTTP on loopback with
`X-Forwarded-Proto: https`. One of the pages is a bare Django view (/bench/bare/, on when
PADDOCK_BENCH_BARE_VIEW=1) served by the same gunicorn: each page's throughput is reported as
a ratio to it, with p50, p95 and errors, and the load average of the machine around each run.
A response counts as an error unless it is what the user expects (status, and for the
writes: the redirect after a sent request, "Checked in" after a scan).

Runs by hand, never in CI. Results: docs/benchmarks.md, "Web pages under load".
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import random
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
SLUG = "big"
PAGES = [
    "bare",
    "home",  # the portal's home: a page with a session, a user and a layout, and little else
    "catalogue",
    "recommendations",
    "agenda",
    "agenda-ics",
    "checkin-desk",
    "checkin-scan",
    "requests",
    "request-send",
    "participants",
    "grid",  # last: its slow requests outlive their run (the next one waits for them)
]
GOAL_RATIO, GOAL_P95_MS = 0.4, 100


# The orchestra: database, settings, data, servers, one locust run per page.


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="an existing PostgreSQL database (default: own)")
    parser.add_argument("--seconds", type=float, default=30, help="measured time per page")
    parser.add_argument("--warm-up", type=float, default=5, help="unmeasured seconds per page")
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--participants", type=int, default=2000)
    parser.add_argument("--meetings", type=int, default=20000)
    parser.add_argument("--pages", nargs="+", choices=PAGES, default=PAGES)
    parser.add_argument("--json", type=Path, help="also write the results there")
    parser.add_argument(
        "--setting",
        action="append",
        default=[],
        metavar="PADDOCK_NAME=VALUE",
        help="one more setting for the servers, to compare two runs (repeatable)",
    )
    parser.add_argument("--drive", choices=PAGES, help=argparse.SUPPRESS)  # internal
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)  # internal
    parser.add_argument("--plan", type=Path, help=argparse.SUPPRESS)  # internal
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)  # internal
    args = parser.parse_args()
    if args.prepare:
        return prepare(args)
    if args.drive:
        print(json.dumps(drive(args)))
        return 0
    if "bare" not in args.pages:
        args.pages.insert(0, "bare")
    with tempfile.TemporaryDirectory(prefix="paddock-bench.") as folder:
        work = Path(folder)
        with _database(args.database_url, work) as url:
            results = run(args, url, work)
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


def run(args: argparse.Namespace, database_url: str, work: Path) -> dict[str, Any]:
    port = _free_port()
    env = production_environment(database_url, work, port)
    env.update(_settings(args.setting))
    _step("check --deploy, migrate, createcachetable", env, work)
    started = time.perf_counter()
    plan = work / "plan.json"
    _run(
        [PYTHON, __file__, "--prepare", "--plan", str(plan), *_sizes(args)],
        env,
    )
    built = time.perf_counter() - started
    with _servers(env, work, port, args.workers):
        pages = {}
        # The bare view again at the end: the machine's load may change during the run.
        for page in [*args.pages, "bare"]:
            _drain(port)
            before = os.getloadavg()[0]
            command = [PYTHON, __file__, "--drive", page, "--plan", str(plan)]
            command += ["--port", str(port), "--clients", str(args.clients)]
            command += ["--seconds", str(args.seconds), "--warm-up", str(args.warm_up)]
            output = _run(command, env, capture=True)
            key = "bare (end)" if page in pages else page
            pages[key] = json.loads(output.splitlines()[-1])
            pages[key]["load"] = [round(before, 2), round(os.getloadavg()[0], 2)]
            print(f"{key}: {pages[key]}", file=sys.stderr)
        log = (work / "gunicorn.log").read_text()
    return {
        "clients": args.clients,
        "seconds": args.seconds,
        "workers": args.workers,
        "settings": _settings(args.setting),
        "cores": os.cpu_count(),
        "build_seconds": round(built, 1),
        "tracebacks": log.count("Traceback"),
        "pages": pages,
    }


def _settings(pairs: list[str]) -> dict[str, str]:
    """--setting PADDOCK_NAME=VALUE, checked: a typo would measure the default twice."""
    settings = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        if not (equals and name.startswith("PADDOCK_")):
            raise SystemExit(f"--setting wants PADDOCK_NAME=VALUE, not {pair!r}")
        settings[name] = value
    return settings


def _sizes(args: argparse.Namespace) -> list[str]:
    return ["--participants", str(args.participants), "--meetings", str(args.meetings)]


def production_environment(database_url: str, work: Path, port: int) -> dict[str, str]:
    """What scripts/smoke sets (docs/operations.md's settings), and the bare view on."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PADDOCK_")}
    origin = f"https://127.0.0.1:{port}"
    env.update(
        PYTHONPATH=str(ROOT / "src"),  # this checkout's code, whatever the editable install
        PADDOCK_DATABASE_URL=database_url,
        PADDOCK_DEBUG="0",
        PADDOCK_SECRET_KEY=secrets.token_urlsafe(50),
        PADDOCK_ALLOWED_HOSTS="127.0.0.1",
        PADDOCK_CSRF_TRUSTED_ORIGINS=origin,
        PADDOCK_DATA_DIR=str(work / "data"),
        PADDOCK_BEHIND_PROXY="1",
        PADDOCK_SSL_REDIRECT="1",
        PADDOCK_HSTS_SECONDS="31536000",
        PADDOCK_TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        PADDOCK_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        PADDOCK_EMAIL_FILE_PATH=str(work / "mail"),
        PADDOCK_SITE_URL=origin,
        PADDOCK_BENCH_BARE_VIEW="1",
    )
    return env


def _step(title: str, env: dict[str, str], work: Path) -> None:
    print(f"bench: {title}", file=sys.stderr)
    _run([PYTHON, "-m", "paddock", "check", "--deploy", "--fail-level", "WARNING"], env)
    _run([PYTHON, "-m", "paddock", "migrate", "--no-input", "-v", "0"], env)
    _run([PYTHON, "-m", "paddock", "createcachetable"], env)


def _run(command: list[str], env: dict[str, str], *, capture: bool = False) -> str:
    done = subprocess.run(command, env=env, cwd=ROOT, check=True, text=True, capture_output=capture)
    return done.stdout or ""


@contextlib.contextmanager
def _servers(env: dict[str, str], work: Path, port: int, workers: int) -> Iterator[None]:
    """gunicorn as docs/operations.md starts it, and one db_worker, until the block ends."""
    print(
        f"bench: gunicorn ({workers} workers) on 127.0.0.1:{port} and a db_worker", file=sys.stderr
    )
    web_command = [GUNICORN, "paddock.wsgi", "--bind", f"127.0.0.1:{port}"]
    web_command += ["--workers", str(workers), "--timeout", "120", "--no-control-socket"]
    with (work / "gunicorn.log").open("w") as web_log, (work / "worker.log").open("w") as log:
        processes = [
            subprocess.Popen(web_command, env=env, cwd=ROOT, stdout=web_log, stderr=web_log),
            subprocess.Popen(
                [PYTHON, "-m", "paddock", "db_worker", "--no-reload"],
                env=env,
                cwd=ROOT,
                stdout=log,
                stderr=log,
            ),
        ]
        try:
            _wait_for(port, processes)
            yield
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                process.wait(timeout=30)


def _wait_for(port: int, processes: list[subprocess.Popen]) -> None:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/accounts/login/", headers={"X-Forwarded-Proto": "https"}
    )
    for _ in range(60):
        if any(process.poll() is not None for process in processes):
            raise SystemExit("bench: a server stopped at start-up")
        with contextlib.suppress(OSError), urllib.request.urlopen(request, timeout=5) as answer:  # noqa: S310 - http://
            if answer.status == 200:
                return
        time.sleep(1)
    raise SystemExit("bench: gunicorn did not answer within 60 s")


def _drain(port: int) -> None:
    """Wait until the workers are free: requests of the previous page may still be running."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/bench/bare/", headers={"X-Forwarded-Proto": "https"}
    )
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        started = time.monotonic()
        with contextlib.suppress(OSError), urllib.request.urlopen(request, timeout=300):  # noqa: S310
            if time.monotonic() - started < 0.5:
                return
        time.sleep(1)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def _database(url: str | None, work: Path) -> Iterator[str]:
    """The given database, or a throw-away PostgreSQL server of our own (as .ci/run starts)."""
    if url:
        yield url
        return
    binaries = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=_version)
    if not binaries:
        raise SystemExit("bench: no PostgreSQL in /usr/lib/postgresql: pass --database-url")
    bin_dir, folder, port = binaries[-1].parent, work / "postgresql", _free_port()
    folder.mkdir()
    as_postgres: list[str] = []
    if os.getuid() == 0:  # initdb refuses root: the server runs as the postgres user then
        work.chmod(0o755)
        shutil.chown(folder, "postgres")
        as_postgres = ["runuser", "-u", "postgres", "--"]

    def pg(*command: str) -> None:
        subprocess.run(
            [*as_postgres, str(bin_dir / command[0]), *command[1:]],
            cwd=folder,
            check=True,
            stdout=subprocess.DEVNULL,
        )

    print(f"bench: PostgreSQL ({bin_dir}) on 127.0.0.1:{port}", file=sys.stderr)
    pg("initdb", "-D", f"{folder}/data", "-U", "paddock", "-A", "trust", "-E", "UTF8")
    options = f"-h 127.0.0.1 -p {port} -k {folder}"
    pg("pg_ctl", "-D", f"{folder}/data", "-l", f"{folder}/server.log", "-w", "start", "-o", options)
    try:
        pg("createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "paddock", "paddock")
        yield f"postgres://paddock@127.0.0.1:{port}/paddock"
    finally:
        pg("pg_ctl", "-D", f"{folder}/data", "-m", "fast", "stop")


def _version(path: Path) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", path.parent.parent.name))


# The data (in a subprocess with Django set up): the big edition and what the pages need.


def prepare(args: argparse.Namespace) -> int:
    sys.path.insert(0, str(ROOT / "bench"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paddock.settings")
    import django

    django.setup()
    import big_edition
    from paddock.checkin.services import issue_badges
    from paddock.events.validators import MAX_REQUESTS_PER_PARTICIPANT
    from paddock.matchmaking.services import recompute_recommendations
    from paddock.meetings.feed_services import agenda_feed_for

    started = time.perf_counter()
    built = big_edition.build(SLUG, args.participants, args.meetings, seed=1)
    edition = built.edition
    print(f"bench: big edition built in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    recompute_recommendations(edition)
    # The requests sent under load must not meet the cap of 20: each sender sends hundreds.
    edition.max_requests_per_participant = MAX_REQUESTS_PER_PARTICIPANT
    edition.save(update_fields=["max_requests_per_participant"])
    badges = issue_badges(edition, by=None)
    people = list(edition.participants.select_related("user").order_by("pk")[:10])
    plan = {
        "slug": SLUG,
        "password": big_edition.PASSWORD,
        "organiser": f"organiser@{SLUG}.example",
        "checkin": f"checkin@{SLUG}.example",
        "participants": [
            {
                "email": person.user.email,
                "feed": agenda_feed_for(person).token,
                "targets": _request_targets(edition, person),
            }
            for person in people
        ],
        "badges": [badge.code for badge in random.Random(1).sample(badges, len(badges))],  # noqa: S311 - not secret
        "room": edition.rooms.order_by("pk").values_list("pk", flat=True).first(),
    }
    args.plan.write_text(json.dumps(plan))
    # The planner's statistics now, as autovacuum would gather them within a minute or so: a
    # page measured before then runs with plans made for empty tables (the catalogue's list
    # of companies took 95 ms rather than 2 on PostgreSQL, docs/benchmarks.md).
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return 0


def _request_targets(edition: Any, person: Any) -> list[int]:
    """Validated people of other companies whom `person` neither meets nor asked, shuffled."""
    from django.db.models import Q

    from paddock.meetings.models import Meeting, MeetingRequest

    met = set(
        Meeting.objects.filter(Q(first=person) | Q(second=person)).values_list("first", "second")
    )
    asked = MeetingRequest.objects.filter(Q(requester=person) | Q(recipient=person))
    busy = {pk for pair in met for pk in pair}
    busy |= {pk for pair in asked.values_list("requester", "recipient") for pk in pair}
    targets = [
        pk
        for pk in edition.participants.filter(status="validated")
        .exclude(company=person.company_id)
        .values_list("pk", flat=True)
        if pk not in busy
    ]
    random.Random(person.pk).shuffle(targets)  # noqa: S311 - a reproducible order
    return targets


# The load (in a subprocess: locust patches the standard library with gevent when imported).


def drive(args: argparse.Namespace) -> dict[str, Any]:
    from locust import FastHttpUser, constant, task
    from locust.env import Environment

    plan = json.loads(args.plan.read_text())
    page, slug = args.drive, plan["slug"]
    numbers, scans = itertools.count(), itertools.count()
    ready: list[int] = []

    class Visitor(FastHttpUser):
        host = f"http://127.0.0.1:{args.port}"
        wait_time = constant(0)
        network_timeout = 120.0
        connection_timeout = 60.0
        # What nginx adds (docs/operations.md): the application sees HTTPS.
        default_headers = {
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": "127.0.0.1",
            "Accept-Language": "en",
        }

        def on_start(self) -> None:
            self.cookies: dict[str, str] = {}
            self.number = next(numbers)
            self.person = plan["participants"][self.number % len(plan["participants"])]
            self.sent = iter(self.person["targets"])
            email = {"grid": "organiser", "participants": "organiser"}.get(page)
            email = plan[email] if email else self.person["email"]
            if page.startswith("checkin"):
                email = plan["checkin"]
            self.token = log_in(self, email, plan["password"])
            ready.append(self.number)

        @task
        def visit(self) -> None:
            visits[page](self)

    def get(user: Any, url: str, name: str, expected: int = 200) -> None:
        with call(user, "GET", url, name=name) as response:
            if response.status_code != expected:
                where = response.headers.get("Location", "")
                response.failure(f"{response.status_code} instead of {expected} {where}")

    def post(user: Any, url: str, name: str, data: dict, check: Any) -> None:
        data = {"csrfmiddlewaretoken": user.token, **data}
        headers = {"Referer": f"https://127.0.0.1:{args.port}{url}"}
        with call(user, "POST", url, name=name, data=data, headers=headers) as response:
            problem = check(response)
            if problem:
                response.failure(f"{problem}: {_title(response.text)}")

    def scan(user: Any) -> None:
        number = next(scans)
        badges = plan["badges"]
        # Each round of badges alternates the first room and the entrance, so that no one is
        # "already checked in here" (a third of the people were checked in at the entrance).
        place = plan["room"] if (number // len(badges)) % 2 == 0 else ""
        data = {"code": badges[number % len(badges)], "place": place}
        url = f"/orga/e/{slug}/checkin/"

        def checked_in(response: Any) -> str:
            if response.status_code != 200 or "Checked in" not in response.text:
                return f"{response.status_code}: not checked in"
            return ""

        post(user, url, "checkin-scan", data, checked_in)

    def send(user: Any) -> None:
        recipient = next(user.sent)
        url = f"/e/{slug}/requests/new/{recipient}/"

        def sent(response: Any) -> str:
            if response.status_code != 302:
                found = re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.text, re.S)
                return f"{response.status_code} instead of 302 {found[:1]}"
            return ""

        post(user, url, "request-send", {"message": "Bench", "priority": "should"}, sent)

    visits = {
        "bare": lambda user: get(user, "/bench/bare/", "bare"),
        "home": lambda user: get(user, f"/e/{slug}/", "home"),
        "catalogue": lambda user: get(user, f"/e/{slug}/catalogue/", "catalogue"),
        "recommendations": lambda user: get(user, f"/e/{slug}/recommendations/", "recommendations"),
        "agenda": lambda user: get(user, f"/e/{slug}/agenda/", "agenda"),
        "agenda-ics": lambda user: get(
            user, f"/e/{slug}/agenda/{user.person['feed']}.ics", "agenda-ics"
        ),
        "grid": lambda user: get(user, f"/orga/e/{slug}/schedule/grid/", "grid"),
        "checkin-desk": lambda user: get(user, f"/orga/e/{slug}/checkin/", "checkin-desk"),
        "checkin-scan": scan,
        "requests": lambda user: get(user, f"/e/{slug}/requests/", "requests"),
        "request-send": send,
        "participants": lambda user: get(user, f"/orga/e/{slug}/participants/", "participants"),
    }

    return _measure(Environment(user_classes=[Visitor]), args, ready)


def _measure(environment: Any, args: argparse.Namespace, ready: list[int]) -> dict[str, Any]:
    """Start the users, wait for their logins and the warm-up, then count for --seconds."""
    import gevent

    runner = environment.create_local_runner()
    runner.start(args.clients, spawn_rate=args.clients)
    deadline = time.monotonic() + 120
    while len(ready) < args.clients and time.monotonic() < deadline:
        gevent.sleep(0.2)
    gevent.sleep(args.warm_up)
    environment.stats.reset_all()
    started = time.perf_counter()
    gevent.sleep(args.seconds)
    total = environment.stats.total
    seconds = time.perf_counter() - started
    result = {
        "requests": total.num_requests,
        "rps": round(total.num_requests / seconds, 1),
        "p50_ms": total.get_response_time_percentile(0.5),
        "p95_ms": total.get_response_time_percentile(0.95),
        "errors": total.num_failures,
        "error_examples": sorted({str(e.error) for e in environment.stats.errors.values()})[:3],
        "logged_in": len(ready),
    }
    runner.quit()
    return result


def log_in(user: Any, email: str, password: str) -> str:
    """Through the login form, as a browser does; returns the CSRF token of the session."""
    with call(user, "GET", "/accounts/login/", name="login") as page:
        token = _form_token(page.text)
    headers = {"Referer": f"{user.host.replace('http:', 'https:')}/accounts/login/"}
    form = {"csrfmiddlewaretoken": token, "username": email, "password": password}
    with call(user, "POST", "/accounts/login/", name="login", data=form, headers=headers) as answer:
        if answer.status_code != 302:
            answer.failure(f"login of {email}: {answer.status_code} {_title(answer.text)}")
    # The token rotates at login: Django also accepts the cookie's new secret as it is.
    return user.cookies.get("csrftoken", "")


@contextlib.contextmanager
def call(user: Any, method: str, url: str, **kwargs: Any) -> Iterator[Any]:
    """One request with the user's cookies, without following redirects. The cookies are kept
    here: the session's cookie jar would not send Django's secure cookies over plain HTTP."""
    headers = kwargs.pop("headers", {})
    if user.cookies:
        headers["Cookie"] = "; ".join(f"{key}={value}" for key, value in user.cookies.items())
    with user.client.request(
        method, url, headers=headers, catch_response=True, allow_redirects=False, **kwargs
    ) as response:
        for header in response.headers.getlist("set-cookie") if response.headers else []:
            for key, morsel in SimpleCookie(header).items():
                user.cookies[key] = morsel.value
        yield response


def _title(html: str) -> str:
    found = re.search(r"<title>(.*?)</title>", html or "", re.S)
    return " ".join(found.group(1).split()) if found else ""


def _form_token(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return found.group(1) if found else ""


def table(results: dict[str, Any]) -> str:
    pages = results["pages"]
    bares = [pages[key]["rps"] for key in ("bare", "bare (end)") if key in pages]
    bare = sum(bares) / len(bares) or 1
    lines = [
        f"{results['clients']} clients, {results['seconds']:.0f} s a page, gunicorn "
        f"{results['workers']} workers, {results['cores']} cores; big edition built in "
        f"{results['build_seconds']} s; tracebacks in the server log: {results['tracebacks']}; "
        f"ratios to the mean of the two bare runs, {bare:.0f} requests/s",
        "",
        "| page | requests/s | ratio to bare | p50 ms | p95 ms | errors | load average |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for page, row in pages.items():
        ratio = row["rps"] / bare
        missed = not page.startswith("bare") and (ratio < GOAL_RATIO or row["p95_ms"] > GOAL_P95_MS)
        lines.append(
            f"| {page}{' (missed)' if missed or row['errors'] else ''} | {row['rps']} | "
            f"{ratio:.2f} | {row['p50_ms']:.0f} | {row['p95_ms']:.0f} | {row['errors']} | "
            f"{row['load'][0]} → {row['load'][1]} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
