"""Run the literature's B2B instances and compare with the published optima (JAIR 2022).

Run by hand from the repository root, e.g.:

    .venv/bin/python bench/b2b.py --folder original --time-limit 60 --workers 2
    .venv/bin/python bench/b2b.py --folder original --process   # as a user runs the CLI

With `--trace busy` (or `plain`) one search of the SAT engine runs alone in this process, no
race, and each of its questions is printed with CaDiCaL's conflicts, its propagations so far
and this process's CPU seconds: conflicts and propagations do not move with the machine's
load, CPU seconds move less than wall time (the same search took 8.5-10.7 s of CPU at load
3-7, docs/solver.md, twelfth session). `--order K` loads the same CNF in another clause order,
a new draw of the same search (docs/solver.md, 6 December); `--cadical JSON` sets CaDiCaL
options on the search's solvers before their clauses are loaded:

    .venv/bin/python bench/b2b.py --only ticf-13crafb.original --trace busy --order 1
    .venv/bin/python bench/b2b.py --only ticf-13crafb.original --trace busy --cadical '{"elim": 0}'

With `--process` each instance is solved the way a user runs the command line, by
`python -m paddock_solver solve` in a process of its own, and "seconds" is that process's wall
time, start-up included (the instance is converted to JSON beforehand, untimed). With
`PADDOCK_SOLVER_TIMES=1` in the environment each process's steps (docs/solver.md, "Command
line") are printed on stderr, after the instance's name.
Instances are read from ../shared/benchmarks/b2b (never copied into this repository). Every
answer is checked with the independent checker; a schedule is "proven" when the breaks level is
proven (bound equals objective), an infeasible answer when CP-SAT proved it.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from paddock_solver import maxsat  # noqa: E402 - after the path set-up above
from paddock_solver.check import check  # noqa: E402
from paddock_solver.domains import meeting_domains  # noqa: E402
from paddock_solver.dzn import read_dzn  # noqa: E402
from paddock_solver.io import (  # noqa: E402
    dumps,
    problem_to_dict,
    read_problem,
    read_solution,
)
from paddock_solver.model import Problem, Solution  # noqa: E402
from paddock_solver.solve import solve  # noqa: E402


@dataclass
class Row:
    instance: str
    published: str
    maxsat: float | None
    ours: str
    proven: bool
    seconds: float
    valid: bool

    @property
    def agrees(self) -> bool:
        return self.proven and self.ours == self.published


def _published(root: Path) -> dict[str, tuple[str, float | None]]:
    out = {}
    with (root / "instances.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            secs = row["maxsat_seconds_d2"]
            out[row["instance"]] = (row["optimum_d2"], float(secs) if secs else None)
    return out


def _published_other_spread(root: Path, spread: int) -> dict[str, tuple[str, float | None]]:
    """Optima of the originals for d = 0, 1 or 3, from RESULTS.md's anchor table (JAIR Tables
    9-11; no times there). "unsat" becomes "infeasible", as our answers say."""
    column = f"opt d={spread}"
    header: list[str] | None = None
    out: dict[str, tuple[str, float | None]] = {}
    for line in (root / "RESULTS.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if column in cells:
            header = cells
        elif header is not None and len(cells) == len(header) and line.startswith("|"):
            if not cells[0].startswith("---"):
                value = cells[header.index(column)]
                out[f"{cells[0]}.original"] = ("infeasible" if value == "unsat" else value, None)
        elif header is not None:
            break  # the end of that table
    return out


def run_one(path: Path, published: tuple[str, float | None], args: argparse.Namespace) -> Row:
    problem = read_dzn(path, spread=args.spread) if path.suffix == ".dzn" else read_problem(path)
    if args.process:
        sol, seconds = _solve_in_process(problem, args)
    else:
        started = time.monotonic()
        sol = solve(problem, time_limit_s=args.time_limit, seed=args.seed, workers=args.workers)
        seconds = time.monotonic() - started
    violations = check(problem, sol) if sol.status in ("optimal", "feasible") else []
    if sol.status == "infeasible":
        ours, proven = "infeasible", True
    elif sol.status in ("optimal", "feasible"):
        b = sol.bound
        ours = str(sol.objective.breaks)
        proven = b is not None and b.breaks == sol.objective.breaks
    else:
        ours, proven = "unknown", False
    return Row(problem.name, published[0], published[1], ours, proven, seconds, not violations)


def _solve_in_process(problem: Problem, args: argparse.Namespace) -> tuple[Solution, float]:
    """The command line's answer and its process's wall time, start-up included."""
    with tempfile.TemporaryDirectory() as folder:
        given, answer = Path(folder) / "problem.json", Path(folder) / "solution.json"
        given.write_text(dumps(problem_to_dict(problem)), encoding="utf-8")
        command = [sys.executable, "-m", "paddock_solver", "solve", str(given), "-o", str(answer)]
        command += ["--time-limit", str(args.time_limit), "--workers", str(args.workers)]
        command += ["--seed", str(args.seed)]
        env = {"PYTHONPATH": args.src}
        times = os.environ.get("PADDOCK_SOLVER_TIMES")
        if times:  # each step's times (docs/solver.md, "Command line"), passed on to stderr
            env["PADDOCK_SOLVER_TIMES"] = times
        started = time.monotonic()
        # Its summary line goes to stderr; the bench prints its own table.
        run = subprocess.run(command, check=False, env=env, capture_output=True, text=True)
        seconds = time.monotonic() - started
        if times:
            print(f"{problem.name}:\n{run.stderr}", file=sys.stderr, end="")
        return read_solution(answer), seconds


def trace(problem: Problem, search: str, order: int, options: dict[str, int] | None = None) -> None:
    """One search of the SAT engine alone, as `maxsat._search` asks its questions (without the
    twin), each answer printed with its conflicts and the CPU seconds so far. `options` are
    CaDiCaL options set on each solver before its clauses are loaded (`--cadical`)."""
    from pysat.solvers import Solver  # only here: the bench's other modes do not need it

    dom = meeting_domains(problem)
    busy = search == "busy"
    enc = maxsat.encode(problem, dom, busy=True if busy else None, span=busy)
    clauses = list(enc.cnf.clauses)
    if order:
        random.Random(order).shuffle(clauses)  # noqa: S311 - a clause order, not a secret

    def say(question: str, answer: bool, sat: Solver, before: int) -> int:
        stats = sat.accum_stats()
        conflicts = stats.get("conflicts", 0)
        yes = "a schedule" if answer else "no"
        print(
            f"{question}: {yes}, {conflicts - before} conflicts, {time.process_time():.2f} s CPU, "
            f"{stats.get('propagations', 0) / 1e6:.1f} M propagations in all"
        )
        return conflicts

    if busy and enc.breaks:
        units = [[-b] for b in enc.breaks]
        first = maxsat.first_question(enc)
        if order:
            random.Random(order).shuffle(first)  # noqa: S311 - as above
        with Solver(name=maxsat.SOLVER) as zero:
            zero.configure(options or {})
            zero.append_formula(units + first)
            answer = zero.solve()
            say("no break at all?", answer, zero, 0)
            if answer:
                return
    with Solver(name=maxsat.SOLVER) as sat:
        sat.configure(options or {})
        sat.append_formula(clauses)
        active, low, seen = [-b for b in enc.breaks], 0, 0
        while not sat.solve(assumptions=active):
            core = set(sat.get_core() or ())
            seen = say(f"core {low + 1} ({len(core)} breaks)", False, sat, seen)
            if not core:
                return
            low += 1
            active = [a for a in active if a not in core]
        best = maxsat._schedule(enc, sat.get_model(), low)
        seen = say(f"after the cores, {best.breaks} breaks", True, sat, seen)
        tot = None
        if best.breaks is not None and best.breaks > low:
            tot = maxsat._grow(sat, enc, tot, low + 1)
            sat.configure(maxsat.BOTTOM_UP)
        while tot is not None and best.breaks is not None and best.breaks > low:
            if tot.ubound < low + 1:
                tot = maxsat._grow(sat, enc, tot, low + 1)
            answer = sat.solve(assumptions=[-tot.rhs[low]])
            seen = say(f"at most {low} breaks?", answer, sat, seen)
            if answer:
                best = maxsat._schedule(enc, sat.get_model(), low)
            else:
                low += 1
        print(f"optimum {best.breaks}")


def _benchmarks() -> Path:
    """../shared/benchmarks/b2b beside the repository, or beside the folder of worktrees
    (/work/wt/NAME reads /work/shared as /work/main does)."""
    for folder in (ROOT.parent, ROOT.parent.parent):
        if (folder / "shared" / "benchmarks" / "b2b").is_dir():
            return folder / "shared" / "benchmarks" / "b2b"
    return ROOT.parent / "shared" / "benchmarks" / "b2b"


def _fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:.1f}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--root", default=str(_benchmarks()))
    ap.add_argument("--folder", default="original", help="original, forbidden, fixed, precedence")
    ap.add_argument("--only", nargs="*", default=None, help="instance names (without .dzn)")
    ap.add_argument("--time-limit", type=float, default=60.0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--spread", type=int, default=2, help="fairness bound d (0-3 have published optima)"
    )
    ap.add_argument(
        "--process", action="store_true", help="each solve as its own CLI process, timed whole"
    )
    ap.add_argument(
        "--src",
        default=str(ROOT / "src"),
        help="with --process: the solver's source folder to run (a worktree of an older commit "
        "gives a baseline measured in the same session)",
    )
    ap.add_argument(
        "--trace", choices=["busy", "plain"], help="one search alone, its questions' conflicts"
    )
    ap.add_argument("--order", type=int, default=0, help="with --trace: clause order (0: as built)")
    ap.add_argument(
        "--cadical",
        type=json.loads,
        default={},
        help="with --trace: CaDiCaL options as JSON, e.g. '{\"elim\": 0}', set before loading",
    )
    args = ap.parse_args()
    root = Path(args.root)
    published = _published(root) if args.spread == 2 else _published_other_spread(root, args.spread)
    files = sorted((root / args.folder).glob("*.dzn"))
    if args.only:
        files = [f for f in files if f.stem in args.only]
    if args.trace:
        for f in files:
            print(f"{f.stem} ({args.trace} search, clause order {args.order})", flush=True)
            trace(read_dzn(f, spread=args.spread), args.trace, args.order, args.cadical)
        return 0
    print("| instance | published | ours | proven | seconds | MaxSAT s | valid |")
    print("|---|---|---|---|---|---|---|")
    rows = []
    for f in files:
        pub = published.get(f.stem, ("?", None))
        row = run_one(f, pub, args)
        rows.append(row)
        print(
            f"| {row.instance} | {row.published} | {row.ours} | {'yes' if row.proven else 'no'} "
            f"| {row.seconds:.1f} | {_fmt(row.maxsat)} | {'yes' if row.valid else 'NO'} |",
            flush=True,
        )
    _summary(rows)
    return 0 if all(r.valid for r in rows) else 1


def _summary(rows: list[Row]) -> None:
    agree = sum(r.agrees for r in rows)
    total = sum(r.seconds for r in rows)
    maxsat = sum(r.maxsat or 0.0 for r in rows)
    slowest = max(rows, key=lambda r: r.seconds, default=None)
    print()
    print(f"instances: {len(rows)}; proven at the published answer: {agree}")
    print(f"checker: {sum(r.valid for r in rows)} valid of {len(rows)}")
    published = f" (published MaxSAT total: {maxsat:.1f})" if any(r.maxsat for r in rows) else ""
    print(f"total seconds: {total:.1f}{published}")
    if slowest is not None:
        print(f"slowest: {slowest.instance} {slowest.seconds:.1f} s")
    wrong = [r.instance for r in rows if r.proven and r.ours != r.published]
    if wrong:
        print(f"DISAGREE with the published answer: {', '.join(wrong)}")
    unproven = [r.instance for r in rows if not r.proven]
    if unproven:
        print(f"not proven in the time limit: {', '.join(unproven)}")


if __name__ == "__main__":
    sys.exit(main())
