"""Lexicographic solving on CP-SAT: weight, then moved, then breaks; tables laid out last.

Each level is optimised with the levels above it fixed to their values. A level whose time ran
out keeps its best value as a constraint, and every level below it gets the trivial bound, so
`optimal` is only claimed when every level is proven.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from ortools.sat.python import cp_model

from paddock_solver import maxsat
from paddock_solver.check import check, objective_of
from paddock_solver.cpsat import Built, Expr, build, meeting_domains
from paddock_solver.domains import table_choices
from paddock_solver.greedy import greedy
from paddock_solver.lns import improve
from paddock_solver.local import polish
from paddock_solver.model import Assignment, Objective, Problem, Rules, Solution
from paddock_solver.reasons import structural_reasons
from paddock_solver.results import empty_solution, solution_from
from paddock_solver.tables import Placed, lay_out

LARGE = 40_000  # (meeting, slot) pairs above which one CP-SAT model is too slow to help
PROBE_SHARE = 0.8  # of a minimising level's time spent searching bottom-up
# Of the time, given to the SAT engine when the problem has its shape: nearly all of it once it
# has a schedule (CP-SAT never proved what the SAT engine left open, and on the variants it lost
# proofs found at 45-55 s), three quarters while it has none, so that CP-SAT can find one.
SAT_SHARE = 0.95
SAT_SHARE_BARE = 0.75
POLISH_SHARE = 0.25  # at most, of the breaks level's time, for local search before CP-SAT
MAX_PROBES = 12


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


def _table_change_bound(problem: Problem) -> int:
    """Each participant must walk at least (distinct forced tables - 1) times, when all meet."""
    if any(not m.required for m in problem.meetings):
        return 0
    total = 0
    for p in problem.participants:
        if p.home_table is not None:
            continue
        forced = set()
        for m in problem.meetings_of[p.id]:
            choices = table_choices(problem, m)
            if choices is not None and len(choices) == 1:
                forced.add(choices[0])
        total += max(0, len(forced) - 1)
    return total


def solve(
    problem: Problem, *, time_limit_s: float = 60.0, seed: int = 0, workers: int = 2
) -> Solution:
    """Best schedule found within the time limit; `infeasible` comes with reasons."""
    started = time.monotonic()
    deadline = started + time_limit_s
    dom = meeting_domains(problem)
    reasons = structural_reasons(problem, dom)
    if reasons:
        return empty_solution(problem, "infeasible", reasons, started)
    baseline = greedy(problem)
    if sum(map(len, dom.values())) > LARGE and baseline.status == "feasible":
        return _solve_large(
            problem, baseline, dom, deadline=deadline, seed=seed, workers=workers, started=started
        )
    low, start = 0, None
    if maxsat.applies(problem):
        sat = maxsat.minimise(
            problem,
            dom,
            deadline=started + SAT_SHARE * time_limit_s,
            workers=workers,
            bare_deadline=started + SAT_SHARE_BARE * time_limit_s,
        )
        if sat.status == "infeasible":
            return empty_solution(problem, "infeasible", _explain_sat(problem, dom), started)
        if sat.status == "optimal" and sat.placed is not None:
            answer = _finish(
                problem,
                sat.placed,
                bounds={"breaks": sat.low},
                proven=True,
                baseline=baseline,
                started=started,
            )
            if answer.status != "unknown":
                return answer
        # Out of time: CP-SAT goes on from the SAT engine's bound and best schedule.
        low, start = sat.low, sat.placed
    built = build(problem)
    _hint(built, start or _as_placed(problem, built, baseline.assignments))
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
            return empty_solution(problem, "infeasible", _explain(problem, seed, workers), started)
        if outcome == "none":
            break
    # CP-SAT does not always return a schedule as good as its hint: keep the best one seen.
    run.best = _best_of(problem, [run.best, start, run.polished])
    run.bounds["breaks"] = max(run.bounds.get("breaks", 0), low)
    return _finish(
        problem, run.best, bounds=run.bounds, proven=run.proven, baseline=baseline, started=started
    )


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


def _solve_large(
    problem: Problem,
    baseline: Solution,
    dom: dict[str, list[int]],
    *,
    deadline: float,
    seed: int,
    workers: int,
    started: float,
) -> Solution:
    """Greedy start, then large-neighbourhood search; never claims more than `feasible`."""
    start: list[Placed] = []
    for a in baseline.assignments:
        m = problem.meeting_by_id[a.meeting]
        floating = table_choices(problem, m) is None
        start.append((a.meeting, problem.slot_index[a.slot], None if floating else a.table))
    # Keep a few seconds to lay tables out and write the answer.
    margin = min(5.0, 0.1 * (deadline - started))
    placed = improve(problem, start, dom, deadline=deadline - margin, seed=seed, workers=workers)
    total = sum(m.weight for m in problem.meetings)
    bound = Objective(scheduled_weight=total, table_changes=_table_change_bound(problem))
    sol = solution_from(problem, lay_out(problem, placed), "feasible", started, bound=bound)
    return sol if not check(problem, sol) else baseline


def _finish(
    problem: Problem,
    best: list[Placed] | None,
    *,
    bounds: dict[str, int],
    proven: bool,
    baseline: Solution,
    started: float,
) -> Solution:
    """Tables laid out, bounds attached, `optimal` only when every level is proven; checked."""
    total = sum(m.weight for m in problem.meetings)
    weight_bound = bounds.get("scheduled_weight", total)
    if best is None:
        if baseline.status == "feasible":
            bound = Objective(scheduled_weight=weight_bound)
            return solution_from(problem, baseline.assignments, "feasible", started, bound=bound)
        return empty_solution(problem, "unknown", ["no schedule found in the time given"], started)
    assignments = lay_out(problem, best)
    bound = Objective(
        scheduled_weight=weight_bound,
        moved=bounds.get("moved", 0),
        breaks=bounds.get("breaks", 0),
        table_changes=_table_change_bound(problem),
    )
    sol = solution_from(problem, assignments, "feasible", started, bound=bound)
    if proven and sol.objective == bound:
        sol = solution_from(problem, assignments, "optimal", started, bound=bound)
    problems = check(problem, sol)
    if problems:  # a bug in the model; refuse to publish a wrong schedule
        reasons = [f"internal error, schedule rejected by the checker: {v}" for v in problems[:5]]
        return empty_solution(problem, "unknown", reasons, started)
    return sol


def _explain(problem: Problem, seed: int, workers: int) -> list[str]:
    """Infeasible after search: tell whether the break rules are what cannot be met."""
    relaxed = _without_break_rules(problem)
    if relaxed is None:
        return _reasons_infeasible(problem, fits=False)
    solver = cp_model.CpSolver()
    _params(solver, 10.0, seed, workers)
    status = solver.solve(build(relaxed).model)
    return _reasons_infeasible(problem, fits=status in (cp_model.OPTIMAL, cp_model.FEASIBLE))


def _explain_sat(problem: Problem, dom: dict[str, list[int]]) -> list[str]:
    """The same explanation with the SAT engine (the problem has its shape)."""
    relaxed = _without_break_rules(problem)
    if relaxed is None:
        return _reasons_infeasible(problem, fits=False)
    answer = maxsat.feasible(relaxed, dom, deadline=time.monotonic() + 10.0)
    return _reasons_infeasible(problem, fits=answer is True)


def _without_break_rules(problem: Problem) -> Problem | None:
    """The problem without max_breaks and break_spread; None when it has neither."""
    rules = problem.rules
    if rules.break_spread is None and rules.max_breaks is None:
        return None
    return replace(problem, rules=Rules(breaks_across_sessions=rules.breaks_across_sessions))


def _reasons_infeasible(problem: Problem, *, fits: bool) -> list[str]:
    rules = problem.rules
    if not fits:
        return ["the required meetings cannot all be placed: too few tables or common free slots"]
    limits = []
    if rules.max_breaks is not None:
        limits.append(f"at most {rules.max_breaks} breaks per participant")
    if rules.break_spread is not None:
        limits.append(f"break counts at most {rules.break_spread} apart")
    return [
        "the required meetings fit, but not with "
        + " and ".join(limits)
        + "; relax the break rules or make meetings optional"
    ]
