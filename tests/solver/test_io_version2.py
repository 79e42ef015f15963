"""Reading and writing the format version 2; version 1 files load as before."""

from __future__ import annotations

import copy
import json

import pytest

from paddock_solver.io import (
    ProblemError,
    parse_problem,
    parse_solution,
    problem_to_dict,
    solution_to_dict,
)
from paddock_solver.model import Booking, Interpreter, Interpreting, Solution, Visit, Wish

from .builders import doc, doc2, problem2

pytestmark = pytest.mark.unit


def test_read_problem_version1_file_loads_as_version1():
    p = parse_problem(doc())

    assert (p.version, p.activities, p.wishes, p.bookings, p.interpreters) == (1, (), (), (), ())
    assert problem_to_dict(p)["format"] == "paddock-problem/1"
    assert parse_problem(problem_to_dict(p)) == p


def test_read_problem_version1_refuses_version2_fields():
    raw = doc(wishes=[])

    with pytest.raises(ProblemError) as caught:
        parse_problem(raw)

    assert str(caught.value) == "problem.wishes: unknown field"


def test_read_problem_version2_reads_every_part():
    p = problem2()

    assert (p.version, p.participant_by_id["bob"].languages) == (2, ("ja",))
    assert p.wishes == (Wish("w1", "ann", "garage", 3), Wish("w2", "cat", "garage", 1))
    assert p.bookings == (Booking("bob", "garage-2"),)
    assert p.interpreters == (Interpreter("yuki", ("ja", "en"), ("a1", "a2")),)
    assert p.activity_of == {"garage-1": "garage", "garage-2": "garage"}


def test_write_problem_version2_round_trips():
    p = problem2(wishes=[{"id": "w1", "participant": "ann", "activity": "garage", "sessions": []}])

    again = parse_problem(json.loads(json.dumps(problem_to_dict(p))))

    assert again == p
    assert again.wishes[0].sessions == ()


def _edit(path, value):
    d = copy.deepcopy(doc2())
    target = d
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return d


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (
            ("wishes", 1, "sessions"),
            ["garage-9"],
            "wishes[w2].sessions: unknown session id 'garage-9'",
        ),
        (("wishes", 0, "activity"), "museum", "wishes[w1].activity: unknown activity id 'museum'"),
        (
            ("wishes", 0, "participant"),
            "dan",
            "wishes[w1].participant: unknown participant id 'dan'",
        ),
        (("wishes", 0, "weight"), 0, "wishes[w1].weight: must be an integer >= 1, got 0"),
        (
            ("activities", 0, "sessions", 0, "seats"),
            -1,
            "activities[garage].sessions[garage-1].seats: must be an integer >= 0, got -1",
        ),
        (
            ("activities", 0, "sessions", 1, "slots"),
            ["z9"],
            "activities[garage].sessions[garage-2].slots: unknown slot id 'z9'",
        ),
        (
            ("bookings", 0, "session"),
            "garage-7",
            "bookings[0].session: unknown session id 'garage-7'",
        ),
        (("bookings", 0, "wish"), "w1", "bookings[0].wish: wish 'w1' is not a wish of 'bob'"),
        (
            ("interpreters", 0, "available"),
            ["a4"],
            "interpreters[yuki].available: unknown slot id 'a4'",
        ),
        (
            ("interpreters", 0, "languages"),
            [],
            "interpreters[yuki].languages: an interpreter needs at least one language",
        ),
        (
            ("participants", 1, "languages"),
            "ja",
            "participants[bob].languages: must be a list, got str",
        ),
        (("wishes", 0, "rank"), 1, "wishes[w1].rank: unknown field"),
    ],
)
def test_parse_problem_version2_invalid_names_field_and_item(path, value, message):
    d = _edit(path, value)

    with pytest.raises(ProblemError) as caught:
        parse_problem(d)

    assert str(caught.value) == message


def test_parse_problem_version2_refuses_a_session_id_used_twice():
    d = doc2()
    d["activities"].append(
        {"id": "paddock", "sessions": [{"id": "garage-1", "slots": [], "seats": 3}]}
    )

    with pytest.raises(ProblemError) as caught:
        parse_problem(d)

    assert str(caught.value) == (
        "activities[paddock].sessions[garage-1]: duplicate session id 'garage-1'"
    )


def test_write_solution_version2_round_trips():
    s = Solution(
        problem="two-zones",
        status="feasible",
        version=2,
        visits=(Visit("w1", "garage-2"),),
        unplaced_wishes=("w2",),
        interpreting=(Interpreting("m1", "yuki"),),
    )

    doc = solution_to_dict(s)

    assert doc["format"] == "paddock-solution/2"
    assert (doc["visits"], doc["unplaced_wishes"], doc["interpreting"]) == (
        [{"wish": "w1", "session": "garage-2"}],
        ["w2"],
        [{"meeting": "m1", "interpreter": "yuki"}],
    )
    assert parse_solution(doc) == s
