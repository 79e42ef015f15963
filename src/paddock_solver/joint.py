"""Version 2 on CP-SAT: visits, meetings and interpreters placed together in one model.

On top of the meetings' model of ``cpsat.py`` (built on the problem with every fixed booking's
slots made unavailable): a Boolean per (wish, session), at most one per wish, seats as sums,
and per participant and slot at most one of its meetings or sessions; per meeting that needs an
interpreter and slot, a Boolean per interpreter who speaks a language of each side and is
available then, exactly one when the meeting is there, at most one meeting per interpreter and
slot. Level 1 is the weight of meetings and wishes, then moved (with `previous`), then breaks.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from importlib import import_module

from ortools.sat.python import cp_model

from paddock_solver.activities import (
    clash,
    interpreter_slots,
    needs_interpreter,
    qualified,
    session_slots,
)
from paddock_solver.cpsat import Built, Expr, Lit, build
from paddock_solver.model import Interpreting, Objective, Problem, Solution, Visit
from paddock_solver.results import empty_solution, solution_from
from paddock_solver.tables import Placed, lay_out
from paddock_solver.visits import (
    booked_visits,
    no_interpreter_reason,
    total_weight,
    wish_sessions,
)

# The module, not the function `paddock_solver.solve` that the package exports under its name.
engine = import_module("paddock_solver.solve")


def new_solver(seconds: float, seed: int, workers: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(seconds, 0.05)
    solver.parameters.random_seed = seed
    solver.parameters.num_workers = workers
    return solver


@dataclass
class Joint:
    built: Built
    wish: dict[tuple[str, str], Lit] = field(default_factory=dict)
    interp: dict[tuple[str, int, str], Lit] = field(default_factory=dict)
    # Terms of the wishes' weight: (weight, literal).
    wish_terms: list[tuple[int, Lit]] = field(default_factory=list)

    def wish_weight(self, *extra: tuple[int, Expr]) -> Expr:
        terms = [*self.wish_terms, *extra]
        return cp_model.LinearExpr.weighted_sum([v for _, v in terms], [c for c, _ in terms])


def _build(problem: Problem, base: Problem, nobody: list[str]) -> Joint:
    joint = Joint(build(base))
    add_wishes(problem, base, joint)
    _add_interpreters(problem, joint, nobody)
    return joint


def add_wishes(problem: Problem, base: Problem, joint: Joint) -> None:
    model = joint.built.model
    booked = {b.wish for b in problem.bookings if b.wish is not None}
    held: dict[str, list[str]] = defaultdict(list)
    for b in problem.bookings:
        held[b.participant].append(b.session)
    mine: dict[str, list[tuple[str, Lit]]] = defaultdict(list)
    for w in problem.wishes:
        if w.id in booked:
            continue
        lits = []
        for s in wish_sessions(problem, w.id):
            if any(clash(problem, s, h) or s == h for h in held[w.participant]):
                continue
            v = model.new_bool_var(f"w[{w.id},{s}]")
            joint.wish[w.id, s] = v
            mine[w.participant].append((s, v))
            lits.append(v)
        model.add_at_most_one(lits)
        joint.wish_terms += [(w.weight, v) for v in lits]
    seats: dict[str, list[Lit]] = defaultdict(list)
    for (_, s), v in joint.wish.items():
        seats[s].append(v)
    taken = Counter(b.session for b in problem.bookings)
    for s, lits in seats.items():
        model.add(sum(lits) <= problem.session_by_id[s].seats - taken[s])
    for p, options in mine.items():
        _no_overlap(problem, base, p, options, joint)


def _no_overlap(
    problem: Problem, base: Problem, p: str, options: list[tuple[str, Lit]], joint: Joint
) -> None:
    model, at = joint.built.model, joint.built.at
    for k, (s, v) in enumerate(options):
        for t, u in options[k + 1 :]:
            if s == t or clash(problem, s, t):
                model.add_bool_or([v.Not(), u.Not()])
    covering: dict[int, list[Lit]] = defaultdict(list)
    for s, v in options:
        for k in session_slots(problem, s):
            covering[k].append(v)
    for k, lits in covering.items():
        meets = [at[m.id, k] for m in base.meetings_of[p] if (m.id, k) in at]
        if meets:
            model.add(sum(meets) + sum(lits) <= 1)


def _add_interpreters(problem: Problem, joint: Joint, nobody: list[str]) -> None:
    model = joint.built.model
    per: dict[tuple[str, int], list[Lit]] = defaultdict(list)
    free = {i.id: interpreter_slots(problem, i.id) for i in problem.interpreters}
    for m in problem.meetings:
        if m.id in nobody:
            continue
        if not needs_interpreter(problem, m):
            continue
        who = qualified(problem, m)
        for (mid, k), at in joint.built.at.items():
            if mid != m.id:
                continue
            zs = []
            for i in who:
                if k in free[i]:
                    z = model.new_bool_var(f"z[{mid},{k},{i}]")
                    joint.interp[mid, k, i] = z
                    per[i, k].append(z)
                    zs.append(z)
            model.add(sum(zs) == at)
    for lits in per.values():
        model.add_at_most_one(lits)


def _hint(problem: Problem, base: Problem, joint: Joint, baseline: Solution) -> None:
    model = joint.built.model
    model.clear_hints()  # type: ignore[no-untyped-call]  # ortools stub lacks types
    if baseline.status != "feasible":
        return
    chosen = set()
    for a in baseline.assignments:
        k = base.slot_index[a.slot]
        tables = [t for t, _ in joint.built.options.get((a.meeting, k), [])]
        chosen.add((a.meeting, k, a.table if a.table in tables else None))
    for (mid, k), opts in joint.built.options.items():
        for t, v in opts:
            model.add_hint(v, (mid, k, t) in chosen)
    visits = {(v.wish, v.session) for v in baseline.visits}
    for pair, v in joint.wish.items():
        model.add_hint(v, pair in visits)
    slot_of = {a.meeting: base.slot_index[a.slot] for a in baseline.assignments}
    given = {(i.meeting, slot_of.get(i.meeting, -1), i.interpreter) for i in baseline.interpreting}
    for key, v in joint.interp.items():
        model.add_hint(v, key in given)


@dataclass
class _Levels:
    """The lexicographic run: each level optimised, then fixed; bounds only while proven."""

    joint: Joint
    seed: int
    workers: int
    solver: cp_model.CpSolver | None = None
    proven: bool = True
    bounds: dict[str, int] = field(default_factory=dict)

    def run(self, name: str, expr: Expr, *, maximise: bool, seconds: float) -> str:
        model = self.joint.built.model
        model.clear_objective()  # type: ignore[no-untyped-call]  # ortools stub lacks types
        if maximise:
            model.maximize(expr)
        else:
            model.minimize(expr)
        solver = new_solver(seconds, self.seed, self.workers)
        status = solver.solve(model)
        if status == cp_model.INFEASIBLE:
            return "infeasible"
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            self.proven = False
            return "none"
        self.solver = solver
        self._keep(solver)
        value = round(solver.objective_value)
        if self.proven:
            self.bounds[name] = round(solver.best_objective_bound)
        self.proven = self.proven and status == cp_model.OPTIMAL
        if status == cp_model.OPTIMAL:
            model.add(expr == value)
        else:
            model.add(expr >= value if maximise else expr <= value)
        return "ok"

    def _keep(self, solver: cp_model.CpSolver) -> None:
        """The found values become the hint of the next level."""
        model = self.joint.built.model
        model.clear_hints()  # type: ignore[no-untyped-call]  # ortools stub lacks types
        for v in _all_lits(self.joint):
            model.add_hint(v, solver.boolean_value(v))


def _all_lits(joint: Joint) -> list[Lit]:
    lits = [v for opts in joint.built.options.values() for _, v in opts]
    return lits + list(joint.wish.values()) + list(joint.interp.values())


def solve_joint(
    problem: Problem,
    *,
    base: Problem,
    nobody: list[str],
    baseline: Solution,
    started: float,
    time_limit_s: float,
    seed: int,
    workers: int,
) -> Solution:
    joint = _build(problem, base, nobody)
    _hint(problem, base, joint, baseline)
    built = joint.built
    levels: list[tuple[str, Expr, bool]] = [
        ("scheduled_weight", joint.wish_weight((1, built.weight)), True)
    ]
    if problem.previous is not None:
        levels.append(("moved", built.moved, False))
    if built.breakable:
        levels.append(("breaks", built.breaks, False))
    run = _Levels(joint, seed, workers)
    for k, (name, expr, maximise) in enumerate(levels):
        remaining = started + time_limit_s - time.monotonic()
        if remaining <= 0:
            break
        outcome = run.run(name, expr, maximise=maximise, seconds=remaining / (len(levels) - k))
        if outcome == "infeasible":
            why = "the required meetings, fixed bookings and rules cannot all be met"
            return empty_solution(problem, "infeasible", [why], started)
        if outcome == "none":
            break
    if run.solver is None:  # the caller falls back on the decomposition
        return empty_solution(problem, "unknown", ["no schedule found in the time given"], started)
    return _answer(problem, base, nobody, run, started)


def _answer(
    problem: Problem, base: Problem, nobody: list[str], run: _Levels, started: float
) -> Solution:
    solver, joint = run.solver, run.joint
    assert solver is not None  # noqa: S101 - _solve_joint calls this only with a solution
    placed: list[Placed] = [
        (mid, k, t)
        for (mid, k), opts in joint.built.options.items()
        for t, v in opts
        if solver.boolean_value(v)
    ]
    assignments = lay_out(base, placed)
    visits = booked_visits(problem) + [
        Visit(w, s) for (w, s), v in joint.wish.items() if solver.boolean_value(v)
    ]
    interpreting = [
        Interpreting(mid, i) for (mid, _, i), v in joint.interp.items() if solver.boolean_value(v)
    ]
    bound = Objective(
        # The model's level 1 leaves out the wishes already booked: a constant.
        scheduled_weight=run.bounds["scheduled_weight"] + _booked_weight(problem)
        if "scheduled_weight" in run.bounds
        else total_weight(problem, nobody),
        moved=run.bounds.get("moved", 0),
        breaks=run.bounds.get("breaks", 0),
        table_changes=engine._table_change_bound(base),
    )
    reasons = [no_interpreter_reason(problem, mid) for mid in nobody]
    sol = solution_from(
        problem,
        assignments,
        "feasible",
        started,
        bound=bound,
        reasons=reasons,
        visits=visits,
        interpreting=interpreting,
    )
    if run.proven and sol.objective == bound:
        return replace(sol, status="optimal")
    return sol


def _booked_weight(problem: Problem) -> int:
    return sum(problem.wish_by_id[b.wish].weight for b in problem.bookings if b.wish is not None)
