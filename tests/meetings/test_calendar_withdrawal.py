"""The calendar feed of a participant who withdrew (issue 16): it keeps answering, every
event of theirs shows cancelled with a raised SEQUENCE (those the day kept too), so that
subscribed calendars take them out; once the withdrawal is undone, what was kept shows again,
its SEQUENCE raised once more so that calendars apply it."""

import datetime as dt

import pytest
from django.urls import reverse
from icalendar import Calendar

from paddock.events.enums import EditionStatus
from paddock.events.models import Session, TimeSlot
from paddock.meetings.feed_services import agenda_feed_for
from paddock.meetings.models import Meeting
from paddock.participants.models import Participant
from paddock.participants.withdrawal import undo_withdrawal, withdraw_participant
from paddock.visits.enums import BookingStatus
from paddock.visits.models import Booking
from tests.meetings.helpers import accepted_meeting, other_participant, place
from tests.visits.factories import make_visit, make_zone

pytestmark = pytest.mark.integration

EARLIER = dt.datetime(2020, 6, 12, 7, 0, tzinfo=dt.UTC)  # begun: the withdrawal keeps it


def _feed(client, participant) -> dict[str, tuple[int, str]]:
    """UID to (SEQUENCE, STATUS) of each event of the participant's feed, as a calendar
    subscribed to it reads them."""
    token = agenda_feed_for(participant).token
    response = client.get(
        reverse("meetings-portal:agenda-feed", args=[participant.edition.slug, token])
    )
    assert response.status_code == 200
    return {
        str(event["UID"]): (int(event["SEQUENCE"]), str(event["STATUS"]))
        for event in Calendar.from_ical(response.content).walk("VEVENT")
    }


@pytest.fixture
def agenda(edition, buyer, placed_meeting):
    """The buyer's published agenda: a meeting to come, one that has begun, a seat in a visit
    to come and one in a visit that has begun; with UIDs to name them."""
    edition.status = EditionStatus.SCHEDULED
    edition.save()
    session = Session.objects.create(edition=edition, name="Earlier", date=EARLIER.date())
    earlier = TimeSlot.objects.create(
        edition=edition, session=session, start=EARLIER, end=EARLIER + dt.timedelta(minutes=30)
    )
    begun = place(
        accepted_meeting(buyer, other_participant(edition)),
        slot=earlier,
        table=placed_meeting.table,
    )
    zone = make_zone(edition)
    to_come = Booking.objects.create(
        session=make_visit(zone), participant=buyer, status=BookingStatus.CONFIRMED
    )
    visited = Booking.objects.create(
        session=make_visit(zone, start=EARLIER), participant=buyer, status=BookingStatus.CONFIRMED
    )
    return {
        "to_come": f"meeting-{placed_meeting.pk}@127.0.0.1",
        "begun": f"meeting-{begun.pk}@127.0.0.1",
        "seat_to_come": f"visit-{to_come.pk}@127.0.0.1",
        "seat_begun": f"visit-{visited.pk}@127.0.0.1",
    }


def _named(agenda, events):
    return {name: events.get(uid) for name, uid in agenda.items()}


def test_feed_of_a_withdrawn_participant_cancels_every_event(client, agenda, buyer):
    before = _named(agenda, _feed(client, buyer))

    withdraw_participant(buyer, by=buyer.user)

    after = _named(agenda, _feed(client, buyer))
    assert before == {
        "to_come": (0, "CONFIRMED"),
        "begun": (0, "CONFIRMED"),
        "seat_to_come": (0, "CONFIRMED"),
        "seat_begun": (0, "CONFIRMED"),
    }
    # The meeting to come is cancelled (its own revision raised) and the feed's revision is
    # added to every event: what the day kept shows cancelled too.
    assert after == {
        "to_come": (2, "CANCELLED"),
        "begun": (1, "CANCELLED"),
        "seat_to_come": (2, "CANCELLED"),
        "seat_begun": (1, "CANCELLED"),
    }


def test_feed_shows_what_was_kept_again_once_the_withdrawal_is_undone(
    client, agenda, buyer, organiser_user
):
    _feed(client, buyer)  # subscribed before the withdrawal
    withdraw_participant(buyer, by=buyer.user)

    undo_withdrawal(Participant.objects.get(pk=buyer.pk), by=organiser_user)

    assert _named(agenda, _feed(client, buyer)) == {
        "to_come": (3, "CANCELLED"),
        "begun": (2, "CONFIRMED"),
        "seat_to_come": (3, "CANCELLED"),
        "seat_begun": (2, "CONFIRMED"),
    }


def test_feed_of_the_other_side_keeps_the_meeting_the_day_kept(client, agenda, buyer):
    begun = Meeting.objects.get(pk=int(agenda["begun"].removeprefix("meeting-").split("@")[0]))

    withdraw_participant(buyer, by=buyer.user)

    assert _feed(client, begun.other_side(buyer)) == {agenda["begun"]: (0, "CONFIRMED")}
