"""A SAT engine for the literature's shape of problem (Bofill et al., JAIR 74, 2022), on PySAT.

It applies when every meeting is required, there is no `previous` and tables are
interchangeable (no home table, no fixed table, no resource): a schedule is then one slot per
meeting under a per-slot capacity, levels 1 and 2 are settled, and only breaks are minimised.
The encoding follows the paper: x[m,s] for allowed slots only, used-slot literals u[p,s], the
implied counts ("slots used = meetings" per participant, stated both ways; at most 2 x tables
busy participants per slot), and breaks counted from used-slot literals. Breaks are minimised
bottom up ("at most B breaks?" for B = 0, 1, ...) on one incremental CDCL solver with a
totalizer over the break literals: every unsatisfiable answer raises a proven bound and the
first schedule found is optimal.
"""

from __future__ import annotations

import collections
import contextlib
import ctypes
import fcntl
import gc
import itertools
import multiprocessing
import os
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, Literal, cast

import pysolvers  # type: ignore[import-not-found]  # PySAT's C extension
from pysat.card import CardEnc, EncType, ITotalizer
from pysat.solvers import Solver

from paddock_solver import timings
from paddock_solver.bounds import forced_breaks, unbroken_windows
from paddock_solver.domains import room_caps
from paddock_solver.model import Problem
from paddock_solver.tables import Placed
from paddock_solver.timings import mark

SOLVER = "cadical195"  # measured fastest here (Glucose 4.1 took twice as long on forum-13)
# CaDiCaL options for the bottom-up questions, once the disjoint cores are done: target phases in
# focused mode too (`target=2`), and the twin's stable mode only (`stabilizeonly=1`); see `_race`.
BOTTOM_UP = {"target": 2}
TWIN = {"stabilizeonly": 1}
TIGHT = 0.7  # share of table-slots filled from which the busy count is stated, and even
# "feasible": a schedule, its breaks not minimised (`feasible`, which asks for any schedule).
Outcome = Literal["optimal", "feasible", "infeasible", "unknown"]


def applies(problem: Problem) -> bool:
    """Whether the problem has the shape this engine solves exactly."""
    if problem.previous is not None:
        return False
    if any(p.home_table is not None for p in problem.participants):
        return False
    return all(
        m.required and not m.resources and (m.fixed is None or m.fixed.table is None)
        for m in problem.meetings
    )


@dataclass
class Result:
    status: Outcome
    placed: list[Placed] | None = None
    breaks: int | None = None
    low: int = 0  # proven lower bound on total breaks (when not infeasible)


@dataclass
class _Cnf:
    clauses: list[list[int]] = field(default_factory=list)
    top: int = 0
    # Positions of the clauses left out of the first question (`first_question`).
    search_only: set[int] = field(default_factory=set)

    def new(self) -> int:
        self.top += 1
        return self.top

    def add(self, clause: list[int]) -> None:
        self.clauses.append(clause)

    def card(self, lits: Sequence[int], bound: int, kind: str, enc: int) -> None:
        """sum(lits) <= / == bound with one of PySAT's encodings."""
        if kind == "equals" and bound > len(lits):
            self.add([])
            return
        if kind == "atmost" and bound >= len(lits):
            return
        make: Callable[..., object] = getattr(CardEnc, kind)
        formula = make(lits=list(lits), bound=bound, top_id=self.top, encoding=enc)
        self.clauses.extend(formula.clauses)  # type: ignore[attr-defined]
        self.top = max(self.top, formula.nv)  # type: ignore[attr-defined]

    def count(self, lits: Sequence[int], limit: int) -> list[int]:
        """A totalizer stated both ways: out[k] <-> sum(lits) >= k+1, for k < limit.

        PySAT's totalizers only say "sum >= k+1 implies out[k]", enough for upper bounds; the
        implied equalities and the fairness rule's lower count need the converse too.
        """
        if len(lits) <= 1 or limit <= 0:
            return list(lits[:limit])
        half = len(lits) // 2
        a, b = self.count(lits[:half], limit), self.count(lits[half:], limit)
        size = min(len(a) + len(b), limit)
        out = list(range(self.top + 1, self.top + size + 1))
        self.top += size
        add = self.clauses.append  # hundreds of thousands of clauses: no method call each
        # a >= i (i = 0: nothing) as a literal list, and a >= i+1 (i = len(a): never).
        a_at_least: list[list[int]] = [[]] + [[-v] for v in a]
        a_above = [[v] for v in a] + [[]]
        b_at_least: list[list[int]] = [[]] + [[-v] for v in b]
        b_above = [[v] for v in b] + [[]]
        for i in range(len(a) + 1):
            for j in range(len(b) + 1):
                k = i + j
                if k >= 1:  # a >= i and b >= j: at least i+j
                    add(a_at_least[i] + b_at_least[j] + [out[min(k, size) - 1]])
                if k < size:  # at least i+j+1: a >= i+1 or b >= j+1
                    add(a_above[i] + b_above[j] + [-out[k]])
        return out

    def at_most_one(self, lits: Sequence[int]) -> None:
        add = self.clauses.append
        if len(lits) <= 5:
            for i, a in enumerate(lits):
                for b in lits[i + 1 :]:
                    add([-a, -b])
            return
        # PySAT's sequential counter for a bound of 1 (`EncType.seqcounter`), clause for clause
        # and numbered alike, written here: PySAT took about 60 us a call, for 1,300-2,400
        # calls an encoding (docs/solver.md, "What a run spends outside the search").
        t = list(range(self.top + 1, self.top + len(lits)))  # t[i]: one of lits[:i+1]
        self.top += len(lits) - 1
        add([-lits[0], t[0]])
        for i in range(1, len(lits) - 1):
            add([-t[i - 1], t[i]])
            add([-lits[i], -t[i - 1]])
            add([-lits[i], t[i]])
        add([-lits[-1], -t[-1]])


