"""The solver's Problem built from an edition: every rule of the venue and the people."""

import pytest

from paddock.scheduling.problem import build_problem, input_hash
from paddock_solver.model import (
    Assignment,
    Fixed,
    Interpreter,
    Meeting,
    Participant,
    Problem,
    Room,
    Rules,
    Slot,
    Table,
)
from tests import factories
from tests.scheduling.helpers import make_meeting, place

pytestmark = pytest.mark.integration


def _ids(prefix, objects):
    return [f"{prefix}{o.pk}" for o in objects]


def test_build_problem_maps_every_rule_and_the_interpreters_of_a_small_edition(
    edition, venue, people, meetings
):
    edition.protocol.max_persons_per_room = 4  # two meetings of two persons at once
    edition.protocol.save()
    yuki = factories.make_interpreter(edition, name="Yuki", languages=["fr", "de"])
    yuki.unavailable_slots.add(venue.slots[3])
    people.anna.unavailable_slots.add(venue.slots[0])
    venue.tables[2].home_participant = people.dora
    venue.tables[2].save()
    place(meetings[3], venue.slots[1], venue.tables[1], locked=True)
    s = _ids("s", venue.slots)
    t = _ids("t", venue.tables)
    p = _ids("p", [people.anna, people.bert, people.carl, people.dora])
    m = _ids("m", meetings)
    room, session = f"r{venue.room.pk}", f"g{venue.slots[0].session_id}"
    snapshot = {str(meetings[0].pk): [venue.slots[2].pk, venue.tables[0].pk], "999": [1, 1]}

    problem = build_problem(edition, previous=snapshot)

    starts = ["09:00", "09:30", "10:00", "10:30", "11:00"]
    assert problem == Problem(
        name=edition.slug,
        slots=tuple(
            Slot(
                s[n],
                session,
                f"2031-06-12T{starts[n]}:00+02:00",
                f"2031-06-12T{starts[n + 1]}:00+02:00",
            )
            for n in range(4)
        ),
        rooms=(Room(room, 2),),
        tables=tuple(Table(table, room) for table in t),
        participants=(
            Participant(p[0], unavailable=(s[0],), languages=("fr",)),
            Participant(p[1], languages=("fr", "en")),
            Participant(p[2], languages=("en",)),
            Participant(p[3], home_table=t[2], languages=("de",)),
        ),
        meetings=(
            Meeting(m[0], (p[0], p[1]), weight=3, required=False),
            Meeting(m[1], (p[0], p[2]), weight=2, required=False),
            Meeting(m[2], (p[0], p[3]), weight=1, required=False),
            Meeting(m[3], (p[1], p[2]), weight=2, required=True, fixed=Fixed(s[1], t[1])),
        ),
        rules=Rules(),
        previous=(Assignment(m[0], s[2], t[0]),),
        version=2,
        interpreters=(Interpreter(f"i{yuki.pk}", ("fr", "de"), available=(s[0], s[1], s[2])),),
    )


def test_build_problem_without_interpreters_lets_every_meeting_run(edition, venue, meetings):
    problem = build_problem(edition)

    assert (problem.version, problem.interpreters, problem.previous) == (1, (), None)
    assert [p.languages for p in problem.participants] == [(), (), (), ()]


def test_build_problem_leaves_out_cancelled_meetings(edition, venue, people, meetings):
    meetings[1].status = "cancelled"
    meetings[1].save()

    problem = build_problem(edition)

    assert [m.id for m in problem.meetings] == _ids("m", [meetings[0], meetings[2], meetings[3]])


def test_input_hash_changes_with_the_requests_only(edition, venue, people, meetings):
    before = input_hash(build_problem(edition))
    same = input_hash(build_problem(edition))
    make_meeting(people.bert, people.dora)

    after = input_hash(build_problem(edition))

    assert (same == before, after == before, len(before)) == (True, False, 64)
