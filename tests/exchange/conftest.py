"""Shared by the exchange tests: an edition with a few of everything the exports read, and
the tables and column mappings the imports read."""

import datetime as dt

import pytest

from paddock.checkin.models import CheckIn
from paddock.exchange.columns import PARTICIPANT_COLUMNS
from paddock.exchange.mapping import Mapping, recognise
from paddock.exchange.reading import read_table
from paddock.meetings.enums import MeetingStatus, RequestPriority, RequestStatus
from paddock.meetings.models import Meeting, MeetingRequest
from paddock.outcomes.models import Outcome
from paddock.participants.models import Need, Offer
from paddock.visits.enums import BookingStatus
from paddock.visits.models import Booking
from tests import factories
from tests.visits.factories import make_visit, make_zone

START = dt.datetime(2031, 6, 12, 13, 0, tzinfo=dt.UTC)


def fill_edition(edition, size: int) -> dict:
    """`size` pairs of participants (each of its own company, with an offer and a need), one
    accepted request, one scheduled meeting, one side's outcome and one visit booking per pair,
    and a check-in per participant."""
    room = factories.make_room(edition, name="Salle Mulsanne")
    session = edition.sessions.create(name="Morning", date=edition.start_date)
    category = factories.make_category(code=f"milling-{edition.pk}")
    visit = make_visit(make_zone(edition), start=START - dt.timedelta(hours=3))
    people = []
    for number in range(size):
        slot = edition.slots.create(
            session=session,
            start=START + dt.timedelta(minutes=30 * number),
            end=START + dt.timedelta(minutes=30 * number + 25),
        )
        table = factories.make_table(room, label=f"T{number + 1}")
        pair = [factories.make_participant(edition) for _side in range(2)]
        for person in pair:
            Offer.objects.create(company=person.company, category=category)
            Need.objects.create(company=person.company, text="Free text only")
            CheckIn.objects.create(edition=edition, participant=person, checked_in_at=slot.start)
        request = MeetingRequest.objects.create(
            edition=edition,
            requester=pair[0],
            recipient=pair[1],
            priority=RequestPriority.MUST,
            status=RequestStatus.ACCEPTED,
        )
        meeting = Meeting.objects.create(
            edition=edition,
            request=request,
            first=pair[0],
            second=pair[1],
            status=MeetingStatus.SCHEDULED,
            slot=slot,
            table=table,
        )
        Outcome.objects.create(
            meeting=meeting, participant=pair[0], took_place=True, interest=4, answered_at=START
        )
        Booking.objects.create(
            session=visit, participant=pair[0], status=BookingStatus.CONFIRMED, position=0
        )
        people += pair
    return {"people": people}


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def table_and_mapping(data: bytes, name: str = "list.csv", columns=PARTICIPANT_COLUMNS):
    """The file read, with the columns recognised from its headers."""
    table = read_table(data, name)
    return table, Mapping(tuple(recognise(table.headers, columns)), table.headers)
