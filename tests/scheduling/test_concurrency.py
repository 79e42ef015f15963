"""Two organisers moving meetings into one slot at once: the second sees the first (PostgreSQL).

SQLite serialises every write anyway, so this runs on PostgreSQL only, where the slot's row
and participants' row locks are what keep people and rooms from being overbooked.
"""

import threading
import time

import pytest
from django.db import connection, connections

from paddock.meetings.models import Meeting
from paddock.scheduling import services
from paddock.scheduling.services import moves
from tests import factories
from tests.scheduling.helpers import make_meeting, make_slots, person

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
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
    start = threading.Barrier(2)
    real_check = moves.conflicts_at

    def slow_check(*args, **kwargs):
        # Widen the window between reading the slot and writing to it, as under load.
        found = real_check(*args, **kwargs)
        time.sleep(0.5)
        return found

    monkeypatch.setattr(moves, "conflicts_at", slow_check)
    outcomes = []

    def move(meeting, table):
        start.wait()
        try:
            services.move_meeting(meeting, by=organiser, slot=slot, table=table)
            outcomes.append("moved")
        except services.ScheduleConflictError as error:
            outcomes.append(error.conflicts)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=move, args=pair) for pair in zip(meetings, tables, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    placed = Meeting.objects.filter(edition=edition, slot=slot).count()
    assert (sorted(outcomes, key=str), placed) == (
        [[refusal], "moved"],
        1,
    )
