"""The SAT engine: exact on the literature's shape, honest when time runs out."""

from __future__ import annotations

import itertools
import json
import multiprocessing
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from pysat.card import CardEnc, EncType
from pysat.solvers import Solver

from paddock_solver import maxsat
from paddock_solver.check import check, objective_of
from paddock_solver.domains import meeting_domains
from paddock_solver.model import Meeting, Participant, Problem, Rules, Slot, Solution, Table
from paddock_solver.reasons import structural_reasons
from paddock_solver.solve import solve
from paddock_solver.tables import lay_out

from .builders import SRC, doc, pairs, problem
from .strategies import brute_force, literature_shape, problems

pytestmark = pytest.mark.unit


def _breaks(p: Problem, workers: int = 1) -> maxsat.Result:
    return maxsat.minimise(p, meeting_domains(p), deadline=time.monotonic() + 30, workers=workers)


@settings(
    max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(problems(max_meetings=3, max_slots=3).map(literature_shape))
def test_engine_matches_brute_force_on_tiny_problems(p):
    best = brute_force(p)

    if structural_reasons(p, meeting_domains(p)):
        assert best is None  # solve answers these before any search
        return
    result = _breaks(p)

    if best is None:
        assert result.status == "infeasible"
        return
    assert (result.status, result.breaks, result.low) == ("optimal", best.breaks, best.breaks)
    answer = solve(p, time_limit_s=30, seed=1, workers=1)
    assert check(p, answer) == []
    assert answer.objective.breaks == best.breaks
    assert answer.bound is not None
    assert answer.bound.breaks == best.breaks


VARIANTS = [
    maxsat._Variant(busy=True, span=True, zero_first=True),
    maxsat._Variant(busy=False),
    maxsat._Variant(busy=False, span=True),
    maxsat._Variant(busy=True),
]


def _alone(p: Problem, variant: maxsat._Variant) -> maxsat.Result:
    """One search variant by itself, as a child process like in `minimise`."""
    return maxsat._race(time.monotonic() + 30, p, meeting_domains(p), [variant], True)


@settings(
    max_examples=30, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(problems(max_meetings=4, max_slots=4).map(literature_shape))
def test_each_search_variant_alone_matches_brute_force(p):
    """The implied constraints (busy count, spans) and the 'no break at all?' first question
    cut no schedule: each variant alone finds the brute-force optimum."""
    dom = meeting_domains(p)
    if structural_reasons(p, dom):
        return
    best = brute_force(p)

    for variant in VARIANTS:
        result = _alone(p, variant)

        if best is None:
            assert result.status == "infeasible", variant
        else:
            assert (result.status, result.breaks) == ("optimal", best.breaks), variant


def test_each_search_variant_keeps_a_slot_within_its_tables_on_a_loose_problem():
    # Two tables, four slots, four meetings that could all be held in the first two slots:
    # capacity alone must spread them. With the busy count it is the only capacity stated.
    p = problem(
        slots=[{"id": f"s{i}", "session": "day"} for i in range(4)],
        participants=[{"id": f"p{i}", "unavailable": ["s2", "s3"]} for i in range(8)],
        meetings=pairs(("p0", "p1"), ("p2", "p3"), ("p4", "p5"), ("p6", "p7")),
        rules={"breaks_across_sessions": True},
    )
    assert not maxsat._tight(p)

    for variant in VARIANTS:
        result = _alone(p, variant)

        assert result.status == "optimal", variant
        assert result.placed is not None
        held = [slot for _, slot, _ in result.placed]
        assert sorted(held) == [0, 0, 1, 1], variant


def test_each_search_variant_lets_a_meeting_follow_its_predecessor_in_the_next_slot():
    # The precedence is stated from both ends; neither end may ask for more than one slot.
    p = problem(
        slots=[{"id": f"s{i}", "session": "day"} for i in range(3)],
        participants=[{"id": "ann", "unavailable": ["s2"]}, {"id": "bob"}, {"id": "cat"}],
        meetings=[
            {"id": "m1", "participants": ["ann", "bob"]},
            {"id": "m2", "participants": ["ann", "cat"], "after": ["m1"]},
        ],
    )
    for variant in VARIANTS:
        result = _alone(p, variant)

        assert result.status == "optimal", variant
        assert sorted(result.placed or []) == [("m1", 0, None), ("m2", 1, None)], variant


def _convention(seed: int, spread: int | None) -> Problem:
    """A literature-shaped convention: 14 people, 28 meetings, 8 slots, 4 tables."""
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    people = [f"p{i}" for i in range(14)]
    wanted = set()
    while len(wanted) < 28:
        a, b = rng.sample(people, 2)
        wanted.add((min(a, b), max(a, b)))
    slots = tuple(Slot(f"s{i}", "am" if i < 4 else "pm") for i in range(8))
    return Problem(
        name=f"conv-{seed}",
        slots=slots,
        tables=tuple(Table(f"T{i}") for i in range(4)),
        participants=tuple(
            Participant(p, unavailable=(rng.choice(slots).id,) if rng.random() < 0.6 else ())
            for p in people
        ),
        meetings=tuple(Meeting(f"m{i}", pair) for i, pair in enumerate(sorted(wanted))),
        rules=Rules(breaks_across_sessions=True, break_spread=spread),
    )


@pytest.mark.parametrize(("seed", "spread"), [(1, None), (2, 0), (4, 1), (5, 1)])
def test_engine_agrees_with_cpsat_on_small_conventions(seed, spread):
    p = _convention(seed, spread)
    result = _breaks(p, workers=2)  # two encodings side by side, reports combined
    # The CP-SAT path, reached because a previous schedule takes the problem out of the shape.
    cpsat = solve(replace(p, previous=()), time_limit_s=30, workers=1)

    if cpsat.status == "infeasible":
        assert result.status == "infeasible"
        return
    assert cpsat.bound is not None
    assert cpsat.bound.breaks == cpsat.objective.breaks  # CP-SAT proved its level 3
    assert (result.status, result.breaks) == ("optimal", cpsat.objective.breaks)


@pytest.mark.parametrize(("spread", "breaks"), [(0, 3), (1, 2)])
def test_spread_with_everyone_breakable_uses_a_shared_lower_count(spread, breaks):
    # Everyone has two meetings, so nobody is sure to have 0 breaks. bob's break is forced;
    # with spread 0, ann and cat must have one each too, which only m3 in s2 gives.
    slots = [{"id": f"s{i}", "session": "day"} for i in range(5)]
    p = problem(
        slots=slots,
        participants=[
            {"id": "ann"},
            {"id": "bob", "unavailable": ["s1", "s2", "s3"]},
            {"id": "cat"},
        ],
        meetings=[
            {"id": "m1", "participants": ["ann", "bob"], "fixed": {"slot": "s0"}},
            {"id": "m2", "participants": ["bob", "cat"], "fixed": {"slot": "s4"}},
            {"id": "m3", "participants": ["ann", "cat"]},
        ],
        rules={"breaks_across_sessions": True, "break_spread": spread},
    )

    result = _breaks(p)

    assert (result.status, result.breaks) == ("optimal", breaks)
    assert result.placed is not None
    if spread == 0:
        assert ("m3", 2, None) in result.placed


@pytest.mark.parametrize(("size", "most"), [(1, 0), (3, 2), (5, 4), (6, 2), (7, 4), (6, 6)])
def test_even_busy_count_allows_exactly_the_even_counts_up_to_its_bound(size, most):
    cnf = maxsat._Cnf()
    lits = [cnf.new() for _ in range(size)]

    maxsat._even_count(cnf, lits, most)

    with Solver(name=maxsat.SOLVER, bootstrap_with=cnf.clauses) as sat:
        for chosen in itertools.product([False, True], repeat=size):
            given = [v if on else -v for v, on in zip(lits, chosen, strict=True)]
            count = sum(chosen)
            assert sat.solve(assumptions=given) == (count % 2 == 0 and count <= most), chosen


@pytest.mark.parametrize("size", [6, 7, 12, 40])
def test_at_most_one_is_pysats_sequential_counter_clause_for_clause(size):
    """Written by hand for speed, but the same clauses and numbering: a renumbered CNF moves a
    search like a new seed (docs/solver.md)."""
    cnf = maxsat._Cnf()
    lits = [cnf.new() for _ in range(size)]
    cnf.new()  # a variable above the literals, as in an encoding

    cnf.at_most_one(lits)

    pysat = CardEnc.atmost(lits=lits, bound=1, top_id=size + 1, encoding=EncType.seqcounter)
    assert (cnf.clauses, cnf.top) == (pysat.clauses, pysat.nv)


def test_a_search_loaded_by_the_engine_runs_as_one_loaded_by_pysat():
    """The same clauses in the same order: the same search, conflict for conflict."""
    p = _convention(2, 2)
    enc = maxsat.encode(p, meeting_domains(p), busy=True, span=True)
    first, rest = enc.cnf.clauses[:100], enc.cnf.clauses[100:]

    with (
        maxsat.loaded(first, iter(rest)) as ours,
        Solver(name=maxsat.SOLVER, bootstrap_with=enc.cnf.clauses) as theirs,
    ):
        answers = [sat.solve(assumptions=[-b for b in enc.breaks]) for sat in (ours, theirs)]
        runs = [
            (sat.accum_stats()["conflicts"], sat.get_core() or sat.get_model())
            for sat in (ours, theirs)
        ]

    assert answers[0] == answers[1]
    assert runs[0] == runs[1]


def test_small_conventions_are_tight_enough_for_the_even_busy_count():
    # 28 meetings in 8 slots of 4 tables: the tests above run the even count, not the bound only.
    assert maxsat._tight(_convention(1, None))


def test_engine_applies_only_to_the_literature_shape():
    assert not maxsat.applies(problem())  # an optional meeting
    shaped = problem(meetings=pairs(("ann", "bob"), ("bob", "cat")))
    assert maxsat.applies(shaped)
    homed = problem(
        participants=[{"id": "ann", "home_table": "T1"}, {"id": "bob"}, {"id": "cat"}],
        meetings=pairs(("ann", "bob")),
    )
    assert not maxsat.applies(homed)


def test_past_deadline_gives_unknown_and_solve_still_answers():
    p = _convention(5, 2)

    result = maxsat.minimise(p, meeting_domains(p), deadline=time.monotonic())

    assert (result.status, result.placed) == ("unknown", None)
    answer = solve(p, time_limit_s=0.3, seed=1, workers=1)
    assert answer.status in ("optimal", "feasible", "unknown")
    if answer.status != "unknown":
        assert check(p, answer) == []


def test_reports_of_two_searches_combine_into_a_proof():
    # One search proved "at least 3 breaks", the other found a schedule with 3: optimal.
    bound = maxsat.Result("unknown", low=3)
    found = maxsat.Result("unknown", [("m1", 0, None)], 3, low=1)

    combined = maxsat._merge(maxsat._merge(maxsat.Result("unknown"), bound), found)

    assert (combined.status, combined.breaks, combined.low) == ("optimal", 3, 3)
    assert maxsat._merge(bound, maxsat.Result("infeasible")).status == "infeasible"


def test_first_question_answers_when_only_the_forced_breaks_are_left():
    # Ann cannot meet at the middle slot, so her three meetings force one break; a schedule
    # with that break alone exists, and the first question finds it: optimal at once, before
    # any core (which would first report a bound of 1 without a schedule).
    p = problem(
        slots=[{"id": f"s{i}", "session": "day"} for i in range(5)],
        participants=[{"id": "ann", "unavailable": ["s2"]}, {"id": "bob"}, {"id": "cat"}],
        meetings=pairs(("ann", "bob"), ("ann", "cat"), ("bob", "cat"), ("ann", "cat")),
    )
    reports: list[maxsat.Result] = []
    variant = maxsat._Variant(busy=True, span=True, zero_first=True)

    maxsat._search(p, meeting_domains(p), variant, True, report=reports.append)

    assert [(r.status, r.breaks, r.low) for r in reports] == [("optimal", 1, 1)]
    placed = reports[0].placed or []
    schedule = Solution(p.name, "feasible", tuple(lay_out(p, placed)), ())
    assert [v.rule for v in check(p, schedule)] == ["objective"]  # valid, objective left empty


def test_a_search_for_any_schedule_stops_at_the_first_one():
    # `feasible` (why a problem with break rules has no schedule: do the meetings fit without
    # them?) needs one schedule, not the fewest breaks: a search that went on bottom up spent
    # seconds there, and past its deadline the answer "unknown" read as "they do not fit".
    p = problem(
        slots=[{"id": f"s{i}", "session": "day"} for i in range(5)],
        participants=[{"id": "ann", "unavailable": ["s2"]}, {"id": "bob"}, {"id": "cat"}],
        meetings=pairs(("ann", "bob"), ("ann", "cat"), ("bob", "cat"), ("ann", "cat")),
    )
    reports: list[maxsat.Result] = []

    maxsat._search(p, meeting_domains(p), maxsat._Variant(None), False, report=reports.append)

    assert [r.status for r in reports] == ["feasible"]
    placed = reports[0].placed or []
    schedule = Solution(p.name, "feasible", tuple(lay_out(p, placed)), ())
    assert [v.rule for v in check(p, schedule)] == ["objective"]  # valid, objective left empty
    assert maxsat.feasible(p, meeting_domains(p), deadline=time.monotonic() + 30) is True


def test_forced_first_leaves_the_numbering_of_the_search_as_it_was():
    # Ann's forced break is "at most 1 of her break literals", a counter with variables of its
    # own; the search after a no must be numbered as without the question.
    p = problem(
        slots=[{"id": f"s{i}", "session": "day"} for i in range(7)],
        participants=[{"id": "ann", "unavailable": ["s3"]}, {"id": "bob"}, {"id": "cat"}],
        meetings=pairs(("ann", "bob"), ("ann", "cat"), ("ann", "bob"), ("ann", "cat")),
    )
    dom = meeting_domains(p)
    enc = maxsat.encode(p, dom, busy=True, span=True)
    top = enc.cnf.top

    first = maxsat.forced_first(enc, {"ann": 1})

    assert enc.cnf.top == top
    assert max(abs(lit) for clause in first for lit in clause) > top  # the counter's own


def test_search_rules_out_slots_outside_every_window_of_a_participant_without_a_break():
    # Bob meets only in the first three slots and Dan only in the last three, so Ann's three
    # meetings fit with no break only in s1-s3 or s2-s4: without a break she cannot meet at s0
    # or s5, which the span alone (slots three apart) does not say.
    p = problem(
        slots=[{"id": f"s{i}", "session": "day"} for i in range(6)],
        participants=[
            {"id": "ann"},
            {"id": "bob", "unavailable": ["s3", "s4", "s5"]},
            {"id": "cat"},
            {"id": "dan", "unavailable": ["s0", "s1", "s2"]},
        ],
        meetings=pairs(("ann", "bob"), ("ann", "cat"), ("ann", "dan")),
        rules={"breaks_across_sessions": True, "break_spread": None, "max_breaks": None},
    )
    dom = meeting_domains(p)
    enc = maxsat.encode(p, dom, busy=True, span=True)
    no_break = [-b for b in enc.per_person["ann"]]

    ruled_out = {}
    for question, clauses in [("search", enc.cnf.clauses), ("first", maxsat.first_question(enc))]:
        with Solver(name=maxsat.SOLVER, bootstrap_with=clauses) as sat:
            _, implied = sat.propagate(assumptions=no_break)
        ruled_out[question] = sorted((m, s) for (m, s), v in enc.x.items() if -v in implied)

    # The first question ("only the forced breaks?") goes without them (docs/solver.md).
    assert ruled_out == {"search": [("m1", 0), ("m2", 0), ("m2", 5), ("m3", 5)], "first": []}


def test_engine_alone_refuses_more_required_meetings_than_max_meetings():
    p = problem(
        participants=[{"id": "ann", "max_meetings": 1}, {"id": "bob"}, {"id": "cat"}],
        meetings=pairs(("ann", "bob"), ("ann", "cat")),
    )

    assert _breaks(p).status == "infeasible"


# A solve whose searches never answer (each one sleeps), run in its own process.
_STUCK_SOLVE = """
import json, sys, time
from paddock_solver import maxsat
from paddock_solver.domains import meeting_domains
from paddock_solver.io import parse_problem

maxsat._search = lambda *args, **kwargs: time.sleep(120)
p = parse_problem(json.loads(sys.argv[1]))
maxsat.minimise(p, meeting_domains(p), deadline=time.monotonic() + 120, workers=2)
"""


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in path.read_text().split()] if path.exists() else []


def _until(condition: Callable[[], bool], seconds: float) -> bool:
    """Whether `condition` became true within `seconds`, polled every 50 ms."""
    end = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > end:
            return False
        time.sleep(0.05)
    return True


def _gone(pid: int) -> bool:
    stat = Path(f"/proc/{pid}/stat")
    try:
        return stat.read_text().rsplit(")", 1)[1].split()[0] == "Z"  # ended, not yet reaped
    except FileNotFoundError:
        return True


@pytest.mark.skipif(
    not Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").exists(),
    reason="needs Linux's /proc children lists",
)
def test_searches_end_when_their_solve_is_killed_from_outside():
    """A task runner's SIGKILL on the solve must not leave its searches running for minutes."""
    document = json.dumps(doc(meetings=pairs(("ann", "bob"), ("ann", "cat"))))
    solve_process = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
        [sys.executable, "-c", _STUCK_SOLVE, document], env={"PYTHONPATH": SRC}
    )
    try:
        # Imports and forks can be slow on a loaded machine.
        assert _until(lambda: len(_children(solve_process.pid)) == 2, seconds=30)
        searches = _children(solve_process.pid)

        solve_process.kill()
        solve_process.wait(timeout=10)

        assert _until(lambda: all(_gone(pid) for pid in searches), seconds=10)
    finally:
        solve_process.kill()


