"""Search for conventions too big for one CP-SAT model: local search, then neighbourhoods.

Start from a valid schedule (first come, first served) and improve it with the fast local search
of `local.py` (single moves, thousands a second). When a round of it finds nothing better,
re-optimise one session for a cluster of participants with a small CP-SAT model for a while:
every meeting outside the neighbourhood stays where it is and only uses up people, tables, rooms
and resources. Breaks are counted per session (the rule when `breaks_across_sessions` is false),
so a session's breaks only depend on that session. A change is kept when the schedule is not
worse lexicographically (weight, then breaks), so the weight never goes down.
"""

from __future__ import annotations

import math
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from paddock_solver.check import count_breaks
from paddock_solver.cpsat import Lit, _suffix_or
from paddock_solver.domains import room_caps, table_choices
from paddock_solver.local import Schedule, Search
from paddock_solver.model import Problem
from paddock_solver.tables import Placed

CLUSTER_MEETINGS = 80  # meetings seen per neighbourhood: small enough to solve in a second
STEP_SECONDS = 0.6  # per neighbourhood; many quick steps beat a few thorough ones
LOCAL_SECONDS = 2.0  # per round of local search, and of CP-SAT when local search is stuck


@dataclass
class _State:
    problem: Problem
    dom: dict[str, list[int]]
    placed: dict[str, tuple[int, str | None]] = field(default_factory=dict)
    successors: dict[str, list[str]] = field(default_factory=dict)

    by_slot: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))

    def put(self, mid: str, where: tuple[int, str | None]) -> None:
        self.placed[mid] = where
        self.by_slot[where[0]].add(mid)

    def take(self, mid: str) -> tuple[int, str | None] | None:
        where = self.placed.pop(mid, None)
        if where is not None:
            self.by_slot[where[0]].discard(mid)
        return where

    def breaks(self, people: set[str]) -> int:
        total = 0
        for p in people:
            used = {
                self.placed[m.id][0] for m in self.problem.meetings_of[p] if m.id in self.placed
            }
            total += count_breaks(self.problem.break_groups, used)
        return total


def _cluster(problem: Problem, rng: random.Random, seed: str) -> set[str]:
    """Participants linked by requests, grown from `seed`, up to the size limit."""
    people, frontier, count = {seed}, [seed], 0
    while frontier and count < CLUSTER_MEETINGS:
        p = frontier.pop(rng.randrange(len(frontier)))
        for m in problem.meetings_of[p]:
            count += 1
            for q in m.participants:
                if q not in people:
                    people.add(q)
                    frontier.append(q)
    return people


def improve(
    problem: Problem,
    placed: list[Placed],
    dom: dict[str, list[int]],
    *,
    deadline: float,
    seed: int,
    workers: int = 1,
) -> list[Placed]:
    """Better and still valid placements, found before the deadline.

    CP-SAT neighbourhoods rearrange many meetings at once, where single moves are stuck; they
    are small, so each is solved with one worker (`workers` is accepted for a uniform
    interface). They do not model `max_breaks` or `break_spread`: with those rules only the
    local search, which keeps them, runs.
    """
    sched = Schedule(problem, dom, placed)
    search = Search(sched, seed)
    state = _State(problem, dom)
    for mid, s, t in placed:
        state.put(mid, (s, t))
    for m in problem.meetings:
        for a in m.after:
            state.successors.setdefault(a, []).append(m.id)
    rng = random.Random(seed)  # noqa: S311 - search diversification, not secrets
    sessions = problem.break_groups
    movable = [m.id for m in problem.meetings if not (m.fixed and m.fixed.slot) and dom[m.id]]
    rules_on_breaks = problem.rules.max_breaks is not None or problem.rules.break_spread is not None
    # Leave time to lay tables out and check the answer: about 0.15 s per thousand meetings.
    end = deadline - max(0.5, 0.00015 * len(problem.meetings))
    while time.monotonic() < end:
        before = sched.key()
        search.run(min(end, time.monotonic() + LOCAL_SECONDS))
        if sched.key() > before or rules_on_breaks:
            continue  # single moves still pay (or CP-SAT cannot keep the break rules)
        # Local search is stuck: CP-SAT neighbourhoods for a while.
        for mid, where in sched.changes().items():
            state.take(mid)
            if where is not None:
                state.put(mid, where)
        waiting = sched.waiting()
        cpsat_until = min(end, time.monotonic() + LOCAL_SECONDS)
        while movable and time.monotonic() < cpsat_until:
            if waiting and rng.random() < 0.5:
                # Half the neighbourhoods start from someone who waits between meetings.
                start, g = rng.choice(waiting)
                group = sessions[g]
            else:
                start = problem.meeting_by_id[rng.choice(movable)].participants[0]
                group = rng.choice(sessions)
            people = _cluster(problem, rng, start)
            seconds = min(STEP_SECONDS, end - time.monotonic())
            changes = _step(state, set(group), people, seconds=seconds, seed=seed)
            if changes:
                sched.apply(changes)
            seed += 1
    return sched.placed()


