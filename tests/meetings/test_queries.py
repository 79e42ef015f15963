"""The meetings' shared reads: what counts as held or missed, for every report and history."""

import datetime as dt

import pytest

from paddock.events.models import TimeSlot
from paddock.meetings.enums import MeetingStatus
from paddock.meetings.models import Meeting
from paddock.meetings.queries import held_and_missed
from tests import factories

pytestmark = pytest.mark.integration


def test_held_and_missed_count_meetings_whose_slot_is_over(edition, slot, table):
    later = TimeSlot.objects.create(
        edition=edition,
        session=slot.session,
        start=slot.end,
        end=slot.end + dt.timedelta(minutes=30),
    )
    for number, (status, when) in enumerate(
        (
            (MeetingStatus.SCHEDULED, slot),
            (MeetingStatus.SCHEDULED, slot),
            (MeetingStatus.SCHEDULED, later),
            (MeetingStatus.NO_SHOW, slot),
            (MeetingStatus.CANCELLED, slot),
            (MeetingStatus.TO_SCHEDULE, None),
        )
    ):
        Meeting.objects.create(
            edition=edition,
            first=factories.make_participant(edition),
            second=factories.make_participant(edition),
            status=status,
            slot=when,
            table=factories.make_table(table.room, label=f"T{number}") if when else None,
        )

    counts = Meeting.objects.filter(edition=edition).aggregate(**held_and_missed(now=slot.end))

    assert counts == {"held": 2, "no_show": 1}
