"""Attempts: recorded one by one, retried with back-off after a failure, given up at the limit."""

import datetime as dt
import importlib
import socket
import threading
import time

import pytest
from django.utils import timezone

from paddock.webhooks import sending, services
from paddock.webhooks.enums import DeliveryStatus, WebhookEvent
from paddock.webhooks.models import Delivery
from paddock.webhooks.sending import delete_old_deliveries, retry_delay, send_due_deliveries

pytestmark = pytest.mark.integration


@pytest.fixture
def delivered(checked_in):
    """Checks the participant in (one event): its delivery, after the first attempt."""

    def run():
        checked_in()
        return Delivery.objects.get()

    return run


def attempts(delivery) -> list[tuple]:
    return list(delivery.attempts.order_by("pk").values_list("status_code", "error"))


def later(hours: int) -> dt.datetime:
    return timezone.now() + dt.timedelta(hours=hours)


def test_delivery_answered_500_is_retried_later_then_delivered(endpoint, receiver, delivered):
    receiver.answers = [500, 200]
    delivery = delivered()
    delivery.refresh_from_db()
    after_failure = (delivery.status, delivery.failures)
    not_yet = send_due_deliveries()

    sent = send_due_deliveries(now=later(1))

    delivery.refresh_from_db()
    assert (after_failure, not_yet, sent) == ((DeliveryStatus.PENDING, 1), 0, 1)
    assert attempts(delivery) == [(500, "HTTP 500 Internal Server Error"), (200, "")]
    assert (delivery.status, delivery.next_attempt_at) == (DeliveryStatus.SUCCEEDED, None)
    assert receiver.received[0].body == receiver.received[1].body


def test_delivery_is_given_up_after_the_last_attempt(endpoint, receiver, delivered):
    receiver.answers = [503]
    delivery = delivered()

    sent = [send_due_deliveries(now=later(hours)) for hours in (1, 2, 3)]

    delivery.refresh_from_db()
    assert sent == [1, 1, 0]
    assert attempts(delivery) == [(503, "HTTP 503 Service Unavailable")] * 3
    assert (delivery.status, delivery.failures, delivery.next_attempt_at) == (
        DeliveryStatus.FAILED,
        3,
        None,
    )


def test_a_delivery_deleted_while_it_is_sent_ends_the_attempt_quietly(
    endpoint, receiver, delivered, monkeypatch
):
    """An erasure (or the endpoint's deletion) may delete a delivery while the worker waits
    for the receiver: recording the attempt then failed on the missing row, and the task
    with it."""
    receiver.answers = [500, 200]
    delivery = delivered()
    post = sending._post

    def post_while_it_is_deleted(sent):
        answer = post(sent)
        Delivery.objects.filter(pk=sent.pk).delete()  # committed by another request meanwhile
        return answer

    monkeypatch.setattr(sending, "_post", post_while_it_is_deleted)

    result = sending.send_delivery(delivery.pk, now=later(1))

    assert (result, Delivery.objects.count(), len(receiver.received)) == (None, 0, 2)


def test_retry_delay_doubles_after_each_failure(settings):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 60

    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]


