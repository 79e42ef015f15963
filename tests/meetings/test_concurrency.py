"""Requests fired at once, on PostgreSQL (the production database).

SQLite serialises writers by itself, so these tests only mean something on PostgreSQL; CI
runs the whole suite there too.
"""

import threading

import pytest
from django.db import connection

from paddock.meetings import services
from paddock.meetings.enums import RequestStatus
from paddock.meetings.models import Meeting, MeetingRequest
from tests import factories

pytestmark = [
    pytest.mark.integration,
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


def _at_once(calls):
    """Runs each call in its own thread and connection, all released together; the outcomes."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []

    def run(call):
        barrier.wait()
        try:
            call()
            outcomes.append("sent")
        except services.MeetingError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_stop_exactly_at_the_cap():
    edition = factories.make_edition(max_requests_per_participant=2)
    buyer = factories.make_participant(edition)
    recipients = [factories.make_participant(edition) for _ in range(5)]

    outcomes = _at_once(
        [
            lambda r=recipient: services.request_meeting(buyer, recipient=r, by=buyer.user)
            for recipient in recipients
        ]
    )

    assert outcomes == ["cap_reached", "cap_reached", "cap_reached", "sent", "sent"]
    assert MeetingRequest.objects.filter(requester=buyer).count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_people_asking_each_other_at_once_get_one_mutual_meeting():
    edition = factories.make_edition()
    first, second = (factories.make_participant(edition) for _ in range(2))

    outcomes = _at_once(
        [
            lambda: services.request_meeting(first, recipient=second, by=first.user),
            lambda: services.request_meeting(second, recipient=first, by=second.user),
        ]
    )

    assert outcomes == ["sent", "sent"]
    assert list(MeetingRequest.objects.values_list("status", "mutual")) == [
        (RequestStatus.ACCEPTED, True)
    ]
    assert Meeting.objects.count() == 1
