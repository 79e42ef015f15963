"""The solver's entry point: structural reasons, then the engine that fits, the greedy baseline
when an engine may need it.

Literature-shaped problems go to the SAT engine (`maxsat`), large ones to the greedy start and
large-neighbourhood search (`lns`), the rest to the lexicographic CP-SAT search (`levels`), which
also carries on from the SAT engine when its time runs out. CP-SAT (with pandas, which it
imports) loads only when one of those two runs: on a problem that the SAT engine answers it was
most of the wall time (tic-12: 0.6-1.4 s in all before, 0.16-0.44 s without it).
"""

from __future__ import annotations

import time

from paddock_solver import maxsat
from paddock_solver.check import check
from paddock_solver.domains import meeting_domains, table_choices
from paddock_solver.greedy import greedy
from paddock_solver.model import Objective, Problem, Solution
from paddock_solver.reasons import infeasible_reasons, structural_reasons, without_break_rules
from paddock_solver.results import empty_solution, solution_from
from paddock_solver.sentences import sentence
from paddock_solver.tables import Placed, lay_out
from paddock_solver.timings import mark

LARGE = 40_000  # (meeting, slot) pairs above which one CP-SAT model is too slow to help
# Of the time, given to the SAT engine when the problem has its shape: nearly all of it once it
# has a schedule (CP-SAT never proved what the SAT engine left open, and on the variants it lost
# proofs found at 45-55 s), three quarters while it has none, so that CP-SAT can find one.
SAT_SHARE = 0.95
SAT_SHARE_BARE = 0.75
# At most, for the weight bound of a large problem (a b-matching on CP-SAT).
BOUND_SECONDS = 10.0
BOUND_SHARE = 0.05


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
    if problem.version == 2:
        # Visits and interpreters need CP-SAT: loaded for version 2 problems only.
        from paddock_solver.solve_v2 import solve_version2

        return solve_version2(problem, time_limit_s=time_limit_s, seed=seed, workers=workers)
    return _solve_version1(problem, time_limit_s=time_limit_s, seed=seed, workers=workers)


def _solve_version1(problem: Problem, *, time_limit_s: float, seed: int, workers: int) -> Solution:
    started = time.monotonic()
    deadline = started + time_limit_s
    dom = meeting_domains(problem)
    reasons = structural_reasons(problem, dom)
    mark("domains and structural checks")
    if reasons:
        return empty_solution(problem, "infeasible", reasons, started)
    # The greedy schedule (the fall-back answer, CP-SAT's hint) is made only when it may be
    # used: the SAT engine's optimum does not need it, and it came before the searches' start.
    baseline: Solution | None = None
    if sum(map(len, dom.values())) > LARGE:
        baseline = greedy(problem)
        if baseline.status == "feasible":
            return _solve_large(
                problem,
                baseline,
                dom,
                deadline=deadline,
                seed=seed,
                workers=workers,
                started=started,
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
        mark("SAT engine done")
        if sat.status == "infeasible":
            return empty_solution(problem, "infeasible", _explain_sat(problem, dom), started)
        if sat.status == "optimal" and sat.placed is not None:
            answer = _finish(
                problem,
                sat.placed,
                bounds={"breaks": sat.low},
                proven=True,
                baseline=None,  # not used: there is a schedule
                started=started,
            )
            if answer.status != "unknown":
                return answer
        # Out of time: CP-SAT goes on from the SAT engine's bound and best schedule.
        low, start = sat.low, sat.placed
    if baseline is None:
        baseline = greedy(problem)
    # CP-SAT is loaded here, by the problems that need it, not by every import of the package.
    from paddock_solver import levels

    found = levels.search(
        problem,
        dom,
        start=start,
        baseline=baseline.assignments,
        low=low,
        deadline=deadline,
        seed=seed,
        workers=workers,
    )
    if found.infeasible:
        reasons = levels.explain(problem, seed, workers)
        return empty_solution(problem, "infeasible", reasons, started)
    return _finish(
        problem,
        found.best,
        bounds=found.bounds,
        proven=found.proven,
        baseline=baseline,
        started=started,
    )


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
    from paddock_solver.lns import improve, weight_bound  # load CP-SAT: only when used

    # A real bound tells the organiser how far from the best a large schedule can be; the sum
    # of all weights, the fallback, says nothing. Its share of the time is small.
    weight = weight_bound(
        problem, dom, seconds=min(BOUND_SECONDS, BOUND_SHARE * (deadline - started))
    )
    start: list[Placed] = []
    for a in baseline.assignments:
        m = problem.meeting_by_id[a.meeting]
        floating = table_choices(problem, m) is None
        start.append((a.meeting, problem.slot_index[a.slot], None if floating else a.table))
    # Keep a few seconds to lay tables out and write the answer.
    margin = min(5.0, 0.1 * (deadline - started))
    placed = improve(problem, start, dom, deadline=deadline - margin, seed=seed, workers=workers)
    bound = Objective(scheduled_weight=weight, table_changes=_table_change_bound(problem))
    sol = solution_from(problem, lay_out(problem, placed), "feasible", started, bound=bound)
    return sol if not check(problem, sol) else baseline


def _finish(
    problem: Problem,
    best: list[Placed] | None,
    *,
    bounds: dict[str, int],
    proven: bool,
    baseline: Solution | None,
    started: float,
) -> Solution:
    """Tables laid out, bounds attached, `optimal` only when every level is proven; checked."""
    total = sum(m.weight for m in problem.meetings)
    weight_bound = bounds.get("scheduled_weight", total)
    if best is None:
        if baseline is not None and baseline.status == "feasible":
            bound = Objective(scheduled_weight=weight_bound)
            return solution_from(problem, baseline.assignments, "feasible", started, bound=bound)
        return empty_solution(problem, "unknown", ["no schedule found in the time given"], started)
    assignments = lay_out(problem, best)
    mark("tables laid out")
    bound = Objective(
        scheduled_weight=weight_bound,
        moved=bounds.get("moved", 0),
        breaks=bounds.get("breaks", 0),
        table_changes=_table_change_bound(problem),
    )
    sol = solution_from(problem, assignments, "feasible", started, bound=bound)
    if proven and sol.objective == bound:
        sol = solution_from(problem, assignments, "optimal", started, bound=bound)
    mark("solution built")
    problems = check(problem, sol)
    mark("checked")
    if problems:  # a bug in the model; refuse to publish a wrong schedule
        reasons = [sentence("checker_refused", violation=str(v)) for v in problems[:5]]
        return empty_solution(problem, "unknown", reasons, started)
    return sol


def _explain_sat(problem: Problem, dom: dict[str, list[int]]) -> list[str]:
    """The same explanation with the SAT engine (the problem has its shape)."""
    relaxed = without_break_rules(problem)
    if relaxed is None:
        return infeasible_reasons(problem, fits=False)
    answer = maxsat.feasible(relaxed, dom, deadline=time.monotonic() + 10.0)
    return infeasible_reasons(problem, fits=answer is True)
