"""The checker recomputes the objective and lists every violation."""

from __future__ import annotations

import pytest

from paddock_solver.check import check, count_breaks, objective_of
from paddock_solver.model import Assignment, Objective, Solution

from .builders import pairs, problem

pytestmark = pytest.mark.unit


def _solution(p, *assignments, objective=None, unscheduled=None):
    done = {a.meeting for a in assignments}
    return Solution(
        problem=p.name,
        status="feasible",
        assignments=tuple(assignments),
        unscheduled=tuple(m.id for m in p.meetings if m.id not in done)
        if unscheduled is None
        else unscheduled,
        objective=objective or objective_of(p, assignments),
    )


@pytest.mark.parametrize(
    ("used", "expected"),
    [
        (set(), 0),
        ({0}, 0),
        ({0, 1, 2, 3}, 0),
        ({0, 4}, 1),  # a run of three idle slots is one break
        ({0, 2, 4}, 2),
        ({1, 2}, 0),  # idle slots before the first and after the last are no break
    ],
)
def test_count_breaks_follows_the_definition(used, expected):
    assert count_breaks([[0, 1, 2, 3, 4]], used) == expected


def test_count_breaks_lunch_is_no_break_inside_sessions():
    assert count_breaks([[0, 1], [2, 3]], {1, 2}) == 0
    assert count_breaks([[0, 1], [2, 3]], {0, 3}) == 0
    assert count_breaks([[0, 1, 2, 3]], {0, 3}) == 1


def test_check_valid_solution_has_no_violation():
    p = problem()
    s = _solution(p, Assignment("m1", "a1", "T1"), Assignment("m2", "a2", "T1"))

    assert check(p, s) == []
    assert s.objective == Objective(scheduled_weight=2, moved=0, breaks=0, table_changes=0)


def test_objective_counts_table_changes_and_breaks():
    p = problem(rules={"breaks_across_sessions": True})
    s = _solution(p, Assignment("m1", "a1", "T1"), Assignment("m2", "p1", "T2"))

    # ann: a1, p1 -> one break and one change; bob and cat: one meeting each.
    assert s.objective == Objective(scheduled_weight=2, moved=0, breaks=1, table_changes=1)


def test_check_lists_every_violation():
    p = problem(
        participants=[{"id": "ann", "unavailable": ["a2"]}, {"id": "bob"}, {"id": "cat"}],
        meetings=[
            {"id": "m1", "participants": ["ann", "bob"], "session": "pm"},
            {"id": "m2", "participants": ["ann", "cat"], "after": ["m1"]},
            {"id": "m3", "participants": ["bob", "cat"], "fixed": {"slot": "p2"}},
        ],
    )
    s = _solution(
        p,
        Assignment("m1", "a2", "T1"),
        Assignment("m2", "a2", "T1"),
        Assignment("m3", "zz", "T1"),
        objective=Objective(99, 0, 0, 0),
    )

    assert [v.rule for v in check(p, s)] == [
        "unknown-id",
        "required",
        "session",
        "unavailable",
        "unavailable",
        "after",
        "participant",
        "table",
        "objective",
    ]


def test_check_capacities_and_caps():
    p = problem(
        rooms=[{"id": "hall", "max_meetings": 1}],
        participants=[
            {"id": "ann", "max_meetings": 1},
            {"id": "bob"},
            {"id": "cat"},
            {"id": "dan"},
        ],
        meetings=[
            {"id": "m1", "participants": ["ann", "bob"], "resources": ["interp"]},
            {"id": "m2", "participants": ["cat", "dan"], "resources": ["interp"]},
            {"id": "m3", "participants": ["ann", "cat"]},
        ],
    )
    s = _solution(
        p,
        Assignment("m1", "a1", "T1"),
        Assignment("m2", "a1", "T2"),
        Assignment("m3", "a2", "T1"),
    )

    assert [v.message for v in check(p, s)] == [
        "room hall holds 2 meetings in a1, cap 1",
        "resource interp is used 2 times in a1, capacity 1",
        "ann has 2 meetings, cap 1",
    ]


def test_check_home_tables_fixed_tables_and_break_rules():
    p = problem(
        participants=[{"id": "ann", "home_table": "T2"}, {"id": "bob"}, {"id": "cat"}],
        meetings=[
            {"id": "m1", "participants": ["ann", "bob"]},
            {"id": "m2", "participants": ["bob", "cat"], "fixed": {"table": "T2"}},
        ],
        rules={"breaks_across_sessions": True, "max_breaks": 0, "break_spread": 0},
    )
    s = _solution(p, Assignment("m1", "a1", "T1"), Assignment("m2", "p2", "T1"))

    assert [v.message for v in check(p, s)] == [
        "m1 is at T1, not a home table of its participants",
        "m2 is fixed to table T2, not T1",
        "bob has 1 breaks, cap 0",
        "bob has 1 breaks and ann 0: spread above 0",
    ]


def test_check_moved_counts_previous_not_kept():
    p = problem(
        meetings=pairs(("ann", "bob"), ("ann", "cat")),
        previous=[
            {"meeting": "m1", "slot": "a1", "table": "T1"},
            {"meeting": "m2", "slot": "a2", "table": "T1"},
            {"meeting": "gone", "slot": "a2", "table": "T2"},
        ],
    )
    s = _solution(p, Assignment("m1", "a1", "T1"), Assignment("m2", "a2", "T2"))

    assert s.objective.moved == 1
    assert check(p, s) == []


def test_check_unscheduled_list_must_match():
    p = problem()
    s = _solution(p, Assignment("m1", "a1", "T1"), Assignment("m2", "a2", "T1"), unscheduled=())

    assert [v.message for v in check(p, s)] == ["neither assigned nor unscheduled: m3"]
