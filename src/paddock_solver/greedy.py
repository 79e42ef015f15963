"""First-come-first-served baseline: requests in order, earliest slot where all are free.

This is how booking tools place meetings; it is the yardstick the solver must beat and the
hint it starts from.
"""

from __future__ import annotations

import itertools
import time
from collections import Counter
from collections.abc import Iterable

from paddock_solver.check import check
from paddock_solver.domains import allowed_slots, table_choices, topological_order
from paddock_solver.model import Assignment, Meeting, Problem, Solution
from paddock_solver.results import empty_solution, solution_from
from paddock_solver.sentences import sentence


class _Board:
    """Who and what is taken in each slot."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.busy: set[tuple[str, int]] = set()
        self.tables: set[tuple[str, int]] = set()
        self.rooms: Counter[tuple[str, int]] = Counter()
        self.resources: Counter[tuple[str, int]] = Counter()
        self.count: Counter[str] = Counter()
        self.last_table: dict[str, str] = {}
        self.slot_of: dict[str, int] = {}
        homes = {p.home_table for p in problem.participants}
        # Floating meetings try tables nobody calls home first.
        self.spare = sorted((t.id for t in problem.tables), key=lambda t: t in homes)

    def can_meet(self, m: Meeting) -> bool:
        for p in m.participants:
            cap = self.problem.participant_by_id[p].max_meetings
            if cap is not None and self.count[p] >= cap:
                return False
        return all(a in self.slot_of for a in m.after)

    def free_table(self, m: Meeting, s: int, choices: list[str] | None) -> str | None:
        if any((p, s) in self.busy for p in m.participants):
            return None
        for r in m.resources:
            if self.resources[r, s] >= self.problem.resource_by_id[r].capacity:
                return None
        if choices is None:
            # Prefer a table a participant already sits at: fewer walks between meetings.
            preferred = [self.last_table[p] for p in m.participants if p in self.last_table]
            candidates: Iterable[str] = itertools.chain(preferred, self.spare)
        else:
            candidates = choices
        for t in candidates:
            if (t, s) not in self.tables and self._room_has_space(t, s):
                return t
        return None

    def _room_has_space(self, table: str, s: int) -> bool:
        room = self.problem.table_by_id[table].room
        if room is None:
            return True
        return self.rooms[room, s] < self.problem.room_by_id[room].max_meetings

    def place(self, m: Meeting, s: int, table: str) -> None:
        for p in m.participants:
            self.busy.add((p, s))
            self.count[p] += 1
            self.last_table[p] = table
        self.tables.add((table, s))
        room = self.problem.table_by_id[table].room
        if room is not None:
            self.rooms[room, s] += 1
        for r in m.resources:
            self.resources[r, s] += 1
        self.slot_of[m.id] = s


def greedy_assignments(problem: Problem) -> list[Assignment]:
    """Place meetings first come, first served (fixed slots first); may miss required ones."""
    pinned = [m.id for m in problem.meetings if m.fixed is not None and m.fixed.slot is not None]
    order, _ = topological_order(problem, first=pinned)
    board = _Board(problem)
    out: list[Assignment] = []
    for m in order:
        if not board.can_meet(m):
            continue
        earliest = max((board.slot_of[a] + 1 for a in m.after), default=0)
        choices = table_choices(problem, m)
        for s in allowed_slots(problem, m):
            if s < earliest:
                continue
            table = board.free_table(m, s, choices)
            if table is not None:
                board.place(m, s, table)
                out.append(Assignment(m.id, problem.slots[s].id, table))
                break
    return out


def greedy(problem: Problem) -> Solution:
    """The baseline as a Solution: `feasible` when valid, else `unknown` with the reasons."""
    if problem.version == 2:
        # visits.py builds on this module's placement, so it is imported here, not above.
        from paddock_solver.visits import greedy_version2

        return greedy_version2(problem)
    started = time.monotonic()
    sol = solution_from(problem, greedy_assignments(problem), "feasible", started)
    problems = check(problem, sol)
    if not problems:
        return sol
    reasons = [sentence("first_come_fails", violation=v.message) for v in problems[:10]]
    return empty_solution(problem, "unknown", reasons, started)
