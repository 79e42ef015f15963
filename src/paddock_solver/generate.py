"""Realistic convention problems, deterministic for a seed.

Exhibitors (suppliers) receive at their home table; visitors (buyers) walk. Requests go mostly
from visitors to exhibitors, with priorities as weights; a few visitor-visitor meetings use the
free tables of a meeting hall under a room cap. Some people arrive late or leave early, some
meetings need an interpreter, and a few confirmed meetings are required or fixed. Required and
fixed meetings are taken from a first-come-first-served schedule, so every problem is feasible.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, replace

from paddock_solver.greedy import greedy_assignments
from paddock_solver.model import (
    Fixed,
    Meeting,
    Participant,
    Problem,
    Resource,
    Room,
    Rules,
    Slot,
    Table,
)


@dataclass(frozen=True)
class Shape:
    days: int
    sessions_per_day: int
    slots_per_session: int
    exhibitors: int
    visitors: int
    requests: int
    hall_tables: int
    hall_cap: int
    interpreters: int
    visitor_meetings: float  # share of requests between two visitors
    required_share: float
    fixed_share: float


SHAPES: dict[str, Shape] = {
    # A sanitary-cap edition: one day, a room capped below its number of tables.
    "small": Shape(1, 2, 8, 5, 10, 48, 8, 5, 2, 0.1, 0.05, 0.03),
    "normal": Shape(2, 2, 8, 30, 70, 620, 20, 16, 2, 0.1, 0.04, 0.02),
    "tradefair": Shape(2, 2, 9, 250, 450, 2500, 60, 50, 4, 0.08, 0.03, 0.01),
    "hosted-buyer": Shape(3, 2, 8, 12000, 3000, 86000, 400, 350, 12, 0.02, 0.01, 0.005),
    # Version 2 (visits and interpreters are added by `convention_visits`): no required meeting,
    # so that the visits and interpreters can never make the problem infeasible.
    "convention-visits": Shape(2, 2, 10, 250, 450, 2600, 40, 30, 0, 0.08, 0.0, 0.0),
}


def _slots(shape: Shape) -> list[Slot]:
    out = []
    for d in range(1, shape.days + 1):
        for k in range(shape.sessions_per_day):
            part = "am" if k == 0 else "pm" if k == 1 else f"s{k + 1}"
            hour = 9 if k == 0 else 14 if k == 1 else 9 + 5 * k
            for i in range(shape.slots_per_session):
                minutes = hour * 60 + 20 * i
                start = f"2027-03-{d + 9:02d}T{minutes // 60:02d}:{minutes % 60:02d}:00+01:00"
                end_min = minutes + 20
                end = f"2027-03-{d + 9:02d}T{end_min // 60:02d}:{end_min % 60:02d}:00+01:00"
                out.append(Slot(f"d{d}{part}{i + 1:02d}", f"d{d}-{part}", start, end))
    return out


def _participants(
    rng: random.Random, slots: list[Slot], *, n: int, prefix: str, homes: bool
) -> list[Participant]:
    sessions = sorted({s.session for s in slots}, key=[s.session for s in slots].index)
    out = []
    for i in range(1, n + 1):
        away: list[str] = []
        if rng.random() < 0.12:  # arrives late or leaves early: a whole session missing
            gone = rng.choice([sessions[0], sessions[-1]])
            away = [s.id for s in slots if s.session == gone]
        elif rng.random() < 0.1:  # a call or a talk to give: one or two slots
            away = sorted(rng.sample([s.id for s in slots], k=rng.randint(1, 2)))
        cap = rng.choice([None, None, None, len(slots) // 2, len(slots) * 2 // 3])
        out.append(
            Participant(
                id=f"{prefix}{i:05d}",
                unavailable=tuple(away),
                home_table=f"S{i:05d}" if homes else None,
                max_meetings=cap,
            )
        )
    return out


def _requests(
    rng: random.Random, shape: Shape, exhibitors: list[Participant], visitors: list[Participant]
) -> list[tuple[str, str, int]]:
    # Popularity is skewed: a few exhibitors and visitors attract many requests.
    cum_e = list(itertools.accumulate(rng.paretovariate(1.6) for _ in exhibitors))
    cum_v = list(itertools.accumulate(rng.paretovariate(2.2) for _ in visitors))
    seen: set[frozenset[str]] = set()
    out: list[tuple[str, str, int]] = []
    attempts = 0
    while len(out) < shape.requests and attempts < shape.requests * 20:
        attempts += 1
        (v,) = rng.choices(visitors, cum_weights=cum_v)
        if rng.random() < shape.visitor_meetings:
            other = rng.choice(visitors)
        else:
            (other,) = rng.choices(exhibitors, cum_weights=cum_e)
        pair = frozenset((v.id, other.id))
        if len(pair) < 2 or pair in seen:
            continue
        seen.add(pair)
        weight = rng.choices([1, 2, 3], weights=[6, 3, 1])[0]  # mutual interest weighs most
        out.append((v.id, other.id, weight))
    return out


def generate(shape_name: str, seed: int = 0) -> Problem:
    if shape_name == "convention-visits":
        # The version 2 shape builds on the version 1 one; imported here to keep it apart.
        from paddock_solver.generate_visits import convention_visits

        return convention_visits(seed)
    return generate_meetings(shape_name, seed)


def generate_meetings(shape_name: str, seed: int = 0) -> Problem:
    shape = SHAPES[shape_name]
    rng = random.Random(f"{shape_name}-{seed}")  # noqa: S311 - test data, not secrets
    slots = _slots(shape)
    exhibitors = _participants(rng, slots, n=shape.exhibitors, prefix="E", homes=True)
    visitors = _participants(rng, slots, n=shape.visitors, prefix="V", homes=False)
    tables = [Table(f"S{i:05d}", "stands") for i in range(1, shape.exhibitors + 1)]
    tables += [Table(f"H{i:03d}", "hall") for i in range(1, shape.hall_tables + 1)]
    rooms = (Room("stands", shape.exhibitors), Room("hall", shape.hall_cap))
    langs = ["de", "en", "es", "fr", "it", "ja", "zh", "pt", "ar", "ru", "ko", "nl"]
    resources = [
        Resource(f"interp-{langs[i % len(langs)]}", 1 + i // len(langs))
        for i in range(shape.interpreters)
    ]
    sessions = sorted({s.session for s in slots})
    meetings = []
    for k, (a, b, w) in enumerate(_requests(rng, shape, exhibitors, visitors), start=1):
        needs = (rng.choice(resources).id,) if resources and rng.random() < 0.05 else ()
        session = rng.choice(sessions) if rng.random() < 0.05 else None
        meetings.append(
            Meeting(f"M{k:06d}", (a, b), weight=w, required=False, session=session, resources=needs)
        )
    problem = Problem(
        name=f"{shape_name}-{seed}",
        slots=tuple(slots),
        tables=tuple(tables),
        participants=tuple(exhibitors + visitors),
        meetings=tuple(meetings),
        rooms=rooms,
        resources=tuple(resources),
        rules=Rules(breaks_across_sessions=False, break_spread=None, max_breaks=None),
    )
    return _confirm(rng, shape, problem)


def _confirm(rng: random.Random, shape: Shape, problem: Problem) -> Problem:
    """Make some greedily placeable meetings required, fixed, or ordered, keeping feasibility."""
    placed = {a.meeting: a for a in greedy_assignments(problem)}
    meetings = []
    ordered: dict[str, str] = {}  # per visitor, its latest confirmed meeting, for `after`
    for m in problem.meetings:
        a = placed.get(m.id)
        if a is None or rng.random() >= shape.required_share + shape.fixed_share:
            meetings.append(m)
            continue
        fixed = None
        if rng.random() < shape.fixed_share / (shape.required_share + shape.fixed_share):
            fixed = Fixed(slot=a.slot, table=a.table if rng.random() < 0.5 else None)
        after: tuple[str, ...] = ()
        before = ordered.get(m.participants[0])
        if before is not None and placed[before].slot < a.slot and rng.random() < 0.3:
            after = (before,)  # e.g. a product demo before the negotiation
        ordered[m.participants[0]] = m.id
        meetings.append(replace(m, required=True, fixed=fixed, after=after))
    return replace(problem, meetings=tuple(meetings))