def _step(
    state: _State, slots: set[int], people: set[str], *, seconds: float, seed: int
) -> dict[str, tuple[int, str | None] | None] | None:
    """Re-optimise one neighbourhood; returns where its meetings went when that is better."""
    problem = state.problem
    free = [
        m
        for p in sorted(people)
        for m in problem.meetings_of[p]
        if set(m.participants) <= people
        and any(s in slots for s in state.dom[m.id])
        and (m.id not in state.placed or state.placed[m.id][0] in slots)
        and not (m.fixed and m.fixed.slot and m.id in state.placed)
    ]
    free = list({m.id: m for m in free}.values())
    if not free:
        return None
    sub = _SubModel(state, slots, people, {m.id for m in free})
    before = (sum(m.weight for m in free if m.id in state.placed), -state.breaks(people))
    result = sub.solve(seconds, seed)
    if result is None:
        return None
    old = {m.id: where for m in free if (where := state.take(m.id)) is not None}
    for mid, where in result.items():
        state.put(mid, where)
    after = (sum(m.weight for m in free if m.id in state.placed), -state.breaks(people))
    if after <= before:  # not better: put the neighbourhood back
        for m in free:
            state.take(m.id)
        for mid, where in old.items():
            state.put(mid, where)
        return None
    return {m.id: state.placed.get(m.id) for m in free}


