"""The solver on version 2 problems: visits, meetings and interpreters placed together."""

from __future__ import annotations

import pytest

from paddock_solver.check import check
from paddock_solver.greedy import greedy
from paddock_solver.model import Assignment, Interpreting, Objective, Visit
from paddock_solver.solve import solve

from .builders import problem2

pytestmark = pytest.mark.unit

# cat's wish weighs 2: both wishes (5) beat ann's wish and her meeting with cat (4).
BOTH_WISHES = [
    {"id": "w1", "participant": "ann", "activity": "garage", "weight": 3},
    {"id": "w2", "participant": "cat", "activity": "garage", "weight": 2},
]


def test_solve_version2_places_visits_meetings_and_interpreters_together():
    p = problem2()

    s = solve(p, time_limit_s=10, seed=1, workers=1)

    assert (s.status, s.version) == ("optimal", 2)
    assert s.assignments == (Assignment("m1", "a1", "T1"), Assignment("m2", "a2", "T1"))
    assert (s.visits, s.unplaced_wishes) == ((Visit("w1", "garage-2"),), ("w2",))
    assert s.interpreting == (Interpreting("m1", "yuki"),)
    assert s.objective == Objective(scheduled_weight=6, moved=0, breaks=0, table_changes=0)
    assert check(p, s) == []


def test_greedy_version2_books_wishes_first_come_first_served():
    p = problem2()

    s = greedy(p)

    assert (s.visits, s.unplaced_wishes) == (
        (Visit("w1", "garage-1"), Visit("w2", "garage-2")),
        (),
    )
    assert s.assignments == (Assignment("m3", "a1", "T1"),)
    assert s.interpreting == (Interpreting("m3", "yuki"),)
    assert s.objective.scheduled_weight == 5
    assert check(p, s) == []


def test_solve_version2_reports_a_meeting_nobody_can_interpret():
    p = problem2(interpreters=[{"id": "hans", "languages": ["de", "en"]}], wishes=BOTH_WISHES)

    s = solve(p, time_limit_s=10, seed=1, workers=1)

    assert (s.status, s.unscheduled) == ("optimal", ("m1", "m2", "m3"))
    assert s.reasons == (
        "m1 needs an interpreter and no interpreter speaks a language of each side "
        "(ann: fr, en; bob: ja)",
        "m3 needs an interpreter and no interpreter speaks a language of each side "
        "(bob: ja; cat: en)",
    )
    assert check(p, s) == []


@pytest.mark.parametrize("fixed", [{}, {"fixed": {"slot": "a1", "table": "T1"}}])
def test_solve_version2_names_the_interpreter_when_a_required_meeting_has_none(fixed):
    meetings = [{"id": "m1", "participants": ["ann", "bob"], **fixed}]
    p = problem2(interpreters=[{"id": "hans", "languages": ["de", "en"]}], meetings=meetings)

    s = solve(p, time_limit_s=10, seed=1, workers=1)

    assert (s.status, s.reasons) == (
        "infeasible",
        (
            "m1 needs an interpreter and no interpreter speaks a language of each side "
            "(ann: fr, en; bob: ja)",
        ),
    )


def test_solve_version2_keeps_a_fixed_booking_with_its_wish():
    p = problem2(bookings=[{"participant": "ann", "session": "garage-1", "wish": "w1"}])

    s = solve(p, time_limit_s=10, seed=1, workers=1)

    assert (s.status, s.objective.scheduled_weight) == ("optimal", 5)
    assert s.bound == s.objective  # the booked wish counts in the bound too
    assert s.visits == (Visit("w1", "garage-1"), Visit("w2", "garage-2"))
    assert [a.meeting for a in s.assignments] == ["m3"]  # in a1 or a2, both as good
    assert check(p, s) == []


def test_solve_version2_refuses_bookings_beyond_the_seats():
    p = problem2(
        bookings=[
            {"participant": "ann", "session": "garage-1"},
            {"participant": "cat", "session": "garage-1"},
        ]
    )

    s = solve(p, time_limit_s=10, seed=1, workers=1)

    assert (s.status, s.reasons) == (
        "infeasible",
        ("session garage-1 has 2 fixed bookings but 1 seats",),
    )


def test_solve_version2_large_path_beats_first_come_first_served(monkeypatch):
    import sys

    from paddock_solver.generate_visits import convention_visits

    monkeypatch.setattr(sys.modules["paddock_solver.solve"], "LARGE", 0)  # the large path
    p = convention_visits(1, shape="normal", wishes=150)
    base = greedy(p)

    s = solve(p, time_limit_s=5, seed=1, workers=1)

    assert (base.status, s.status, s.version, check(p, s)) == ("feasible", "feasible", 2, [])
    assert s.objective.scheduled_weight > base.objective.scheduled_weight


def test_solve_version2_reports_a_meeting_whose_interpreter_is_away():
    yuki = {"id": "yuki", "languages": ["ja", "en"], "available": ["a3"]}
    p = problem2(interpreters=[yuki], wishes=BOTH_WISHES)

    s = solve(p, time_limit_s=10, seed=1, workers=1)

    assert s.reasons == (
        "m1 needs an interpreter and none who speaks a language of each side "
        "(ann: fr, en; bob: ja) is available in a slot it may use",
        "m3 needs an interpreter and none who speaks a language of each side "
        "(bob: ja; cat: en) is available in a slot it may use",
    )
    assert (s.unscheduled, check(p, s)) == (("m1", "m2", "m3"), [])
