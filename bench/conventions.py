"""Generated convention instances: the solver against the first-come-first-served baseline.

Run by hand from the repository root, e.g.:

    .venv/bin/python bench/conventions.py --shapes small normal tradefair --time-limit 60
    .venv/bin/python bench/conventions.py --shapes hosted-buyer --time-limit 540

Each shape is generated in process (seeded), solved once, and both answers are checked with the
independent checker. Peak memory is the process's maximum resident set size so far. The machine
load (1-minute average, from the operating system) is printed before and after each solve: the
machine may be shared, and its load moves the figures. "weight bound" is the b-matching upper
bound of `lns.weight_bound` (each participant's capacity alone, time forgotten): when "ours
weight" reaches it, the weight is proven best.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from paddock_solver.check import check  # noqa: E402 - after the path set-up above
from paddock_solver.domains import meeting_domains  # noqa: E402
from paddock_solver.generate import generate  # noqa: E402
from paddock_solver.greedy import greedy  # noqa: E402
from paddock_solver.lns import weight_bound  # noqa: E402
from paddock_solver.solve import solve  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--shapes", nargs="*", default=["small", "normal", "tradefair"])
    ap.add_argument("--seeds", nargs="*", type=int, default=[1])
    ap.add_argument("--time-limit", type=float, default=60.0)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    print(
        "| shape | seed | participants | meetings | greedy weight | greedy breaks "
        "| ours weight | weight bound | ours breaks | status | seconds | peak MB | load | valid |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    ok = True
    for shape in args.shapes:
        for seed in args.seeds:
            problem = generate(shape, seed=seed)
            base = greedy(problem)
            load_before = os.getloadavg()[0]
            started = time.monotonic()
            sol = solve(problem, time_limit_s=args.time_limit, seed=seed, workers=args.workers)
            seconds = time.monotonic() - started
            valid = not check(problem, sol) and not check(problem, base)
            ok = ok and valid
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            g, o = base.objective, sol.objective
            bound = weight_bound(problem, meeting_domains(problem))
            print(
                f"| {shape} | {seed} | {len(problem.participants)} | {len(problem.meetings)} "
                f"| {g.scheduled_weight} | {g.breaks} | {o.scheduled_weight} | {bound} "
                f"| {o.breaks} "
                f"| {sol.status} | {seconds:.1f} | {peak:.0f} "
                f"| {load_before:.1f}-{os.getloadavg()[0]:.1f} | {'yes' if valid else 'NO'} |",
                flush=True,
            )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
