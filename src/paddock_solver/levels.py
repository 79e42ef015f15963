"""Lexicographic search on CP-SAT: weight, then moved, then breaks, each level optimised with the
levels above it fixed to their values.

A level whose time ran out keeps its best value as a constraint, and every level below it gets
the trivial bound, so a run is only `proven` when every level is. This module is the only one
of the driver's that loads CP-SAT, and `solve` imports it only for problems that need it.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from paddock_solver.check import objective_of
from paddock_solver.cpsat import Built, Expr, build
from paddock_solver.local import polish
from paddock_solver.model import Assignment, Problem
from paddock_solver.reasons import infeasible_reasons, without_break_rules
from paddock_solver.tables import Placed, lay_out

PROBE_SHARE = 0.8  # of a minimising level's time spent searching bottom-up
POLISH_SHARE = 0.25  # at most, of the breaks level's time, for local search before CP-SAT
MAX_PROBES = 12


@dataclass
class Searched:
    """What the levels gave: the best schedule, the proven bounds, or that there is none."""

    best: list[Placed] | None
    bounds: dict[str, int]
    proven: bool
    infeasible: bool = False


def search(
    problem: Problem,
    dom: dict[str, list[int]],
    *,
    start: Sequence[Placed] | None,
    baseline: Sequence[Assignment],
    low: int,
    deadline: float,
    seed: int,
    workers: int,
) -> Searched:
    """Every level in turn until `deadline`, hinted with `start` (else the `baseline` schedule);
    `low` is a lower bound on breaks proven elsewhere (the SAT engine)."""
    built = build(problem)
    _hint(built, start or _as_placed(problem, built, baseline))
    run = _Run(problem, built, seed, workers, floors={"breaks": low})
    levels = _levels(problem, built) or [_Level("feasibility", 0, maximise=False)]
    for k, level in enumerate(levels):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            run.proven = False
            break
        # Earlier levels may not take all the time: later ones need some to improve at all.
        share = remaining if k == len(levels) - 1 else remaining / (len(levels) - k)
        if level.name == "breaks":
            before = time.monotonic()
            if run.polish(dom, before + POLISH_SHARE * share, low):
                break  # at the proven floor already, and no bound to prove below an open level
            share -= time.monotonic() - before
        outcome = run.level(level, share)
        if outcome == "infeasible":
            return Searched(None, {}, proven=True, infeasible=True)
        if outcome == "none":
            break
    # CP-SAT does not always return a schedule as good as its hint: keep the best one seen.
    best = _best_of(problem, [run.best, list(start) if start else None, run.polished])
    run.bounds["breaks"] = max(run.bounds.get("breaks", 0), low)
    return Searched(best, run.bounds, run.proven)


@dataclass
class _Level:
    name: str
    expr: Expr
    maximise: bool


def _params(solver: cp_model.CpSolver, seconds: float, seed: int, workers: int) -> None:
    solver.parameters.max_time_in_seconds = max(seconds, 0.01)
    solver.parameters.random_seed = seed
    solver.parameters.num_workers = workers


def _hint(built: Built, placed: Sequence[Placed]) -> None:
    chosen = {(m, s, t) for m, s, t in placed}
    built.model.clear_hints()  # type: ignore[no-untyped-call]  # ortools stub lacks types
    for (mid, s), opts in built.options.items():
        for t, v in opts:
            built.model.add_hint(v, (mid, s, t) in chosen)


def _placed(built: Built, solver: cp_model.CpSolver) -> list[Placed]:
    return [
        (mid, s, t)
        for (mid, s), opts in built.options.items()
        for t, v in opts
        if solver.boolean_value(v)
    ]


def _as_placed(problem: Problem, built: Built, assignments: Sequence[Assignment]) -> list[Placed]:
    """Map a schedule (e.g. the greedy one) onto the model's options, for hinting."""
    out: list[Placed] = []
    for a in assignments:
        s = problem.slot_index[a.slot]
        opts = [t for t, _ in built.options.get((a.meeting, s), [])]
        if a.table in opts:
            out.append((a.meeting, s, a.table))
        elif None in opts:
            out.append((a.meeting, s, None))
    return out


def _levels(problem: Problem, built: Built) -> list[_Level]:
    levels = []
    if built.has_optional:
        levels.append(_Level("scheduled_weight", built.weight, maximise=True))
    if problem.previous is not None:
        levels.append(_Level("moved", built.moved, maximise=False))
    if built.breakable:
        levels.append(_Level("breaks", built.breaks, maximise=False))
    return levels


def _key(problem: Problem, placed: list[Placed]) -> tuple[int, int, int]:
    """Levels 1-3 of a schedule, larger is better."""
    got = objective_of(problem, lay_out(problem, placed))
    return (got.scheduled_weight, -got.moved, -got.breaks)


def _best_of(problem: Problem, schedules: list[list[Placed] | None]) -> list[Placed] | None:
    found = [s for s in schedules if s is not None]
    return max(found, key=lambda s: _key(problem, s)) if found else None


