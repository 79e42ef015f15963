"""The expiry command (for cron) and task (for the worker) call the same service."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from paddock.meetings import services, tasks
from paddock.meetings.enums import RequestStatus
from paddock.meetings.models import MeetingRequest

pytestmark = pytest.mark.integration


@pytest.fixture
def overdue(buyer, supplier):
    sent = services.request_meeting(buyer, recipient=supplier, by=buyer.user)
    MeetingRequest.objects.filter(pk=sent.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    return sent


def test_command_expires_overdue_requests_and_says_how_many(overdue, edition):
    out = io.StringIO()

    call_command("expire_requests", "--edition", edition.slug, stdout=out)

    overdue.refresh_from_db()
    assert (out.getvalue(), overdue.status) == ("1 request expired.\n", RequestStatus.EXPIRED)


def test_command_with_an_unknown_edition_stops(db):
    with pytest.raises(SystemExit) as raised:
        call_command("expire_requests", "--edition", "nowhere", stderr=io.StringIO())

    assert raised.value.code == 2


def test_task_expires_overdue_requests(overdue):
    result = tasks.expire_requests.enqueue()

    overdue.refresh_from_db()
    assert (result.return_value, overdue.status) == (1, RequestStatus.EXPIRED)
