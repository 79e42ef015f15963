"""What a solution means for people: pure functions on the solver's Problem and Solution.

Breaks and table changes are counted as FORMAT.md defines them; unplaced meetings get the
first reason that explains them, as a code and the participants it names.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import pairwise

from paddock_solver import Problem, Solution
from paddock_solver.activities import clash
from paddock_solver.model import Assignment, Participant


@dataclass
class PersonFigures:
    meetings: int = 0
    breaks: int = 0
    table_changes: int = 0


@dataclass
class Reason:
    code: str
    participants: list[str] = field(default_factory=list)


@dataclass
class Changes:
    moved: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


def _timelines(
    problem: Problem, assignments: tuple[Assignment, ...]
) -> dict[str, list[tuple[int, str]]]:
    order = problem.slot_index
    out: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for a in assignments:
        for person in problem.meeting_by_id[a.meeting].participants:
            out[person].append((order[a.slot], a.table))
    for line in out.values():
        line.sort()
    return out


def _breaks(groups: list[list[int]], used: set[int]) -> int:
    total = 0
    for group in groups:
        seen = [s for s in group if s in used]
        if seen:
            inside = [s for s in group if seen[0] <= s <= seen[-1]]
            total += sum(1 for a, b in pairwise(inside) if a in used and b not in used)
    return total


def person_figures(problem: Problem, solution: Solution) -> dict[str, PersonFigures]:
    """Meetings, breaks and table changes of every participant of the problem."""
    lines = _timelines(problem, solution.assignments)
    out = {}
    for person in problem.participants:
        line = lines.get(person.id, [])
        changes = 0
        if person.home_table is None:
            changes = sum(1 for (_, a), (_, b) in pairwise(line) if a != b)
        used = {s for s, _ in line}
        out[person.id] = PersonFigures(len(line), _breaks(problem.break_groups, used), changes)
    return out


def unplaced_reason(problem: Problem, solution: Solution, meeting_id: str) -> Reason:
    """Why a meeting was left out, from the first rule that explains it."""
    meeting = problem.meeting_by_id[meeting_id]
    people = [problem.participant_by_id[p] for p in meeting.participants]
    common = [s.id for s in problem.slots if all(s.id not in p.unavailable for p in people)]
    reason = _availability_reason(problem, people, common)
    if reason is not None:
        return reason
    busy = {p.id: {s for s, _ in _slots_of(solution, problem, p.id)} for p in people}
    full = [p.id for p in people if set(common) <= busy[p.id]]
    if full:
        return Reason("full", full)
    free = [s for s in common if not any(s in busy[p.id] for p in people)]
    if not free:
        return Reason("no_common_free", [p.id for p in people])
    if all(_placed_in(solution, s) >= _capacity(problem) for s in free):
        return Reason("tables_full")
    return Reason("time" if solution.status != "optimal" else "outweighed")


def _availability_reason(
    problem: Problem, people: list[Participant], common: list[str]
) -> Reason | None:
    every = {s.id for s in problem.slots}
    away = [p.id for p in people if every <= set(p.unavailable)]
    if away:
        return Reason("away", away)
    if not common:
        return Reason("no_common", [p.id for p in people])
    return None


def _capacity(problem: Problem) -> int:
    """Meetings the venue holds in one slot: its tables, within each room's cap."""
    per_room: dict[str | None, int] = defaultdict(int)
    for table in problem.tables:
        per_room[table.room] += 1
    caps = {room.id: room.max_meetings for room in problem.rooms}
    return sum(min(n, caps.get(room, n)) if room else n for room, n in per_room.items())


def _placed_in(solution: Solution, slot: str) -> int:
    return sum(1 for a in solution.assignments if a.slot == slot)


def _slots_of(solution: Solution, problem: Problem, person: str) -> list[tuple[str, str]]:
    return [
        (a.slot, a.table)
        for a in solution.assignments
        if person in problem.meeting_by_id[a.meeting].participants
    ]


def changes_between(before: Solution | None, after: Solution) -> Changes:
    """Meetings moved, added (newly placed) and dropped (no longer placed) between runs."""
    if before is None:
        return Changes()
    old = {a.meeting: (a.slot, a.table) for a in before.assignments}
    new = {a.meeting: (a.slot, a.table) for a in after.assignments}
    return Changes(
        moved=sorted(m for m in new.keys() & old.keys() if new[m] != old[m]),
        added=sorted(new.keys() - old.keys()),
        dropped=sorted(old.keys() - new.keys()),
    )


def unplaced_wish_reason(problem: Problem, solution: Solution, wish_id: str) -> Reason:
    """Why a wish got no session: none it may join, every one full, every one with a seat
    left at a time its participant is taken, or worth less than what was placed."""
    wish = problem.wish_by_id[wish_id]
    activity = next(a for a in problem.activities if a.id == wish.activity)
    allowed = [s for s in activity.sessions if wish.sessions is None or s.id in wish.sessions]
    if not allowed:
        return Reason("no_session", [wish.participant])
    seated = Counter(v.session for v in solution.visits)
    seated.update(b.session for b in problem.bookings if b.wish is None)
    free = [s for s in allowed if seated[s.id] < s.seats]
    if not free:
        return Reason("visit_full", [wish.participant])
    who = wish.participant
    busy = {slot for slot, _table in _slots_of(solution, problem, who)}
    held = [v.session for v in solution.visits if problem.wish_by_id[v.wish].participant == who]
    held += [b.session for b in problem.bookings if b.participant == who and b.wish is None]
    fits = [
        s
        for s in free
        if not set(s.slots) & busy and not any(clash(problem, s.id, h) for h in held)
    ]
    if not fits:
        return Reason("visit_busy", [wish.participant])
    return Reason("time" if solution.status != "optimal" else "visit_outweighed")
