"""Version 2 without CP-SAT: first-come-first-served visits, interpreters given to meetings in
advance, and the version 1 problem that is left once visits and interpreters are chosen.

A chosen visit makes its participant unavailable for the slots it takes (travel included, as the
problem gives them); a meeting given interpreter i uses the resource ``interpreter:i`` (capacity
1) and only the slots where i is available. The version 1 engines then place the meetings.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace

from paddock_solver.activities import (
    clash,
    interpreted,
    interpreter_slots,
    qualified,
    session_slots,
)
from paddock_solver.check import check
from paddock_solver.domains import allowed_slots
from paddock_solver.greedy import greedy_assignments
from paddock_solver.model import (
    Assignment,
    Booking,
    Interpreting,
    Meeting,
    Objective,
    Problem,
    Resource,
    Solution,
    Status,
    Visit,
)
from paddock_solver.results import empty_solution, solution_from
from paddock_solver.sentences import sentence

PREFIX = "interpreter:"


class Seats:
    """Seats left per session and the sessions each participant holds, as visits are added."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.taken: Counter[str] = Counter()
        self.held: dict[str, list[str]] = defaultdict(list)
        for b in problem.bookings:
            self.taken[b.session] += 1
            self.held[b.participant].append(b.session)

    def fits(self, participant: str, session: str, busy: set[int] | None = None) -> bool:
        if self.taken[session] >= self.problem.session_by_id[session].seats:
            return False
        if busy and busy & session_slots(self.problem, session):
            return False
        held = self.held[participant]
        return not any(s == session or clash(self.problem, session, s) for s in held)

    def add(self, participant: str, session: str) -> None:
        self.taken[session] += 1
        self.held[participant].append(session)


def booked_visits(problem: Problem) -> list[Visit]:
    return [Visit(b.wish, b.session) for b in problem.bookings if b.wish is not None]


def wish_sessions(problem: Problem, wish: str) -> list[str]:
    w = problem.wish_by_id[wish]
    act = next(a for a in problem.activities if a.id == w.activity)
    return [s.id for s in act.sessions if w.sessions is None or s.id in w.sessions]


def fcfs_visits(problem: Problem) -> list[Visit]:
    """Wishes in file order, each in the first session of its activity with a seat left that
    spares the participant's required meetings (`Guard`)."""
    seats = Seats(problem)
    guard = Guard(problem)
    out = booked_visits(problem)
    done = {v.wish for v in out}
    for w in problem.wishes:
        if w.id in done:
            continue
        for s in wish_sessions(problem, w.id):
            if seats.fits(w.participant, s) and guard.spares(w.participant, s):
                seats.add(w.participant, s)
                guard.add(w.participant, s)
                out.append(Visit(w.id, s))
                break
    return out


