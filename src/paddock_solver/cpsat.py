"""The CP-SAT model: one Boolean per (meeting, slot, table option) plus the literature's structure.

Tables that are interchangeable are not modelled one by one: a meeting without a home or fixed
table is "floating" and only counts against its slot's capacity; tables are laid out afterwards.
The structure that lets CP-SAT prove bounds (JAIR 2022): per participant used-slot literals
u[p,s], the implied count sum_s u[p,s] = meetings of p, per-slot counts of busy participants, and
breaks counted from used-slot indicators with suffix "some later meeting" chains.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from paddock_solver.domains import meeting_domains, room_caps, table_choices
from paddock_solver.model import Assignment, Meeting, Problem

Lit = cp_model.IntVar
Expr = cp_model.LinearExprT


@dataclass
class Built:
    """The model and the handles the lexicographic driver needs."""

    model: cp_model.CpModel
    options: dict[tuple[str, int], list[tuple[str | None, Lit]]]
    at: dict[tuple[str, int], Lit]
    scheduled: dict[str, Lit | int]
    weight: Expr
    moved: Expr
    breaks: Expr
    breaks_of: dict[str, Expr]
    has_optional: bool
    breakable: bool
    impossible: list[str] = field(default_factory=list)


def _table_options(problem: Problem, m: Meeting, s: int) -> list[str | None]:
    choices = table_choices(problem, m)
    if choices is not None:
        return list(choices)
    opts: list[str | None] = [None]
    prev = _previous_of(problem).get(m.id)
    if prev is not None and prev.slot == problem.slots[s].id and prev.table in problem.table_by_id:
        opts.append(prev.table)  # keeping the published table is a decision of its own
    return opts


def _previous_of(problem: Problem) -> dict[str, Assignment]:
    return {a.meeting: a for a in problem.previous or ()}


def build(problem: Problem) -> Built:
    model = cp_model.CpModel()
    dom = meeting_domains(problem)
    options: dict[tuple[str, int], list[tuple[str | None, Lit]]] = {}
    at: dict[tuple[str, int], Lit] = {}
    scheduled: dict[str, Lit | int] = {}
    impossible: list[str] = []
    for m in problem.meetings:
        lits = []
        for s in dom[m.id]:
            opts = [
                (t, model.new_bool_var(f"x[{m.id},{s},{t}]")) for t in _table_options(problem, m, s)
            ]
            if not opts:
                continue
            options[m.id, s] = opts
            if len(opts) == 1:
                at[m.id, s] = opts[0][1]
            else:
                at[m.id, s] = model.new_bool_var(f"at[{m.id},{s}]")
                model.add(sum(v for _, v in opts) == at[m.id, s])
            lits.append(at[m.id, s])
        if not lits:
            impossible.append(m.id)
        if m.required:
            model.add_exactly_one(lits)  # an empty list makes the model infeasible, as it should
            scheduled[m.id] = 1
        elif lits:
            sv = model.new_bool_var(f"sched[{m.id}]")
            model.add(sum(lits) == sv)
            scheduled[m.id] = sv
        else:
            scheduled[m.id] = 0
    used = _participants(problem, model, at, scheduled)
    _capacities(problem, model, options, at)
    _precedences(problem, model, at, scheduled, dom)
    breaks_of = _breaks(problem, model, used)
    weight = sum(m.weight * scheduled[m.id] for m in problem.meetings)
    return Built(
        model=model,
        options=options,
        at=at,
        scheduled=scheduled,
        weight=weight,
        moved=_moved(problem, options),
        breaks=sum(breaks_of.values()),
        breaks_of=breaks_of,
        has_optional=any(not m.required for m in problem.meetings),
        breakable=bool(breaks_of),
        impossible=impossible,
    )


def _participants(
    problem: Problem,
    model: cp_model.CpModel,
    at: dict[tuple[str, int], Lit],
    scheduled: dict[str, Lit | int],
) -> dict[str, list[Lit | int]]:
    """u[p,s]: participant p meets in slot s; at most one meeting per slot; implied counts."""
    used: dict[str, list[Lit | int]] = {}
    busy_in_slot: dict[int, list[Lit]] = defaultdict(list)
    for p in problem.participants:
        mine = problem.meetings_of[p.id]
        row: list[Lit | int] = []
        for s in range(len(problem.slots)):
            lits = [at[m.id, s] for m in mine if (m.id, s) in at]
            if not lits:
                row.append(0)
                continue
            if len(lits) == 1:
                u = lits[0]
            else:
                u = model.new_bool_var(f"u[{p.id},{s}]")
                model.add_exactly_one([*lits, u.Not()])
            row.append(u)
            busy_in_slot[s].append(u)
        used[p.id] = row
        # Implied: the slots a participant uses are exactly as many as its meetings.
        model.add(sum(row) == sum(scheduled[m.id] for m in mine))
        if p.max_meetings is not None:
            model.add(sum(row) <= p.max_meetings)
    for s, busy in busy_in_slot.items():
        size = [len(m.participants) * at[m.id, s] for m in problem.meetings if (m.id, s) in at]
        model.add(sum(busy) == sum(size))
    return used


def _capacities(
    problem: Problem,
    model: cp_model.CpModel,
    options: dict[tuple[str, int], list[tuple[str | None, Lit]]],
    at: dict[tuple[str, int], Lit],
) -> None:
    caps = room_caps(problem)
    per_slot: dict[int, list[Lit]] = defaultdict(list)
    per_table: dict[tuple[str, int], list[Lit]] = defaultdict(list)
    per_room: dict[tuple[str | None, int], list[Lit]] = defaultdict(list)
    per_resource: dict[tuple[str, int], list[Lit]] = defaultdict(list)
    for (mid, s), opts in options.items():
        per_slot[s].append(at[mid, s])
        for r in problem.meeting_by_id[mid].resources:
            per_resource[r, s].append(at[mid, s])
        for t, v in opts:
            if t is not None:
                per_table[t, s].append(v)
                per_room[problem.table_by_id[t].room, s].append(v)
    total = sum(caps.values())
    for lits in per_slot.values():
        if len(lits) > total:
            model.add(sum(lits) <= total)
    for lits in per_table.values():
        if len(lits) > 1:
            model.add_at_most_one(lits)
    for (room, _), lits in per_room.items():
        if len(lits) > caps[room]:
            model.add(sum(lits) <= caps[room])
    for (r, _), lits in per_resource.items():
        if len(lits) > problem.resource_by_id[r].capacity:
            model.add(sum(lits) <= problem.resource_by_id[r].capacity)


def _precedences(
    problem: Problem,
    model: cp_model.CpModel,
    at: dict[tuple[str, int], Lit],
    scheduled: dict[str, Lit | int],
    dom: dict[str, list[int]],
) -> None:
    for m in problem.meetings:
        for a in dict.fromkeys(m.after):  # in order: the same model at every run
            for s in dom[m.id]:
                if (m.id, s) not in at:
                    continue
                earlier = [at[a, t] for t in dom[a] if t < s and (a, t) in at]
                # Clause form: "m in s" implies "a in some earlier slot"; propagates well.
                model.add_bool_or([*earlier, at[m.id, s].Not()])
            sa, sm = scheduled[a], scheduled[m.id]
            if not isinstance(sm, int) and not isinstance(sa, int):
                model.add_implication(sm, sa)
            elif not isinstance(sm, int) and sa == 0:
                model.add(sm == 0)


def _breaks(
    problem: Problem, model: cp_model.CpModel, used: dict[str, list[Lit | int]]
) -> dict[str, Expr]:
    """Breaks per participant: a break starts at s when u[s-1], not u[s], and a later u."""
    out: dict[str, Expr] = {}
    for p in problem.participants:
        row = used[p.id]
        starts: list[Lit] = []
        for group in problem.break_groups:
            seq = [row[s] for s in group]
            if sum(1 for v in seq if not isinstance(v, int)) < 2:
                continue
            later = _suffix_or(model, seq, p.id)
            for j in range(1, len(seq) - 1):
                prev, cur, nxt = seq[j - 1], seq[j], later[j + 1]
                if isinstance(prev, int) or isinstance(nxt, int):
                    continue
                b = model.new_bool_var(f"b[{p.id},{group[j]}]")
                terms = [prev, nxt] if isinstance(cur, int) else [prev, cur.Not(), nxt]
                # b <-> AND(terms), stated both ways so counts are exact (fairness needs it).
                model.add_bool_or([b, *(t.Not() for t in terms)])
                for t in terms:
                    model.add_implication(b, t)
                starts.append(b)
        if starts:
            out[p.id] = sum(starts)
    _break_rules(problem, model, out)
    return out


def _suffix_or(model: cp_model.CpModel, seq: list[Lit | int], who: str) -> list[Lit | int]:
    """later[j] <-> some meeting at position j or after."""
    later: list[Lit | int] = [0] * (len(seq) + 1)
    for j in range(len(seq) - 1, -1, -1):
        cur, nxt = seq[j], later[j + 1]
        if isinstance(cur, int):
            later[j] = 1 if cur == 1 else nxt
        elif isinstance(nxt, int):
            later[j] = 1 if nxt == 1 else cur
        else:
            v = model.new_bool_var(f"later[{who},{j}]")
            model.add_bool_or([cur, nxt, v.Not()])
            model.add_implication(cur, v)
            model.add_implication(nxt, v)
            later[j] = v
    return later


def _break_rules(problem: Problem, model: cp_model.CpModel, breaks_of: dict[str, Expr]) -> None:
    rules = problem.rules
    if rules.max_breaks is not None:
        for e in breaks_of.values():
            model.add(e <= rules.max_breaks)
    d = rules.break_spread
    if d is None or not breaks_of:
        return
    never = any(len(problem.meetings_of[p.id]) <= 1 for p in problem.participants)
    if never or len(breaks_of) < len(problem.participants):
        # Someone can never have a break, so the smallest count is 0.
        for e in breaks_of.values():
            model.add(e <= d)
        return
    low = model.new_int_var(0, len(problem.slots), "fewest_breaks")
    for e in breaks_of.values():
        model.add(e >= low)
        model.add(e <= low + d)


def _moved(problem: Problem, options: dict[tuple[str, int], list[tuple[str | None, Lit]]]) -> Expr:
    if problem.previous is None:
        return 0
    kept: list[Lit] = []
    count = 0
    for a in problem.previous:
        if a.meeting not in problem.meeting_by_id:
            continue
        count += 1
        s = problem.slot_index.get(a.slot)
        for t, v in options.get((a.meeting, s if s is not None else -1), []):
            if t == a.table:
                kept.append(v)
    return count - sum(kept)