def _reporting(*reports: tuple[float, maxsat.Result]):
    """A stand-in search that sends each report after its delay, then never answers."""

    def search(*args, report, **kwargs):
        for delay, result in reports:
            time.sleep(delay)
            report(result)
        time.sleep(120)

    return search


def test_searches_with_a_schedule_go_on_past_the_bare_deadline(monkeypatch):
    p = problem(meetings=pairs(("ann", "bob")))
    first = maxsat.Result("unknown", [("m1", 0, None)], breaks=3, low=1)
    better = maxsat.Result("unknown", [("m1", 1, None)], breaks=2, low=2)
    monkeypatch.setattr(maxsat, "_search", _reporting((0.0, first), (1.0, better)))
    now = time.monotonic()

    result = maxsat.minimise(
        p, meeting_domains(p), deadline=now + 30, workers=1, bare_deadline=now + 0.5
    )

    assert (result.status, result.placed, result.breaks) == ("optimal", [("m1", 1, None)], 2)


def test_searches_without_a_schedule_stop_at_the_bare_deadline(monkeypatch):
    p = problem(meetings=pairs(("ann", "bob")))
    monkeypatch.setattr(maxsat, "_search", _reporting((0.0, maxsat.Result("unknown", low=1))))
    now = time.monotonic()

    result = maxsat.minimise(
        p, meeting_domains(p), deadline=now + 60, workers=1, bare_deadline=now + 0.5
    )

    assert time.monotonic() - now < 30  # well before the deadline: the caller has time left
    assert (result.status, result.placed, result.low) == ("unknown", None, 1)


