"""Property tests on the format version 2: the checker and the solver agree on random small
problems with visits and interpreters, and a deliberately broken answer is refused with the
right reason (a seat too many, a session over a meeting, an interpreter twice in a slot)."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings

from paddock_solver.check import check, objective_of
from paddock_solver.greedy import greedy
from paddock_solver.model import (
    Assignment,
    Interpreting,
    Meeting,
    Participant,
    Problem,
    Rules,
    Solution,
    Table,
)
from paddock_solver.solve import solve

from .strategies import brute_force_v2, problems_v2

pytestmark = pytest.mark.unit

SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
# The broken answers need a visit or an interpreted meeting, which not every example has.
BREAKING = settings(SETTINGS, max_examples=100)


def _solved(problem: Problem) -> Solution:
    return solve(problem, time_limit_s=5, seed=1, workers=1)


@SETTINGS
@given(problems_v2(interpreted=True))
def test_solve_version2_interpreted_answer_passes_checker(problem):
    solution = _solved(problem)

    violations = check(problem, solution) if solution.status in ("optimal", "feasible") else []

    assert violations == []


@SETTINGS
@given(problems_v2())
def test_solve_version2_answer_passes_checker(problem):
    solution = _solved(problem)

    violations = check(problem, solution) if solution.status in ("optimal", "feasible") else []

    assert violations == []
    assert solution.status in ("optimal", "feasible", "infeasible")
    assert solution.version == 2


@SETTINGS
@given(problems_v2())
def test_greedy_version2_answer_passes_checker_when_feasible(problem):
    solution = greedy(problem)

    violations = check(problem, solution) if solution.status == "feasible" else []

    assert violations == []


@BREAKING
@given(problems_v2())
def test_check_version2_refuses_a_seat_too_many(problem):
    solution = _solved(problem)
    if solution.status not in ("optimal", "feasible"):
        return
    held = Counter(b.session for b in problem.bookings)
    booked = {b.wish for b in problem.bookings}
    held.update(v.session for v in solution.visits if v.wish not in booked)
    if not held:
        return
    full, n = held.most_common(1)[0]
    fewer = _with_seats(problem, full, n - 1)

    violations = check(fewer, solution)

    assert violations == [_seats(full, n, n - 1)]


def _with_seats(problem: Problem, session: str, seats: int) -> Problem:
    activities = tuple(
        replace(
            a,
            sessions=tuple(replace(s, seats=seats) if s.id == session else s for s in a.sessions),
        )
        for a in problem.activities
    )
    return replace(problem, activities=activities)


def _seats(session: str, n: int, seats: int):
    from paddock_solver.model import Violation

    return Violation("seats", f"session {session} has {n} people, {seats} seats")


@BREAKING
@given(problems_v2())
def test_check_version2_refuses_a_session_over_a_meeting(problem):
    solution = _solved(problem)
    found = _visit_and_meeting(problem, solution)
    if found is None:
        return
    session, meeting_slot = found
    over = _with_slot(problem, session, meeting_slot)

    rules = {v.rule for v in check(over, solution)}

    assert rules == {"overlap"}


def _visit_and_meeting(problem: Problem, solution: Solution) -> tuple[str, str] | None:
    for v in solution.visits:
        who = problem.wish_by_id[v.wish].participant
        for a in solution.assignments:
            if who in problem.meeting_by_id[a.meeting].participants:
                return v.session, a.slot
    return None


def _with_slot(problem: Problem, session: str, slot: str) -> Problem:
    activities = tuple(
        replace(
            a,
            sessions=tuple(
                replace(s, slots=(*s.slots, slot)) if s.id == session else s for s in a.sessions
            ),
        )
        for a in problem.activities
    )
    return replace(problem, activities=activities)


@BREAKING
@given(problems_v2(interpreted=True))
def test_check_version2_refuses_an_interpreter_twice_in_a_slot(problem):
    solution = _solved(problem)
    if not solution.interpreting:
        return
    first = solution.interpreting[0]
    twin, at = _twin_meeting(problem, solution, first)

    violations = check(twin, _with_twin(twin, solution, at, first))

    assert [(v.rule, v.message) for v in violations] == [
        ("interpreter", f"{first.interpreter} has 2 meetings in {at.slot}")
    ]


def _twin_meeting(
    problem: Problem, solution: Solution, first: Interpreting
) -> tuple[Problem, Assignment]:
    """The problem with a copy of an interpreted meeting between two new people, at a new
    table, in the same slot: only the interpreter is then used twice."""
    m = problem.meeting_by_id[first.meeting]
    slot = next(a.slot for a in solution.assignments if a.meeting == m.id)
    langs = [problem.participant_by_id[p].languages for p in m.participants]
    people = tuple(Participant(f"twin{k}", languages=lang) for k, lang in enumerate(langs))
    twin = Meeting("twin", tuple(p.id for p in people), required=False)
    bigger = replace(
        problem,
        participants=problem.participants + people,
        meetings=(*problem.meetings, twin),
        tables=(*problem.tables, Table("T-twin")),  # in no room: no room cap changes
        rules=Rules(),
    )
    return bigger, Assignment("twin", slot, "T-twin")


def _with_twin(
    problem: Problem, solution: Solution, at: Assignment, first: Interpreting
) -> Solution:
    assignments = (*solution.assignments, at)
    return replace(
        solution,
        assignments=assignments,
        interpreting=(*solution.interpreting, Interpreting("twin", first.interpreter)),
        objective=objective_of(problem, assignments, solution.visits),
        bound=None,
    )


@settings(max_examples=50, deadline=None, derandomize=True)
@given(problems_v2(max_meetings=2, max_slots=2))
def test_solve_version2_matches_brute_force_on_tiny_problems(problem):
    best = brute_force_v2(problem)

    solution = _solved(problem)

    if best is None:
        assert solution.status == "infeasible"
        return
    o = solution.objective
    assert (o.scheduled_weight, o.moved, o.breaks) == (
        best.scheduled_weight,
        best.moved,
        best.breaks,
    )
