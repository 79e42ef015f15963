"""JSON in and out: the only place that knows the wire format of FORMAT.md."""

from paddock_solver.io.fields import ProblemError
from paddock_solver.io.read import (
    parse_problem,
    parse_solution,
    read_problem,
    read_solution,
)
from paddock_solver.io.write import (
    dumps,
    problem_to_dict,
    solution_to_dict,
    write_problem,
    write_solution,
)

__all__ = [
    "ProblemError",
    "dumps",
    "parse_problem",
    "parse_solution",
    "problem_to_dict",
    "read_problem",
    "read_solution",
    "solution_to_dict",
    "write_problem",
    "write_solution",
]