@dataclass
class Encoding:
    cnf: _Cnf
    x: dict[tuple[str, int], int]
    breaks: list[int]  # one literal per possible break start, true exactly at a break
    per_person: dict[str, list[int]] = field(default_factory=dict)  # the same, by participant


def encode(
    problem: Problem,
    dom: dict[str, list[int]],
    *,
    busy: bool | None = None,
    span: bool = False,
) -> Encoding:
    """The CNF; `busy` states imp2 (see `_capacity`), by default on tight problems only, and
    `span` the implied span of participants without a break (see `_spans`)."""
    with _without_gc():
        return _encode(problem, dom, busy=busy, span=span)


@contextlib.contextmanager
def _without_gc() -> Iterator[None]:
    """Python's cycle collector off: a CNF is 30,000-360,000 small lists, none in a cycle, and
    the collector walked them all again and again as they were made (a third of the encoding's
    CPU time on the largest originals, docs/solver.md, "What a run spends outside the
    search")."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _encode(
    problem: Problem, dom: dict[str, list[int]], *, busy: bool | None, span: bool
) -> Encoding:
    cnf = _Cnf()
    x: dict[tuple[str, int], int] = {}
    for m in problem.meetings:
        lits = []
        for s in dom[m.id]:
            x[m.id, s] = cnf.new()
            lits.append(x[m.id, s])
        cnf.add(lits)  # every meeting is required; an empty clause when it has no slot
        cnf.at_most_one(lits)
    used = _used(problem, cnf, x)
    _capacity(problem, cnf, x, used, busy)
    _precedences(problem, cnf, x, dom)
    per_person = {p: _break_starts(problem, cnf, row) for p, row in used.items()}
    _break_rules(problem, cnf, per_person)
    if span:
        _spans(problem, cnf, used, per_person, unbroken_windows(problem, dom))
    return Encoding(cnf, x, [b for bs in per_person.values() for b in bs], per_person)


def _used(problem: Problem, cnf: _Cnf, x: dict[tuple[str, int], int]) -> dict[str, list[int]]:
    """u[p,s] <-> one of p's meetings is at s (0 when none can be); at most one of them."""
    used: dict[str, list[int]] = {}
    for p in problem.participants:
        mine = problem.meetings_of[p.id]
        row = []
        for s in range(len(problem.slots)):
            lits = [x[m.id, s] for m in mine if (m.id, s) in x]
            if len(lits) <= 1:
                row.append(lits[0] if lits else 0)
                continue
            u = cnf.new()
            cnf.add([-u, *lits])
            for v in lits:
                cnf.add([-v, u])
            cnf.at_most_one(lits)
            row.append(u)
        used[p.id] = row
        # Implied: the slots a participant uses are exactly as many as its meetings.
        have = cnf.count([u for u in row if u], len(mine) + 1)
        capped = p.max_meetings is not None and len(mine) > p.max_meetings
        if len(have) < len(mine) or capped:
            cnf.add([])  # every meeting is required: too few slots, or above max_meetings
            continue
        if mine:
            cnf.add([have[len(mine) - 1]])
        if len(have) > len(mine):
            cnf.add([-have[len(mine)]])
    return used


def _capacity(
    problem: Problem,
    cnf: _Cnf,
    x: dict[tuple[str, int], int],
    used: dict[str, list[int]],
    busy: bool | None,
) -> None:
    """At most `capacity` meetings per slot (tables are interchangeable).

    For two-person meetings, optionally the implied count of busy participants per slot (JAIR's
    imp2): at most 2 x capacity, and on tight problems (TIGHT) also even, stated as a count both
    ways ("at least 2k+1 busy" forces "at least 2k+2"). The upper bound alone cuts some searches
    tenfold and slows others as much: forumt-14crafd (94 % of table-slots filled) 30 s -> 3 s,
    forum-14 (62 %) over 60 s -> 14 s, but forum-13crafc (61 %) 4 s -> 56 s. The even count
    settles the tight ones (forumt-14crafe, tic-13crafc and tic-14crafc went from over 60 s to
    2-3 s without the spans) but costs time on loose ones (ticf-14crafa 3.2 -> 9.8 s). By default
    (`busy` None) it is stated on tight problems only.

    With two-person meetings busy is twice held, so the busy count says what the meetings'
    counter says: where it is stated it replaces that counter (half the clauses; the twelve
    tight originals took 5-6 s together instead of 10-15 s). Keeping both counters and linking
    them (busy = 2 x held, both ways) made proofs ten times slower.
    """
    capacity = sum(room_caps(problem).values())
    tight = _tight(problem)
    implied = tight if busy is None else busy
    implied = implied and all(len(m.participants) == 2 for m in problem.meetings)
    for s in range(len(problem.slots)):
        if not implied:
            held = [x[m.id, s] for m in problem.meetings if (m.id, s) in x]
            cnf.card(held, capacity, "atmost", EncType.seqcounter)
            continue
        people = [row[s] for row in used.values() if row[s]]
        if tight:
            _even_count(cnf, people, 2 * capacity)
        else:
            cnf.card(people, 2 * capacity, "atmost", EncType.seqcounter)


