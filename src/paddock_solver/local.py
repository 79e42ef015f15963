"""Fast local search on a whole schedule, in plain Python, between CP-SAT neighbourhoods.

Everything is indexed by integers and each participant's used slots are one bitmask, so a move
(relocate a meeting, or relocate it and push the one meeting in its way elsewhere, insert a
missing meeting, possibly ejecting lighter ones) is checked and scored in microseconds: tens of
thousands of moves in the time CP-SAT solves one neighbourhood. A move is kept when it does not
lower the scheduled weight and does not add breaks (equal moves let the search drift across
plateaus); the best schedule seen is what is returned, so the answer never gets worse.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterable

from paddock_solver.domains import room_caps, table_choices
from paddock_solver.model import Problem
from paddock_solver.tables import Placed

FREE = -1  # no meeting / unscheduled / floating table
INSERT_SHARE = 0.3  # of moves that try to schedule a missing meeting
WAITING_SHARE = 0.8  # of the other moves that start from someone with a break
SHIFT_SHARE = 0.5  # of those that move the meeting to its best free slot
POLISH_STALL = 2.0  # seconds without gain after which `polish` gives up
# Moves between two checks of `polish` (floor reached, stall): a count, not a time, so that a
# polish that ends at its floor leaves the same schedule on any machine, however busy.
POLISH_CHUNK_MOVES = 4096


class Schedule:
    """A valid schedule with incremental bookkeeping of every capacity and of breaks."""

    def __init__(self, problem: Problem, dom: dict[str, list[int]], placed: Iterable[Placed]):
        self.problem = problem
        self.n_slots = len(problem.slots)
        self._rules(problem)
        self._meetings(problem, dom)
        self._capacities(problem)
        self.slot = [FREE] * len(self.ids)
        self.table = [FREE] * len(self.ids)
        self.mask = [0] * len(problem.participants)  # bit s: the participant meets in slot s
        self.count = [0] * len(problem.participants)
        self.at: dict[int, int] = {}  # participant * n_slots + slot -> its meeting there
        self.weight_total = 0
        self.dirty: set[int] = set()  # meetings changed since the last `changes()`
        for mid, s, t in placed:
            self.place(self.index[mid], s, FREE if t is None else self.table_index[t])
        self.by_breaks = [0] * (self.n_slots + 1)  # participants per number of breaks
        for p in range(len(self.mask)):
            self.by_breaks[self.breaks_of(p)] += 1
        self.breaks_total = sum(b * n for b, n in enumerate(self.by_breaks))
        self.dirty = set()

    def _rules(self, problem: Problem) -> None:
        self.max_breaks = problem.rules.max_breaks
        self.spread = problem.rules.break_spread
        groups = problem.break_groups
        self.group_masks = [sum(1 << s for s in g) for g in groups]
        self.firsts = sum(1 << g[0] for g in groups if g)
        self._brk: dict[int, int] = {}

    def _meetings(self, problem: Problem, dom: dict[str, list[int]]) -> None:
        meetings = problem.meetings
        self.ids = [m.id for m in meetings]
        self.index = {m.id: i for i, m in enumerate(meetings)}
        people = {p.id: i for i, p in enumerate(problem.participants)}
        self.table_index = {t.id: i for i, t in enumerate(problem.tables)}
        resources = {r.id: i for i, r in enumerate(problem.resources)}
        self.parts = [tuple(people[p] for p in m.participants) for m in meetings]
        self.weight = [m.weight for m in meetings]
        self.required = [m.required for m in meetings]
        self.res = [tuple(resources[r] for r in m.resources) for m in meetings]
        self.pinned = [bool(m.fixed and m.fixed.slot) for m in meetings]
        self.dom = [list(dom[m.id]) for m in meetings]
        self.choices: list[list[int] | None] = []
        for m in meetings:
            ch = table_choices(problem, m)
            self.choices.append(None if ch is None else [self.table_index[t] for t in ch])
        self.preds = [tuple(self.index[a] for a in m.after) for m in meetings]
        self.succs: list[list[int]] = [[] for _ in meetings]
        for i, ps in enumerate(self.preds):
            for a in ps:
                self.succs[a].append(i)
        self.meetings_of: list[list[int]] = [[] for _ in problem.participants]
        for i, ps in enumerate(self.parts):
            for p in ps:
                self.meetings_of[p].append(i)
        self.cap = [
            p.max_meetings if p.max_meetings is not None else 10**9 for p in problem.participants
        ]

    def _capacities(self, problem: Problem) -> None:
        n = self.n_slots
        caps = room_caps(problem)
        rooms = {r: i for i, r in enumerate(caps)}
        self.table_ids = [t.id for t in problem.tables]
        self.room_cap = list(caps.values())
        self.table_room = [rooms[t.room] for t in problem.tables]
        # Floating meetings only need a table somewhere: the slot's total capacity.
        self.slot_cap = sum(caps.values())
        self.res_cap = [r.capacity for r in problem.resources]
        self.table_busy: set[int] = set()  # table * n_slots + slot
        self.room_use = [[0] * n for _ in caps]
        self.slot_use = [0] * n
        self.res_use = [[0] * n for _ in problem.resources]

    # -- breaks ------------------------------------------------------------------------------

    def breaks_mask(self, mask: int) -> int:
        b = self._brk.get(mask)
        if b is None:
            # A run starts where a slot is used and the one before is not (or a group begins);
            # each used group's first run is no break.
            starts = (mask & ~(mask << 1)) | (mask & self.firsts)
            b = starts.bit_count() - sum(1 for g in self.group_masks if mask & g)
            if len(self._brk) > 1_000_000:  # a cache, not a memory leak
                self._brk.clear()
            self._brk[mask] = b
        return b

    def breaks_of(self, p: int) -> int:
        return self.breaks_mask(self.mask[p])

    def waiting(self) -> list[tuple[str, int]]:
        """(participant id, break group index) pairs that currently hold a break."""
        ids = self.problem.participants
        return [
            (ids[p].id, g)
            for p, mask in enumerate(self.mask)
            if self.breaks_mask(mask)
            for g, gm in enumerate(self.group_masks)
            if self.breaks_mask(mask & gm)
        ]

    # -- primitive changes (no checks) -------------------------------------------------------

    def place(self, i: int, s: int, t: int) -> None:
        n = self.n_slots
        self.dirty.add(i)
        self.slot[i], self.table[i] = s, t
        bit = 1 << s
        for p in self.parts[i]:
            self.mask[p] |= bit
            self.count[p] += 1
            self.at[p * n + s] = i
        self.slot_use[s] += 1
        if t != FREE:
            self.table_busy.add(t * n + s)
            self.room_use[self.table_room[t]][s] += 1
        for r in self.res[i]:
            self.res_use[r][s] += 1
        self.weight_total += self.weight[i]

    def remove(self, i: int) -> tuple[int, int]:
        n = self.n_slots
        self.dirty.add(i)
        s, t = self.slot[i], self.table[i]
        bit = 1 << s
        for p in self.parts[i]:
            self.mask[p] &= ~bit
            self.count[p] -= 1
            del self.at[p * n + s]
        self.slot_use[s] -= 1
        if t != FREE:
            self.table_busy.discard(t * n + s)
            self.room_use[self.table_room[t]][s] -= 1
        for r in self.res[i]:
            self.res_use[r][s] -= 1
        self.weight_total -= self.weight[i]
        self.slot[i] = self.table[i] = FREE
        return s, t

    # -- feasibility -------------------------------------------------------------------------

    def fits(self, i: int, s: int) -> int | None:
        """The table meeting i would get in slot s (FREE when floating), or None if it cannot.

        Participants' availability is checked by the caller through the masks.
        """
        if (
            self.slot_use[s] >= self.slot_cap
            or any(self.res_use[r][s] >= self.res_cap[r] for r in self.res[i])
            or any(self.slot[a] == FREE or self.slot[a] >= s for a in self.preds[i])
            or any(FREE != self.slot[b] <= s for b in self.succs[i])
        ):
            return None
        choices = self.choices[i]
        if choices is None:
            return FREE
        n = self.n_slots
        for t in choices:
            if t * n + s not in self.table_busy:
                room = self.table_room[t]
                if self.room_use[room][s] < self.room_cap[room]:
                    return t
        return None

    def free_for(self, i: int, s: int) -> bool:
        bit = 1 << s
        return not any(self.mask[p] & bit for p in self.parts[i])

    def blockers(self, i: int, s: int) -> set[int]:
        n = self.n_slots
        return {b for p in self.parts[i] if (b := self.at.get(p * n + s, FREE)) != FREE}

    def within_caps(self, i: int) -> bool:
        return all(self.count[p] < self.cap[p] for p in self.parts[i])

    def rebreak(self, old_masks: dict[int, int]) -> None:
        """Account for the breaks of participants whose masks were `old_masks` before."""
        for p, old in old_masks.items():
            b, a = self.breaks_mask(old), self.breaks_of(p)
            self.by_breaks[b] -= 1
            self.by_breaks[a] += 1
            self.breaks_total += a - b

    def break_rules_hold(self) -> bool:
        """`max_breaks` and `break_spread`, over every participant."""
        if self.max_breaks is None and self.spread is None:
            return True
        present = [b for b, n in enumerate(self.by_breaks) if n]
        if self.max_breaks is not None and present[-1] > self.max_breaks:
            return False
        return self.spread is None or present[-1] - present[0] <= self.spread

    def changes(self) -> dict[str, tuple[int, str | None] | None]:
        """Where each meeting changed since the last call now is (None: unscheduled)."""
        out = {self.ids[i]: self._where(i) for i in self.dirty}
        self.dirty = set()
        return out

    def _where(self, i: int) -> tuple[int, str | None] | None:
        if self.slot[i] == FREE:
            return None
        return self.slot[i], None if self.table[i] == FREE else self.table_ids[self.table[i]]

    def apply(self, changes: dict[str, tuple[int, str | None] | None]) -> None:
        """Take moves made elsewhere (a CP-SAT neighbourhood), keeping breaks up to date."""
        moved = [self.index[mid] for mid in changes]
        old_masks = {p: self.mask[p] for i in moved for p in self.parts[i]}
        for i in moved:
            if self.slot[i] != FREE:
                self.remove(i)
        for mid, where in changes.items():
            if where is not None:
                s, t = where
                self.place(self.index[mid], s, FREE if t is None else self.table_index[t])
        self.rebreak(old_masks)
        self.dirty = set()

    def placed(self) -> list[Placed]:
        return [
            (self.ids[i], s, None if self.table[i] == FREE else self.table_ids[self.table[i]])
            for i, s in enumerate(self.slot)
            if s != FREE
        ]

    def key(self) -> tuple[int, int]:
        return (self.weight_total, -self.breaks_total)


class Search:
    """Randomised moves on a Schedule, keeping the best (weight, -breaks) seen."""

    def __init__(self, sched: Schedule, seed: int) -> None:
        self.s = sched
        self.rng = random.Random(seed)  # noqa: S311 - search diversification, not secrets
        self.movable = [
            i for i in range(len(sched.slot)) if not sched.pinned[i] and len(sched.dom[i]) > 1
        ]
        moving = set(self.movable)
        self.mine = [[i for i in ms if i in moving] for ms in sched.meetings_of]

    # -- a move: undo log --------------------------------------------------------------------

    def _begin(self) -> None:
        self.log: list[tuple[int, int, int]] = []  # (meeting, old slot or FREE, old table)
        self.old_masks: dict[int, int] = {}  # touched participants' masks before the move

    def _touch(self, i: int) -> None:
        for p in self.s.parts[i]:
            if p not in self.old_masks:
                self.old_masks[p] = self.s.mask[p]

    def _remove(self, i: int) -> None:
        self._touch(i)
        s, t = self.s.remove(i)
        self.log.append((i, s, t))

    def _place(self, i: int, s: int, t: int) -> None:
        self._touch(i)
        self.log.append((i, FREE, FREE))
        self.s.place(i, s, t)

    def _undo(self) -> None:
        for i, s, t in reversed(self.log):
            if s == FREE:
                self.s.remove(i)
            else:
                self.s.place(i, s, t)
        self.log = []

    # -- moves -------------------------------------------------------------------------------

    def _best_slot(self, i: int, avoid: int = FREE) -> tuple[int, int, int] | None:
        """Where the (removed) meeting i adds the fewest breaks: (added breaks, slot, table)."""
        sch = self.s
        parts = sch.parts[i]
        best = None
        masks = [sch.mask[p] for p in parts]
        base = sum(sch.breaks_mask(m) for m in masks)
        union = 0
        for m in masks:
            union |= m
        for s in sch.dom[i]:
            if s == avoid or union >> s & 1:
                continue
            t = sch.fits(i, s)
            if t is None:
                continue
            bit = 1 << s
            d = sum(sch.breaks_mask(m | bit) for m in masks) - base
            if best is None or d < best[0] or (d == best[0] and self.rng.random() < 0.5):
                best = (d, s, t)
        return best

    def relocate(self, i: int) -> bool:
        """Move meeting i, possibly pushing the one meeting in its way to another slot."""
        sch = self.s
        before = sch.key()
        self._begin()
        old = sch.slot[i]
        self._remove(i)
        s = self.rng.choice(sch.dom[i])
        if s == old:
            self._undo()
            return False
        blocking = sch.blockers(i, s)
        if len(blocking) > 1:
            self._undo()
            return False
        for b in blocking:
            if sch.pinned[b]:
                self._undo()
                return False
            self._remove(b)
        t = sch.fits(i, s)
        if t is None:
            self._undo()
            return False
        self._place(i, s, t)
        for b in blocking:
            where = self._best_slot(b, avoid=s)
            if where is None:
                self._undo()
                return False
            self._place(b, where[1], where[2])
        return self._settle(before)

    def shift(self, i: int) -> bool:
        """Move meeting i to the free slot where it adds the fewest breaks."""
        sch = self.s
        before = sch.key()
        self._begin()
        self._remove(i)
        where = self._best_slot(i)
        if where is None:
            self._undo()
            return False
        self._place(i, where[1], where[2])
        return self._settle(before)

    def insert(self, i: int) -> bool:
        """Schedule a missing meeting, ejecting lighter meetings in its way if that pays."""
        sch = self.s
        if sch.slot[i] != FREE or not sch.dom[i]:
            return False
        s = self.rng.choice(sch.dom[i])
        blocking = self._room_for(i, s)
        if blocking is None:
            return False
        before = sch.key()
        self._begin()
        for b in blocking:
            self._remove(b)
        t = sch.fits(i, s) if sch.within_caps(i) else None
        if t is None:
            self._undo()
            return False
        self._place(i, s, t)
        for b in blocking:  # put the ejected ones back elsewhere when they fit
            where = self._best_slot(b, avoid=s) if sch.within_caps(b) else None
            if where is not None:
                self._place(b, where[1], where[2])
            elif sch.required[b]:
                self._undo()
                return False
        return self._settle(before)

    def _room_for(self, i: int, s: int) -> set[int] | None:
        """Meetings to take out so that i can go to slot s, or None when that cannot pay."""
        sch = self.s
        blocking = sch.blockers(i, s)
        for p in sch.parts[i]:
            if sch.count[p] >= sch.cap[p]:
                # At its cap: one of its other meetings, chosen at random, makes room.
                mine = [b for b in sch.meetings_of[p] if sch.slot[b] != FREE]
                if not mine:
                    return None
                blocking.add(self.rng.choice(mine))
        for b in blocking:
            if sch.pinned[b] or any(sch.slot[n] != FREE for n in sch.succs[b]):
                return None
        lost = sum(sch.weight[b] for b in blocking)
        if lost >= sch.weight[i] and not all(len(sch.dom[b]) > 1 for b in blocking):
            return None
        return blocking

    def _settle(self, before: tuple[int, int]) -> bool:
        """Keep the move when (weight, -breaks) does not get worse; else undo it."""
        sch = self.s
        sch.rebreak(self.old_masks)
        if sch.key() < before or not sch.break_rules_hold():
            new_masks = {p: sch.mask[p] for p in self.old_masks}
            self._undo()
            sch.rebreak(new_masks)
            return False
        return True

    # -- driver ------------------------------------------------------------------------------

    def run(self, deadline: float, max_moves: int | None = None) -> int:
        """Try moves until the deadline (checked every 256 moves) or `max_moves`; returns
        the number of moves tried."""
        sch, rng = self.s, self.rng
        step = 0
        while step != max_moves:
            if step % 4096 == 0:  # what is missing and who waits changes slowly
                missing = [i for i, s in enumerate(sch.slot) if s == FREE and sch.dom[i]]
                waiting = [
                    p for p, mask in enumerate(sch.mask) if sch.breaks_mask(mask) and self.mine[p]
                ]
            step += 1
            if step % 256 == 0 and time.monotonic() >= deadline:
                break
            if missing and rng.random() < INSERT_SHARE:
                self.insert(rng.choice(missing))
            elif waiting and rng.random() < WAITING_SHARE:
                # Most moves start from someone who waits between meetings.
                i = rng.choice(self.mine[rng.choice(waiting)])
                if sch.slot[i] != FREE:
                    (self.shift if rng.random() < SHIFT_SHARE else self.relocate)(i)
            elif self.movable:
                i = rng.choice(self.movable)
                if sch.slot[i] != FREE:
                    self.relocate(i)
        return step


def polish(
    problem: Problem,
    dom: dict[str, list[int]],
    placed: Iterable[Placed],
    *,
    deadline: float,
    seed: int,
    floor: int = 0,
) -> list[Placed]:
    """The schedule after single moves, never worse in (weight, breaks): until the deadline,
    until breaks reach `floor` (a proven bound), or until POLISH_STALL seconds gain nothing.
    Ended at the floor, the same for the same input and seed (chunks of POLISH_CHUNK_MOVES)."""
    sched = Schedule(problem, dom, placed)
    search = Search(sched, seed)
    gained = time.monotonic()
    while sched.breaks_total > floor and (now := time.monotonic()) < deadline:
        if now - gained > POLISH_STALL:
            break
        before = sched.key()
        search.run(deadline, max_moves=POLISH_CHUNK_MOVES)
        if sched.key() > before:
            gained = time.monotonic()
    return sched.placed()
