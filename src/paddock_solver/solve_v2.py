"""The solver on version 2 problems: one CP-SAT model (`joint`) when it fits, else visits
first and meetings on the version 1 engines (`decompose`); never worse than first come, first
served, and every answer checked.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from paddock_solver.activities import clash
from paddock_solver.check import check
from paddock_solver.decompose import solve_decomposed
from paddock_solver.domains import meeting_domains
from paddock_solver.joint import solve_joint
from paddock_solver.model import Objective, Problem, Solution
from paddock_solver.reasons import structural_reasons
from paddock_solver.results import empty_solution, solution_from
from paddock_solver.sentences import sentence
from paddock_solver.visits import (
    assign_interpreters,
    greedy_version2,
    no_interpreter_reason,
    reduced,
    total_weight,
)

# (meeting, slot) pairs up to which visits, meetings and interpreters go into one CP-SAT model.
# A convention of 100 participants (17,700 pairs) found no schedule at all in 10 s with it, while
# the decomposition, whose meetings then go to the version 1 engines, gains on greedy in 5 s.
JOINT = 5_000


def solve_version2(problem: Problem, *, time_limit_s: float, seed: int, workers: int) -> Solution:
    started = time.monotonic()
    _, nobody = assign_interpreters(problem)
    base = reduced(problem, [], {}, nobody)
    dom = meeting_domains(base)
    reasons = _structural(problem, base, dom, nobody) + _seat_reasons(problem)
    if reasons:
        return empty_solution(problem, "infeasible", reasons, started)
    baseline = greedy_version2(problem)
    deadline = started + time_limit_s
    sol = None
    if sum(map(len, dom.values())) <= JOINT:
        sol = solve_joint(
            problem,
            base=base,
            nobody=nobody,
            baseline=baseline,
            started=started,
            time_limit_s=time_limit_s,
            seed=seed,
            workers=workers,
        )
    if sol is None or (sol.status == "unknown" and time.monotonic() < deadline - 1.0):
        sol = solve_decomposed(problem, deadline, seed=seed, workers=workers)
    if sol.status in ("optimal", "feasible") and check(problem, sol):
        bad = [sentence("checker_refused", violation=str(v)) for v in check(problem, sol)]
        sol = empty_solution(problem, "unknown", bad[:5], started)
    if baseline.status == "feasible" and _key(baseline) > _key(sol):
        bound = sol.bound or Objective(scheduled_weight=total_weight(problem, nobody))
        return solution_from(
            problem,
            baseline.assignments,
            "feasible",
            started,
            bound=bound,
            visits=baseline.visits,
            interpreting=baseline.interpreting,
            reasons=baseline.reasons,
        )
    return sol


def _structural(
    problem: Problem, base: Problem, dom: dict[str, list[int]], nobody: Sequence[str]
) -> list[str]:
    """The counting checks on the problem without visits. A required meeting nobody can
    interpret is named with that reason, not by the slots the reduction took from it (which
    would also starve the meetings that must come before it)."""
    unheard = {mid for mid in nobody if problem.meeting_by_id[mid].required}
    if not unheard:
        return structural_reasons(base, dom)
    optional = tuple(replace(m, required=False) if m.id in unheard else m for m in base.meetings)
    relaxed = replace(base, meetings=optional)
    return [no_interpreter_reason(problem, mid) for mid in nobody if mid in unheard] + (
        structural_reasons(relaxed, meeting_domains(relaxed))
    )


def _key(sol: Solution) -> tuple[int, int, int]:
    if sol.status not in ("optimal", "feasible"):
        return (-1, 0, 0)
    o = sol.objective
    return (o.scheduled_weight, -o.moved, -o.breaks)


def _seat_reasons(problem: Problem) -> list[str]:
    booked = Counter(b.session for b in problem.bookings)
    return [
        sentence("session_over_seats", session=s, bookings=n, seats=problem.session_by_id[s].seats)
        for s, n in booked.items()
        if n > problem.session_by_id[s].seats
    ] + [
        sentence("bookings_overlap", participant=b.participant, session=b.session, other=c.session)
        for k, b in enumerate(problem.bookings)
        for c in problem.bookings[k + 1 :]
        if b.participant == c.participant and clash(problem, b.session, c.session)
    ]