def _even_count(cnf: _Cnf, lits: Sequence[int], most: int) -> None:
    """An even number of `lits` true, at most `most` (itself even)."""
    at_least = cnf.count(lits, min(len(lits), most + 1))  # at_least[k] <-> sum >= k + 1
    for k in range(0, len(at_least), 2):  # sum >= k + 1, an odd number
        if k + 1 < len(at_least):
            cnf.add([-at_least[k], at_least[k + 1]])
        else:  # no k + 2 to reach: k + 1 is all the literals, or above `most`
            cnf.add([-at_least[k]])


def _tight(problem: Problem) -> bool:
    capacity = sum(room_caps(problem).values())
    return len(problem.meetings) >= TIGHT * capacity * len(problem.slots)


def _precedences(
    problem: Problem, cnf: _Cnf, x: dict[tuple[str, int], int], dom: dict[str, list[int]]
) -> None:
    """m after a, stated from both ends: m at s needs a earlier, and a at t needs m later.

    The second half is implied, but CDCL does not find it: with it, "no break at all?" on
    ticf-14crafa.prec15 took 42,000-147,000 conflicts (11-43 s) instead of 133,000-183,000
    (37-45 s) over seven runs each.
    """
    for m in problem.meetings:
        for a in dict.fromkeys(m.after):  # in order, so that the CNF is the same at every run
            for s in dom[m.id]:
                cnf.add([-x[m.id, s], *(x[a, t] for t in dom[a] if t < s)])
            for t in dom[a]:
                cnf.add([-x[a, t], *(x[m.id, u] for u in dom[m.id] if u > t)])


def _break_starts(problem: Problem, cnf: _Cnf, row: list[int]) -> list[int]:
    """b[j] <-> u[j-1] and not u[j] and some meeting after j, inside each break group."""
    starts = []
    for group in problem.break_groups:
        seq = [row[s] for s in group]
        if sum(1 for v in seq if v) < 2:
            continue
        later = _suffix_or(cnf, seq)
        for j in range(1, len(seq) - 1):
            prev, cur, nxt = seq[j - 1], seq[j], later[j + 1]
            if not prev or not nxt:
                continue
            terms = [prev, nxt] if not cur else [prev, -cur, nxt]
            b = cnf.new()
            # Both directions, so counts are exact (the fairness rule bounds them from below).
            cnf.add([b, *(-t for t in terms)])
            for t in terms:
                cnf.add([-b, t])
            starts.append(b)
    return starts


def _suffix_or(cnf: _Cnf, seq: list[int]) -> list[int]:
    """later[j] <-> some meeting at position j or after (0 when none can be)."""
    later = [0] * (len(seq) + 1)
    for j in range(len(seq) - 1, -1, -1):
        cur, nxt = seq[j], later[j + 1]
        if not cur or not nxt:
            later[j] = cur or nxt
            continue
        v = cnf.new()
        cnf.add([-v, cur, nxt])
        cnf.add([-cur, v])
        cnf.add([-nxt, v])
        later[j] = v
    return later


def _break_rules(problem: Problem, cnf: _Cnf, per_person: dict[str, list[int]]) -> None:
    rules = problem.rules
    if rules.max_breaks is not None:
        for starts in per_person.values():
            cnf.card(starts, rules.max_breaks, "atmost", EncType.seqcounter)
    d = rules.break_spread
    if d is None:
        return
    if any(not starts for starts in per_person.values()):
        # Someone can never have a break, so the smallest count is 0: at most d each.
        for starts in per_person.values():
            cnf.card(starts, d, "atmost", EncType.seqcounter)
        return
    # A shared lower count L in unary (low[k] <-> L >= k+1): L <= breaks_p <= L + d for each p.
    most = max(len(s) for s in per_person.values())
    low = [cnf.new() for _ in range(most)]
    for a, b in zip(low[1:], low, strict=False):
        cnf.add([-a, b])
    for starts in per_person.values():
        at_least = cnf.count(starts, len(starts))  # at_least[k] <-> breaks_p >= k+1
        for k, lk in enumerate(low):
            cnf.add([-lk, at_least[k]] if k < len(at_least) else [-lk])
        for k in range(d, len(at_least)):
            # breaks_p >= k+1 forces L >= k+1-d.
            cnf.add([-at_least[k], low[k - d]])


def _spans(
    problem: Problem,
    cnf: _Cnf,
    used: dict[str, list[int]],
    per_person: dict[str, list[int]],
    windows: dict[str, list[int]],
) -> None:
    """Implied: a participant without a break uses one run of slots per break group, no longer
    than its number of meetings, so two used slots of a group cannot lie that far apart.

    Stated under z_p <-> "p has no break". Plain propagation does not see it (the break
    literals only forbid a gap once both of its ends are known), and on the 0-break instances it
    turns the hardest search of the literature's set (ticf-14crafa) from 23-35 s into 3 s.

    With one break group, the same under z_p for the windows where p's meetings fit with no
    break (`bounds.unbroken_windows`): a used slot in no window is ruled out, and so are two
    used slots that no window holds together. On the crafb variants, whose time goes into
    refuting "at most 4 breaks", the search with them took 0.5-0.7x the conflicts over seven
    clause orders (docs/solver.md, 6 December, evening).
    """
    for p, row in used.items():
        starts = per_person[p]
        longest = len(problem.meetings_of[p])
        z = 0  # no break literal: never a break, the span holds unconditionally
        if starts:
            z = cnf.new()
            cnf.add([z, *starts])
            for b in starts:
                cnf.add([-z, -b])
        unless = [-z] if z else []
        for group in problem.break_groups:
            for i, a in enumerate(group):
                for c in group[i + longest :]:
                    if row[a] and row[c]:
                        cnf.add([*unless, -row[a], -row[c]])
        if p in windows:
            _windows(cnf, row, windows[p], longest, unless)


