"""Breaks that each participant's own meetings force: exact for the participant alone, never
above what any valid schedule gives."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings

from paddock_solver import bounds
from paddock_solver.bounds import forced_breaks, unbroken_windows
from paddock_solver.check import breaks_by_participant, check, count_breaks
from paddock_solver.domains import meeting_domains
from paddock_solver.model import Problem, Solution

from .builders import pairs, problem
from .strategies import literature_shape, problems, schedules

pytestmark = pytest.mark.unit


def _alone(p: Problem, dom: dict[str, list[int]], who: str, most: int = 2) -> int:
    """The fewest breaks of `who` over every way of giving its meetings distinct allowed slots."""
    doms = [dom[m.id] for m in p.meetings_of[who]]
    fewest = most
    for slots in itertools.product(*doms):
        if len(set(slots)) == len(slots):
            fewest = min(fewest, count_breaks(p.break_groups, set(slots)))
    return fewest


@settings(
    max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(problems(max_meetings=5, max_slots=5).map(literature_shape))
def test_forced_breaks_are_the_fewest_each_participant_alone_can_have(p):
    dom = meeting_domains(p)

    forced = forced_breaks(p, dom)

    assert forced == {q.id: _alone(p, dom, q.id) for q in p.participants}


@settings(
    max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(problems(max_meetings=5, max_slots=5).map(literature_shape))
def test_unbroken_windows_are_the_runs_where_all_meetings_fit(p):
    dom = meeting_domains(p)

    windows = unbroken_windows(p, dom)

    if len(p.break_groups) != 1:
        assert windows == {}
        return
    expected = {}
    for q in p.participants:
        doms = [dom[m.id] for m in p.meetings_of[q.id]]
        if len(doms) >= 2:
            expected[q.id] = [
                a
                for a in range(len(p.slots) - len(doms) + 1)
                if any(
                    len(set(slots)) == len(slots) and all(a <= s < a + len(doms) for s in slots)
                    for slots in itertools.product(*doms)
                )
            ]
    assert windows == expected


@settings(
    max_examples=30, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(problems(max_meetings=3, max_slots=3).map(literature_shape))
def test_forced_breaks_never_exceed_a_valid_schedules_breaks(p):
    forced = forced_breaks(p, meeting_domains(p))

    for assignments in schedules(p):
        if len(assignments) < len(p.meetings):
            continue  # every meeting is required
        solution = Solution(p.name, "feasible", assignments, ())
        if [v for v in check(p, solution) if v.rule != "objective"]:
            continue
        breaks = breaks_by_participant(p, assignments)
        assert all(forced[q] <= breaks[q] for q in forced), (forced, breaks)


def test_forced_breaks_count_a_forbidden_slot_inside_the_only_window():
    # Ann has three meetings in five slots and cannot meet at the middle one: one break at
    # least. Bob, away at the last slot, fits his two meetings in a row.
    p = problem(
        slots=[{"id": f"s{i}", "session": "day"} for i in range(5)],
        participants=[
            {"id": "ann", "unavailable": ["s2"]},
            {"id": "bob", "unavailable": ["s4"]},
            {"id": "cat"},
            {"id": "dan"},
        ],
        meetings=pairs(("ann", "bob"), ("ann", "cat"), ("ann", "dan"), ("bob", "cat")),
    )

    assert forced_breaks(p, meeting_domains(p)) == {"ann": 1, "bob": 0, "cat": 0, "dan": 0}


def test_forced_breaks_stop_at_the_tries_limit_with_a_weaker_bound(monkeypatch):
    # With one run set tried per number of breaks, Ann's first run (s0-s2, across her
    # forbidden slot) fails and the answer stays at 0: weaker, never above the truth.
    monkeypatch.setattr(bounds, "TRIES", 1)
    p = problem(
        slots=[{"id": f"s{i}", "session": "day"} for i in range(5)],
        participants=[{"id": "ann", "unavailable": ["s2"]}, {"id": "bob"}, {"id": "cat"}],
        meetings=pairs(("ann", "bob"), ("ann", "cat"), ("ann", "bob")),
    )

    assert forced_breaks(p, meeting_domains(p)) == {"ann": 0, "bob": 0, "cat": 0}


@pytest.mark.parametrize(("across", "breaks"), [(False, 0), (True, 1)])
def test_forced_breaks_count_the_change_of_session_only_when_breaks_cross_sessions(across, breaks):
    # Ann can only meet at the first morning slot and the last afternoon slot.
    p = problem(
        participants=[{"id": "ann", "unavailable": ["a2", "p1"]}, {"id": "bob"}, {"id": "cat"}],
        meetings=pairs(("ann", "bob"), ("ann", "cat")),
        rules={"breaks_across_sessions": across},
    )

    assert forced_breaks(p, meeting_domains(p)) == {"ann": breaks, "bob": 0, "cat": 0}
