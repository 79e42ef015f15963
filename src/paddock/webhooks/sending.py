"""Sending deliveries: one POST per attempt, recorded; failures retried with back-off.

An attempt is claimed by pushing `next_attempt_at` past the request's time-out, so that the
task worker and the periodic job never send the same delivery twice at once, and a worker
that died mid-send leaves a delivery that falls due again. A restore holds the deliveries
pending in the backup (`hold_pending_deliveries`) until an operator releases them.
"""

import contextlib
import datetime as dt
import http.client
import logging
import socket
import threading
import time
import urllib.error
import urllib.request
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_tasks import default_task_backend, task

from paddock.webhooks.enums import DeliveryStatus
from paddock.webhooks.models import Attempt, Delivery
from paddock.webhooks.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, signature
from paddock.webhooks.validators import check_webhook_url, public_address

logger = logging.getLogger(__name__)

DUE_BATCH = 200  # deliveries one run of the periodic job sends at most


@task()
def deliver_webhook(delivery_id: int) -> str:
    """The background task of one attempt (the first one, or a retry when the backend can
    run a task later). Lives beside `enqueue` so that no service imports a tasks module."""
    delivery = send_delivery(delivery_id)
    return delivery.status if delivery is not None else "skipped"


def enqueue(delivery_ids: list[int], *, run_after: dt.datetime | None = None) -> None:
    """Hand deliveries to the task worker. A retry is left to the periodic job when the
    backend cannot run a task later (the immediate backend of development and tests)."""
    if run_after is not None and not default_task_backend.supports_defer:
        return
    runner = deliver_webhook if run_after is None else deliver_webhook.using(run_after=run_after)
    try:
        for delivery_id in delivery_ids:
            runner.enqueue(delivery_id)
    except Exception:  # the change is committed: the periodic job sends what was not queued
        logger.exception("could not queue webhook deliveries %s", delivery_ids)


def retry_delay(failures: int) -> dt.timedelta:
    """Exponential back-off: the base delay, doubled after each failure."""
    return dt.timedelta(seconds=settings.WEBHOOK_RETRY_BASE_SECONDS * 2 ** (failures - 1))


def send_delivery(delivery_id: int, *, now: dt.datetime | None = None) -> Delivery | None:
    """Make one attempt if the delivery is due and its endpoint active; record it.

    Returns the delivery, or None when it was not due (sent, given up, claimed by another
    process, or its endpoint switched off). Never raises for the receiver's failures.
    """
    now = now or timezone.now()
    lease = now + dt.timedelta(seconds=settings.WEBHOOK_TIMEOUT_SECONDS + 60)
    claimed = Delivery.objects.filter(
        pk=delivery_id,
        status=DeliveryStatus.PENDING,
        next_attempt_at__lte=now,
        endpoint__active=True,
    ).update(next_attempt_at=lease)
    if not claimed:
        return None
    delivery = Delivery.objects.select_related("endpoint").get(pk=delivery_id)
    status_code, duration_ms, error = _post(delivery)
    with transaction.atomic():
        still = Delivery.objects.select_for_update().filter(
            pk=delivery.pk, event_id=delivery.event_id, status=DeliveryStatus.PENDING
        )
        if not still.exists():
            # Deleted while it was being sent (a person's erasure, its endpoint deleted), or
            # replaced by a restore, held (`hold_pending_deliveries`): the attempt has nothing
            # left to belong to (writing it failed the task), and its outcome must not make a
            # held delivery pending again.
            return None
        Attempt.objects.create(
            delivery=delivery,
            started_at=now,
            status_code=status_code,
            duration_ms=duration_ms,
            error=error[:300],
        )
        _settle(delivery, ok=status_code is not None and 200 <= status_code < 300, now=now)
    if delivery.status == DeliveryStatus.PENDING:
        enqueue([delivery.pk], run_after=delivery.next_attempt_at)
    return delivery


def _settle(delivery: Delivery, *, ok: bool, now: dt.datetime) -> None:
    if ok:
        delivery.status, delivery.next_attempt_at = DeliveryStatus.SUCCEEDED, None
    else:
        delivery.failures += 1
        if delivery.failures >= settings.WEBHOOK_MAX_ATTEMPTS:
            delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
        else:
            delivery.next_attempt_at = now + retry_delay(delivery.failures)
    delivery.save(update_fields=["status", "failures", "next_attempt_at"])


def _post(delivery: Delivery) -> tuple[int | None, int, str]:
    """POST the body, signed. Returns (status code or None, duration in ms, error)."""
    endpoint = delivery.endpoint
    body = delivery.body.encode()
    timestamp = int(time.time())
    request = urllib.request.Request(  # noqa: S310 (the scheme is checked: http or https only)
        endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "Paddock-Webhooks/1",
            "X-Paddock-Event": delivery.event_type,
            "X-Paddock-Delivery": str(delivery.event_id),
            TIMESTAMP_HEADER: str(timestamp),
            SIGNATURE_HEADER: signature(endpoint.secret, timestamp, body),
        },
    )
    started = time.monotonic()
    seconds = settings.WEBHOOK_TIMEOUT_SECONDS
    deadline = _Deadline(seconds)
    try:
        check_webhook_url(endpoint.url)  # again: the name may point elsewhere since saved
        with deadline, _OPENER.open(request, timeout=seconds) as response:
            code, error = response.status, ""
    except ValidationError as refused:
        code, error = None, " ".join(refused.messages)
    except urllib.error.HTTPError as answered:
        code, error = answered.code, f"HTTP {answered.code} {answered.reason}"
    except (OSError, ValueError) as failed:  # refused, unreachable, time-out, TLS
        code, error = None, f"{type(failed).__name__}: {failed}"
    if deadline.passed:
        code, error = None, f"TimeoutError: no whole answer within {seconds} s"
    return code, round((time.monotonic() - started) * 1000), error


