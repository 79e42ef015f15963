"""The checker's version 2 rules (docs/format-v2.md): seats, overlaps, bookings, interpreters.

Plain Python like ``check.py``: it judges the solver's answers, so it shares nothing with it but
the helpers of ``activities.py`` that say who needs an interpreter and when sessions clash.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from itertools import combinations

from paddock_solver.activities import (
    can_interpret,
    clash,
    interpreter_slots,
    needs_interpreter,
    session_slots,
)
from paddock_solver.model import Assignment, Problem, Solution, Violation, Visit


def check_version2(
    problem: Problem, solution: Solution, good: Sequence[Assignment], out: list[Violation]
) -> None:
    if problem.version == 2 and solution.version != 2:
        out.append(_v("format", "a version 2 problem needs a version 2 solution"))
    visits = _check_visits(problem, solution, out)
    _check_seats(problem, visits, out)
    _check_overlaps(problem, visits, good, out)
    _check_interpreters(problem, solution, good, out)


def _v(rule: str, message: str) -> Violation:
    return Violation(rule, message)


def _check_visits(problem: Problem, solution: Solution, out: list[Violation]) -> list[Visit]:
    good: list[Visit] = []
    seen: set[str] = set()
    for v in solution.visits:
        wish = problem.wish_by_id.get(v.wish)
        if wish is None or v.session not in problem.session_by_id:
            what = "wish" if wish is None else "session"
            out.append(_v("unknown-id", f"visit of {v.wish}: unknown {what}"))
            continue
        if v.wish in seen:
            out.append(_v("wish", f"{v.wish} has more than one session"))
            continue
        seen.add(v.wish)
        if problem.activity_of[v.session] != wish.activity:
            out.append(_v("wish", f"{v.wish} wants {wish.activity}, not session {v.session}"))
        elif wish.sessions is not None and v.session not in wish.sessions:
            out.append(_v("wish", f"{v.wish} is in {v.session}, not one of its sessions"))
        else:
            good.append(v)
    listed = set(solution.unplaced_wishes)
    for w in sorted(seen & listed):
        out.append(_v("unplaced_wishes", f"{w} is both visited and listed as unplaced"))
    missing = [w.id for w in problem.wishes if w.id not in seen and w.id not in listed]
    if missing:
        out.append(_v("unplaced_wishes", f"neither visited nor unplaced: {', '.join(missing)}"))
    placed = {v.wish: v.session for v in good}
    for b in problem.bookings:
        if b.wish is not None and placed.get(b.wish) != b.session:
            out.append(_v("booking", f"{b.wish} is booked in {b.session} and must stay there"))
    return good


def _held(problem: Problem, visits: Sequence[Visit]) -> set[tuple[str, str]]:
    """(participant, session) of every seat taken: bookings and visits (a booked wish once)."""
    held = {(b.participant, b.session) for b in problem.bookings}
    held |= {(problem.wish_by_id[v.wish].participant, v.session) for v in visits}
    return held


def _check_seats(problem: Problem, visits: Sequence[Visit], out: list[Violation]) -> None:
    booked = {b.wish for b in problem.bookings}
    places = Counter((b.participant, b.session) for b in problem.bookings)
    places.update(
        (problem.wish_by_id[v.wish].participant, v.session) for v in visits if v.wish not in booked
    )
    for (p, s), n in sorted(places.items()):
        if n > 1:
            out.append(_v("overlap", f"{p} holds {n} seats in session {s}"))
    taken = Counter(s for _, s in _held(problem, visits))
    for s, n in sorted(taken.items()):
        if n > (seats := problem.session_by_id[s].seats):
            out.append(_v("seats", f"session {s} has {n} people, {seats} seats"))


def _check_overlaps(
    problem: Problem, visits: Sequence[Visit], good: Sequence[Assignment], out: list[Violation]
) -> None:
    sessions: dict[str, list[str]] = defaultdict(list)
    for p, s in sorted(_held(problem, visits)):
        sessions[p].append(s)
    meets: dict[str, dict[int, str]] = defaultdict(dict)
    for a in good:
        for p in problem.meeting_by_id[a.meeting].participants:
            meets[p][problem.slot_index[a.slot]] = a.meeting
    for p, mine in sessions.items():
        for one, two in combinations(mine, 2):
            if clash(problem, one, two):
                out.append(_v("overlap", f"{p} is in sessions {one} and {two} at once"))
        for s in mine:
            for k in sorted(session_slots(problem, s) & meets[p].keys()):
                m, slot = meets[p][k], problem.slots[k].id
                out.append(_v("overlap", f"{p} is in session {s} and meeting {m} in {slot}"))


def _check_interpreters(
    problem: Problem, solution: Solution, good: Sequence[Assignment], out: list[Violation]
) -> None:
    slot_of = {a.meeting: problem.slot_index[a.slot] for a in good}
    given: dict[str, str] = {}
    busy: Counter[tuple[str, int]] = Counter()
    for e in solution.interpreting:
        m = problem.meeting_by_id.get(e.meeting)
        if m is None or e.interpreter not in problem.interpreter_by_id:
            out.append(_v("unknown-id", f"interpreter {e.interpreter} of {e.meeting}: unknown"))
            continue
        if e.meeting in given:
            out.append(_v("interpreter", f"{e.meeting} has more than one interpreter"))
            continue
        given[e.meeting] = e.interpreter
        if e.meeting not in slot_of or not needs_interpreter(problem, m):
            why = "is not scheduled" if e.meeting not in slot_of else "needs no interpreter"
            out.append(_v("interpreter", f"{e.meeting} {why} but has {e.interpreter}"))
            continue
        if not can_interpret(problem, e.interpreter, m):
            out.append(
                _v("interpreter", f"{e.interpreter} speaks no language of {e.meeting}'s side")
            )
        s = slot_of[e.meeting]
        if s not in interpreter_slots(problem, e.interpreter):
            slot = problem.slots[s].id
            out.append(_v("interpreter", f"{e.interpreter} is not available in {slot}"))
        busy[e.interpreter, s] += 1
    for (i, s), n in sorted(busy.items()):
        if n > 1:
            out.append(_v("interpreter", f"{i} has {n} meetings in {problem.slots[s].id}"))
    for a in good:
        m = problem.meeting_by_id[a.meeting]
        if a.meeting not in given and needs_interpreter(problem, m):
            out.append(_v("interpreter", f"{a.meeting} needs an interpreter and has none"))
