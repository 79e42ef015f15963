"""The independent checker: plain Python, no CP-SAT, so it can judge the solver's answers."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from itertools import pairwise

from paddock_solver.check_v2 import check_version2
from paddock_solver.model import Assignment, Objective, Problem, Solution, Violation, Visit

__all__ = ["Violation", "check", "objective_of"]


def used_slots(problem: Problem, assignments: Iterable[Assignment]) -> dict[str, set[int]]:
    """Slot indices in which each participant has a meeting."""
    used: dict[str, set[int]] = {p.id: set() for p in problem.participants}
    for a in assignments:
        m = problem.meeting_by_id.get(a.meeting)
        s = problem.slot_index.get(a.slot)
        if m is None or s is None:
            continue
        for p in m.participants:
            used[p].add(s)
    return used


def count_breaks(groups: Sequence[Sequence[int]], used: set[int]) -> int:
    """Maximal idle runs strictly between two used slots, inside each group."""
    total = 0
    for group in groups:
        seen_meeting = False
        idle = False
        for s in group:
            if s in used:
                if seen_meeting and idle:
                    total += 1
                seen_meeting, idle = True, False
            else:
                idle = True
    return total


def breaks_by_participant(problem: Problem, assignments: Iterable[Assignment]) -> dict[str, int]:
    groups = problem.break_groups
    return {p: count_breaks(groups, u) for p, u in used_slots(problem, assignments).items()}


def table_changes(problem: Problem, assignments: Iterable[Assignment]) -> int:
    """Consecutive meetings (in time order) at different tables, for people without home table."""
    timeline: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for a in assignments:
        m = problem.meeting_by_id.get(a.meeting)
        if m is None or a.slot not in problem.slot_index:
            continue
        for p in m.participants:
            timeline[p].append((problem.slot_index[a.slot], a.table))
    total = 0
    for p, visits in timeline.items():
        if problem.participant_by_id[p].home_table is not None:
            continue
        visits.sort()
        total += sum(1 for x, y in pairwise(visits) if x[1] != y[1])
    return total


def moved(problem: Problem, assignments: Iterable[Assignment]) -> int:
    if problem.previous is None:
        return 0
    now = {(a.meeting, a.slot, a.table) for a in assignments}
    return sum(
        1
        for a in problem.previous
        if a.meeting in problem.meeting_by_id and (a.meeting, a.slot, a.table) not in now
    )


def objective_of(
    problem: Problem, assignments: Sequence[Assignment], visits: Sequence[Visit] = ()
) -> Objective:
    """The four levels; placed wishes (version 2) count in the first beside meetings."""
    weight = sum(
        problem.meeting_by_id[a.meeting].weight
        for a in assignments
        if a.meeting in problem.meeting_by_id
    )
    wishes = {v.wish for v in visits if v.wish in problem.wish_by_id}
    weight += sum(problem.wish_by_id[w].weight for w in wishes)
    return Objective(
        scheduled_weight=weight,
        moved=moved(problem, assignments),
        breaks=sum(breaks_by_participant(problem, assignments).values()),
        table_changes=table_changes(problem, assignments),
    )


def check(problem: Problem, solution: Solution) -> list[Violation]:
    """Every way the solution breaks the problem's rules; empty when valid."""
    out: list[Violation] = []
    good = _check_ids(problem, solution, out)
    _check_meetings(problem, good, out)
    _check_capacities(problem, good, out)
    _check_breaks(problem, good, out)
    if problem.version == 2 or solution.version == 2:
        check_version2(problem, solution, good, out)
    _check_objective(problem, solution, out)
    return out


def _check_ids(problem: Problem, solution: Solution, out: list[Violation]) -> list[Assignment]:
    if solution.problem != problem.name:
        out.append(
            Violation("problem", f"solution is for {solution.problem!r}, not {problem.name!r}")
        )
    good: list[Assignment] = []
    seen: set[str] = set()
    for a in solution.assignments:
        bad = [
            f"unknown {kind} {value!r}"
            for kind, value, known in (
                ("meeting", a.meeting, problem.meeting_by_id),
                ("slot", a.slot, problem.slot_index),
                ("table", a.table, problem.table_by_id),
            )
            if value not in known
        ]
        if bad:
            out.append(Violation("unknown-id", f"assignment of {a.meeting}: {', '.join(bad)}"))
        elif a.meeting in seen:
            out.append(Violation("duplicate", f"{a.meeting} is assigned more than once"))
        else:
            good.append(a)
        seen.add(a.meeting)
    for u in solution.unscheduled:
        if u in seen:
            out.append(Violation("unscheduled", f"{u} is both assigned and listed as unscheduled"))
    listed = set(solution.unscheduled)
    missing = [m.id for m in problem.meetings if m.id not in seen and m.id not in listed]
    if missing:
        out.append(
            Violation("unscheduled", f"neither assigned nor unscheduled: {', '.join(missing)}")
        )
    placed = {a.meeting for a in good}
    for m in problem.meetings:
        if m.required and m.id not in placed:
            out.append(Violation("required", f"required meeting {m.id} is not scheduled"))
    return good


