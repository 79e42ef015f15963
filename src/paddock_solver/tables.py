"""Laying floating meetings out on tables once their slots are known.

Slot by slot, a meeting first gets a table one of its participants already sits at (no walk),
then any free table; room caps are respected. This settles the table-changes level heuristically.
"""

from __future__ import annotations

from collections import defaultdict

from paddock_solver.domains import room_caps
from paddock_solver.model import Assignment, Problem

Placed = tuple[str, int, str | None]  # meeting, slot index, table or None when floating


def lay_out(problem: Problem, placed: list[Placed]) -> list[Assignment]:
    by_slot: dict[int, list[tuple[str, str | None]]] = defaultdict(list)
    for mid, s, t in placed:
        by_slot[s].append((mid, t))
    homed = {p.id for p in problem.participants if p.home_table is not None}
    # Ties are broken in the problem's order, not by the ids ("m99" sorts after "m100"): the
    # same layout whatever ids the problem's writer gave.
    order = (
        {m.id: k for k, m in enumerate(problem.meetings)},
        {t.id: k for k, t in enumerate(problem.tables)},
    )
    last: dict[str, str] = {}
    out: list[Assignment] = []
    for s in sorted(by_slot):
        chosen = _slot_tables(problem, by_slot[s], last, homed, order)
        for mid, table in chosen.items():
            out.append(Assignment(mid, problem.slots[s].id, table))
            for p in problem.meeting_by_id[mid].participants:
                last[p] = table
    return out


def _slot_tables(
    problem: Problem,
    meetings: list[tuple[str, str | None]],
    last: dict[str, str],
    homed: set[str],
    order: tuple[dict[str, int], dict[str, int]],
) -> dict[str, str]:
    caps = room_caps(problem)
    room_use: dict[str | None, int] = defaultdict(int)
    taken: set[str] = set()
    chosen: dict[str, str] = {}
    for mid, t in meetings:
        if t is not None:
            chosen[mid] = t
            taken.add(t)
            room_use[problem.table_by_id[t].room] += 1
    home_tables = {problem.participant_by_id[p].home_table for p in homed}

    def free(t: str) -> bool:
        room = problem.table_by_id[t].room
        return t not in taken and room_use[room] < caps[room]

    def take(mid: str, t: str) -> None:
        chosen[mid] = t
        taken.add(t)
        room_use[problem.table_by_id[t].room] += 1

    floating = [mid for mid, t in meetings if t is None]
    # Meetings whose participants agree on a table go first: they save the most walks.
    meeting_order, table_order = order
    wishes: list[tuple[int, int, int, str, str]] = []
    for mid in floating:
        votes: dict[str, int] = defaultdict(int)
        for p in problem.meeting_by_id[mid].participants:
            if p not in homed and p in last:
                votes[last[p]] += 1
        wishes.extend((-n, meeting_order[mid], table_order[t], mid, t) for t, n in votes.items())
    for *_, mid, t in sorted(wishes):
        if mid not in chosen and free(t):
            take(mid, t)
    # Others take free tables, keeping home tables for last.
    spare = sorted(problem.tables, key=lambda tb: tb.id in home_tables)
    for mid in floating:
        if mid in chosen:
            continue
        for tb in spare:
            if free(tb.id):
                take(mid, tb.id)
                break
        else:
            raise AssertionError(f"no table left for {mid}: the model's capacity is wrong")
    return chosen
