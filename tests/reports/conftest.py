import datetime as dt

import pytest

from paddock.checkin.models import CheckIn
from paddock.events.models import Session, TimeSlot
from paddock.meetings.enums import Absence, MeetingStatus, RequestStatus
from paddock.meetings.models import Meeting, MeetingRequest
from paddock.outcomes.enums import NextStep, ValueBand
from paddock.participants.enums import ParticipantStatus, Sector
from tests import factories


def populate(edition, *, pairs: int) -> None:
    """`pairs` (at least two) pairs of validated participants (France, automotive; Germany,
    aerospace), one invited and one registered person, two tables, two past slots. Each pair
    asked and was accepted; the first pair met in the first slot at table A (its requester
    checked in, and both sides answered what came of it), the second pair missed it at table
    B (the second side absent), the others wait to be scheduled."""
    room = factories.make_room(edition, name="Hall")
    tables = [factories.make_table(room, label=label) for label in ("A", "B")]
    session = Session.objects.create(edition=edition, name="Morning", date=edition.start_date)
    start = dt.datetime.combine(edition.start_date, dt.time(7, 0), tzinfo=dt.UTC)
    slots = [
        TimeSlot.objects.create(
            edition=edition,
            session=session,
            start=start + dt.timedelta(minutes=30 * n),
            end=start + dt.timedelta(minutes=30 * (n + 1)),
        )
        for n in range(2)
    ]
    for status in (ParticipantStatus.INVITED, ParticipantStatus.REGISTERED):
        factories.make_participant(edition, status=status)
    for number in range(pairs):
        first = factories.make_participant(edition)
        second = factories.make_participant(
            edition,
            company=factories.make_company(edition, country="DE", sector=Sector.AEROSPACE),
        )
        request = MeetingRequest.objects.create(
            edition=edition, requester=first, recipient=second, status=RequestStatus.ACCEPTED
        )
        placed = {"slot": slots[0], "table": tables[number]} if number < 2 else {}
        meeting = Meeting.objects.create(
            edition=edition,
            request=request,
            first=first,
            second=second,
            status=(MeetingStatus.SCHEDULED, MeetingStatus.NO_SHOW)[number]
            if placed
            else MeetingStatus.TO_SCHEDULE,
            absent=Absence.SECOND if number == 1 else "",
            **placed,
        )
        if number == 0:
            CheckIn.objects.create(edition=edition, participant=first)
            for side, step, band in (
                (first, NextStep.QUOTE, ValueBand.FROM_10K),
                (second, NextStep.DOCUMENTATION, ""),
            ):
                factories.make_outcome(meeting, side, next_step=step, value_band=band)


@pytest.fixture
def past_edition(db):
    series = factories.make_series(name="Le Mans Business Meetings")
    edition = factories.make_edition(
        series, name="BM 2024", slug="bm-2024", start_date=dt.date(2024, 6, 12)
    )
    populate(edition, pairs=2)
    return edition
