"""docs/format-v2.md's example: its solution is valid for its problem, as the page says."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from paddock_solver.check import check
from paddock_solver.io import parse_problem, parse_solution

pytestmark = pytest.mark.unit

PAGE = Path(__file__).resolve().parents[2] / "docs" / "format-v2.md"


def test_format_v2_example_solution_is_valid_for_its_problem():
    problem_doc, solution_doc = re.findall(r"```json\n(.*?)```", PAGE.read_text(), re.DOTALL)

    problem = parse_problem(json.loads(problem_doc))
    solution = parse_solution(json.loads(solution_doc))

    assert check(problem, solution) == []
    assert (problem.version, solution.version, solution.objective.scheduled_weight) == (2, 2, 6)
