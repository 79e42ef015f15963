"""Paddock's meeting scheduler: the FORMAT.md contract, a checker, a baseline and a CP-SAT solver.

Pure Python on OR-Tools; it never imports Django, so the web app, the benchmarks and outside
tools can all call it.
"""

from paddock_solver.check import Violation, check
from paddock_solver.greedy import greedy
from paddock_solver.io import ProblemError, parse_problem, read_problem, read_solution
from paddock_solver.model import Objective, Problem, Solution
from paddock_solver.solve import solve

__all__ = [
    "Objective",
    "Problem",
    "ProblemError",
    "Solution",
    "Violation",
    "check",
    "greedy",
    "parse_problem",
    "read_problem",
    "read_solution",
    "solve",
]
