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
from paddock.participants.models import Need, Offer
from tests import factories

START = dt.datetime(2031, 6, 12, 13, 0, tzinfo=dt.UTC)


def fill_edition(edition, size: int) -> dict:
    """`size` pairs of participants (each of its own company, with an offer and a need), one
    accepted request and one scheduled meeting per pair, and a check-in per participant."""
    room = factories.make_room(edition, name="Salle Mulsanne")
    session = edition.sessions.create(name="Morning", date=edition.start_date)
    category = factories.make_category(code=f"milling-{edition.pk}")
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
        Meeting.objects.create(
            edition=edition,
            request=request,
            first=pair[0],
            second=pair[1],
            status=MeetingStatus.SCHEDULED,
            slot=slot,
            table=table,
        )
        people += pair
    return {"people": people}


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def table_and_mapping(data: bytes, name: str = "list.csv", columns=PARTICIPANT_COLUMNS):
    """The file read, with the columns recognised from its headers."""
    table = read_table(data, name)
    return table, Mapping(tuple(recognise(table.headers, columns)), table.headers)