def _twin_reports(
    p: Problem, variant: maxsat._Variant, other: tuple[int, bool] | None = None
) -> tuple[list, list]:
    """One search racing another that reported `other` (its bound, whether it has a schedule)
    or nothing: the reports of the search and of its twin, in order."""
    ctx = multiprocessing.get_context("fork")
    links = maxsat._TwinLinks.open(ctx)
    if other is not None:
        links.ask.send(other)
    leader: list = []
    maxsat._search(p, meeting_domains(p), variant, True, report=leader.append, twin=links)
    links.report.close()  # the twin holds its own copy: the pipe ends when the twin does
    twin = []
    while links.reports.poll(30):
        try:
            twin.append(links.reports.recv())
        except EOFError:
            break
    return leader, twin


@pytest.mark.parametrize(("seed", "spread"), [(1, None), (3, 1), (3, 2), (7, 2), (8, None)])
def test_twin_of_a_search_finds_the_same_optimum_with_a_valid_schedule(seed, spread):
    """The twin (a fork of the leading search, in CaDiCaL's stable mode) keeps every optimum.

    On seed 3 the search refutes a question after forking its twin, and replaces it with a
    fresh one at the next question."""
    p = _convention(seed, spread)
    optimum = _alone(p, maxsat._Variant(busy=None))
    assert optimum.status == "optimal"

    for variant in (maxsat._Variant(busy=None), maxsat._Variant(busy=True, span=True)):
        leader, twin = _twin_reports(p, variant)

        assert maxsat.TWINNED in leader, variant  # its bound (2 or 3) is above the other's 0
        assert (leader[-1].status, leader[-1].breaks) == ("optimal", optimum.breaks), variant
        assert (twin[-1].status, twin[-1].breaks) == ("optimal", optimum.breaks), variant
        assert twin[-1].low == optimum.breaks, variant  # the bound it proved, not its first
        # A twin reports a refuted question as a bound alone, a message written whole before
        # its leader may stop it.
        assert all(r.placed is None for r in twin if r.status == "unknown"), variant
        assert all(r.low <= optimum.breaks for r in twin), variant
        assignments = lay_out(p, twin[-1].placed)
        answer = Solution(
            p.name, "optimal", tuple(assignments), objective=objective_of(p, assignments)
        )
        assert check(p, answer) == []
        assert answer.objective.breaks == optimum.breaks


