"""Reads of the scheduling pages: the count of meetings changed since the last publication,
worked out by the database rather than by comparing every meeting in Python (issue 16)."""

import pytest

from paddock.meetings.enums import MeetingStatus
from paddock.scheduling import services
from paddock.scheduling.queries import latest_snapshot, unpublished_count
from paddock.scheduling.services.publishing import changed_meetings, current_snapshot
from tests import factories
from tests.scheduling.helpers import make_meeting, make_slots, person, place

pytestmark = pytest.mark.integration


def test_unpublished_count_before_any_publication_is_none(edition, venue, meetings):
    place(meetings[0], venue.slots[0], venue.tables[0])

    assert unpublished_count(edition) is None


def test_unpublished_count_right_after_publication_is_zero(
    edition, organiser_user, venue, meetings
):
    place(meetings[0], venue.slots[0], venue.tables[0])
    place(meetings[1], venue.slots[1], venue.tables[1])
    services.publish_schedule(edition, by=organiser_user)

    assert unpublished_count(edition) == 0


def test_unpublished_count_counts_moved_added_and_dropped_meetings(
    edition, organiser_user, venue, meetings
):
    for meeting, n in zip(meetings[:3], range(3), strict=True):
        place(meeting, venue.slots[n], venue.tables[n])
    services.publish_schedule(edition, by=organiser_user)
    place(meetings[0], venue.slots[0], venue.tables[2])  # moved to another table
    place(meetings[1], venue.slots[3], venue.tables[1])  # moved to another slot
    meetings[2].status = MeetingStatus.CANCELLED  # dropped
    meetings[2].save()
    place(meetings[3], venue.slots[2], venue.tables[0])  # added

    counted = unpublished_count(edition)

    old, new = latest_snapshot(edition), current_snapshot(edition)
    assert (counted, len(changed_meetings(old, new))) == (4, 4)


def test_unpublished_count_reads_the_latest_publication_of_its_edition_only(
    edition, organiser_user, venue, meetings
):
    place(meetings[0], venue.slots[0], venue.tables[0])
    services.publish_schedule(edition, by=organiser_user)
    place(meetings[1], venue.slots[1], venue.tables[1])
    services.publish_schedule(edition, by=organiser_user)
    place(meetings[2], venue.slots[2], venue.tables[2])
    other = factories.make_edition()
    other_room = factories.make_room(other, name="Hall")
    other_meeting = make_meeting(person(other, "Xavier"), person(other, "Yves"))
    place(other_meeting, make_slots(other, 1)[0], factories.make_table(other_room))

    assert unpublished_count(edition) == 1
