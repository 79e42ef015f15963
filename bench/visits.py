"""Co-scheduling measured (issue 13): visits and meetings together against first come, first
served booking followed by the meeting optimiser, on the generated `convention-visits` shape.

Run by hand from the repository root, e.g.:

    .venv/bin/python bench/visits.py --seeds 1 2 3 --time-limit 60 --workers 2

For each seed: the problem is generated in process; "fcfs" is `greedy` (wishes booked in file
order where a seat is left, then the greedy meetings); "fcfs + optimiser" is the problem with
those visits as fixed bookings (`book-first`) solved by `solve`; "ours" is `solve` on the
problem itself (wishes mode). Every answer goes through the independent checker. Weights are
level 1 (meetings + wishes); the meetings' and wishes' parts are shown beside it. Seconds are
the solve's wall time in process (start-up excluded); the load (1-minute average) is printed
before and after, since the machine may be shared.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from paddock_solver.check import check  # noqa: E402 - after the path set-up above
from paddock_solver.generate import generate  # noqa: E402
from paddock_solver.greedy import greedy  # noqa: E402
from paddock_solver.model import Problem, Solution  # noqa: E402
from paddock_solver.solve import solve  # noqa: E402
from paddock_solver.visits import fcfs_visits, with_bookings  # noqa: E402


def parts(problem: Problem, sol: Solution) -> str:
    """Level 1 as meetings + wishes, with the counts."""
    meetings = sum(problem.meeting_by_id[a.meeting].weight for a in sol.assignments)
    wishes = sum(problem.wish_by_id[v.wish].weight for v in sol.visits)
    return (
        f"{sol.objective.scheduled_weight} = {meetings} ({len(sol.assignments)} meetings) "
        f"+ {wishes} ({len(sol.visits)} wishes)"
    )


def run(problem: Problem, args: argparse.Namespace, seed: int) -> tuple[Solution, float, str]:
    load = os.getloadavg()[0]
    started = time.monotonic()
    sol = solve(problem, time_limit_s=args.time_limit, seed=seed, workers=args.workers)
    seconds = time.monotonic() - started
    return sol, seconds, f"{load:.1f}-{os.getloadavg()[0]:.1f}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--seeds", nargs="*", type=int, default=[1])
    ap.add_argument("--time-limit", type=float, default=60.0)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    print("| seed | answer | level 1 weight | breaks | status | seconds | load | valid |")
    print("|---|---|---|---|---|---|---|---|")
    ok = True
    for seed in args.seeds:
        problem = generate("convention-visits", seed=seed)
        booked = with_bookings(problem, fcfs_visits(problem))
        base = greedy(problem)
        after, after_s, after_load = run(booked, args, seed)
        ours, ours_s, ours_load = run(problem, args, seed)
        rows = [
            ("fcfs", problem, base, base.seconds, "-"),
            ("fcfs + optimiser", booked, after, after_s, after_load),
            ("ours (wishes mode)", problem, ours, ours_s, ours_load),
        ]
        for name, p, sol, seconds, load in rows:
            valid = sol.status in ("optimal", "feasible") and not check(p, sol)
            ok = ok and valid
            print(
                f"| {seed} | {name} | {parts(p, sol)} | {sol.objective.breaks} | {sol.status} "
                f"| {seconds:.1f} | {load} | {'yes' if valid else 'NO'} |",
                flush=True,
            )
        at_least = ours.objective.scheduled_weight >= after.objective.scheduled_weight
        ok = ok and at_least
        print(
            f"| {seed} | bar: ours >= fcfs + optimiser | {'yes' if at_least else 'NO'} |||||",
            flush=True,
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
