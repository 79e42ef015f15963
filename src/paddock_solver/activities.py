"""Version 2 helpers shared by the checker, the greedy baseline and the solver (no CP-SAT).

When two sessions clash, who needs an interpreter and who may interpret, which slots a
participant's held seats take.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from itertools import combinations

from paddock_solver.model import Meeting, Problem, Session


def session_slots(problem: Problem, session: str) -> set[int]:
    return {problem.slot_index[s] for s in problem.session_by_id[session].slots}


def _times(s: Session) -> tuple[datetime, datetime] | None:
    if s.start is None or s.end is None:
        return None
    try:
        return datetime.fromisoformat(s.start), datetime.fromisoformat(s.end)
    except ValueError:
        return None


def clash(problem: Problem, a: str, b: str) -> bool:
    """Two sessions one person cannot both join: a shared slot, or overlapping times."""
    sa, sb = problem.session_by_id[a], problem.session_by_id[b]
    if set(sa.slots) & set(sb.slots):
        return True
    ta, tb = _times(sa), _times(sb)
    if ta is None or tb is None:
        return False
    try:
        return ta[0] < tb[1] and tb[0] < ta[1]
    except TypeError:  # one time with an offset, the other without: compare nothing
        return False


def needs_interpreter(problem: Problem, m: Meeting) -> bool:
    """Some two participants of the meeting, both with languages, share none."""
    langs = [set(problem.participant_by_id[p].languages) for p in m.participants]
    return any(a and b and not a & b for a, b in combinations(langs, 2))


def can_interpret(problem: Problem, interpreter: str, m: Meeting) -> bool:
    """The interpreter speaks a language of every participant who has languages."""
    spoken = set(problem.interpreter_by_id[interpreter].languages)
    for p in m.participants:
        langs = set(problem.participant_by_id[p].languages)
        if langs and not langs & spoken:
            return False
    return True


def qualified(problem: Problem, m: Meeting) -> list[str]:
    """Interpreters who can interpret the meeting, in problem order."""
    return [i.id for i in problem.interpreters if can_interpret(problem, i.id, m)]


def interpreter_slots(problem: Problem, interpreter: str) -> set[int]:
    available = problem.interpreter_by_id[interpreter].available
    if available is None:
        return set(range(len(problem.slots)))
    return {problem.slot_index[s] for s in available}


def interpreted(problem: Problem) -> list[Meeting]:
    return [m for m in problem.meetings if needs_interpreter(problem, m)]


def held_slots(problem: Problem, sessions: Iterable[tuple[str, str]]) -> dict[str, set[int]]:
    """Slots each participant spends in sessions, from (participant, session) pairs."""
    out: dict[str, set[int]] = {p.id: set() for p in problem.participants}
    for p, s in sessions:
        out[p] |= session_slots(problem, s)
    return out


def booked_seats(problem: Problem) -> list[tuple[str, str]]:
    """(participant, session) of every fixed booking."""
    return [(b.participant, b.session) for b in problem.bookings]