class Guard:
    """Keeps, for every required meeting, a slot where it may go and its participants hold no
    session, and for every participant as many free slots as required meetings."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.taken: dict[str, set[int]] = defaultdict(set)
        for b in problem.bookings:
            self.taken[b.participant] |= session_slots(problem, b.session)
        self.allowed = {
            m.id: set(allowed_slots(problem, m)) for m in problem.meetings if m.required
        }

    def spares(self, participant: str, session: str) -> bool:
        more = self.taken[participant] | session_slots(self.problem, session)
        mine = [m for m in self.problem.meetings_of[participant] if m.id in self.allowed]
        if len(self.problem.slots) - len(more) < len(mine):
            return False
        for m in mine:
            busy = set(more)
            for p in m.participants:
                if p != participant:
                    busy |= self.taken[p]
            if not self.allowed[m.id] - busy:
                return False
        return True

    def add(self, participant: str, session: str) -> None:
        self.taken[participant] |= session_slots(self.problem, session)


def top_up(problem: Problem, visits: list[Visit], assignments: Sequence[Assignment]) -> list[Visit]:
    """Unplaced wishes added where a seat is left and the participant is free, heaviest first."""
    busy: dict[str, set[int]] = defaultdict(set)
    for a in assignments:
        for p in problem.meeting_by_id[a.meeting].participants:
            busy[p].add(problem.slot_index[a.slot])
    seats = Seats(problem)
    booked = {(b.participant, b.session) for b in problem.bookings}
    for v in visits:
        p = problem.wish_by_id[v.wish].participant
        if (p, v.session) not in booked:
            seats.add(p, v.session)
    out = list(visits)
    done = {v.wish for v in visits}
    for w in sorted(problem.wishes, key=lambda w: -w.weight):
        if w.id in done:
            continue
        for s in wish_sessions(problem, w.id):
            if seats.fits(w.participant, s, busy[w.participant]):
                seats.add(w.participant, s)
                out.append(Visit(w.id, s))
                break
    return out


def assign_interpreters(problem: Problem) -> tuple[dict[str, str], list[str]]:
    """An interpreter for each meeting that needs one, spreading the load over the available
    slots (most constrained meetings first); and the meetings nobody can interpret (nobody
    speaks a language of each side, or is available in a slot the meeting may use)."""
    load: Counter[str] = Counter()
    room = {i.id: len(interpreter_slots(problem, i.id)) for i in problem.interpreters}
    chosen: dict[str, str] = {}
    nobody: list[str] = []
    booked = reduced(problem, [], {}, ())  # a booked session's slots are no use either
    needing = [(m, qualified(problem, m)) for m in interpreted(problem)]
    for m, who in sorted(needing, key=lambda x: len(x[1])):
        allowed = set(allowed_slots(booked, booked.meeting_by_id[m.id]))
        usable = [i for i in who if interpreter_slots(problem, i) & allowed]
        if not usable:
            nobody.append(m.id)
            continue
        best = min(usable, key=lambda i: ((load[i] + 1) / room[i], i))
        load[best] += 1
        chosen[m.id] = best
    return chosen, sorted(
        nobody, key=lambda mid: problem.meetings.index(problem.meeting_by_id[mid])
    )


def total_weight(problem: Problem, nobody: Sequence[str]) -> int:
    """Every meeting someone can interpret and every wish: a bound on level 1."""
    meetings = sum(m.weight for m in problem.meetings if m.id not in nobody)
    return meetings + sum(w.weight for w in problem.wishes)


def no_interpreter_reason(problem: Problem, mid: str) -> str:
    m = problem.meeting_by_id[mid]
    sides = tuple((p, tuple(problem.participant_by_id[p].languages)) for p in m.participants)
    code = "no_interpreter_free" if qualified(problem, m) else "no_interpreter"
    return sentence(code, meeting=mid, sides=sides)


def reduced(
    problem: Problem, visits: Iterable[Visit], chosen: dict[str, str], nobody: Sequence[str]
) -> Problem:
    """The version 1 problem left once visits and interpreters are chosen."""
    taken: dict[str, set[int]] = defaultdict(set)
    for b in problem.bookings:
        taken[b.participant] |= session_slots(problem, b.session)
    for v in visits:
        taken[problem.wish_by_id[v.wish].participant] |= session_slots(problem, v.session)
    participants = tuple(
        replace(
            q,
            unavailable=tuple(
                s.id
                for k, s in enumerate(problem.slots)
                if k in taken[q.id] or s.id in q.unavailable
            ),
        )
        for q in problem.participants
    )
    meetings = tuple(_interpreted(problem, m, chosen, set(nobody)) for m in problem.meetings)
    extra = tuple(Resource(PREFIX + i.id, 1) for i in problem.interpreters)
    return replace(
        problem,
        participants=participants,
        meetings=meetings,
        resources=problem.resources + extra,
        version=1,
        activities=(),
        wishes=(),
        bookings=(),
        interpreters=(),
    )


def _interpreted(problem: Problem, m: Meeting, chosen: dict[str, str], nobody: set[str]) -> Meeting:
    if m.id in nobody:
        return replace(m, slots=())
    if m.id not in chosen:
        return m
    i = chosen[m.id]
    free = interpreter_slots(problem, i)
    only = [s.id for k, s in enumerate(problem.slots) if k in free]
    if m.slots is not None:
        only = [s for s in only if s in m.slots]
    return replace(m, slots=tuple(only), resources=(*m.resources, PREFIX + i))


def interpreting_of(
    chosen: dict[str, str], assignments: Iterable[Assignment]
) -> list[Interpreting]:
    return [Interpreting(a.meeting, chosen[a.meeting]) for a in assignments if a.meeting in chosen]


def with_bookings(problem: Problem, visits: Sequence[Visit]) -> Problem:
    """The problem as first-come-first-served booking leaves it: every visit a fixed booking
    (with its wish, so that it still counts) and the wishes left unplaced dropped."""
    placed = {v.wish: v.session for v in visits}
    booked = {b.wish for b in problem.bookings if b.wish is not None}
    extra = tuple(
        Booking(problem.wish_by_id[w].participant, s, w)
        for w, s in placed.items()
        if w not in booked
    )
    return replace(
        problem,
        wishes=tuple(w for w in problem.wishes if w.id in placed),
        bookings=problem.bookings + extra,
    )


def finish(
    problem: Problem,
    assignments: Sequence[Assignment],
    visits: Sequence[Visit],
    chosen: dict[str, str],
    nobody: Sequence[str],
    *,
    status: Status,
    started: float,
    bound: Objective | None = None,
) -> Solution:
    """A version 2 solution from the reduced problem's schedule; not checked here."""
    return solution_from(
        problem,
        assignments,
        status,
        started,
        bound=bound,
        visits=visits,
        interpreting=interpreting_of(chosen, assignments),
        reasons=[no_interpreter_reason(problem, mid) for mid in nobody],
    )


def greedy_version2(problem: Problem) -> Solution:
    """First come, first served: wishes booked in file order, then the greedy meetings."""
    started = time.monotonic()
    visits = fcfs_visits(problem)
    chosen, nobody = assign_interpreters(problem)
    small = reduced(problem, visits, chosen, nobody)
    sol = finish(
        problem,
        greedy_assignments(small),
        visits,
        chosen,
        nobody,
        status="feasible",
        started=started,
    )
    problems = check(problem, sol)
    if not problems:
        return sol
    reasons = [sentence("first_come_fails", violation=v.message) for v in problems[:10]]
    return empty_solution(problem, "unknown", reasons, started)
