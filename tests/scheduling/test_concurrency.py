"""Two organisers moving meetings into one slot at once: the second sees the first.

The slot's row and participants' row locks (on SQLite, the database's write lock) are what keep
people and rooms from being overbooked.
"""

import pytest

from paddock.meetings.models import Meeting
from paddock.scheduling import services
from paddock.scheduling.services import moves
from tests import factories
from tests.concurrency import race, slowed
from tests.scheduling.helpers import make_meeting, make_slots, person

pytestmark = [
    pytest.mark.integration,
    pytest.mark.concurrency,
]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("names", "capacity", "refusal"),
    [
        (("Anna", "Bert", "Anna", "Carl"), 40, "Anna Test already has a meeting at that time."),
        (
            ("Anna", "Bert", "Carl", "Dora"),
            2,
            "Tent already holds its maximum of 1 meetings at that time.",
        ),
    ],
    ids=["same-person", "room-cap"],
)
def test_concurrent_moves_into_one_slot_are_served_one_at_a_time(
    monkeypatch, names, capacity, refusal
):
    edition = factories.make_edition()
    organiser = factories.make_user()
    room = factories.make_room(edition, name="Tent", capacity=capacity)
    tables = [factories.make_table(room, label=label) for label in ("A", "B")]
    slot = make_slots(edition, 1)[0]
    people = {name: person(edition, name) for name in dict.fromkeys(names)}
    meetings = [
        make_meeting(people[names[0]], people[names[1]]),
        make_meeting(people[names[2]], people[names[3]]),
    ]
    slowed(monkeypatch, moves, "conflicts_at")  # between reading the slot and writing to it

    def move(meeting, table):
        services.move_meeting(meeting, by=organiser, slot=slot, table=table)
        return "moved"

    pairs = list(zip(meetings, tables, strict=True))
    outcomes = race(move, pairs, services.ScheduleConflictError, lambda e: e.conflicts)

    placed = Meeting.objects.filter(edition=edition, slot=slot).count()
    assert (sorted(outcomes, key=str), placed) == (
        [[refusal], "moved"],
        1,
    )
