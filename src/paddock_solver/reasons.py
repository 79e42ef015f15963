"""Reasons a person can act on when a problem is infeasible, found by counting, not by search."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from paddock_solver.domains import allowed_slots, home_tables, room_caps, topological_order
from paddock_solver.model import Meeting, Problem, Rules
from paddock_solver.sentences import sentence


def _who(m: Meeting) -> dict[str, str | tuple[str, ...]]:
    return {"meeting": m.id, "participants": m.participants}


def _slotless(problem: Problem, m: Meeting, dom: list[int]) -> str | None:
    if dom:
        return None
    fixed = m.fixed.slot if m.fixed is not None else None
    if fixed is not None:
        slot = problem.slots[problem.slot_index[fixed]]
        if m.session is not None and slot.session != m.session:
            return sentence("fixed_outside_session", **_who(m), slot=fixed, session=m.session)
        if m.slots is not None and fixed not in m.slots:
            return sentence("fixed_outside_slots", **_who(m), slot=fixed)
        away = [p for p in m.participants if fixed in problem.participant_by_id[p].unavailable]
        if away:
            return sentence("fixed_unavailable", **_who(m), slot=fixed, away=tuple(away))
    if allowed_slots(problem, m):
        return sentence("after_blocks", **_who(m))
    return sentence("no_slot", **_who(m))


def meeting_reasons(problem: Problem, dom: dict[str, list[int]]) -> list[str]:
    out: list[str] = []
    _, cyclic = topological_order(problem)
    if cyclic:
        out.append(sentence("after_cycle", meetings=tuple(sorted(cyclic))))
    for m in problem.meetings:
        if not m.required:
            continue
        for a in m.after:
            if not problem.meeting_by_id[a].required and not dom[a]:
                out.append(sentence("after_unschedulable", meeting=m.id, earlier=a))
        if m.id in cyclic:
            continue
        reason = _slotless(problem, m, dom[m.id])
        if reason:
            out.append(reason)
        fixed_table = m.fixed.table if m.fixed is not None else None
        homes = home_tables(problem, m)
        if fixed_table is not None and homes and fixed_table not in homes:
            out.append(sentence("fixed_table_not_home", **_who(m), table=fixed_table))
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
                sentence(
                    "too_few_slots",
                    participant=p.id,
                    required=len(required),
                    slots=len(slots),
                    free=free,
                )
            )
        if p.max_meetings is not None and len(required) > p.max_meetings:
            out.append(
                sentence(
                    "over_max_meetings",
                    participant=p.id,
                    required=len(required),
                    max_meetings=p.max_meetings,
                )
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
            out.append(sentence("slot_over_tables", slot=slot, fixed=len(ms), tables=capacity))
        seen: dict[str, str] = {}
        for m in ms:
            for p in m.participants:
                if p in seen:
                    out.append(
                        sentence(
                            "participant_fixed_twice",
                            participant=p,
                            slot=slot,
                            meeting=seen[p],
                            other=m.id,
                        )
                    )
                seen[p] = m.id
        tables: dict[str, str] = {}
        for m in ms:
            t = m.fixed.table if m.fixed is not None else None
            if t is not None and t in tables:
                out.append(
                    sentence("table_fixed_twice", table=t, slot=slot, meeting=tables[t], other=m.id)
                )
            if t is not None:
                tables[t] = m.id
    required = sum(1 for m in problem.meetings if m.required)
    if required > capacity * len(problem.slots):
        out.append(
            sentence(
                "too_few_table_slots",
                required=required,
                table_slots=capacity * len(problem.slots),
                tables=capacity,
                slots=len(problem.slots),
            )
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
    most, spread = problem.rules.max_breaks, problem.rules.break_spread
    if fits and most is not None and spread is not None:
        return [sentence("max_breaks_and_spread", max_breaks=most, break_spread=spread)]
    if fits and most is not None:
        return [sentence("max_breaks", max_breaks=most)]
    if fits and spread is not None:
        return [sentence("break_spread", break_spread=spread)]
    return [sentence("cannot_place")]