class _SubModel:
    """One session, one cluster: free meetings move, everything else is fixed capacity use."""

    def __init__(self, state: _State, slots: set[int], people: set[str], free: set[str]) -> None:
        self.state, self.slots, self.people, self.free = state, slots, people, free
        self.model = cp_model.CpModel()
        self.x: dict[tuple[str, int, str | None], Lit] = {}
        self.ok = self._variables() and self._capacities()

    def _fixed_use(self) -> tuple[Counter[tuple[str, int]], set[tuple[str, int]], Counter[str]]:
        busy: Counter[tuple[str, int]] = Counter()
        tables: set[tuple[str, int]] = set()
        count: Counter[str] = Counter()
        placed = self.state.placed
        for p in self.people:
            for m in self.state.problem.meetings_of[p]:
                if m.id in placed and m.id not in self.free:
                    count[p] += 1
                    busy[p, placed[m.id][0]] += 1
        for s in self.slots:
            for mid in self.state.by_slot[s]:
                t = placed[mid][1]
                if t is not None and mid not in self.free:
                    tables.add((t, s))
        return busy, tables, count

    def _variables(self) -> bool:
        problem, model = self.state.problem, self.model
        busy, self.taken, count = self._fixed_use()
        self.busy = busy
        placed = self.state.placed
        for mid in sorted(self.free):
            m = problem.meeting_by_id[mid]
            lo = max(
                (placed[a][0] if a in placed else 10**9 for a in m.after if a not in self.free),
                default=-1,
            )
            later = self.state.successors.get(mid, [])
            hi = min(
                (placed[n][0] for n in later if n in placed and n not in self.free), default=10**9
            )
            choices = table_choices(problem, m)
            opts: list[str | None] = [None] if choices is None else list(choices)
            lits = []
            for s in self.state.dom[mid]:
                if s not in self.slots or not lo < s < hi:
                    continue
                if any(busy[p, s] for p in m.participants):
                    continue
                for t in opts:
                    if t is None or (t, s) not in self.taken:
                        v = model.new_bool_var("")
                        self.x[mid, s, t] = v
                        lits.append(v)
            must = m.required or hi < 10**9
            if must and not lits:
                return False
            (model.add_exactly_one if must else model.add_at_most_one)(lits)
        self._order()
        for p in self.people:
            cap = problem.participant_by_id[p].max_meetings
            if cap is not None:
                mine = [
                    v
                    for (mid, _, _), v in self.x.items()
                    if p in problem.meeting_by_id[mid].participants
                ]
                model.add(sum(mine) <= cap - count[p])
        return True

    def _order(self) -> None:
        """`after` between two free meetings: clauses, as in the full model."""
        by_meeting: dict[str, list[tuple[int, Lit]]] = defaultdict(list)
        for (mid, s, _), v in self.x.items():
            by_meeting[mid].append((s, v))
        for mid in self.free:
            for a in self.state.problem.meeting_by_id[mid].after:
                if a not in self.free:
                    continue
                for s, v in by_meeting[mid]:
                    earlier = [w for t, w in by_meeting[a] if t < s]
                    self.model.add_bool_or([*earlier, v.Not()])

    def _fixed_counts(
        self,
    ) -> tuple[Counter[int], Counter[tuple[str | None, int]], Counter[tuple[str, int]]]:
        """Meetings outside the neighbourhood per slot, room and resource, in its slots."""
        problem = self.state.problem
        fixed_slot: Counter[int] = Counter()
        fixed_room: Counter[tuple[str | None, int]] = Counter()
        fixed_res: Counter[tuple[str, int]] = Counter()
        for s in self.slots:
            for mid in self.state.by_slot[s]:
                t = self.state.placed[mid][1]
                if mid in self.free:
                    continue
                fixed_slot[s] += 1
                if t is not None:
                    fixed_room[problem.table_by_id[t].room, s] += 1
                fixed_res.update((r, s) for r in problem.meeting_by_id[mid].resources)
        return fixed_slot, fixed_room, fixed_res

    def _capacities(self) -> bool:
        problem, model = self.state.problem, self.model
        caps = room_caps(problem)
        total = sum(caps.values())
        fixed_slot, fixed_room, fixed_res = self._fixed_counts()
        per_slot, per_table = defaultdict(list), defaultdict(list)
        per_room, per_res = defaultdict(list), defaultdict(list)
        self.used: dict[tuple[str, int], list[Lit]] = defaultdict(list)
        for (mid, s, t), v in self.x.items():
            m = problem.meeting_by_id[mid]
            per_slot[s].append(v)
            for p in m.participants:
                self.used[p, s].append(v)
            for r in m.resources:
                per_res[r, s].append(v)
            if t is not None:
                per_table[t, s].append(v)
                per_room[problem.table_by_id[t].room, s].append(v)
        for s, lits in per_slot.items():
            model.add(sum(lits) <= total - fixed_slot[s])
        for lits in per_table.values():
            model.add_at_most_one(lits)
        for (room, s), lits in per_room.items():
            model.add(sum(lits) <= caps[room] - fixed_room[room, s])
        for (r, s), lits in per_res.items():
            model.add(sum(lits) <= problem.resource_by_id[r].capacity - fixed_res[r, s])
        for lits in self.used.values():
            model.add_at_most_one(lits)
        return True

    def _breaks(self) -> list[Lit]:
        model, starts = self.model, []
        for p in sorted(self.people):
            for group in self.state.problem.break_groups:
                if not self.slots.intersection(group):
                    continue  # another session: its breaks cannot change here
                seq: list[Lit | int] = []
                for s in group:
                    lits = self.used.get((p, s), [])
                    if self.busy[p, s]:
                        seq.append(1)
                    elif not lits:
                        seq.append(0)
                    elif len(lits) == 1:
                        seq.append(lits[0])
                    else:
                        u = model.new_bool_var("")
                        model.add(sum(lits) == u)
                        seq.append(u)
                starts.extend(_break_starts(model, seq))
        return starts

    def solve(self, seconds: float, seed: int) -> dict[str, tuple[int, str | None]] | None:
        if not self.ok or seconds <= 0:
            return None
        problem = self.state.problem
        starts = self._breaks()
        weight = sum(problem.meeting_by_id[m].weight * v for (m, _, _), v in self.x.items())
        big = len(starts) + 1  # one unit of weight beats every possible break
        self.model.maximize(big * weight - sum(starts))
        for (m, s, t), v in self.x.items():
            self.model.add_hint(v, self.state.placed.get(m) == (s, t))
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = seconds
        solver.parameters.random_seed = seed
        solver.parameters.num_workers = 1  # small models: one worker starts fastest
        status = solver.solve(self.model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        return {m: (s, t) for (m, s, t), v in self.x.items() if solver.boolean_value(v)}


def _is(v: Lit | int, const: int) -> bool:
    return isinstance(v, int) and v == const


def _break_starts(model: cp_model.CpModel, seq: list[Lit | int]) -> list[Lit]:
    """Break-start literals (upper-bounding form: minimising makes them exact)."""
    later = _suffix_or(model, seq, "")
    out = []
    for j in range(1, len(seq) - 1):
        prev, cur, nxt = seq[j - 1], seq[j], later[j + 1]
        if _is(prev, 0) or _is(nxt, 0) or _is(cur, 1):
            continue
        # b >= prev AND NOT cur AND later: the clause (b OR NOT prev OR cur OR NOT later).
        clause = [t.Not() for t in (prev, nxt) if not isinstance(t, int)]
        if not isinstance(cur, int):
            clause.append(cur)
        b = model.new_bool_var("")
        model.add_bool_or([b, *clause])
        out.append(b)
    return out


def weight_bound(problem: Problem, dom: dict[str, list[int]], seconds: float = 10.0) -> int:
    """An upper bound on the scheduled weight: forget time, keep each participant's capacity.

    Each participant meets at most min(max_meetings, slots it can use) times; the best weight
    under those counts alone (a b-matching, solved by CP-SAT) bounds every schedule's weight.
    CP-SAT gets `seconds`; a busy machine may leave it no proof in that time, so the bound is
    never worse than `capacity_bound`, which needs none.
    """
    caps = _capacities(problem, dom)
    model = cp_model.CpModel()
    x = {m.id: model.new_bool_var("") for m in problem.meetings if dom[m.id]}
    for m in problem.meetings:
        if m.required and m.id in x:
            model.add(x[m.id] == 1)
    for p in problem.participants:
        mine = [x[m.id] for m in problem.meetings_of[p.id] if m.id in x]
        if len(mine) > caps[p.id]:
            model.add(sum(mine) <= caps[p.id])
    model.maximize(sum(problem.meeting_by_id[m].weight * v for m, v in x.items()))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = 1
    status = solver.solve(model)
    quick = capacity_bound(problem, dom, caps)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return quick
    return min(quick, math.floor(solver.best_objective_bound + 1e-6))


def _capacities(problem: Problem, dom: dict[str, list[int]]) -> dict[str, int]:
    """Participant id -> how many meetings it can have at most: min(max_meetings, usable
    slots)."""
    caps = {}
    for p in problem.participants:
        usable = {s for m in problem.meetings_of[p.id] for s in dom[m.id]}
        limit = p.max_meetings if p.max_meetings is not None else len(usable)
        caps[p.id] = min(len(usable), limit)
    return caps


def capacity_bound(problem: Problem, dom: dict[str, list[int]], caps: dict[str, int]) -> int:
    """Half the sum, over the participants, of the weights of each one's `caps` heaviest
    placeable meetings: every placed meeting counts once for each of its two sides."""
    total = 0
    for p in problem.participants:
        weights = sorted((m.weight for m in problem.meetings_of[p.id] if dom[m.id]), reverse=True)
        total += sum(weights[: caps[p.id]])
    return total // 2
