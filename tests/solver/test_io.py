"""Reading and writing the format; invalid problems are refused naming field and id."""

from __future__ import annotations

import copy

import pytest

from paddock_solver.io import (
    ProblemError,
    parse_problem,
    parse_solution,
    problem_to_dict,
    solution_to_dict,
)
from paddock_solver.model import Assignment, Objective, Solution

from .builders import doc

pytestmark = pytest.mark.unit


def test_problem_round_trip_is_identity():
    problem = parse_problem(doc(previous=[{"meeting": "m1", "slot": "a1", "table": "T1"}]))

    again = parse_problem(problem_to_dict(problem))

    assert again == problem


def test_solution_round_trip_is_identity():
    solution = Solution(
        problem="tiny",
        status="feasible",
        assignments=(Assignment("m1", "a1", "T1"),),
        unscheduled=("m2",),
        objective=Objective(1, 0, 0, 0),
        bound=Objective(3, 0, 0, 0),
        reasons=("because",),
        seconds=1.5,
    )

    again = parse_solution(solution_to_dict(solution))

    assert again == solution


def _edit(path: tuple[object, ...], value: object) -> dict[str, object]:
    d = copy.deepcopy(doc())
    target: object = d
    for key in path[:-1]:
        target = target[key]  # type: ignore[index]
    target[path[-1]] = value  # type: ignore[index]
    return d


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("meetings", 0, "colour"), "red", "meetings[m1].colour: unknown field"),
        (
            ("meetings", 0, "participants"),
            ["ann", "zed"],
            "meetings[m1].participants: unknown participant id 'zed'",
        ),
        (("meetings", 1, "id"), "m1", "meetings[m1]: duplicate id 'm1'"),
        (
            ("meetings", 0, "participants"),
            ["ann"],
            "meetings[m1].participants: a meeting needs at least two participants",
        ),
        (("meetings", 0, "weight"), 0, "meetings[m1].weight: must be an integer >= 1, got 0"),
        (("meetings", 0, "weight"), "2", "meetings[m1].weight: must be an integer >= 1, got '2'"),
        (("meetings", 0, "required"), 1, "meetings[m1].required: must be true or false, got 1"),
        (("meetings", 0, "after"), ["m9"], "meetings[m1].after: unknown meeting id 'm9'"),
        (("meetings", 0, "fixed"), {"slot": "zz"}, "meetings[m1].fixed.slot: unknown slot id 'zz'"),
        (
            ("participants", 1, "home_table"),
            "T9",
            "participants[bob].home_table: unknown table id 'T9'",
        ),
        (
            ("participants", 1, "unavailable"),
            ["a1", "a1"],
            "participants[bob].unavailable: lists an id twice",
        ),
        (("tables", 0, "room"), "attic", "tables[T1].room: unknown room id 'attic'"),
        (
            ("rooms", 0, "max_meetings"),
            -1,
            "rooms[hall].max_meetings: must be an integer >= 0, got -1",
        ),
        (("slots", 3, "session"), "am", "slots[p2].session: session 'am' is not consecutive"),
        (("rules", "max_breaks"), True, "rules.max_breaks: must be an integer >= 0, got True"),
        (
            ("format",),
            "paddock-problem/3",
            "format: must be 'paddock-problem/1' or 'paddock-problem/2', got 'paddock-problem/3'",
        ),
    ],
)
def test_parse_problem_invalid_names_field_and_id(path, value, message):
    d = _edit(path, value)

    with pytest.raises(ProblemError) as caught:
        parse_problem(d)

    assert str(caught.value) == message


def test_parse_problem_missing_field_is_named():
    d = doc()
    del d["meetings"][0]["participants"]

    with pytest.raises(ProblemError) as caught:
        parse_problem(d)

    assert str(caught.value) == "meetings[m1].participants: missing required field"


def test_parse_problem_previous_for_deleted_meeting_is_accepted():
    problem = parse_problem(doc(previous=[{"meeting": "gone", "slot": "a1", "table": "T1"}]))

    assert problem.previous == (Assignment("gone", "a1", "T1"),)
