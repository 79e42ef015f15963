"""Reads of the scheduling pages: the count of meetings changed since the last publication,
worked out by the database rather than by comparing every meeting in Python (issue 16)."""

import contextlib
import datetime as dt
import random
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from paddock.meetings.enums import FREED_STATUSES, MeetingStatus
from paddock.meetings.models import Meeting
from paddock.scheduling import services
from paddock.scheduling.queries import (
    grid_of,
    latest_snapshot,
    unplaced_meetings,
    unpublished_count,
)
from paddock.scheduling.services.errors import ScheduleError
from paddock.scheduling.services.publishing import (
    changed_meetings,
    current_snapshot,
    record_told,
)
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
    meetings[2].save(update_fields=["status"])
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


def _plans(queries: list[dict]) -> list[str]:
    """The database's plan of each captured query, as one text."""
    explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    plans = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # a test table is small enough to read whole
            cursor.execute("SET LOCAL enable_seqscan = off")
            # Statistics of the tables as they are now, not as an earlier test left them (a
            # test that commits thousands of rows, then empties the tables): with stale ones
            # the planner weighs the indexes by rows long gone.
            cursor.execute("ANALYZE")
        for query in queries:
            cursor.execute(explain + query["sql"])
            plans.append(" ".join(str(column) for row in cursor.fetchall() for column in row))
    return plans


def test_unplaced_meetings_are_read_through_their_index(edition, venue, meetings):
    place(meetings[0], venue.slots[0], venue.tables[0])

    with CaptureQueriesContext(connection) as captured:
        shown, count = unplaced_meetings(edition)

    found, listed = _plans(captured.captured_queries)
    assert (shown, count, _reads_the_unplaced_only(found), _reads_by_pk(listed)) == (
        meetings[1:],
        3,
        True,
        True,
    )


def test_unpublished_count_reads_the_indexes_of_changed_and_published_meetings(
    edition, organiser_user, venue, meetings
):
    for meeting, n in zip(meetings[:3], range(3), strict=True):
        place(meeting, venue.slots[n], venue.tables[n])
    services.publish_schedule(edition, by=organiser_user)
    place(meetings[0], venue.slots[3], venue.tables[0])

    with CaptureQueriesContext(connection) as captured:
        counted = unpublished_count(edition)

    (plan,) = _plans(captured.captured_queries)
    indexes = sorted(set(re.findall(r"meeting_(?:un)?published\b", plan)))
    scans = re.findall(r"(?:SCAN|Seq Scan on) \"?(?:meetings_meeting|m)\b", plan)
    assert (counted, indexes, scans) == (1, ["meeting_published", "meeting_unpublished"], [])


def test_unpublished_count_counts_published_meetings_deleted_unplaced_or_missed(
    edition, organiser_user, venue, people, meetings
):
    for meeting, n in zip(meetings, range(4), strict=True):
        place(meeting, venue.slots[n], venue.tables[n % 3])
    services.publish_schedule(edition, by=organiser_user)
    Meeting.objects.filter(pk=meetings[0].pk).delete()
    Meeting.objects.filter(pk=meetings[1].pk).update(
        slot=None, table=None, status=MeetingStatus.TO_SCHEDULE
    )
    Meeting.objects.filter(pk=meetings[2].pk).update(status=MeetingStatus.NO_SHOW)
    place(make_meeting(people.bert, people.dora), venue.slots[0], venue.tables[0])

    counted = unpublished_count(edition)

    assert (counted, _changed_the_old_way(edition)) == (4, 4)


def _tables_read(sql: str) -> list[str]:
    """The tables a query reads, in the order its FROM and JOINs name them."""
    return re.findall(r'(?:FROM|JOIN) "?(\w+)"?', sql)


def test_unplaced_meetings_read_people_for_the_listed_meetings_only(
    edition, venue, people, meetings
):
    place(meetings[0], venue.slots[0], venue.tables[0])

    with CaptureQueriesContext(connection) as captured:
        shown, count = unplaced_meetings(edition)

    read = [_tables_read(query["sql"]) for query in captured.captured_queries]
    names = [(str(m.first.user), m.first.company.name, str(m.second.user)) for m in shown]
    assert (names, count, read) == (
        [
            ("Anna Test", "Anna SAS", "Carl Test"),
            ("Anna Test", "Anna SAS", "Dora Test"),
            ("Bert Test", "Bert SAS", "Carl Test"),
        ],
        3,
        [
            ["meetings_meeting", "meetings_meeting"],
            [
                "meetings_meeting",
                "participants_participant",
                "accounts_user",
                "participants_company",
                "participants_participant",
                "accounts_user",
                "participants_company",
                "events_interpreter",
            ],
        ],
    )


