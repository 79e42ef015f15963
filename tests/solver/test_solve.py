"""The CP-SAT solver on hand-made problems: optimum, reasons, previous schedules, time limits."""

from __future__ import annotations

import pytest

from paddock_solver.check import check
from paddock_solver.model import Objective
from paddock_solver.solve import solve

from .builders import pairs, problem

pytestmark = pytest.mark.unit


def _solve(p, seconds=10.0):
    return solve(p, time_limit_s=seconds, seed=3, workers=1)


def test_solve_schedules_optional_meeting_when_it_fits():
    p = problem()

    s = _solve(p)

    assert check(p, s) == []
    assert (s.status, s.objective.scheduled_weight, s.objective.breaks) == ("optimal", 4, 0)


def test_solve_minimises_breaks_after_weight():
    slots = [{"id": f"s{i}", "session": "day"} for i in range(4)]
    p = problem(
        slots=slots,
        participants=[{"id": "ann"}, {"id": "bob"}, {"id": "cat", "unavailable": ["s1"]}],
        meetings=pairs(("ann", "bob"), ("ann", "cat"), ("bob", "cat")),
        rooms=[],
        tables=[{"id": "T1"}],
    )

    s = _solve(p)

    assert check(p, s) == []
    # Three meetings in a triangle: whoever has the first and the last one waits in between.
    assert (s.status, s.objective.breaks, s.bound) == ("optimal", 1, s.objective)


def test_solve_keeps_previous_schedule_when_possible():
    previous = [
        {"meeting": "m1", "slot": "p2", "table": "T2"},
        {"meeting": "m2", "slot": "p1", "table": "T1"},
    ]
    p = problem(meetings=pairs(("ann", "bob"), ("ann", "cat")), previous=previous)

    s = _solve(p)

    assert check(p, s) == []
    assert s.objective == Objective(scheduled_weight=2, moved=0, breaks=0, table_changes=1)
    assert s.status == "feasible"  # the table-changes bound (0) is not proven


@pytest.mark.parametrize(
    ("changes", "reasons"),
    [
        (
            {
                "slots": [{"id": "s1", "session": "am"}, {"id": "s2", "session": "am"}],
                "meetings": pairs(("ann", "bob"), ("ann", "cat"), ("ann", "dan")),
            },
            [
                "ann has 3 required meetings but only 2 slots where they can take place "
                "(2 where it is available)"
            ],
        ),
        (
            {
                "meetings": [
                    {"id": "m1", "participants": ["ann", "bob"], "fixed": {"slot": "a1"}},
                    {"id": "m2", "participants": ["cat", "dan"], "fixed": {"slot": "a1"}},
                    {"id": "m3", "participants": ["eve", "fay"], "fixed": {"slot": "a1"}},
                ]
            },
            ["slot a1 has 3 fixed meetings but only 2 tables"],
        ),
        (
            {
                "meetings": [
                    {"id": "m1", "participants": ["ann", "bob"], "after": ["m2"]},
                    {"id": "m2", "participants": ["ann", "cat"], "after": ["m1"]},
                ]
            },
            ["meetings m1, m2 must each come after another: a cycle"],
        ),
        (
            {
                "meetings": [
                    {
                        "id": "m1",
                        "participants": ["ann", "bob"],
                        "session": "am",
                        "fixed": {"slot": "p1"},
                    },
                ]
            },
            ["m1 (ann, bob) is fixed to p1, outside its session am"],
        ),
        (
            {
                "participants": [{"id": "ann", "unavailable": ["a1"]}, {"id": "bob"}],
                "meetings": [{"id": "m1", "participants": ["ann", "bob"], "fixed": {"slot": "a1"}}],
            },
            ["m1 (ann, bob) is fixed to a1, where ann is unavailable"],
        ),
    ],
)
def test_solve_infeasible_problem_gives_reasons(changes, reasons):
    people = [{"id": n} for n in ("ann", "bob", "cat", "dan", "eve", "fay")]
    p = problem(**{"participants": people, **changes})

    s = _solve(p)

    assert (s.status, list(s.reasons), s.assignments) == ("infeasible", reasons, ())


def test_solve_infeasible_break_rules_are_named():
    slots = [{"id": f"s{i}", "session": "day"} for i in range(3)]
    p = problem(
        slots=slots,
        participants=[{"id": "ann"}, {"id": "bob", "unavailable": ["s1"]}, {"id": "cat"}],
        meetings=[
            {"id": "m1", "participants": ["ann", "bob"], "fixed": {"slot": "s0"}},
            {"id": "m2", "participants": ["ann", "bob"], "fixed": {"slot": "s2"}},
        ],
        rules={"breaks_across_sessions": True, "max_breaks": 0},
    )

    s = _solve(p)

    assert (s.status, list(s.reasons)) == (
        "infeasible",
        [
            "the required meetings fit, but not with at most 0 breaks per participant; "
            "relax the break rules or make meetings optional"
        ],
    )


def test_solve_tiny_time_limit_still_returns_a_valid_schedule():
    from paddock_solver.generate import generate

    p = generate("normal", seed=2)

    s = solve(p, time_limit_s=0.5, seed=1, workers=1)

    assert s.status == "feasible"
    assert check(p, s) == []


def test_solve_large_path_improves_on_the_baseline(monkeypatch):
    import sys

    from paddock_solver.generate import generate
    from paddock_solver.greedy import greedy

    monkeypatch.setattr(
        sys.modules["paddock_solver.solve"], "LARGE", 0
    )  # force the neighbourhood search
    p = generate("normal", seed=5)
    base = greedy(p)

    s = solve(p, time_limit_s=6, seed=1, workers=1)

    assert (s.status, check(p, s)) == ("feasible", [])
    better = (s.objective.scheduled_weight, -s.objective.breaks)
    assert better >= (base.objective.scheduled_weight, -base.objective.breaks)


def test_solve_large_path_reports_a_weight_bound_below_the_sum_of_weights(monkeypatch):
    import sys

    from paddock_solver.generate import generate

    monkeypatch.setattr(sys.modules["paddock_solver.solve"], "LARGE", 0)
    p = generate("normal", seed=5)

    s = solve(p, time_limit_s=6, seed=1, workers=1)

    assert s.bound is not None
    total = sum(m.weight for m in p.meetings)
    assert s.objective.scheduled_weight <= s.bound.scheduled_weight < total
