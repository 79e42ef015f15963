"""The command line, run as a subprocess: round trips and refusals."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .builders import SRC, doc, doc2

pytestmark = pytest.mark.unit


def _cli(*args: str, times: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - fixed argv, no shell
        [sys.executable, "-m", "paddock_solver", *args],
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": SRC, "PATH": "/usr/bin:/bin", "PADDOCK_SOLVER_TIMES": times},
        timeout=120,
    )


def test_cli_generate_solve_check_round_trip(tmp_path):
    problem, solution = tmp_path / "p.json", tmp_path / "s.json"

    made = _cli("generate", "small", "--seed", "4", "-o", str(problem))
    solved = _cli(
        "solve",
        str(problem),
        "--out",
        str(solution),
        "--time-limit",
        "10",
        "--workers",
        "1",
        "--seed",
        "1",
    )
    checked = _cli("check", str(problem), str(solution))

    assert (made.returncode, solved.returncode, checked.returncode) == (0, 0, 0)
    assert json.loads(solution.read_text())["status"] in ("optimal", "feasible")
    assert checked.stdout.startswith("valid (")


def test_cli_solve_prints_its_steps_times_only_when_asked(tmp_path):
    problem = tmp_path / "p.json"
    problem.write_text(json.dumps(doc(meetings=[{"id": "m1", "participants": ["ann", "bob"]}])))
    answers = []
    for times in ("", "1"):
        out = tmp_path / f"s{times}.json"
        solved = _cli("solve", str(problem), "-o", str(out), "--time-limit", "10", times=times)
        answers.append((solved, json.loads(out.read_text())))
    (quiet, plain), (timed, answer) = answers

    assert "times " not in quiet.stderr
    steps = [line for line in timed.stderr.splitlines() if line.startswith("times ")]
    assert any(line.endswith(": solution written") for line in steps)
    assert any("encoded" in line for line in steps)  # from a search process too
    plain.pop("seconds"), answer.pop("seconds")
    assert answer == plain


def test_cli_greedy_then_check(tmp_path):
    problem, solution = tmp_path / "p.json", tmp_path / "g.json"
    problem.write_text(json.dumps(doc()))

    greedy = _cli("greedy", str(problem), "--out", str(solution))
    checked = _cli("check", str(problem), str(solution))

    assert (greedy.returncode, checked.returncode) == (0, 0)


def test_cli_check_rejects_a_broken_solution(tmp_path):
    problem, solution = tmp_path / "p.json", tmp_path / "s.json"
    problem.write_text(json.dumps(doc()))
    solution.write_text(
        json.dumps(
            {
                "format": "paddock-solution/1",
                "problem": "tiny",
                "status": "feasible",
                "assignments": [{"meeting": "m1", "slot": "a1", "table": "T1"}],
                "unscheduled": ["m2", "m3"],
                "objective": {"scheduled_weight": 1, "moved": 0, "breaks": 0, "table_changes": 0},
            }
        )
    )

    checked = _cli("check", str(problem), str(solution))

    assert (checked.returncode, checked.stdout) == (
        1,
        "required: required meeting m2 is not scheduled\n",
    )


def test_cli_solve_invalid_problem_writes_nothing(tmp_path):
    problem, solution = tmp_path / "p.json", tmp_path / "s.json"
    bad = doc()
    bad["meetings"][0]["weight"] = 0
    problem.write_text(json.dumps(bad))

    solved = _cli("solve", str(problem), "--out", str(solution))

    assert (solved.returncode, solved.stderr, solution.exists()) == (
        2,
        "invalid problem: meetings[m1].weight: must be an integer >= 1, got 0\n",
        False,
    )


def test_cli_convert_dzn_maps_the_literature_format(tmp_path):
    dzn = tmp_path / "mini.dzn"
    dzn.write_text(
        "nBusiness = 3;\nnMeetings = 2;\nnTables = 1;\nnTotalSlots = 3;\nnMorningSlots = 2;\n"
        "requested = [|1, 2, 3\n|2, 3, 1\n|];\nmeetingsxBusiness = [{1,2}, {1,2,3}, {1,3}];\n"
        "nMeetingsBusiness = [1,2,1];\nforbidden = [{0}, {0,3}, {0}];\nfixed = [0,2];\n"
        "precedences = [{}, {1}];\n"
    )

    converted = _cli("convert-dzn", str(dzn), "--spread", "1")

    assert converted.returncode == 0
    assert json.loads(converted.stdout) == {
        "format": "paddock-problem/1",
        "name": "mini",
        "slots": [
            {"id": "1", "session": "am"},
            {"id": "2", "session": "am"},
            {"id": "3", "session": "pm"},
        ],
        "tables": [{"id": "T1"}],
        "participants": [{"id": "p1"}, {"id": "p2", "unavailable": ["3"]}, {"id": "p3"}],
        "meetings": [
            {"id": "m1", "participants": ["p1", "p2"], "weight": 1, "required": True},
            {
                "id": "m2",
                "participants": ["p2", "p3"],
                "weight": 1,
                "required": True,
                "session": "am",
                "after": ["m1"],
                "fixed": {"slot": "2"},
            },
        ],
        "rules": {"breaks_across_sessions": True, "break_spread": 1, "max_breaks": None},
    }


def test_cli_solve_infeasible_writes_reasons(tmp_path):
    problem, solution = tmp_path / "p.json", tmp_path / "s.json"
    problem.write_text(
        json.dumps(
            doc(
                meetings=[
                    {"id": "m1", "participants": ["ann", "bob"], "after": ["m1b"]},
                    {"id": "m1b", "participants": ["ann", "bob"], "after": ["m1"]},
                ]
            )
        )
    )

    solved = _cli("solve", str(problem), "--out", str(solution), "--workers", "1")

    written = json.loads(solution.read_text())
    assert (solved.returncode, written["status"], written["reasons"]) == (
        3,
        "infeasible",
        ["meetings m1, m1b must each come after another: a cycle"],
    )


def test_cli_convention_visits_generate_greedy_book_first_check(tmp_path):
    problem, greedy, booked = tmp_path / "p.json", tmp_path / "g.json", tmp_path / "b.json"

    made = _cli("generate", "convention-visits", "--seed", "1", "-o", str(problem))
    first = _cli("greedy", str(problem), "-o", str(greedy))
    checked = _cli("check", str(problem), str(greedy))
    book = _cli("book-first", str(problem), "-o", str(booked))

    assert [made.returncode, first.returncode, checked.returncode, book.returncode] == [0] * 4
    p, g, b = (json.loads(f.read_text()) for f in (problem, greedy, booked))
    sizes = [
        len(p["participants"]),
        len(p["meetings"]),
        len(p["activities"]),
        {len(a["sessions"]) for a in p["activities"]},
        len(p["wishes"]),
    ]
    assert sizes == [700, 2600, 30, {4}, 1500]
    assert (g["format"], g["status"]) == ("paddock-solution/2", "feasible")
    visited = {(v["wish"], v["session"]) for v in g["visits"]}
    assert {(x["wish"], x["session"]) for x in b["bookings"]} == visited
    assert len(b["wishes"]) == len(visited)


def test_cli_solve_and_check_a_version2_problem(tmp_path):
    problem, solution = tmp_path / "p.json", tmp_path / "s.json"
    problem.write_text(json.dumps(doc2()))

    solved = _cli(
        "solve", str(problem), "-o", str(solution), "--time-limit", "10", "--workers", "1"
    )
    checked = _cli("check", str(problem), str(solution))

    assert (solved.returncode, checked.returncode) == (0, 0)
    assert json.loads(solution.read_text())["visits"] == [{"wish": "w1", "session": "garage-2"}]