def _windows(cnf: _Cnf, row: list[int], firsts: list[int], size: int, unless: list[int]) -> None:
    """Under `unless` (p has no break), p's used slots lie in one window of `size` slots
    starting at one of `firsts` (the span above already rules out slots `size` apart)."""
    holders = [{a for a in firsts if a <= s < a + size} for s in range(len(row))]
    ruled_out = [[-v] for s, v in enumerate(row) if v and not holders[s]]
    for a, va in enumerate(row):
        for c in range(a + 1, min(a + size, len(row))):
            vc = row[c]
            if va and vc and holders[a] and holders[c] and not holders[a] & holders[c]:
                ruled_out.append([-va, -vc])
    for clause in ruled_out:
        cnf.search_only.add(len(cnf.clauses))
        cnf.add([*unless, *clause])


def first_question(enc: Encoding) -> list[list[int]]:
    """The clauses of the first question ("only the forced breaks?"): all but the windows of
    `_windows`, which speed up the refutations of the search but slowed that question down
    (ticf-14crafa.prec15, "no break at all?": 133,000-202,000 conflicts over three clause orders
    with them, 42,000-147,000 without; docs/solver.md, 6 December, evening)."""
    return list(_first_question(enc))


def _first_question(enc: Encoding) -> Iterator[list[int]]:
    """`first_question`'s clauses, in order: the runs between the positions left out, sliced."""
    clauses, start = enc.cnf.clauses, 0
    for i in sorted(enc.cnf.search_only):
        yield from clauses[start:i]
        start = i + 1
    yield from clauses[start:]


def loaded(*formulas: Iterable[list[int]]) -> Solver:
    """A CaDiCaL solver with the clauses of `formulas` added in their order.

    PySAT adds a formula one clause at a time through two Python methods (`bootstrap_with`,
    `append_formula`); here its C function is mapped over the clauses, which took 0.7x the
    time (0.05 s less on the 355,000 clauses of ticf-14crafa's second search). Where that
    function is missing (another PySAT), PySAT's own loader.
    """
    sat = Solver(name=SOLVER)
    handle = getattr(sat.solver, "cadical", None)
    add = getattr(pysolvers, f"{SOLVER}_add_cl", None)
    for clauses in formulas:
        if handle is None or add is None:
            sat.append_formula(clauses)
        else:  # one C call per clause, and no Python loop around it
            collections.deque(map(add, itertools.repeat(handle), clauses), maxlen=0)
    return sat


def forced_first(enc: Encoding, forced: dict[str, int]) -> list[list[int]]:
    """ "Only the breaks that the participants' own meetings force?" as clauses to load first.

    Every break literal of a participant with no forced break is a unit (false), and a
    participant with k forced breaks (`bounds.forced_breaks`) has at most k. A schedule that
    meets them is optimal: its total is the sum of the forced breaks, a proven lower bound.
    With no forced break at all, this is "no break at all?". The counters' variables live only
    in the solver of that question: `enc.cnf.top` is left as it is, so that the search after
    a no is numbered, and runs, exactly as without the question (a renumbering moves a search
    like a new seed).
    """
    top = enc.cnf.top
    clauses: list[list[int]] = []
    for p, starts in enc.per_person.items():
        k = forced.get(p, 0)
        if k == 0:
            clauses.extend([-b] for b in starts)
        elif k < len(starts):
            formula = CardEnc.atmost(lits=starts, bound=k, top_id=top, encoding=EncType.seqcounter)
            clauses.extend(formula.clauses)
            top = max(top, formula.nv)
    return clauses


def minimise(
    problem: Problem,
    dom: dict[str, list[int]],
    *,
    deadline: float,
    workers: int = 1,
    bare_deadline: float | None = None,
) -> Result:
    """Fewest breaks; `unknown` with the proven bound (and maybe a schedule) when time runs out.

    The searches stop at `bare_deadline` instead when no schedule has been found by then, so
    that the caller has time left to find one some other way.

    With two workers or more, two searches run side by side (each is ten times faster than the
    other on some instances) and their bounds and schedules are combined: one with the
    busy-participant count and the span of participants without a break, which first asks for
    a schedule without any break, the other with neither, except the even busy count on tight
    problems (see `_capacity`).
    """
    if workers <= 1:
        variants = [_Variant(busy=None, span=True, zero_first=True)]
    else:
        variants = [_Variant(busy=True, span=True, zero_first=True), _Variant(busy=None)]
    return _race(deadline, problem, dom, variants, True, bare_deadline=bare_deadline)


def feasible(problem: Problem, dom: dict[str, list[int]], *, deadline: float) -> bool | None:
    """Whether some schedule meets every rule; None when time ran out."""
    result = _race(deadline, problem, dom, [_Variant(None)], False)
    return None if result.status == "unknown" else result.status != "infeasible"


@dataclass(frozen=True)
class _Variant:
    """One search's encoding and strategy (see `encode` and `_search`)."""

    busy: bool | None
    span: bool = False
    zero_first: bool = False