def _reads_the_unplaced_only(plan: str) -> bool:
    """SQLite takes the partial index; PostgreSQL's planner, on a test's few rows, may take
    that one or the slot's own index (both read only the meetings without a slot), never a
    scan of every meeting."""
    if connection.vendor == "sqlite":
        return "meeting_unplaced" in plan and "SCAN" not in plan
    return "Index" in plan and "Seq Scan" not in plan


def _reads_by_pk(plan: str) -> bool:
    """The meetings listed read by their pk, their people by theirs."""
    if connection.vendor == "sqlite":
        return "PRIMARY KEY" in plan and "SCAN" not in plan
    return "pkey" in plan and "Seq Scan" not in plan


def _changed_the_old_way(edition) -> int | None:
    old = latest_snapshot(edition)
    return None if old is None else len(changed_meetings(old, current_snapshot(edition)))


class _History:
    """Random steps of an edition's life between publications, as the services write them."""

    def __init__(self, edition, venue, by, seed):
        self.edition, self.venue, self.by = edition, venue, by
        self.random = random.Random(seed)  # noqa: S311 - a test's repeatable choices
        self.published_as_placed: list[bool] = []

    def meetings(self, *statuses):
        found = Meeting.objects.filter(edition=self.edition).order_by("pk")
        return list(found.filter(status__in=statuses) if statuses else found)

    def step(self) -> str:
        name = self.random.choice(
            ["publish", "place", "place", "place", "unplace", "cancel", "no_show", "tell",
             "add", "delete"]
        )  # fmt: skip
        getattr(self, f"_{name}")()
        return name

    def _publish(self):
        with contextlib.suppress(ScheduleError):  # nothing placed: nothing published
            services.publish_schedule(self.edition, by=self.by)
            self.published_as_placed.append(
                latest_snapshot(self.edition) == current_snapshot(self.edition)
            )

    def _place(self):
        movable = self.meetings(
            MeetingStatus.TO_SCHEDULE, MeetingStatus.SCHEDULED, MeetingStatus.NO_SHOW
        )
        if not movable:
            return
        meeting = self.random.choice(movable)
        taken = {
            (m.slot_id, m.table_id)
            for m in self.meetings()
            if m.slot_id and m.status not in FREED_STATUSES and m.pk != meeting.pk
        }
        free = [
            (slot, table)
            for slot in self.venue.slots
            for table in self.venue.tables
            if (slot.pk, table.pk) not in taken
        ]
        place(meeting, *self.random.choice(free))

    def _unplace(self):
        placed = self.meetings(MeetingStatus.SCHEDULED)
        if placed:
            meeting = self.random.choice(placed)
            meeting.slot = meeting.table = None
            meeting.status = MeetingStatus.TO_SCHEDULE
            meeting.save(update_fields=["slot", "table", "status"])

    def _set_status(self, status, *among):
        found = self.meetings(*among)
        if found:
            meeting = self.random.choice(found)
            meeting.status = status
            meeting.save(update_fields=["status"])

    def _cancel(self):
        self._set_status(
            MeetingStatus.CANCELLED, MeetingStatus.TO_SCHEDULE, MeetingStatus.SCHEDULED
        )

    def _no_show(self):
        self._set_status(MeetingStatus.NO_SHOW, MeetingStatus.SCHEDULED)

    def _tell(self):  # a change on the day, its people told at once
        found = self.meetings()
        if found:
            record_told(self.random.choice(found))

    def _add(self):
        live = {
            frozenset((m.first_id, m.second_id))
            for m in self.meetings()
            if m.status != MeetingStatus.CANCELLED
        }
        everyone = list(self.edition.participants.order_by("pk"))
        pairs = [
            (a, b)
            for n, a in enumerate(everyone)
            for b in everyone[n + 1 :]
            if frozenset((a.pk, b.pk)) not in live
        ]
        if pairs:
            make_meeting(*self.random.choice(pairs))

    def _delete(self):
        if self.random.random() < 0.3:  # a participant erased: their meetings go with them
            self.random.choice(list(self.edition.participants.all())).delete()
        elif found := self.meetings():
            self.random.choice(found).delete()