_SOCKETS: ContextVar[list[socket.socket] | None] = ContextVar("webhook_sockets", default=None)


class _Deadline:
    """A bound on the whole attempt. The time-out given to urllib bounds each read only: a
    receiver sending its answer a few bytes at a time held a task worker, shared by every
    organiser of the server, for as long as it liked. Past the bound, the connections opened
    meanwhile are shut down from a timer thread, which ends the blocked read."""

    def __init__(self, seconds: float) -> None:
        self.seconds, self.passed = seconds, False
        self.sockets: list[socket.socket] = []

    def __enter__(self) -> "_Deadline":
        self.token = _SOCKETS.set(self.sockets)
        self.timer = threading.Timer(self.seconds, self._cut)
        self.timer.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.timer.cancel()
        _SOCKETS.reset(self.token)

    def _cut(self) -> None:
        self.passed = True
        for connection in self.sockets:
            with contextlib.suppress(OSError):  # closed already
                connection.shutdown(socket.SHUT_RDWR)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer, not an address to follow: it could lead inside the network."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _pinned(connection_class: type[http.client.HTTPConnection]) -> type:
    """A connection to the address the host name gave when checked (public_address), not to
    the name resolved once more: a name answering a public address to the check and this
    machine's to the connection (DNS rebinding) is refused. TLS still checks the name."""

    class Pinned(connection_class):  # type: ignore[valid-type,misc]
        def connect(self) -> None:
            address = str(public_address(self.host, self.port))
            self._create_connection = lambda _where, *args: _watched(
                socket.create_connection((address, self.port), *args)
            )
            super().connect()

    return Pinned


def _watched(connection: socket.socket) -> socket.socket:
    """The new connection, shut down by the attempt's deadline (`_Deadline`) if it passes."""
    watched = _SOCKETS.get()
    if watched is not None:
        watched.append(connection)
    return connection


class _PinnedHTTP(urllib.request.HTTPHandler):
    def http_open(self, req: urllib.request.Request) -> Any:
        return self.do_open(_pinned(http.client.HTTPConnection), req)


class _PinnedHTTPS(urllib.request.HTTPSHandler):
    def https_open(self, req: urllib.request.Request) -> Any:
        return self.do_open(_pinned(http.client.HTTPSConnection), req, context=self._context)  # type: ignore[attr-defined]


# No proxy, whatever http_proxy or https_proxy say: through a proxy the connection would go
# wherever the name points then, not to the checked address, and a proxy meant for the
# server's own traffic would receive the payloads.
_OPENER = urllib.request.build_opener(
    urllib.request.ProxyHandler({}), _NoRedirect, _PinnedHTTP, _PinnedHTTPS
)


def send_due_deliveries(*, now: dt.datetime | None = None) -> int:
    """The periodic job: one attempt for each delivery that is due (retries, and first
    attempts that no worker took). Returns the number of attempts made."""
    now = now or timezone.now()
    due = Delivery.objects.filter(
        status=DeliveryStatus.PENDING, next_attempt_at__lte=now, endpoint__active=True
    ).order_by("next_attempt_at", "pk")
    sent = 0
    for delivery_id in list(due.values_list("pk", flat=True)[:DUE_BATCH]):
        if send_delivery(delivery_id, now=now) is not None:
            sent += 1
    return sent


def hold_pending_deliveries() -> int:
    """Every pending delivery is held: no sender takes it until `release_held_deliveries`.
    For a backup restored (`operations.held`): a copy must not call the endpoints of the
    server it was taken from. Run it in the restore's transaction. Returns how many."""
    pending = Delivery.objects.filter(status=DeliveryStatus.PENDING)
    return pending.update(status=DeliveryStatus.HELD)


def release_held_deliveries() -> int:
    """The held deliveries are pending again, due now, with the failures they had; handed to
    the worker on commit. Returns how many."""
    held = Delivery.objects.filter(status=DeliveryStatus.HELD)
    ids = list(held.values_list("pk", flat=True))
    # Nothing holds a delivery but a restore: those read are those updated.
    held.update(status=DeliveryStatus.PENDING, next_attempt_at=timezone.now())
    transaction.on_commit(lambda: enqueue(ids))
    return len(ids)


def drop_held_deliveries() -> int:
    """The held deliveries go, unsent, with their attempts. Returns how many."""
    held = Delivery.objects.filter(status=DeliveryStatus.HELD)
    return held.delete()[1].get(Delivery._meta.label, 0)


def delete_old_deliveries(*, now: dt.datetime | None = None) -> int:
    """The periodic job: deliveries sent, given up or held (never released) more than
    WEBHOOK_KEEP_DAYS ago go, with their attempts (their bodies hold participants' names).
    Returns how many."""
    now = now or timezone.now()
    old = Delivery.objects.filter(
        status__in=[DeliveryStatus.SUCCEEDED, DeliveryStatus.FAILED, DeliveryStatus.HELD],
        created_at__lt=now - dt.timedelta(days=settings.WEBHOOK_KEEP_DAYS),
    )
    return old.delete()[1].get(Delivery._meta.label, 0)
