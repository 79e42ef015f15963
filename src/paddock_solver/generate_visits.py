"""A convention with visits and interpreters (format version 2), deterministic for a seed.

About 700 participants (250 exhibitors at their stands, 450 visitors), 2,600 meeting requests
over two days of 40 twenty-minute slots, 30 professional zones with 4 guided sessions each
(1-2 hours, 8-15 seats, 10-20 minutes' walk each way, counted in the slots a session takes) and
1,500 wishes ranked by their participants (first choice weight 3, second 2, then 1), in the
order people would book. Most people speak English beside their own language; a few speak only
Japanese, Chinese, German or Italian, and eight interpreters cover them, each away for a half-day.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import replace
from datetime import datetime, timedelta

from paddock_solver.generate import generate_meetings
from paddock_solver.model import Activity, Interpreter, Participant, Problem, Session, Wish

ZONES = 30
SESSIONS_PER_ZONE = 4
WISHES = 1500
LANGUAGES = (("en", 40), ("fr", 25), ("de", 10), ("it", 8), ("es", 7), ("ja", 5), ("zh", 5))
INTERPRETERS = (
    ("ja", "en"),
    ("ja", "fr"),
    ("zh", "en"),
    ("zh", "fr"),
    ("de", "fr", "en"),
    ("it", "fr", "en"),
    ("es", "fr", "en"),
    ("de", "it", "en"),
)


def convention_visits(
    seed: int = 0, *, shape: str = "convention-visits", wishes: int = WISHES
) -> Problem:
    """The convention; `shape` and `wishes` give smaller ones for tests."""
    base = generate_meetings(shape, seed)
    rng = random.Random(f"convention-visits-v2-{seed}")  # noqa: S311 - test data, not secrets
    people = tuple(_speaker(rng, p) for p in base.participants)
    activities = _zones(rng, base)
    return replace(
        base,
        version=2,
        participants=people,
        activities=activities,
        wishes=_wishes(rng, people, activities, wishes),
        interpreters=_interpreters(rng, base),
    )


def _speaker(rng: random.Random, p: Participant) -> Participant:
    names, weights = zip(*LANGUAGES, strict=True)
    (first,) = rng.choices(names, weights=weights)
    langs = [first]
    if first != "en" and rng.random() < 0.9:
        langs.append("en")
    if rng.random() < 0.2:
        langs.append(rng.choice([n for n in names if n not in langs]))
    return replace(p, languages=tuple(langs))


def _times(slot_start: str | None) -> datetime:
    assert slot_start is not None  # noqa: S101 - every generated slot has times
    return datetime.fromisoformat(slot_start)


def _zones(rng: random.Random, base: Problem) -> tuple[Activity, ...]:
    days = sorted({_times(s.start).date() for s in base.slots})
    out = []
    for z in range(1, ZONES + 1):
        sessions = []
        for k in range(1, SESSIONS_PER_ZONE + 1):
            day = rng.choice(days)
            length = rng.choice([60, 90, 120])
            start = datetime.combine(day, datetime.min.time(), _times(base.slots[0].start).tzinfo)
            start += timedelta(minutes=9 * 60 + 30 * rng.randrange(0, 15))
            end = start + timedelta(minutes=length)
            walk = timedelta(minutes=rng.choice([10, 15, 20]))
            slots = tuple(
                s.id
                for s in base.slots
                if _times(s.start) < end + walk and start - walk < _times(s.end)
            )
            sessions.append(
                Session(
                    id=f"Z{z:02d}-{k}",
                    slots=slots,
                    seats=rng.randint(8, 15),
                    start=start.isoformat(),
                    end=end.isoformat(),
                )
            )
        out.append(Activity(id=f"Z{z:02d}", sessions=tuple(sessions)))
    return tuple(out)


def _wishes(
    rng: random.Random,
    people: tuple[Participant, ...],
    activities: tuple[Activity, ...],
    count: int,
) -> tuple[Wish, ...]:
    # A few zones (the champion's garage) are far more wanted than others.
    cum = list(itertools.accumulate(rng.paretovariate(1.5) for _ in activities))
    wanted: dict[str, list[str]] = {}
    visitors = [p.id for p in people if p.home_table is None]
    exhibitors = [p.id for p in people if p.home_table is not None]
    total = 0
    count = min(count, 4 * len(visitors))  # at most four wishes each, most from visitors
    while total < count:
        who = rng.choice(visitors) if rng.random() < 0.8 else rng.choice(exhibitors)
        mine = wanted.setdefault(who, [])
        (zone,) = rng.choices(activities, cum_weights=cum)
        if zone.id in mine or len(mine) >= 4:
            continue
        mine.append(zone.id)
        total += 1
    ranked = [(who, rank, zone) for who, zones in wanted.items() for rank, zone in enumerate(zones)]
    rng.shuffle(ranked)  # the order people book in
    return tuple(
        Wish(f"W{k:05d}", who, zone, weight=max(1, 3 - rank))
        for k, (who, rank, zone) in enumerate(ranked, start=1)
    )


def _interpreters(rng: random.Random, base: Problem) -> tuple[Interpreter, ...]:
    halves = sorted({s.session for s in base.slots})
    out = []
    for k, langs in enumerate(INTERPRETERS, start=1):
        away = rng.choice(halves)
        available = tuple(s.id for s in base.slots if s.session != away)
        out.append(Interpreter(f"I{k:02d}", langs, available))
    return tuple(out)