@pytest.mark.parametrize(
    "other",
    [
        (2, True),  # the other has a schedule and the same bound
        (0, False),  # the other is in its disjoint cores (no schedule yet), whatever its bound
    ],
)
def test_search_forks_no_twin_unless_the_other_lags_with_a_schedule_or_in_silence(other):
    p = _convention(1, None)  # optimum 2, proven by the disjoint cores

    leader, twin = _twin_reports(p, maxsat._Variant(busy=None), other=other)

    assert maxsat.TWINNED not in leader
    assert twin == []
    assert (leader[-1].status, leader[-1].breaks) == ("optimal", 2)


@pytest.mark.parametrize("standby", [True, False])
def test_search_forks_its_twin_standing_by_only_where_the_kernel_kills_it_with_the_search(
    monkeypatch, standby
):
    """Until the other search lags, the twin waits stopped, which only Linux can clean up
    after a killed solve (PR_SET_PDEATHSIG); a stopped twin is stopped for good at the end."""
    monkeypatch.setattr(maxsat, "STANDBY", standby)
    p = _convention(3, 1)  # the search refutes a question after its first bottom-up one

    leader, twin = _twin_reports(p, maxsat._Variant(busy=None), other=(0, False))

    standing = [r for r in leader if isinstance(r, maxsat.Standby)]
    assert (len(standing) >= 1, maxsat.TWINNED in leader, twin) == (standby, False, [])
    assert (leader[-1].status, leader[-1].breaks) == ("optimal", 2)