def _race(
    deadline: float,
    problem: Problem,
    dom: dict[str, list[int]],
    variants: Sequence[_Variant],
    optimise: bool,
    *,
    bare_deadline: float | None = None,
) -> Result:
    """One search per variant of the encoding, each in a child process killed at the deadline
    (at `bare_deadline` when no schedule has been reported by then).

    PySAT cannot interrupt CaDiCaL, and a killed process also frees its memory at once. The
    children report each raised bound and better schedule, so a search stopped at the deadline
    still returns what it proved and found.
    """
    ctx = multiprocessing.get_context("fork")
    children: list[BaseProcess] = []  # started, to be stopped
    pipes: list[Connection] = []
    searches: list[_Racer] = []
    best = Result("unknown")
    try:
        parent = os.getpid()
        twins = optimise and len(variants) == 2
        for variant in variants:
            receive, send = ctx.Pipe(duplex=False)
            links = _TwinLinks.open(ctx) if twins else None
            child: BaseProcess = ctx.Process(
                target=_child,
                args=(send, parent, problem, dom),
                kwargs={"variant": variant, "optimise": optimise, "links": links},
                daemon=True,
            )
            child.start()
            _own_group(cast(int, child.pid))
            mark(f"search {len(children) + 1} started")
            send.close()
            children.append(child)
            pipes.append(receive)
            searches.append(_Racer(child, receive, links))
            if links is not None:
                links.close_child_ends()
                pipes.extend([links.ask, links.reports])
        waiting = [s.reports for s in searches]
        while waiting and best.status == "unknown":
            until = deadline
            if best.placed is None and bare_deadline is not None:
                until = min(deadline, bare_deadline)
            remaining = until - time.monotonic()
            ready = wait(waiting, remaining) if remaining > 0 else []
            if not ready:
                break
            for conn in ready:
                best = _receive(cast(Connection, conn), best, searches, waiting)
                if timings.ON:
                    mark(f"report: {best.status}, bound {best.low}, best {best.breaks}")
        mark("race over")
    except (AssertionError, OSError, ValueError):
        pass  # no child process here (e.g. inside a daemon): the caller falls back
    finally:
        for child in children:  # every search and twin at once, then wait for them
            _kill(child)
        for child in children:
            child.join()
        for conn in pipes:
            conn.close()
        mark("searches stopped")
    return best


def _receive(
    pipe: Connection, best: Result, searches: list[_Racer], waiting: list[Connection]
) -> Result:
    """One report from a search (or the end of its pipe), combined with the best so far."""
    try:
        new = pipe.recv()
    except EOFError:  # that search ended (or died): what it reported stands
        waiting.remove(pipe)
        return best
    if new == TWINNED:
        _stop_the_other(searches, pipe, waiting)
        return best
    if isinstance(new, Standby):
        _standing_by(searches, pipe, new.pid, waiting)
        return best
    _tell_the_other(searches, pipe, new)
    _release_if_the_other_lags(searches, waiting)
    return _merge(best, new)


TWINNED = "twinned"  # a search's report: it has forked its twin (see `_search`)
# Twins stand by only where the kernel kills them with their leader (`_die_with`): elsewhere a
# stopped twin would outlive a killed solve.
STANDBY = sys.platform.startswith("linux")


@dataclass(frozen=True)
class Standby:
    """A search's report: it has forked a twin that waits, stopped, until the parent releases
    it (`_release_if_the_other_lags`), at the question the search is asking."""

    pid: int


@dataclass
class _TwinLinks:
    """A search's links for its twin: the other search's proven bound, sent by the parent
    (`ask` -> `asked`), and the twin's own reports (`report` -> `reports`)."""

    ask: Connection  # the parent's end
    asked: Connection  # the search's end
    reports: Connection  # the parent's end
    report: Connection  # the twin's end
    # In the search: the other search's bound and whether it has a schedule, as last received;
    # None while it has reported nothing.
    other: tuple[int, bool] | None = None
    least: int = 0  # in the search: the forced breaks (`forced_first`), a bound known at once

    @staticmethod
    def open(ctx: Any) -> _TwinLinks:
        asked, ask = ctx.Pipe(duplex=False)
        reports, report = ctx.Pipe(duplex=False)
        return _TwinLinks(ask, asked, reports, report)

    def close_child_ends(self) -> None:
        self.asked.close()
        self.report.close()


@dataclass
class _Racer:
    """What the parent knows of one search: its last proven bound, whether it was stopped."""

    process: BaseProcess
    reports: Connection
    links: _TwinLinks | None
    low: int = 0
    found: bool = False
    stopped: bool = False
    standby: int = 0  # the pid of its twin waiting to be released, if any
    released: bool = False  # its twins run: the other search was stopped


def _tell_the_other(searches: list[_Racer], pipe: Connection, new: Result) -> None:
    """Send a search's proven bound, and whether it has a schedule, to the other search, which
    decides on its twin with them (`_other_lags`)."""
    for search, other in (searches, searches[::-1]) if len(searches) == 2 else ():
        found = search.found or new.placed is not None
        if pipe is search.reports and (new.low > search.low or found > search.found):
            search.low, search.found = max(search.low, new.low), found
            if other.links is not None and not other.stopped:
                with contextlib.suppress(OSError):  # that search has just ended
                    other.links.ask.send((search.low, found))


def _stop_the_other(searches: list[_Racer], pipe: Connection, waiting: list[Connection]) -> None:
    """A search has forked its twin: stop the other search, listen to the twin instead.

    The twinning search has a schedule and a proven bound above the other's, so every question
    left to the other ("no break at all?", its cores, "at most k?" below that bound) is already
    answered, and in the literature's loose instances the lagging search never finishes first.
    """
    for search, other in (searches, searches[::-1]) if len(searches) == 2 else ():
        if pipe is search.reports:
            _listen_to_twins(search, other, waiting)


