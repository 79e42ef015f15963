"""Why a wish got no session, from the problem and the solution alone."""

import pytest

from paddock.scheduling.results import Reason, unplaced_wish_reason
from paddock_solver.model import (
    Activity,
    Assignment,
    Meeting,
    Participant,
    Problem,
    Session,
    Slot,
    Solution,
    Table,
    Visit,
    Wish,
)

pytestmark = pytest.mark.unit

PROBLEM = Problem(
    name="reasons",
    version=2,
    slots=(Slot("a1", "am"), Slot("a2", "am")),
    tables=(Table("T1"),),
    participants=(Participant("ann"), Participant("bob")),
    meetings=(Meeting("m1", ("ann", "bob"), required=False),),
    activities=(Activity("garage", (Session("g1", ("a1",), 1), Session("g2", ("a2",), 1))),),
    wishes=(
        Wish("w-ann", "ann", "garage"),
        Wish("w-bob", "bob", "garage"),
        Wish("w-none", "bob", "garage", sessions=()),
    ),
)


def _solution(status="optimal", meetings=(), visits=()):
    return Solution(
        problem="reasons",
        status=status,
        version=2,
        assignments=tuple(Assignment(m, s, "T1") for m, s in meetings),
        visits=tuple(Visit(w, s) for w, s in visits),
    )


@pytest.mark.parametrize(
    ("solution", "wish", "reason"),
    [
        (_solution(), "w-none", Reason("no_session", ["bob"])),
        (
            _solution(visits=[("w-bob", "g1"), ("w-none", "g2")]),
            "w-ann",
            Reason("visit_full", ["ann"]),
        ),
        (
            _solution(meetings=[("m1", "a1")], visits=[("w-bob", "g2")]),
            "w-ann",
            Reason("visit_busy", ["ann"]),
        ),
        (_solution(), "w-ann", Reason("visit_outweighed")),
        (_solution(status="feasible"), "w-ann", Reason("time")),
    ],
)
def test_unplaced_wish_reason_names_the_first_rule_that_explains_it(solution, wish, reason):
    assert unplaced_wish_reason(PROBLEM, solution, wish) == reason
