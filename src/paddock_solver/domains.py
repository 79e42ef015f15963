"""Where each meeting may go, derived once from the problem's local rules."""

from __future__ import annotations

import heapq
from collections.abc import Sequence

from paddock_solver.model import Meeting, Problem


def allowed_slots(problem: Problem, m: Meeting) -> list[int]:
    """Slot indices allowed by session, slots, fixed slot and participants' unavailability."""
    blocked: set[str] = set()
    for p in m.participants:
        blocked.update(problem.participant_by_id[p].unavailable)
    out = []
    for i, s in enumerate(problem.slots):
        if s.id in blocked:
            continue
        if m.session is not None and s.session != m.session:
            continue
        if m.slots is not None and s.id not in m.slots:
            continue
        if m.fixed is not None and m.fixed.slot is not None and s.id != m.fixed.slot:
            continue
        out.append(i)
    return out


def home_tables(problem: Problem, m: Meeting) -> list[str]:
    homes = []
    for p in m.participants:
        h = problem.participant_by_id[p].home_table
        if h is not None and h not in homes:
            homes.append(h)
    return homes


def table_choices(problem: Problem, m: Meeting) -> list[str] | None:
    """Specific tables the meeting must use, or None when any table will do."""
    homes = home_tables(problem, m)
    if m.fixed is not None and m.fixed.table is not None:
        return [m.fixed.table] if not homes or m.fixed.table in homes else []
    return homes or None


def topological_order(
    problem: Problem, first: Sequence[str] = ()
) -> tuple[list[Meeting], set[str]]:
    """Meetings with every `after` predecessor first; ties by (listed in `first`, problem order).

    Returns the order and the ids caught in precedence cycles (left out of the order).
    """
    index = {m.id: i for i, m in enumerate(problem.meetings)}
    early = set(first)
    indegree = {m.id: len(set(m.after)) for m in problem.meetings}
    successors: dict[str, list[str]] = {m.id: [] for m in problem.meetings}
    for m in problem.meetings:
        for a in set(m.after):
            successors[a].append(m.id)
    heap = [(m.id not in early, index[m.id], m.id) for m in problem.meetings if not indegree[m.id]]
    heapq.heapify(heap)
    order: list[Meeting] = []
    while heap:
        _, _, ident = heapq.heappop(heap)
        order.append(problem.meeting_by_id[ident])
        for nxt in successors[ident]:
            indegree[nxt] -= 1
            if indegree[nxt] == 0:
                heapq.heappush(heap, (nxt not in early, index[nxt], nxt))
    placed = {m.id for m in order}
    return order, {m.id for m in problem.meetings if m.id not in placed}


def room_caps(problem: Problem) -> dict[str | None, int]:
    """Meetings each room (None: tables without room) can hold in one slot."""
    count: dict[str | None, int] = {}
    for t in problem.tables:
        count[t.room] = count.get(t.room, 0) + 1
    for r in problem.rooms:
        if r.id in count:
            count[r.id] = min(count[r.id], r.max_meetings)
    return count


def meeting_domains(problem: Problem) -> dict[str, list[int]]:
    """Allowed slots per meeting, narrowed by precedence chains (earliest/latest start)."""
    dom = {m.id: allowed_slots(problem, m) for m in problem.meetings}
    order, cyclic = topological_order(problem)
    for ident in cyclic:
        dom[ident] = []
    for m in order:
        earliest = max((dom[a][0] + 1 if dom[a] else 10**9 for a in m.after), default=0)
        dom[m.id] = [s for s in dom[m.id] if s >= earliest]
    for m in reversed(order):
        # A required successor bounds its predecessors from above.
        if m.required and m.after:
            latest = dom[m.id][-1] - 1 if dom[m.id] else -1
            for a in m.after:
                dom[a] = [s for s in dom[a] if s <= latest]
    return dom
