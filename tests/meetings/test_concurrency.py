"""Requests fired at once: the cap and mutual requests hold, on PostgreSQL and SQLite."""

import threading

import pytest
from django.db import connection, connections, transaction

from paddock.meetings import services
from paddock.meetings.enums import RequestStatus
from paddock.meetings.models import Meeting, MeetingRequest
from paddock.meetings.services import requests as requests_services
from tests import factories
from tests.concurrency import race, signalled, slowed

pytestmark = [
    pytest.mark.integration,
    pytest.mark.concurrency,
]


def _request(requester, recipient):
    services.request_meeting(requester, recipient=recipient, by=requester.user)
    return "sent"


def _at_once(pairs):
    """Each (requester, recipient) request sent at once; the outcomes, sorted."""
    return sorted(race(_request, pairs, services.MeetingError, lambda error: error.code))


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_stop_exactly_at_the_cap():
    edition = factories.make_edition(max_requests_per_participant=2)
    buyer = factories.make_participant(edition)
    recipients = [factories.make_participant(edition) for _ in range(5)]

    outcomes = _at_once([(buyer, recipient) for recipient in recipients])

    assert outcomes == ["cap_reached", "cap_reached", "cap_reached", "sent", "sent"]
    assert MeetingRequest.objects.filter(requester=buyer).count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_people_asking_each_other_at_once_get_one_mutual_meeting():
    edition = factories.make_edition()
    first, second = (factories.make_participant(edition) for _ in range(2))

    outcomes = _at_once([(first, second), (second, first)])

    assert outcomes == ["sent", "sent"]
    assert list(MeetingRequest.objects.values_list("status", "mutual")) == [
        (RequestStatus.ACCEPTED, True)
    ]
    assert Meeting.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: SQLite locks it all")
@pytest.mark.django_db(transaction=True)
def test_request_while_the_other_side_answers_an_earlier_one_is_sent_without_waiting():
    edition = factories.make_edition()
    buyer, first, second = (factories.make_participant(edition) for _ in range(3))
    earlier = services.request_meeting(buyer, recipient=first, by=buyer.user)
    answering, done = threading.Event(), threading.Event()

    def answer():  # `first` answers: the request's row stays locked until that commits
        try:
            with transaction.atomic():
                MeetingRequest.objects.select_for_update().get(pk=earlier.pk)
                answering.set()
                done.wait(10)
        finally:
            connections.close_all()

    thread = threading.Thread(target=answer)
    thread.start()
    answering.wait(10)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '2s'")
        sent = services.request_meeting(buyer, recipient=second, by=buyer.user)
    finally:
        done.set()
        thread.join()
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")

    assert (sent.recipient_id, sent.status) == (second.pk, RequestStatus.PENDING)


@pytest.mark.django_db(transaction=True)
def test_organiser_and_participant_cancelling_one_meeting_at_once_both_get_an_answer(
    monkeypatch,
):
    """The participant's cancellation locks the request, then its meeting; the organiser's
    took the meeting, then the request: on PostgreSQL each waited for the other ("deadlock
    detected", a server error). One of them cancels, the other is told it already is."""
    edition = factories.make_edition()
    buyer, seller = (factories.make_participant(edition) for _ in range(2))
    asked = services.request_meeting(buyer, recipient=seller, by=buyer.user)
    services.accept_request(asked, by=seller.user)
    meeting = Meeting.objects.get(request=asked)
    organiser = factories.make_user()
    # The request held while the organiser's cancellation starts, as under load.
    slowed(monkeypatch, requests_services, "locked_request")

    def cancel(who):
        if who == "organiser":
            services.cancel_meeting(Meeting.objects.get(pk=meeting.pk), by=organiser)
        else:
            services.cancel_request(MeetingRequest.objects.get(pk=asked.pk), by=seller.user)
        return "cancelled"

    outcomes = race(cancel, [("organiser",), ("seller",)], services.MeetingError, lambda e: e.code)

    assert sorted(outcomes) == ["cancelled", "wrong_status"]


@pytest.mark.django_db(transaction=True)
def test_accepting_a_request_while_asking_its_requester_back_gives_one_meeting(monkeypatch):
    """The recipient accepts a request and, at once (another tab), asks its requester for a
    meeting. Asking locks both people, then the request; accepting locked the request, then
    created the meeting, whose reference to each person waits for their lock: on PostgreSQL
    each waited for the other ("deadlock detected", a server error). One meeting results; the
    other call is told there already is one."""
    edition = factories.make_edition()
    buyer, seller = (factories.make_participant(edition) for _ in range(2))
    asked = services.request_meeting(buyer, recipient=seller, by=buyer.user)
    accepting = threading.Event()
    # The accepting call holds the request a while before it goes on, as under load; the
    # asking call starts once it does.
    signalled(monkeypatch, requests_services, "locked_request", accepting)
    slowed(monkeypatch, requests_services, "acting_side")

    def answer(how):
        if how == "accept":
            services.accept_request(MeetingRequest.objects.get(pk=asked.pk), by=seller.user)
            return "accepted"
        accepting.wait(10)
        services.request_meeting(seller, recipient=buyer, by=seller.user)
        return "asked back"

    outcomes = race(answer, [("accept",), ("ask back",)], services.MeetingError, lambda e: e.code)

    assert sorted(outcomes) == ["accepted", "already_meeting"]
    assert Meeting.objects.filter(request=asked).count() == 1