def _leading(*reports: maxsat.Result, answer: maxsat.Result):
    """Stand-in searches: the one with the busy count reports, forks a twin that answers; the
    other reports nothing and never answers."""

    def search(problem, dom, variant, optimise, *, report, twin=None):
        if not variant.busy:
            time.sleep(120)
        for result in reports:
            report(result)
        report(maxsat.TWINNED)
        if twin is not None:
            twin.report.send(answer)
        time.sleep(120)

    return search


def _standing_by(found: maxsat.Result, *, other: maxsat.Result, answer: maxsat.Result):
    """Stand-in searches: the one with the busy count reports `found`, forks a stopped twin
    that sends `answer` once resumed, and stays in a long question; the other reports `other`
    half a second later and never answers."""

    def search(problem, dom, variant, optimise, *, report, twin=None):
        if not variant.busy:
            time.sleep(0.5)
            report(other)
            time.sleep(120)
        report(found)
        leader = os.getpid()
        pid = os.fork()
        if pid == 0:
            maxsat._die_with(leader)
            os.kill(os.getpid(), signal.SIGSTOP)
            twin.report.send(answer)
            os._exit(0)
        os.waitpid(pid, os.WUNTRACED)
        report(maxsat.Standby(pid))
        time.sleep(120)  # its question outlasts the test

    return search


