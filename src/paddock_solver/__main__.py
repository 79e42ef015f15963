"""Command line: ``python -m paddock_solver solve|check|greedy|book-first|convert-dzn|generate``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from paddock_solver.check import check
from paddock_solver.dzn import DznError, read_dzn
from paddock_solver.io import (
    ProblemError,
    dumps,
    problem_to_dict,
    read_problem,
    read_solution,
    write_solution,
)
from paddock_solver.model import Problem
from paddock_solver.timings import mark


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="paddock-solver", description=__doc__)
    sub = ap.add_subparsers(dest="command", required=True)
    s = sub.add_parser("solve", help="optimise a problem with CP-SAT")
    s.add_argument("problem")
    s.add_argument("-o", "--out", required=True)
    s.add_argument("--time-limit", type=float, default=60.0, help="seconds (default 60)")
    s.add_argument("--workers", type=int, default=2, help="CP-SAT workers (default 2)")
    s.add_argument("--seed", type=int, default=0)
    c = sub.add_parser("check", help="check a solution; exit 0 only when valid")
    c.add_argument("problem")
    c.add_argument("solution")
    g = sub.add_parser("greedy", help="first-come-first-served baseline")
    g.add_argument("problem")
    g.add_argument("-o", "--out", required=True)
    b = sub.add_parser(
        "book-first",
        help="version 2: the problem after first-come-first-served booking (visits as bookings)",
    )
    b.add_argument("problem")
    b.add_argument("-o", "--out", required=True)
    d = sub.add_parser("convert-dzn", help="map a literature .dzn instance to a problem")
    d.add_argument("file")
    d.add_argument("--spread", type=int, default=2, help="fairness bound d (default 2)")
    d.add_argument("-o", "--out")
    n = sub.add_parser("generate", help="a realistic convention problem")
    n.add_argument(
        "shape", choices=["small", "normal", "tradefair", "hosted-buyer", "convention-visits"]
    )
    n.add_argument("--seed", type=int, default=0)
    n.add_argument("-o", "--out")
    return ap


def _emit(problem: Problem, out: str | None) -> None:
    text = dumps(problem_to_dict(problem))
    if out is None:
        sys.stdout.write(text)
    else:
        Path(out).write_text(text, encoding="utf-8")


def _run(args: argparse.Namespace) -> int:
    if args.command == "solve":
        from paddock_solver.solve import solve

        mark("solver imported")
        problem = read_problem(args.problem)
        mark("problem read")
        sol = solve(problem, time_limit_s=args.time_limit, seed=args.seed, workers=args.workers)
        mark("solved")
        write_solution(sol, args.out)
        mark("solution written")
        o = sol.objective
        print(
            f"{sol.status}: weight {o.scheduled_weight}, moved {o.moved}, breaks {o.breaks}, "
            f"table changes {o.table_changes} in {sol.seconds:.2f} s",
            file=sys.stderr,
        )
        for r in sol.reasons:
            print(f"  {r}", file=sys.stderr)
        return 0 if sol.status in ("optimal", "feasible") else 3
    if args.command == "check":
        problem, solution = read_problem(args.problem), read_solution(args.solution)
        violations = check(problem, solution)
        for v in violations:
            print(v)
        if not violations:
            print(f"valid ({solution.status}): {solution.objective}")
        return 1 if violations else 0
    if args.command == "greedy":
        from paddock_solver.greedy import greedy

        sol = greedy(read_problem(args.problem))
        write_solution(sol, args.out)
        return 0 if sol.status == "feasible" else 3
    if args.command == "book-first":
        from paddock_solver.visits import fcfs_visits, with_bookings

        problem = read_problem(args.problem)
        _emit(with_bookings(problem, fcfs_visits(problem)), args.out)
        return 0
    if args.command == "convert-dzn":
        _emit(read_dzn(args.file, spread=args.spread), args.out)
        return 0
    from paddock_solver.generate import generate

    _emit(generate(args.shape, seed=args.seed), args.out)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    mark("command line read")
    try:
        return _run(args)
    except (ProblemError, DznError) as exc:
        print(f"invalid problem: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
