"""Lower bounds on breaks that each participant's own meetings force, found before any search.

A participant whose meetings cannot all fit in one run of slots per break group (forbidden
slots, sessions, fixed slots or precedence-narrowed domains in the way) has a break whatever
the others do. The SAT engine's cores find such breaks too, but only one core at a time and
mixed with the others; counted here, they give a proven bound before the search starts and
name who must have a break (`maxsat`'s "forced breaks first" question).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from paddock_solver.model import Problem

Runs = list[tuple[int, int]]  # (first slot, length) of each run of used slots


TRIES = 300  # run sets tried per participant and number of breaks (see `_fewest_breaks`)


def forced_breaks(problem: Problem, dom: dict[str, list[int]], most: int = 2) -> dict[str, int]:
    """Per participant, the fewest breaks its own meetings allow, up to `most`.

    Exact for the participant alone (its meetings' allowed slots, one meeting per slot) as
    far as `TRIES` allows; the other participants and the tables can only add breaks, so the
    sum is a lower bound on the total. A participant whose meetings fit in no slots at all
    counts `most` (the counting checks of `reasons.py` answer that case before any search).
    """
    out = {}
    for p in problem.participants:
        doms = [dom[m.id] for m in problem.meetings_of[p.id]]
        out[p.id] = _fewest_breaks(doms, problem.break_groups, most)
    return out


def _fewest_breaks(doms: Sequence[Sequence[int]], groups: list[list[int]], most: int) -> int:
    """The first number of breaks with a run set where the meetings fit. When `TRIES` run
    sets of one number all fail, that number is answered: fewer were ruled out, which is all
    a lower bound needs (the literature's 22 slots take at most 22 tries for no break; a
    convention of 32 slots in four sessions took 16 s without the limit)."""
    if len(doms) <= 1:
        return 0 if all(doms) else most
    for breaks in range(most):
        candidates = _run_sets(groups, len(doms), breaks)
        for tried, runs in enumerate(candidates):
            if tried == TRIES or _fits(doms, runs):
                return breaks
    return most


def _run_sets(groups: list[list[int]], size: int, breaks: int) -> Iterator[Runs]:
    """Every set of runs of `size` slots in all, inside the groups, with exactly `breaks`
    breaks (a group holding r >= 1 runs has r - 1 of them)."""
    if not groups:
        if size == 0 and breaks == 0:
            yield []
        return
    first, rest = groups[0], groups[1:]
    room = sum(len(g) for g in rest)
    for here in range(min(size, len(first)) + 1):
        if size - here > room:
            continue
        counts = [0] if here == 0 else range(1, min(breaks + 1, here) + 1)
        for runs in counts:
            used = max(runs - 1, 0)
            for placed in _runs_in(first[0], first[-1] + 1, here, runs):
                for others in _run_sets(rest, size - here, breaks - used):
                    yield placed + others


def _runs_in(start: int, end: int, size: int, runs: int) -> Iterator[Runs]:
    """`runs` runs of `size` slots in all within [start, end), separated by at least one slot."""
    if runs == 0:
        if size == 0:
            yield []
        return
    for a in range(start, end):
        for length in range(1, size - (runs - 1) + 1):
            if a + length > end:
                break
            for rest in _runs_in(a + length + 1, end, size - length, runs - 1):
                yield [(a, length), *rest]


def _fits(doms: Sequence[Sequence[int]], runs: Runs) -> bool:
    """Whether every meeting gets a slot of its own among the runs' slots (a matching)."""
    slots = {s for a, length in runs for s in range(a, a + length)}
    owner: dict[int, int] = {}

    def place(i: int, seen: set[int]) -> bool:
        for s in doms[i]:
            if s in slots and s not in seen:
                seen.add(s)
                if s not in owner or place(owner[s], seen):
                    owner[s] = i
                    return True
        return False

    return all(place(i, set()) for i in range(len(doms)))


def unbroken_windows(problem: Problem, dom: dict[str, list[int]]) -> dict[str, list[int]]:
    """Per participant with two meetings or more, the first slots of the runs of consecutive
    slots where all its meetings fit with no break (one run of as many slots as meetings).

    Only with one break group (breaks counted across sessions, the literature's rule): with
    several, a participant without a break has one run per group, of sizes not known here.
    An empty list: the participant cannot be without a break.
    """
    if len(problem.break_groups) != 1:
        return {}
    group = problem.break_groups[0]
    out = {}
    for p in problem.participants:
        doms = [dom[m.id] for m in problem.meetings_of[p.id]]
        size = len(doms)
        if size >= 2:
            starts = group[: len(group) - size + 1]
            out[p.id] = [a for a in starts if _fits(doms, [(a, size)])]
    return out
