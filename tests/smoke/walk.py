"""The HTTP half of scripts/smoke: an organiser's walk through a production deployment.

scripts/smoke starts gunicorn and a db_worker with production settings, then runs
`python tests/smoke/walk.py --port PORT --data-dir DIR`. This client plays the reverse proxy of
docs/operations.md as well as the browser: it speaks plain HTTP to gunicorn on loopback and
sends what nginx adds (`X-Forwarded-Proto: https`, `X-Forwarded-For`), so the application runs
with the very settings `check --deploy` approved (secure cookies, HTTPS redirect, HSTS).
Standard library only. Prints one line per step; exits 1 with the failed step's reason.
"""

import argparse
import http.client
import re
import sys
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

ORGANISER = "organiser@demo.paddock.test"
PASSWORD = "paddock-demo"  # every demo account's (README)
EDITION = "ibd-2021"
RUN_TIMEOUT_S = 120


class SmokeError(Exception):
    """A step did not give what a user relies on; the message says which and why."""


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes
    path: str

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


@dataclass
class Browser:
    """Cookies, CSRF referers and redirects, over one loopback port."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)

    @property
    def origin(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> Response:
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",  # nginx: proxy_set_header X-Forwarded-Proto $scheme
            "X-Forwarded-For": "127.0.0.1",
            "Accept-Language": "en",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = self.origin + path  # Django's CSRF check on HTTPS wants it
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            reply = connection.getresponse()
            response = Response(reply.status, reply.headers, reply.read(), path)
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response

    def go(self, method: str, path: str, form: dict[str, str] | None = None) -> Response:
        """The request, then its redirects (as GETs), as a browser would."""
        response = self.request(method, path, form)
        for _hop in range(10):
            if response.status not in {301, 302, 303, 307, 308}:
                return response
            target = urlsplit(urljoin(self.origin + response.path, response.headers["Location"]))
            if target.netloc != urlsplit(self.origin).netloc:
                raise SmokeError(f"{path} redirected off the site, to {target.geturl()}")
            response = self.request("GET", target.path + (f"?{target.query}" * bool(target.query)))
        raise SmokeError(f"{path}: more than 10 redirects")


def expect(response: Response, status: int, what: str) -> Response:
    if response.status != status:
        excerpt = " ".join(response.text.split())[:300]
        raise SmokeError(
            f"{what}: HTTP {response.status}, not {status}, at {response.path}: " + excerpt
        )
    return response


def csrf_token(response: Response) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)
    if not found:
        raise SmokeError(f"no CSRF token in the form of {response.path}")
    return found.group(1)


def step(message: str) -> None:
    print(f"smoke: ok: {message}", flush=True)


def check_static(page: Response, static_root: Path) -> None:
    """The proxy serves /static/ from the collected folder: what the page links must be there."""
    links = re.findall(r'(?:href|src)="/static/([^"?#]+)"', page.text)
    missing = [link for link in links if not (static_root / link).is_file()]
    if not links or missing:
        raise SmokeError(f"static files of the login page not collected: {missing or links}")
    step(f"{len(links)} static files linked by the login page are in {static_root}")


def log_in(browser: Browser, static_root: Path) -> None:
    page = expect(browser.go("GET", "/accounts/login/"), 200, "login page")
    check_static(page, static_root)
    form = {"username": ORGANISER, "password": PASSWORD, "csrfmiddlewaretoken": csrf_token(page)}
    landing = expect(browser.go("POST", "/accounts/login/", form), 200, "organiser login")
    if "sessionid" not in browser.cookies or landing.path.startswith("/accounts/login/"):
        raise SmokeError(f"the organiser's login was refused (landed on {landing.path})")
    step(f"logged in as {ORGANISER}, landed on {landing.path}")


def run_status(page: Response) -> str:
    found = re.search(r'id="run-status".*?class="badge ([a-z]+)"', page.text, re.DOTALL)
    if not found:
        raise SmokeError(f"no run status on {page.path}")
    return found.group(1)


def run_schedule(browser: Browser) -> None:
    runs = f"/orga/e/{EDITION}/schedule/"
    page = expect(browser.go("GET", runs), 200, "scheduling page")
    form = {"time_limit_s": "10", "csrfmiddlewaretoken": csrf_token(page)}
    detail = expect(browser.go("POST", runs, form), 200, "starting a schedule run")
    if not re.fullmatch(rf"{runs}runs/\d+/", detail.path):
        raise SmokeError(f"starting a run did not lead to its page but to {detail.path}")
    first = run_status(detail)
    step(f"schedule run started at {detail.path}, status {first!r}")
    deadline = time.monotonic() + RUN_TIMEOUT_S
    status = first
    while status in {"queued", "running"}:
        if time.monotonic() > deadline:
            raise SmokeError(f"the worker left the run {status!r} for {RUN_TIMEOUT_S} s")
        time.sleep(2)
        status = run_status(expect(browser.go("GET", detail.path), 200, "run page"))
    if status != "succeeded":
        raise SmokeError(f"the run ended {status!r}, not 'succeeded'")
    step(f"the worker finished the run: {status!r}")


def publish(browser: Browser) -> int:
    path = f"/orga/e/{EDITION}/schedule/publish/"
    page = expect(browser.go("GET", path), 200, "publish page")
    grid = expect(
        browser.go("POST", path, {"csrfmiddlewaretoken": csrf_token(page)}), 200, "publishing"
    )
    found = re.search(
        r"Schedule published; the emails telling (\d+) participants are queued", grid.text
    )
    if not found:
        said = re.findall(r'<li class="message [a-z ]*">([^<]*)</li>', grid.text)
        raise SmokeError(f"publishing did not say who was told, on {grid.path}: {said}")
    told = int(found.group(1))
    step(f"schedule published, {told} participants told")
    return told


def download_agendas(browser: Browser) -> None:
    """The worker builds all agendas while the documents page shows how far it has gone; the
    address then serves the stored PDF."""
    path = f"/orga/e/{EDITION}/documents/agendas.pdf"
    deadline = time.monotonic() + RUN_TIMEOUT_S
    pdf = expect(browser.go("GET", path), 200, "asking for the agendas PDF")
    if pdf.headers.get("Content-Type", "") != "application/pdf":
        if 'id="stored-documents"' not in pdf.text:
            raise SmokeError(f"asking for {path} led to {pdf.path}, not the documents page")
        step(f"agendas PDF asked: the worker builds it, {pdf.path} follows it")
    while pdf.headers.get("Content-Type", "") != "application/pdf":
        if "badge failed" in pdf.text:
            raise SmokeError(f"building the agendas PDF failed: {pdf.text[:300]}")
        if time.monotonic() > deadline:
            raise SmokeError(f"the worker did not build the agendas PDF in {RUN_TIMEOUT_S} s")
        time.sleep(1)
        pdf = expect(browser.go("GET", path), 200, "agendas PDF")
    if not pdf.body.startswith(b"%PDF"):
        raise SmokeError(f"{path} is not a PDF: starts {pdf.body[:8]!r}")
    step(f"downloaded {path}: {len(pdf.body)} bytes of PDF")


def count_emails(mail_dir: Path, told: int) -> None:
    """The file backend writes one file per sending, messages separated by a line of dashes."""
    files = sorted(mail_dir.glob("*.log")) if mail_dir.is_dir() else []
    recipients = [
        line
        for path in files
        for line in path.read_text(errors="replace").splitlines()
        if line.startswith("To: ")
    ]
    if told < 1 or len(recipients) != told:
        raise SmokeError(f"{len(recipients)} emails in {mail_dir}, {told} participants told")
    step(f"{len(recipients)} emails in {mail_dir}, one per participant told")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--data-dir", type=Path, required=True, help="PADDOCK_DATA_DIR")
    parser.add_argument("--mail-dir", type=Path, required=True, help="PADDOCK_EMAIL_FILE_PATH")
    arguments = parser.parse_args()
    browser = Browser(arguments.port)
    try:
        log_in(browser, arguments.data_dir / "static")
        run_schedule(browser)
        told = publish(browser)
        download_agendas(browser)
        count_emails(arguments.mail_dir, told)
    except (SmokeError, OSError) as error:
        print(f"smoke: FAILED: {error}", file=sys.stderr, flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