def _race_with_a_twin_standing_by(monkeypatch, *, other_low: int, seconds: float):
    """Two stand-in searches (`_standing_by`): the leader proved 2 and stands its twin by; the
    other reports a schedule with bound `other_low`. The race's answer and how long it took."""
    p = problem(meetings=pairs(("ann", "bob")))
    found = maxsat.Result("unknown", [("m1", 0, None)], breaks=4, low=2)
    other = maxsat.Result("unknown", [("m1", 2, None)], breaks=5, low=other_low)
    answer = maxsat.Result("optimal", [("m1", 1, None)], breaks=2, low=2)
    monkeypatch.setattr(maxsat, "_search", _standing_by(found, other=other, answer=answer))
    now = time.monotonic()
    result = maxsat.minimise(p, meeting_domains(p), deadline=now + seconds, workers=2)
    return result, time.monotonic() - now


def test_twin_standing_by_runs_once_the_other_search_lags_with_a_schedule(monkeypatch):
    """A search in a long question cannot fork its twin; the one it forked standing by runs
    as soon as the other search proves less with a schedule, and its answer ends the race."""
    result, took = _race_with_a_twin_standing_by(monkeypatch, other_low=1, seconds=60)

    assert took < 30  # the twin answered; nobody waited for the deadline
    assert (result.status, result.placed, result.breaks) == ("optimal", [("m1", 1, None)], 2)