@pytest.fixture
def started_behind_proxy(proxy, monkeypatch):
    """The proxy variables set for the whole process, as when it started with them: the sending
    module is imported again under them, and once more without them at the end."""
    address = proxy.url.removesuffix("/hook")
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.setenv(name, address)
    for name in ("no_proxy", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
    importlib.reload(sending)
    yield proxy
    monkeypatch.undo()
    importlib.reload(sending)


def test_delivery_ignores_proxy_variables_and_connects_to_the_checked_address(
    endpoint, receiver, delivered, started_behind_proxy
):
    delivery = delivered()

    delivery.refresh_from_db()
    assert (attempts(delivery), delivery.status, len(receiver.received)) == (
        [(200, "")],
        DeliveryStatus.SUCCEEDED,
        1,
    )
    assert started_behind_proxy.received == []


def test_delivery_to_a_closed_port_records_the_network_error(edition, organiser_user, delivered):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    services.create_endpoint(
        edition,
        by=organiser_user,
        url=f"http://127.0.0.1:{port}/hook",
        events=[WebhookEvent.PARTICIPANT_CHECKED_IN],
    )

    delivery = delivered()

    delivery.refresh_from_db()
    ((code, error),) = attempts(delivery)
    assert (code, error.split(":")[0], delivery.status) == (
        None,
        "URLError",
        DeliveryStatus.PENDING,
    )


def test_a_redirect_is_not_followed_and_counts_as_a_failure(endpoint, receiver, delivered):
    receiver.answers = [302]

    delivery = delivered()

    delivery.refresh_from_db()
    assert (attempts(delivery), len(receiver.received), delivery.status) == (
        [(302, "HTTP 302 Found")],
        1,
        DeliveryStatus.PENDING,
    )


def test_send_again_makes_a_new_attempt_with_the_same_event(
    endpoint, receiver, organiser_user, delivered, committed
):
    receiver.answers = [503, 503, 503, 200]
    delivery = delivered()
    send_due_deliveries(now=later(1))
    send_due_deliveries(now=later(2))

    with committed():
        services.send_again(delivery, by=organiser_user)

    delivery.refresh_from_db()
    assert (delivery.status, delivery.failures, [code for code, _ in attempts(delivery)]) == (
        DeliveryStatus.SUCCEEDED,
        0,
        [503, 503, 503, 200],
    )
    assert len({got.body for got in receiver.received}) == 1


def test_an_inactive_endpoint_keeps_its_due_deliveries_until_switched_on(
    endpoint, receiver, organiser_user, delivered
):
    receiver.answers = [500, 200]
    delivery = delivered()
    services.update_endpoint(
        endpoint, by=organiser_user, url=endpoint.url, events=endpoint.events, active=False
    )
    while_off = send_due_deliveries(now=later(1))
    services.update_endpoint(
        endpoint, by=organiser_user, url=endpoint.url, events=endpoint.events, active=True
    )

    sent = send_due_deliveries(now=later(1))

    delivery.refresh_from_db()
    assert (while_off, sent, delivery.status) == (0, 1, DeliveryStatus.SUCCEEDED)


def test_finished_deliveries_are_deleted_after_the_keeping_period(endpoint, delivered, settings):
    settings.WEBHOOK_KEEP_DAYS = 30
    sent = delivered()
    waiting = Delivery.objects.create(endpoint=endpoint, event_type="x", body="{}")

    kept = delete_old_deliveries(now=later(29 * 24))
    deleted = delete_old_deliveries(now=later(31 * 24))

    assert (kept, deleted, list(Delivery.objects.all())) == (0, 1, [waiting])
    assert sent.status == DeliveryStatus.SUCCEEDED


@pytest.fixture
def listener():
    """A TCP port on 127.0.0.1 that counts the connections made to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.5)
    yield server
    server.close()


def connections_to(server) -> int:
    count = 0
    try:
        while True:
            connection, _address = server.accept()
            connection.close()
            count += 1
    except TimeoutError:
        return count


@pytest.fixture
def production_webhooks(settings):
    settings.WEBHOOK_ALLOW_LOCAL = False
    settings.WEBHOOK_TIMEOUT_SECONDS = 2


@pytest.mark.usefixtures("production_webhooks")
def test_a_name_that_turns_private_after_the_check_is_not_reached(
    edition, organiser_user, delivered, listener, monkeypatch
):
    # DNS rebinding: the name answers a public address when checked, then this machine's.
    port = listener.getsockname()[1]
    answers = iter([("93.184.216.34", port), ("93.184.216.34", port)])
    resolve = socket.getaddrinfo

    def rebinding(host, *args, **kwargs):
        if host != "hooks.example.com":
            return resolve(host, *args, **kwargs)
        address = next(answers, ("127.0.0.1", port))
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", address)]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    services.create_endpoint(
        edition,
        by=organiser_user,
        url=f"https://hooks.example.com:{port}/hook",
        events=[WebhookEvent.PARTICIPANT_CHECKED_IN],
    )

    delivery = delivered()

    ((code, error),) = attempts(delivery)
    assert (connections_to(listener), code, error) == (
        0,
        None,
        "This address is on a private, loopback or link-local network: Paddock only sends "
        "webhooks to public addresses.",
    )


@pytest.fixture
def trickler():
    """A receiver that answers one header line every 0.2 s for 6 s, then 200: each read is
    quick, the answer slow."""
    server = socket.create_server(("127.0.0.1", 0))
    sent = []

    def serve():
        connection, _address = server.accept()
        with connection:
            request = b""
            while b"\r\n\r\n" not in request:
                request += connection.recv(65536)
            head, _blank, body = request.partition(b"\r\n\r\n")
            length = int(head.lower().split(b"content-length: ")[1].split(b"\r\n")[0])
            while len(body) < length:
                body += connection.recv(65536)
            try:
                connection.sendall(b"HTTP/1.1 200 OK\r\n")
                for number in range(30):
                    time.sleep(0.2)
                    connection.sendall(b"X-Slow-%d: 1\r\n" % number)
                    sent.append(number)
                connection.sendall(b"Content-Length: 0\r\n\r\n")
            except OSError:  # the sender hung up
                pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/hook", sent
    thread.join(10)
    server.close()


def test_a_receiver_answering_slowly_is_cut_at_the_time_out(
    edition, organiser_user, delivered, trickler, settings
):
    # Each read came within the time-out, so an organiser's receiver could hold a task
    # worker (shared by every organiser of the server) for as long as it liked.
    settings.WEBHOOK_TIMEOUT_SECONDS = 1
    url, sent = trickler
    services.create_endpoint(
        edition, by=organiser_user, url=url, events=[WebhookEvent.PARTICIPANT_CHECKED_IN]
    )

    delivery = delivered()

    delivery.refresh_from_db()
    assert (attempts(delivery), delivery.status) == (
        [(None, "TimeoutError: no whole answer within 1 s")],
        DeliveryStatus.PENDING,
    )
    assert len(sent) < 30


def test_a_held_delivery_is_not_sent_and_goes_after_the_keeping_period(
    endpoint, receiver, settings
):
    settings.WEBHOOK_KEEP_DAYS = 30
    Delivery.objects.create(
        endpoint=endpoint,
        event_type="x",
        body="{}",
        status=DeliveryStatus.HELD,  # as a restore leaves it (operations.held)
        next_attempt_at=timezone.now(),
    )

    sent = send_due_deliveries(now=later(1))
    kept = delete_old_deliveries(now=later(29 * 24))
    deleted = delete_old_deliveries(now=later(31 * 24))

    assert (sent, receiver.received, kept, deleted) == (0, [], 0, 1)