def _check_meetings(problem: Problem, good: list[Assignment], out: list[Violation]) -> None:
    where = {a.meeting: a for a in good}
    for a in good:
        m = problem.meeting_by_id[a.meeting]
        slot = problem.slots[problem.slot_index[a.slot]]
        if m.session is not None and slot.session != m.session:
            out.append(Violation("session", f"{m.id} is in {a.slot}, outside session {m.session}"))
        if m.slots is not None and a.slot not in m.slots:
            out.append(Violation("slots", f"{m.id} is in {a.slot}, not one of its allowed slots"))
        if m.fixed is not None and m.fixed.slot not in (None, a.slot):
            out.append(Violation("fixed", f"{m.id} is fixed to slot {m.fixed.slot}, not {a.slot}"))
        if m.fixed is not None and m.fixed.table not in (None, a.table):
            out.append(
                Violation("fixed", f"{m.id} is fixed to table {m.fixed.table}, not {a.table}")
            )
        _check_people(problem, a, out)
        for before in m.after:
            b = where.get(before)
            if b is None:
                out.append(
                    Violation("after", f"{m.id} is scheduled but {before} (before it) is not")
                )
            elif problem.slot_index[b.slot] >= problem.slot_index[a.slot]:
                out.append(
                    Violation("after", f"{m.id} in {a.slot} is not after {before} in {b.slot}")
                )


def _check_people(problem: Problem, a: Assignment, out: list[Violation]) -> None:
    m = problem.meeting_by_id[a.meeting]
    homes = {h for p in m.participants if (h := problem.participant_by_id[p].home_table)}
    if homes and a.table not in homes:
        out.append(
            Violation("home_table", f"{m.id} is at {a.table}, not a home table of its participants")
        )
    for p in m.participants:
        if a.slot in problem.participant_by_id[p].unavailable:
            out.append(Violation("unavailable", f"{p} is unavailable in {a.slot} ({m.id})"))


def _check_capacities(problem: Problem, good: list[Assignment], out: list[Violation]) -> None:
    people: Counter[tuple[str, str]] = Counter()
    tables: Counter[tuple[str, str]] = Counter()
    rooms: Counter[tuple[str, str]] = Counter()
    resources: Counter[tuple[str, str]] = Counter()
    per_person: Counter[str] = Counter()
    for a in good:
        m = problem.meeting_by_id[a.meeting]
        people.update((p, a.slot) for p in m.participants)
        per_person.update(m.participants)
        tables[a.table, a.slot] += 1
        room = problem.table_by_id[a.table].room
        if room is not None:
            rooms[room, a.slot] += 1
        resources.update((r, a.slot) for r in m.resources)
    for (p, s), n in people.items():
        if n > 1:
            out.append(Violation("participant", f"{p} has {n} meetings in {s}"))
    for (t, s), n in tables.items():
        if n > 1:
            out.append(Violation("table", f"table {t} holds {n} meetings in {s}"))
    for (r, s), n in rooms.items():
        if n > (cap := problem.room_by_id[r].max_meetings):
            out.append(Violation("room", f"room {r} holds {n} meetings in {s}, cap {cap}"))
    for (r, s), n in resources.items():
        if n > (cap := problem.resource_by_id[r].capacity):
            msg = f"resource {r} is used {n} times in {s}, capacity {cap}"
            out.append(Violation("resource", msg))
    for q in problem.participants:
        if q.max_meetings is not None and per_person[q.id] > q.max_meetings:
            n, cap = per_person[q.id], q.max_meetings
            out.append(Violation("max_meetings", f"{q.id} has {n} meetings, cap {cap}"))


def _check_breaks(problem: Problem, good: list[Assignment], out: list[Violation]) -> None:
    breaks = breaks_by_participant(problem, good)
    rules = problem.rules
    if rules.max_breaks is not None:
        for p, b in breaks.items():
            if b > rules.max_breaks:
                out.append(Violation("max_breaks", f"{p} has {b} breaks, cap {rules.max_breaks}"))
    if rules.break_spread is not None and breaks:
        hi = max(breaks, key=lambda p: breaks[p])
        lo = min(breaks, key=lambda p: breaks[p])
        if breaks[hi] - breaks[lo] > rules.break_spread:
            out.append(
                Violation(
                    "break_spread",
                    f"{hi} has {breaks[hi]} breaks and {lo} {breaks[lo]}: "
                    f"spread above {rules.break_spread}",
                )
            )


def _check_objective(problem: Problem, solution: Solution, out: list[Violation]) -> None:
    real = objective_of(problem, solution.assignments, solution.visits)
    if solution.objective != real:
        out.append(
            Violation("objective", f"reported {solution.objective}, assignments give {real}")
        )
    b = solution.bound
    if b is None:
        return
    if real == solution.objective and not _bound_holds(real, b):
        out.append(Violation("bound", f"bound {b} is beaten by the schedule itself"))
    if solution.status == "optimal" and b != real:
        out.append(Violation("status", "status optimal but bound differs from objective"))


def _bound_holds(real: Objective, b: Objective) -> bool:
    """Lexicographic: a level's bound only binds while every level above meets its bound."""
    levels = (
        (b.scheduled_weight - real.scheduled_weight),
        (real.moved - b.moved),
        (real.breaks - b.breaks),
        (real.table_changes - b.table_changes),
    )
    for gap in levels:
        if gap != 0:
            return gap > 0
    return True