def test_twin_standing_by_stays_stopped_while_the_other_search_proves_as_much(monkeypatch):
    result, _took = _race_with_a_twin_standing_by(monkeypatch, other_low=2, seconds=3)

    assert (result.status, result.placed, result.breaks, result.low) == (
        "unknown",
        [("m1", 0, None)],
        4,
        2,
    )


def test_a_twin_killed_in_the_middle_of_a_report_never_tears_the_twins_pipe():
    """A leader kills its twin at each new question without waiting for it to end. A twin
    caught writing a report (a schedule larger than the pipe holds, so written in pieces as
    the parent reads) is killed only once the report is whole, and a fresh twin's report
    follows it, never inside it: the parent reads every report whole, in one stream."""
    ctx = multiprocessing.get_context("fork")
    reports, report = ctx.Pipe(duplex=False)
    lock = maxsat._ReportLock()
    schedule = [(f"m{i}", i % 9, None) for i in range(20_000)]  # about 300 KB pickled
    whole = maxsat.Result("optimal", schedule, breaks=3, low=3)
    fresh = maxsat.Result("unknown", low=4)

    def twin(result: maxsat.Result, *, searching: float) -> int:
        pid = os.fork()
        if pid == 0:
            try:
                maxsat._tell(report, lock, result)
                time.sleep(searching)  # its next question
            finally:
                os._exit(0)
        return pid

    old = twin(whole, searching=60)  # still searching when its leader moves on
    assert reports.poll(30)  # the old twin is in the middle of its report: the pipe is full
    # The leader moves on while nobody reads: it kills the old twin, in a thread, as soon as
    # that is safe (here not before the parent reads), and forks the fresh twin.
    leader = threading.Thread(target=maxsat._stop_twin, args=(old, lock))
    leader.start()
    leader.join(0.5)
    new = twin(fresh, searching=0)
    report.close()  # the twins hold their own copies: the stream ends when both are gone

    heard = []
    while reports.poll(30):
        try:
            heard.append(reports.recv())
        except EOFError:
            break
    leader.join(30)

    assert heard == [whole, fresh]
    _pid, status = os.waitpid(old, 0)
    assert os.waitstatus_to_exitcode(status) == -signal.SIGKILL
    os.waitpid(new, 0)


def test_search_behind_the_others_bound_is_stopped_and_the_twin_heard(monkeypatch):
    p = problem(meetings=pairs(("ann", "bob")))
    found = maxsat.Result("unknown", [("m1", 0, None)], breaks=3, low=2)
    answer = maxsat.Result("optimal", [("m1", 1, None)], breaks=2, low=2)
    monkeypatch.setattr(maxsat, "_search", _leading(found, answer=answer))
    now = time.monotonic()

    result = maxsat.minimise(p, meeting_domains(p), deadline=now + 60, workers=2)

    assert time.monotonic() - now < 30  # the twin answered; nobody waited for the deadline
    assert (result.status, result.placed, result.breaks, result.low) == (
        "optimal",
        [("m1", 1, None)],
        2,
        2,
    )