def _listen_to_twins(search: _Racer, other: _Racer, waiting: list[Connection]) -> None:
    """Stop `other`, listen to the twins of `search` from now on."""
    if search.stopped or other.stopped:
        return
    other.stopped = True
    search.released = True
    _kill(other.process)
    for gone in (other.reports, *((other.links.reports,) if other.links else ())):
        if gone in waiting:
            waiting.remove(gone)
    if search.links is not None:
        waiting.append(search.links.reports)


def _standing_by(
    searches: list[_Racer], pipe: Connection, pid: int, waiting: list[Connection]
) -> None:
    """A search has forked a stopped twin at its new question: let it run at once if that
    search's twins are released, or as soon as the other search lags."""
    for search in searches:
        if pipe is search.reports:
            search.standby = pid
            if search.released:
                _resume(pid)
    _release_if_the_other_lags(searches, waiting)


def _release_if_the_other_lags(searches: list[_Racer], waiting: list[Connection]) -> None:
    """When one search has a twin standing by and a proven bound above the other's, which has
    a schedule (so asks "at most k?" below that bound): stop the other, let the twin run.

    A search decides on its twin only between two questions (`_other_lags`); this lets its
    twin take the other's core while the search is still in a long question (on forum-13crafb
    the search with the busy count asks its last question for seconds while the other asks
    questions its bound already answers).
    """
    for search, other in (searches, searches[::-1]) if len(searches) == 2 else ():
        lags = other.found and search.low > other.low
        if search.standby and not search.released and not search.stopped and lags:
            _listen_to_twins(search, other, waiting)
            _resume(search.standby)


def _resume(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGCONT)


def _merge(best: Result, new: Result) -> Result:
    """Combine two searches' reports: the higher bound, the better schedule."""
    if new.status != "unknown":
        return new
    low = max(best.low, new.low)
    placed, breaks = best.placed, best.breaks
    if new.placed is not None and (breaks is None or (new.breaks or 0) < breaks):
        placed, breaks = new.placed, new.breaks
    if breaks is not None and breaks <= low:
        return Result("optimal", placed, breaks, low=breaks)
    return Result("unknown", placed, breaks, low=low)


def _child(
    send: Connection,
    parent: int,
    problem: Problem,
    dom: dict[str, list[int]],
    *,
    variant: _Variant,
    optimise: bool,
    links: _TwinLinks | None,
) -> None:
    _die_with(parent)
    _own_group(0)
    try:
        _search(problem, dom, variant, optimise, report=send.send, twin=links)
    finally:
        send.close()


def _own_group(pid: int) -> None:
    """Make search `pid` (0: this process) the leader of a process group, which its twins join
    as they are forked, so that `_kill` stops them all with one signal. Called by the parent
    and by the search itself, whichever runs first."""
    with contextlib.suppress(OSError):
        os.setpgid(pid, 0)


def _kill(process: BaseProcess) -> None:
    """SIGKILL a search and its twins together.

    A twin dies with its leader anyway (`_die_with`), but only once the kernel has freed the
    leader's memory, and the searches were killed and waited for one after the other: the
    teardowns of up to four processes of 100-200 MB each ran in a row before the answer
    (docs/solver.md, "What a run spends outside the search").
    """
    if process.pid is None:
        return
    try:
        os.killpg(process.pid, signal.SIGKILL)  # its group: see `_own_group`
    except OSError:  # not a group leader (setpgid failed), or already gone
        with contextlib.suppress(OSError):
            if process.is_alive():
                process.kill()


PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _die_with(parent: int) -> None:
    """Have the kernel kill this search when the thread that started it ends.

    A solve killed from outside (a task runner's SIGKILL) cannot stop its searches itself, and
    a CaDiCaL call does not return until it is answered: without this, orphaned searches would
    keep both cores busy for minutes. Linux only; elsewhere a search ends at its next report.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (AttributeError, OSError):
        return
    if os.getppid() != parent:  # the parent died before the signal was set
        os._exit(0)


def _search(
    problem: Problem,
    dom: dict[str, list[int]],
    variant: _Variant,
    optimise: bool,
    *,
    report: Callable[[Any], None],
    twin: _TwinLinks | None = None,
) -> None:
    """Disjoint cores for a first bound and schedule, then bottom up on one incremental solver.

    Reports each raised bound and better schedule, so a search stopped at the deadline still
    gives what it proved and found. With `twin` links (two searches racing), a search that
    reaches a bottom-up question with a bound above the other search's forks a twin, which asks
    it with the same solver in stable mode and reports through its own pipe, and says so
    (`TWINNED`): the parent stops the other search (`_stop_the_other`). At each later question
    the search replaces its twin with a fresh fork (`_bottom_up`).
    """
    mark(f"search {variant} forked")
    with _without_gc():
        enc = encode(problem, dom, busy=variant.busy, span=variant.span)
        # The CNF is most of this process's heap and lives as long as it: out of the collector's
        # sight from now on, or the next collection walks it whole (10-25 ms after a large
        # encoding) and, in a twin, writes to every page its fork shares with this search.
        gc.freeze()
    if timings.ON:
        mark(f"encoded: {len(enc.cnf.clauses)} clauses, {enc.cnf.top} variables")
    forced = forced_breaks(problem, dom) if optimise else {}
    mark("forced breaks")
    least = sum(forced.values())  # proven: the breaks each participant's own meetings force
    if twin is not None:
        twin.least = least
    if optimise and variant.zero_first and enc.breaks:
        # "No break at all?" with units rather than assumptions, given before the other clauses
        # so that CaDiCaL simplifies each clause as it is loaded: much faster when the answer is
        # yes (half the literature's instances: ticf-14crafa 2.3 s, against 11 s with the units
        # last and 23-35 s under assumptions), a few seconds lost when it is no. Where some
        # participants' own meetings force breaks, the question is "only those?" (`forced_first`):
        # a yes is optimal at once (forum-14.prec15 7.0 s of CPU against 25 s, docs/solver.md).
        first = forced_first(enc, forced)
        with loaded(first, _first_question(enc)) as zero:
            mark("first question loaded")
            answered = zero.solve()
            if timings.ON:
                mark(f"first question: {answered}, {zero.accum_stats()['conflicts']} conflicts")
            if answered:
                found = _schedule(enc, zero.get_model(), least)
                report(Result("optimal", found.placed, found.breaks, low=least))
                return
    with loaded(enc.cnf.clauses) as sat:
        mark("search loaded")
        # Every break assumed away; each core (breaks that cannot all be avoided) proves one
        # more break, and its literals are set free. Without cores the schedule has no break.
        active = [-b for b in enc.breaks] if optimise else []
        low = 0
        while not sat.solve(assumptions=active):
            core = set(sat.get_core() or ())
            if not core:
                report(Result("infeasible"))  # no schedule at all, whatever its breaks
                return
            low += 1
            if timings.ON:
                mark(f"core: bound {low}, {sat.accum_stats()['conflicts']} conflicts")
            report(Result("unknown", low=low))
            active = [a for a in active if a not in core]
        low = max(low, least)
        best = _schedule(enc, sat.get_model(), low)
        if not optimise:  # any schedule answers the question: its breaks are not counted down
            report(replace(best, status="feasible"))
            return
        _bottom_up(sat, enc, best, low, report=report, twin=twin)


def _bottom_up(
    sat: Solver,
    enc: Encoding,
    best: Result,
    low: int,
    *,
    report: Callable[[Any], None],
    twin: _TwinLinks | None,
) -> None:
    """ "At most `low` breaks?" for `low` = the proven bound, +1, ... until a schedule."""
    tot: ITotalizer | None = None
    if best.breaks is not None and best.breaks > low:
        tot = _grow(sat, enc, tot, low + 1)
        # Target phases in focused mode too, set once the totalizer is loaded (as measured:
        # the bottom-up questions of the five loose originals and forum-13crafb.forb0003
        # took 9-86 % fewer conflicts, docs/solver.md, 6 December).
        sat.configure(BOTTOM_UP)
    twin_pid, running = 0, False  # the twin asking this search's question; whether it runs
    lock = _ReportLock() if twin is not None else None
    killed: list[int] = []  # twins killed, not yet reaped
    while best.breaks is not None and best.breaks > low:
        report(best)
        if tot is None or tot.ubound < low + 1:
            tot = _grow(sat, enc, tot, low + 1)
        if twin is not None and lock is not None:
            if twin_pid:
                # A new question (the last was refuted): the twin still asks an older one, or
                # has just answered it without what this search has learnt since.
                _stop_twin(twin_pid, lock)
                killed.append(twin_pid)
                twin_pid = 0
            _reap(killed)
            if not running and _other_lags(twin, low):
                # The other search lags: it is stopped, and its core goes to the twins.
                report(TWINNED)
                running = True
            if running or STANDBY:
                twin_pid = _fork_twin(
                    sat,
                    enc,
                    tot=tot,
                    best=best,
                    low=low,
                    pipe=twin.report,
                    lock=lock,
                    standby=not running,
                )
            if twin_pid and not running:  # the parent lets it run if the other comes to lag
                report(Standby(twin_pid))
        if sat.solve(assumptions=[-tot.rhs[low]]):  # rhs[k] <-> breaks >= k + 1
            best = _schedule(enc, sat.get_model(), low)
        else:
            low += 1
            best.low = low
        if timings.ON:
            mark(f"at most {low}?: {best.breaks}, {sat.accum_stats()['conflicts']} conflicts")
    if twin_pid and not running and lock is not None:
        _stop_twin(twin_pid, lock)  # a twin left standing by would hold the twins' pipe open
        killed.append(twin_pid)
    best.status = "optimal"
    best.low = low
    report(best)
    _reap(killed, wait=True)  # after the answer: the race kills this search at once anyway


def _other_lags(twin: _TwinLinks, low: int) -> bool:
    """Whether the other search only asks questions already answered by this one's bound `low`.

    It does when it has reported nothing yet (its first question: "no break at all?", or all
    breaks away, refuted by any bound above the forced breaks, `forced_first`) or has a
    schedule, so asks "at most k breaks?", with k below `low`. Not while it is in its
    disjoint cores: on ticf-13crafb the search with the busy count, slower through its cores,
    proves the bound of 3 later but finds the schedule first, and stopping it there lost the
    race.
    """
    while twin.asked.poll():
        twin.other = twin.asked.recv()
    if twin.other is None:  # its first question is refuted by a bound above the forced breaks
        return low > twin.least
    other_low, found = twin.other
    return found and low > other_low


def _fork_twin(
    sat: Solver,
    enc: Encoding,
    *,
    tot: ITotalizer,
    best: Result,
    low: int,
    pipe: Connection,
    lock: _ReportLock,
    standby: bool,
) -> int:
    """Fork a twin of this search at the question "at most `low` breaks?"; its pid. A twin
    `standby` is stopped (SIGSTOP) when this returns, until someone sends it SIGCONT."""
    leader = os.getpid()
    pid = os.fork()
    if pid == 0:  # the twin: the same solver, in stable mode, the twins' own pipe
        _twin(
            sat,
            enc,
            leader=leader,
            tot=tot,
            best=best,
            low=low,
            pipe=pipe,
            lock=lock,
            standby=standby,
        )
    if standby:  # stopped before anyone is told of it, so that no SIGCONT comes too early
        os.waitpid(pid, os.WUNTRACED)
    if timings.ON:
        mark(f"twin {pid} forked at {low}{' (standing by)' if standby else ''}")
    return pid


class _ReportLock:
    """Held by a twin while it writes a report into the twins' pipe (`_tell`), and by its
    leader while it kills that twin (`_stop_twin`): so a twin is never killed in the middle of
    a report, and two twins never write at once. A report is written whole and read whole by
    the parent; a schedule can be larger than what one write to a pipe keeps in one piece.

    A POSIX record lock (`fcntl.lockf`) on a file of the search's own, unnamed: the kernel
    releases it when its holder dies, whatever kills it (a `multiprocessing` lock would stay
    taken), and it excludes processes that share one open file, as twins share their leader's
    (`flock` would not: its locks belong to the open file, not to the process).
    """

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile()  # noqa: SIM115 - open as long as the search

    def __enter__(self) -> None:
        fcntl.lockf(self.file, fcntl.LOCK_EX)

    def __exit__(self, *exc: object) -> None:
        fcntl.lockf(self.file, fcntl.LOCK_UN)


def _stop_twin(pid: int, lock: _ReportLock) -> None:
    """Kill a twin, running or standing by, between two of its reports, without waiting for
    the kernel to free its memory (the leader waited 0.03-0.13 s a question for that,
    docs/solver.md, issue 18).

    Under the lock the twin is not writing, and it never writes again: a SIGKILL queued before
    the lock is released ends the twin at its next return from the kernel (a wait for the
    lock, at the latest), before any write.
    """
    with lock, contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def _reap(pids: list[int], *, wait: bool = False) -> None:
    """Collect the exit of killed twins (those already gone, or all of them with `wait`), so
    that none is left a zombie; `pids` keeps the ones still on their way out."""
    for pid in list(pids):
        with contextlib.suppress(ChildProcessError):
            if os.waitpid(pid, 0 if wait else os.WNOHANG) == (0, 0):
                continue  # still freeing its memory
        pids.remove(pid)


def _twin(
    sat: Solver,
    enc: Encoding,
    *,
    leader: int,
    tot: ITotalizer,
    best: Result,
    low: int,
    pipe: Connection,
    lock: _ReportLock,
    standby: bool,
) -> None:
    """The rest of the bottom-up search in a forked twin; never returns.

    Its leader asks the same questions in focused mode and forks a new twin at each question
    it reaches first (`_search`): stable mode answers the last, satisfiable question far
    sooner on some clause orders and proves bounds about twice as slowly (docs/solver.md,
    round 3, night of 6 December). A refuted question is reported as a bound alone, a short message.
    """
    code = 1  # unless the search below ends
    try:
        _die_with(leader)
        if standby:
            os.kill(os.getpid(), signal.SIGSTOP)
        sat.configure(TWIN)
        mark("twin running")
        while best.breaks is not None and best.breaks > low:
            if tot.ubound < low + 1:
                tot = _grow(sat, enc, tot, low + 1)
            if sat.solve(assumptions=[-tot.rhs[low]]):
                best = _schedule(enc, sat.get_model(), low)
            else:
                low += 1
                _tell(pipe, lock, Result("unknown", low=low))
            if timings.ON:
                mark(f"twin, at most {low}?: {best.breaks}, {sat.accum_stats()['conflicts']}")
        best.status = "optimal"
        best.low = low  # the bound it proved, not the one it was forked with
        _tell(pipe, lock, best)
        code = 0
    finally:  # a forked child must never go back to its parent's code
        pipe.close()
        os._exit(code)


def _tell(pipe: Connection, lock: _ReportLock, result: Result) -> None:
    """Send a report whole: a leader stopping this twin waits until it is written."""
    with lock:
        pipe.send(result)


def _schedule(enc: Encoding, model: list[int] | None, low: int) -> Result:
    true = {lit for lit in model or () if lit > 0}
    placed: list[Placed] = [(mid, s, None) for (mid, s), v in enc.x.items() if v in true]
    return Result("unknown", placed, sum(1 for b in enc.breaks if b in true), low=low)


def _grow(sat: Solver, enc: Encoding, tot: ITotalizer | None, ubound: int) -> ITotalizer:
    """A totalizer over all break literals counting up to `ubound`, added to the solver."""
    ubound = min(max(ubound, 8), len(enc.breaks))
    if tot is None:
        tot = ITotalizer(lits=enc.breaks, ubound=ubound, top_id=enc.cnf.top)
        sat.append_formula(tot.cnf.clauses)
    else:
        tot.increase(ubound=ubound, top_id=enc.cnf.top)
        if tot.nof_new:
            sat.append_formula(tot.cnf.clauses[-tot.nof_new :])
    enc.cnf.top = max(enc.cnf.top, tot.top_id)
    return tot
