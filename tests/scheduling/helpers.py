"""Small builders of the scheduling tests: a time grid, people, meetings."""

import datetime as dt

from paddock.events.models import Edition, Session, Table, TimeSlot
from paddock.meetings.enums import MeetingStatus
from paddock.meetings.models import Meeting
from paddock.participants.models import Participant
from paddock.scheduling.services import move_meeting
from paddock.visits.models import VisitSession
from tests import factories
from tests.visits.factories import make_visit, make_zone

NINE_PARIS = dt.datetime(2031, 6, 12, 7, 0, tzinfo=dt.UTC)


def at(hour: int, minute: int) -> dt.datetime:
    """A time of the factories' edition day, in Paris."""
    return NINE_PARIS + dt.timedelta(hours=hour - 9, minutes=minute)


def short_visit(edition: Edition, **fields) -> VisitSession:
    """A visit 09:40-10:10 with 5 minutes' travel each way: away 09:35-10:15, the second and
    third slots of `make_slots`."""
    return make_visit(
        make_zone(edition),
        start=at(9, 40),
        end=at(10, 10),
        travel_before_minutes=5,
        travel_after_minutes=5,
        **fields,
    )


def make_slots(edition: Edition, count: int, *, name: str = "Morning") -> list[TimeSlot]:
    session = Session.objects.create(edition=edition, name=name, date=edition.start_date)
    out = []
    for n in range(count):
        start = NINE_PARIS + dt.timedelta(minutes=30 * n)
        out.append(
            TimeSlot.objects.create(
                edition=edition, session=session, start=start, end=start + dt.timedelta(minutes=30)
            )
        )
    return out


def person(edition: Edition, name: str, **fields) -> Participant:
    user = factories.make_user(
        email=f"{name.lower()}@example.com", first_name=name, last_name="Test"
    )
    company = factories.make_company(edition, name=f"{name} SAS")
    return factories.make_participant(edition, user=user, company=company, **fields)


def make_meeting(first: Participant, second: Participant, **fields) -> Meeting:
    return Meeting.objects.create(edition=first.edition, first=first, second=second, **fields)


def place(meeting: Meeting, slot, table, **fields) -> Meeting:
    meeting.slot, meeting.table, meeting.status = slot, table, MeetingStatus.SCHEDULED
    for name, value in fields.items():
        setattr(meeting, name, value)
    # As the services do: a whole-row save would write back the instance's stale published place.
    meeting.save(update_fields=["slot", "table", "status", "updated_at", *fields])
    return meeting


def movable_meeting(first: Participant, second: Participant) -> tuple[Meeting, TimeSlot, Table]:
    """A meeting of `first` and `second` placed at table T1 in the first of two slots; the
    second slot, free, and the table: where a move may take it."""
    slots = make_slots(first.edition, 2)
    table = factories.make_table(factories.make_room(first.edition), label="T1")
    return place(make_meeting(first, second), slots[0], table), slots[1], table


def move_again(meeting: Meeting, *, by, slot: TimeSlot, table: Table) -> str:
    """An organiser's move of `meeting` read afresh, as a request to the grid reads it."""
    move_meeting(Meeting.objects.get(pk=meeting.pk), by=by, slot=slot, table=table)
    return "moved"


def state(edition: Edition) -> dict[int, tuple]:
    """Every meeting's (slot, table, status, sequence): what a failed run must not touch."""
    rows = Meeting.objects.filter(edition=edition).values_list(
        "pk", "slot_id", "table_id", "status", "sequence"
    )
    return {pk: rest for pk, *rest in rows}
