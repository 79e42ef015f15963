"""The solver is a library the web app happens to call: it must never pull Django in."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .builders import SRC, doc

pytestmark = pytest.mark.unit


def test_import_does_not_load_django():
    code = (
        "import sys; import paddock_solver, paddock_solver.__main__, paddock_solver.generate; "
        "print('django' in sys.modules)"
    )

    out = subprocess.run(  # noqa: S603 - fixed argv, no shell
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": SRC},
    )

    assert out.stdout == "False\n"


def test_a_problem_the_sat_engine_answers_never_loads_cp_sat():
    # Every meeting required, tables interchangeable: the literature's shape. CP-SAT and what it
    # drags in (pandas) cost most of a short run's start-up, so they load only when used.
    problem = doc(
        meetings=[
            {"id": "m1", "participants": ["ann", "bob"]},
            {"id": "m2", "participants": ["ann", "cat"]},
            {"id": "m3", "participants": ["bob", "cat"]},
        ]
    )
    code = (
        "import json, sys\n"
        "from paddock_solver import check, greedy, parse_problem, solve\n"
        "problem = parse_problem(json.loads(sys.argv[1]))\n"
        "answer = solve(problem, time_limit_s=20, workers=1)\n"
        "greedy(problem)\n"
        "print(answer.status, check(problem, answer), 'ortools' in sys.modules)\n"
    )

    out = subprocess.run(  # noqa: S603 - fixed argv, no shell
        [sys.executable, "-c", code, json.dumps(problem)],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": SRC},
    )

    assert out.stdout == "optimal [] False\n"
