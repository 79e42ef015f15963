"""Reasons a person can act on when a problem is infeasible, found by counting, not by search."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from paddock_solver.domains import allowed_slots, home_tables, room_caps, topological_order
from paddock_solver.model import Meeting, Problem, Rules


def _who(m: Meeting) -> str:
    return f"{m.id} ({', '.join(m.participants)})"


def _slotless(problem: Problem, m: Meeting, dom: list[int]) -> str | None:
    if dom:
        return None
    fixed = m.fixed.slot if m.fixed is not None else None
    if fixed is not None:
        slot = problem.slots[problem.slot_index[fixed]]
        if m.session is not None and slot.session != m.session:
            return f"{_who(m)} is fixed to {fixed}, outside its session {m.session}"
        if m.slots is not None and fixed not in m.slots:
            return f"{_who(m)} is fixed to {fixed}, which is not one of its allowed slots"
        away = [p for p in m.participants if fixed in problem.participant_by_id[p].unavailable]
        if away:
            return f"{_who(m)} is fixed to {fixed}, where {', '.join(away)} is unavailable"
    if allowed_slots(problem, m):
        return f"{_who(m)} has no slot left that respects its 'after' meetings"
    return f"{_who(m)} has no slot where all its participants are available and its rules allow"


def meeting_reasons(problem: Problem, dom: dict[str, list[int]]) -> list[str]:
    out: list[str] = []
    _, cyclic = topological_order(problem)
    if cyclic:
        out.append(f"meetings {', '.join(sorted(cyclic))} must each come after another: a cycle")
    for m in problem.meetings:
        if not m.required:
            continue
        for a in m.after:
            if not problem.meeting_by_id[a].required and not dom[a]:
                out.append(f"{m.id} must come after {a}, which cannot be scheduled")
        if m.id in cyclic:
            continue
        reason = _slotless(problem, m, dom[m.id])
        if reason:
            out.append(reason)
        fixed_table = m.fixed.table if m.fixed is not None else None
        homes = home_tables(problem, m)
        if fixed_table is not None and homes and fixed_table not in homes:
            out.append(
                f"{_who(m)} is fixed to table {fixed_table}, not a home table of its participants"
            )
    return out


def participant_reasons(problem: Problem, dom: dict[str, list[int]]) -> list[str]:
    out: list[str] = []
    for p in problem.participants:
        required = [m for m in problem.meetings_of[p.id] if m.required]
        if not required:
            continue
        slots = set().union(*(set(dom[m.id]) for m in required))
        if len(required) > len(slots):
            free = len(problem.slots) - len(p.unavailable)
            out.append(
                f"{p.id} has {len(required)} required meetings but only {len(slots)} slots "
                f"where they can take place ({free} where it is available)"
            )
        if p.max_meetings is not None and len(required) > p.max_meetings:
            out.append(
                f"{p.id} has {len(required)} required meetings but max_meetings {p.max_meetings}"
            )
    return out


def slot_reasons(problem: Problem) -> list[str]:
    out: list[str] = []
    capacity = sum(room_caps(problem).values())
    pinned: dict[str, list[Meeting]] = defaultdict(list)
    for m in problem.meetings:
        if m.required and m.fixed is not None and m.fixed.slot is not None:
            pinned[m.fixed.slot].append(m)
    for slot, ms in pinned.items():
        if len(ms) > capacity:
            out.append(f"slot {slot} has {len(ms)} fixed meetings but only {capacity} tables")
        seen: dict[str, str] = {}
        for m in ms:
            for p in m.participants:
                if p in seen:
                    out.append(f"{p} has two meetings fixed to slot {slot}: {seen[p]} and {m.id}")
                seen[p] = m.id
        tables: dict[str, str] = {}
        for m in ms:
            t = m.fixed.table if m.fixed is not None else None
            if t is not None and t in tables:
                out.append(
                    f"table {t} has two meetings fixed to slot {slot}: {tables[t]} and {m.id}"
                )
            if t is not None:
                tables[t] = m.id
    required = sum(1 for m in problem.meetings if m.required)
    if required > capacity * len(problem.slots):
        out.append(
            f"{required} required meetings but only {capacity * len(problem.slots)} "
            f"table-slots ({capacity} tables x {len(problem.slots)} slots)"
        )
    return out


def structural_reasons(problem: Problem, dom: dict[str, list[int]]) -> list[str]:
    """Contradictions visible without search; empty when none is found."""
    first = meeting_reasons(problem, dom)
    # A meeting without any slot also starves its participants; name only the root cause.
    people = [] if first else participant_reasons(problem, dom)
    return first + people + slot_reasons(problem)


def without_break_rules(problem: Problem) -> Problem | None:
    """The problem without max_breaks and break_spread; None when it has neither."""
    rules = problem.rules
    if rules.break_spread is None and rules.max_breaks is None:
        return None
    return replace(problem, rules=Rules(breaks_across_sessions=rules.breaks_across_sessions))


def infeasible_reasons(problem: Problem, *, fits: bool) -> list[str]:
    """Why a problem without a schedule has none: the meetings themselves, or the break rules
    (`fits`: the problem without its break rules has a schedule)."""
    rules = problem.rules
    if not fits:
        return ["the required meetings cannot all be placed: too few tables or common free slots"]
    limits = []
    if rules.max_breaks is not None:
        limits.append(f"at most {rules.max_breaks} breaks per participant")
    if rules.break_spread is not None:
        limits.append(f"break counts at most {rules.break_spread} apart")
    return [
        "the required meetings fit, but not with "
        + " and ".join(limits)
        + "; relax the break rules or make meetings optional"
    ]