@dataclass
class _Run:
    problem: Problem
    built: Built
    seed: int
    workers: int
    best: list[Placed] | None = None
    proven: bool = True
    bounds: dict[str, int] = field(default_factory=dict)
    floors: dict[str, int] = field(default_factory=dict)  # lower bounds proven elsewhere
    low: int = 0
    polished: list[Placed] | None = None

    def polish(self, dom: dict[str, list[int]], until: float, floor: int) -> bool:
        """Local search on the best schedule before the breaks level, its result the hint.

        Single moves cut breaks far faster than CP-SAT (normal shape: 169 -> 0 in 2 s), and the
        hinted schedule lets the bottom-up probe prove its value. Not with `previous`: a move
        could trade moved meetings, a higher level, for breaks. Returns whether the breaks
        level has nothing left to do: at the floor below an unproven level (no bound to prove).
        """
        if self.problem.previous is not None or self.best is None:
            return False
        self.best = self.polished = polish(
            self.problem, dom, self.best, deadline=until, seed=self.seed, floor=floor
        )
        _hint(self.built, self.best)
        breaks = -_key(self.problem, self.best)[2]
        return not self.proven and breaks <= floor

    def level(self, level: _Level, seconds: float) -> str:
        """Optimise one level and fix it; returns "ok", "none" (no solution) or "infeasible"."""
        started = time.monotonic()
        if not level.maximise and self.proven:
            # With every meeting required the minimum is usually tiny (the literature's case).
            all_required = not self.built.has_optional
            outcome = self._probe(level, seconds * (PROBE_SHARE if all_required else 0.3))
            if outcome != "open":
                return outcome
        seconds -= time.monotonic() - started
        model = self.built.model
        model.clear_objective()  # type: ignore[no-untyped-call]  # ortools stub lacks types
        if level.maximise:
            model.maximize(level.expr)
        else:
            model.minimize(level.expr)
        solver = cp_model.CpSolver()
        _params(solver, seconds, self.seed, self.workers)
        status = solver.solve(model)
        if status == cp_model.INFEASIBLE:
            return "infeasible"
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            self.proven = False
            return "none"
        self._keep(solver)
        value = round(solver.objective_value)
        if status == cp_model.OPTIMAL and self.proven:
            self.bounds[level.name] = value
            model.add(level.expr == value)
            return "ok"
        if self.proven:
            self.bounds[level.name] = max(self.low, round(solver.best_objective_bound))
        # Below an unproven level every bound is the trivial one.
        self.proven = False
        model.add(level.expr >= value if level.maximise else level.expr <= value)
        return "ok"

    def _keep(self, solver: cp_model.CpSolver) -> None:
        self.best = _placed(self.built, solver)
        _hint(self.built, self.best)

    def _probe(self, level: _Level, budget: float) -> str:
        """Bottom-up search for a small minimum: is there a schedule with value <= B?

        Proofs that B is too small are cheap on these models and raise the bound; the first B
        that has a schedule is then optimal. Satisfaction searches without LP find those
        schedules far faster than optimising from above (measured on the JAIR instances).
        Returns "ok" (level solved and fixed), "infeasible", "none" or "open".
        """
        model = self.built.model
        model.clear_objective()  # type: ignore[no-untyped-call]  # ortools stub lacks types
        deadline = time.monotonic() + budget
        self.low = self.floors.get(level.name, 0)
        if self.low:
            model.add(level.expr >= self.low)
        for _ in range(MAX_PROBES):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            # A copy with the bound as a hard constraint: assumptions would switch off most
            # of presolve, which is what makes these searches fast.
            trial = model.clone()
            trial.add(level.expr <= self.low)
            solver = cp_model.CpSolver()
            _params(solver, remaining, self.seed, self.workers)
            solver.parameters.linearization_level = 0
            if self.workers >= 2:
                solver.parameters.subsolvers.extend(["no_lp", "quick_restart_no_lp"])
            status = solver.solve(trial)
            if status == cp_model.INFEASIBLE and self.low == 0 and self._infeasible(remaining):
                return "infeasible"
            if status == cp_model.INFEASIBLE:
                model.add(level.expr >= self.low + 1)
                self.low += 1
                continue
            if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                self._keep(solver)
                self.bounds[level.name] = self.low
                model.add(level.expr == self.low)
                return "ok"
            break
        return "open"

    def _infeasible(self, seconds: float) -> bool:
        """Whether the model without the probe is proven to have no solution at all."""
        if self.best is not None:
            return False
        solver = cp_model.CpSolver()
        _params(solver, seconds, self.seed, self.workers)
        return solver.solve(self.built.model) == cp_model.INFEASIBLE


def explain(problem: Problem, seed: int, workers: int) -> list[str]:
    """Infeasible after search: tell whether the break rules are what cannot be met."""
    relaxed = without_break_rules(problem)
    if relaxed is None:
        return infeasible_reasons(problem, fits=False)
    solver = cp_model.CpSolver()
    _params(solver, 10.0, seed, workers)
    status = solver.solve(build(relaxed).model)
    return infeasible_reasons(problem, fits=status in (cp_model.OPTIMAL, cp_model.FEASIBLE))
