"""Version 2 problems too large for one model (``solve.LARGE`` pairs): the visits are chosen
first by a small CP-SAT model that keeps every required meeting a possible slot and each
participant enough free slots for its meetings, interpreters are given in advance, the meetings
go to the version 1 engines (the large path), and the wishes left out are then added wherever a
seat and the participant are free.
"""

from __future__ import annotations

import time
from collections import defaultdict

from ortools.sat.python import cp_model

from paddock_solver.activities import session_slots
from paddock_solver.cpsat import Built, Lit
from paddock_solver.domains import allowed_slots
from paddock_solver.joint import Joint, add_wishes, engine, new_solver
from paddock_solver.model import Objective, Problem, Solution, Visit
from paddock_solver.results import empty_solution
from paddock_solver.visits import (
    assign_interpreters,
    booked_visits,
    fcfs_visits,
    finish,
    reduced,
    top_up,
    total_weight,
)

VISIT_SHARE = 0.1  # of the time, at most, for choosing the visits of a large problem
VISIT_SECONDS = 10.0


def solve_decomposed(problem: Problem, deadline: float, *, seed: int, workers: int) -> Solution:
    """Visits first (keeping room for meetings), then the meetings on the version 1 engines;
    if the meetings find no schedule beside those visits, again beside the bookings alone."""
    started = time.monotonic()
    chosen, nobody = assign_interpreters(problem)
    seconds = min(VISIT_SECONDS, VISIT_SHARE * (deadline - started))
    first = choose_visits(problem, nobody, seconds=seconds, seed=seed, workers=workers)
    for visits in (first, booked_visits(problem)):
        small = reduced(problem, visits, chosen, nobody)
        # The rest of the time, but a little kept for the visits' top-up and the checker.
        left = deadline - time.monotonic() - min(3.0, 0.05 * (deadline - started))
        meetings = engine.solve(small, time_limit_s=left, seed=seed, workers=workers)
        if meetings.status in ("optimal", "feasible"):
            return finish(
                problem,
                meetings.assignments,
                top_up(problem, visits, meetings.assignments),
                chosen,
                nobody,
                status="feasible",
                started=started,
                bound=Objective(scheduled_weight=total_weight(problem, nobody)),
            )
    return empty_solution(problem, "unknown", list(meetings.reasons), started)


def choose_visits(
    problem: Problem, nobody: list[str], *, seconds: float, seed: int, workers: int
) -> list[Visit]:
    """The most wish weight such that every required meeting keeps a slot where it may go,
    each participant keeping a free slot per meeting where it can (a slot short costs as much
    as one unit of weight); hinted with first come, first served."""
    base = reduced(problem, [], {}, nobody)
    model = cp_model.CpModel()
    joint = Joint(Built(model, {}, {}, {}, 0, 0, 0, {}, False, False))
    add_wishes(problem, base, joint)
    fcfs = {(v.wish, v.session) for v in fcfs_visits(problem)}
    for key, v in joint.wish.items():
        model.add_hint(v, key in fcfs)
    _keep_required(base, problem, joint.wish, model)
    shortage = _shortage(base, problem, joint.wish, model)
    model.maximize(joint.wish_weight(*((-1, short) for short in shortage)))
    solver = new_solver(seconds, seed, workers)
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return fcfs_visits(problem)
    return booked_visits(problem) + [
        Visit(w, s) for (w, s), v in joint.wish.items() if solver.boolean_value(v)
    ]


def _covering(
    problem: Problem, wish: dict[tuple[str, str], Lit]
) -> dict[tuple[str, int], list[Lit]]:
    """The wish literals that would take participant p away in slot k."""
    out: dict[tuple[str, int], list[Lit]] = defaultdict(list)
    for (w, s), v in wish.items():
        for k in session_slots(problem, s):
            out[problem.wish_by_id[w].participant, k].append(v)
    return out


def _keep_required(
    base: Problem, problem: Problem, wish: dict[tuple[str, str], Lit], model: cp_model.CpModel
) -> None:
    """Every required meeting keeps a slot it may use where none of its people visits."""
    covering = _covering(problem, wish)
    for m in base.meetings:
        if not m.required:
            continue
        free: list[Lit] = []
        for k in allowed_slots(base, m):
            away = [v for p in m.participants for v in covering.get((p, k), [])]
            if not away:
                break  # a slot no visit can take: nothing to keep
            f = model.new_bool_var(f"keep[{m.id},{k}]")
            for v in away:
                model.add_implication(f, v.Not())
            free.append(f)
        else:
            model.add_bool_or(free)


def _shortage(
    base: Problem, problem: Problem, wish: dict[tuple[str, str], Lit], model: cp_model.CpModel
) -> list[cp_model.IntVar]:
    """Per participant, the slots missing for its meetings beside its visits (soft), and none
    missing for its required meetings (hard). A participant's sessions never share a slot, so
    the slots they take add up."""
    out = []
    for p in problem.participants:
        mine = base.meetings_of[p.id]
        need = len(mine) if p.max_meetings is None else min(len(mine), p.max_meetings)
        required = sum(1 for m in mine if m.required)
        away = set(base.participant_by_id[p.id].unavailable)
        free = {k for k, s in enumerate(problem.slots) if s.id not in away}
        taken = [
            (len(session_slots(problem, s) & free), v)
            for (w, s), v in wish.items()
            if problem.wish_by_id[w].participant == p.id
        ]
        if len(free) - need >= sum(n for n, _ in taken):
            continue  # every wish fits beside every meeting
        used = sum(n * v for n, v in taken)
        if required:
            model.add(used <= len(free) - required)
        short = model.new_int_var(0, need, f"short[{p.id}]")
        model.add(short >= need - len(free) + used)
        out.append(short)
    return out
