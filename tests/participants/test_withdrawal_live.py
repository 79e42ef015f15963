"""A withdrawn person's missed meeting on the day (issue 16): the withdrawal leaves it as it is,
and "Undo: they came" waits until an organiser has taken the person back, since a withdrawn
person has no meeting to come to and is refused at check-in."""

import pytest
from django.urls import reverse

from paddock.meetings.enums import MeetingStatus
from paddock.meetings.models import Meeting
from paddock.participants import services
from paddock.participants.withdrawal import undo_withdrawal, withdraw_participant
from tests import factories
from tests.scheduling.helpers import make_meeting, place
from tests.scheduling.live_day import make_today

pytestmark = pytest.mark.integration

REFUSED = (
    "Bert Test withdrew from the edition: if they came after all, undo the withdrawal on their "
    "page and validate them again, then put the meeting back."
)
NOTE = "One of them withdrew from the edition"


@pytest.fixture
def today(db):
    """Anna was to meet Bert in the slot in progress; Bert has not come."""
    day = make_today(names=("Anna", "Bert"), present=("Anna",), no_show_after_minutes=10)
    day.meeting = place(make_meeting(day.people.anna, day.people.bert), day.slots[0], day.tables[0])
    return day


@pytest.fixture
def orga(client, today):
    user = factories.make_user(email="orga@example.com")
    today.edition.series.organiser.members.add(user)
    client.force_login(user)
    return client


def _live(today):
    return reverse("scheduling:live", args=[today.edition.slug])


def _undo(orga, today):
    url = reverse("scheduling:live-no-show-undo", args=[today.edition.slug, today.meeting.pk])
    return orga.post(url, follow=True)


def test_a_withdrawn_persons_no_show_is_put_back_only_once_they_are_taken_back(orga, today):
    orga.get(_live(today))  # marks the no-show
    bert = today.people.bert
    withdraw_participant(bert, by=bert.user)

    page = orga.get(_live(today)).content.decode()
    refused = _undo(orga, today)

    assert (NOTE in page, "Undo: they came" in page) == (True, False)
    assert [str(message) for message in refused.context["messages"]] == [REFUSED]
    assert Meeting.objects.get(pk=today.meeting.pk).status == MeetingStatus.NO_SHOW

    organiser = today.edition.series.organiser.members.get()
    services.validate_participant(undo_withdrawal(bert, by=organiser), by=organiser)
    _undo(orga, today)

    assert Meeting.objects.get(pk=today.meeting.pk).status == MeetingStatus.SCHEDULED
