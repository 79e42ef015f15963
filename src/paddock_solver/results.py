"""Building Solution values with the objective always recomputed from the assignments."""

from __future__ import annotations

import time
from collections.abc import Sequence

from paddock_solver.check import objective_of
from paddock_solver.model import (
    Assignment,
    Interpreting,
    Objective,
    Problem,
    Solution,
    Status,
    Visit,
)


def solution_from(
    problem: Problem,
    assignments: Sequence[Assignment],
    status: Status,
    started: float,
    *,
    bound: Objective | None = None,
    reasons: Sequence[str] = (),
    visits: Sequence[Visit] = (),
    interpreting: Sequence[Interpreting] = (),
) -> Solution:
    """Version 2 problems get version 2 solutions, with their visits and interpreters."""
    done = {a.meeting for a in assignments}
    visited = {v.wish for v in visits}
    order = {s.id: i for i, s in enumerate(problem.slots)}
    ordered = sorted(assignments, key=lambda a: (order[a.slot], a.table, a.meeting))
    return Solution(
        problem=problem.name,
        status=status,
        assignments=tuple(ordered),
        unscheduled=tuple(m.id for m in problem.meetings if m.id not in done),
        objective=objective_of(problem, ordered, visits),
        bound=bound,
        reasons=tuple(reasons),
        seconds=time.monotonic() - started,
        version=problem.version,
        visits=tuple(sorted(visits, key=lambda v: v.wish)),
        unplaced_wishes=tuple(w.id for w in problem.wishes if w.id not in visited),
        interpreting=tuple(sorted(interpreting, key=lambda i: i.meeting)),
    )


def empty_solution(
    problem: Problem, status: Status, reasons: Sequence[str], started: float
) -> Solution:
    """An answer without a schedule (`infeasible` or `unknown`)."""
    return solution_from(problem, [], status, started, reasons=reasons)
