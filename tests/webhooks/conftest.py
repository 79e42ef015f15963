"""A real HTTP server on 127.0.0.1 in a thread, to receive webhooks; local addresses allowed."""

import http.server
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from paddock.checkin.services import check_in
from paddock.webhooks import services
from paddock.webhooks.enums import WebhookEvent


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Receiver:
    """Answers each POST with the next of `answers` (the last one again once they run out)."""

    url: str
    answers: list[int] = field(default_factory=lambda: [200])
    received: list[Received] = field(default_factory=list)


def _serve(state: Receiver) -> Iterator[Receiver]:
    """Runs a server in a thread that records every POST into `state`, until the test ends."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state.received.append(Received(dict(self.headers.items()), body))
            index = min(len(state.received), len(state.answers)) - 1
            self.send_response(state.answers[index])
            self.end_headers()

        def do_CONNECT(self) -> None:  # a proxy's tunnel for https: recorded, refused
            state.received.append(Received(dict(self.headers.items()), self.path.encode()))
            self.send_response(502)
            self.end_headers()

        def log_message(self, *args: Any) -> None:  # quiet
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_port}/hook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def receiver():
    yield from _serve(Receiver(url=""))


@pytest.fixture
def proxy():
    """Another server, standing for a forward proxy (http_proxy, https_proxy): what it records
    is what went through it."""
    yield from _serve(Receiver(url=""))


@pytest.fixture(autouse=True)
def _webhook_settings(settings):
    settings.WEBHOOK_ALLOW_LOCAL = True
    settings.WEBHOOK_TIMEOUT_SECONDS = 5
    settings.WEBHOOK_MAX_ATTEMPTS = 3


@pytest.fixture
def endpoint(edition, organiser_user, receiver):
    """An endpoint of the fixture edition on the receiver, for every event."""
    return services.create_endpoint(
        edition, by=organiser_user, url=receiver.url, events=list(WebhookEvent.values)
    )


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs what the block queued for the commit (the first attempts)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def checked_in(edition, participant, checkin_user, committed):
    """Checks the fixture participant in at the entrance, committed; returns the CheckIn."""

    def run():
        with committed():
            return check_in(edition, by=checkin_user, participant=participant)

    return run