@pytest.mark.parametrize("seed", range(12))
def test_unpublished_count_equals_the_changed_meetings_after_any_history(
    edition, organiser_user, venue, meetings, seed
):
    for n in range(3):
        person(edition, f"Extra{n}")
    history = _History(edition, venue, organiser_user, seed)
    for _ in meetings:
        history._place()
    history._publish()
    steps, counted, expected = [], [], []

    for _ in range(30):
        steps.append(history.step())
        counted.append(unpublished_count(edition))
        expected.append(_changed_the_old_way(edition))

    published = history.published_as_placed
    assert (steps, counted, published) == (steps, expected, [True] * len(published))


def test_grid_of_reads_each_place_as_the_orm_does(edition, venue, people, meetings):
    yuki = factories.make_interpreter(edition, name="Yuki", languages=["fr", "de"])
    place(meetings[0], venue.slots[0], venue.tables[0], locked=True)
    place(meetings[1], venue.slots[1], venue.tables[1], interpreter=yuki)
    place(meetings[2], venue.slots[1], venue.tables[2])
    Meeting.objects.filter(pk=meetings[2].pk).update(status=MeetingStatus.CANCELLED)
    place(meetings[3], venue.slots[3], venue.tables[2])
    next_day = venue.slots[0].start + dt.timedelta(days=1)
    other_day = edition.slots.create(
        session=venue.slots[0].session, start=next_day, end=next_day + dt.timedelta(minutes=30)
    )
    place(make_meeting(people.carl, people.dora), other_day, venue.tables[0])
    shown = [slot.pk for slot in venue.slots]

    block = grid_of(edition, venue.room, shown)

    expected = {
        (m.table_id, m.slot_id): [
            m.pk, m.status, m.first_id, m.second_id, m.first.company.name,
            m.second.company.name, m.interpreter.name if m.interpreter else None,
            "locked" if m.locked else "",
        ]
        for m in Meeting.objects.filter(table__room=venue.room, slot__in=shown)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("pk")
    }  # fmt: skip
    assert (block.tables, block.slots, block.meetings) == (
        [(t.pk, t.label, None) for t in venue.tables],
        shown,
        expected,
    )
    assert sorted(expected) == [
        (venue.tables[0].pk, venue.slots[0].pk),
        (venue.tables[1].pk, venue.slots[1].pk),
        (venue.tables[2].pk, venue.slots[3].pk),
    ]


def test_grid_of_reads_the_rooms_meetings_by_its_tables_without_joining_them(
    edition, venue, meetings
):
    place(meetings[0], venue.slots[0], venue.tables[0])
    place(meetings[1], venue.slots[1], venue.tables[2])

    with CaptureQueriesContext(connection) as captured:
        block = grid_of(edition, venue.room, [slot.pk for slot in venue.slots])

    (read,) = [
        _tables_read(query["sql"])
        for query in captured.captured_queries
        if "meetings_meeting" in query["sql"]
    ]
    assert (sorted(block.meetings), read) == (
        [(venue.tables[0].pk, venue.slots[0].pk), (venue.tables[2].pk, venue.slots[1].pk)],
        [
            "meetings_meeting",
            "participants_participant",
            "participants_participant",
            "participants_company",
            "participants_company",
            "events_interpreter",
        ],
    )


def test_grid_of_shows_the_meeting_booked_where_a_no_show_was(edition, venue, meetings):
    place(meetings[0], venue.slots[0], venue.tables[0])
    Meeting.objects.filter(pk=meetings[0].pk).update(status=MeetingStatus.NO_SHOW)
    place(meetings[1], venue.slots[0], venue.tables[0])
    place(meetings[2], venue.slots[1], venue.tables[0])
    Meeting.objects.filter(pk=meetings[2].pk).update(status=MeetingStatus.NO_SHOW)

    block = grid_of(edition, venue.room, [slot.pk for slot in venue.slots])

    assert {place: cell[:2] for place, cell in block.meetings.items()} == {
        (venue.tables[0].pk, venue.slots[0].pk): [meetings[1].pk, MeetingStatus.SCHEDULED],
        (venue.tables[0].pk, venue.slots[1].pk): [meetings[2].pk, MeetingStatus.NO_SHOW],
    }
