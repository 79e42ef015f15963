"""Random small problems for property tests, and a brute-force reference for tiny ones."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import replace

from hypothesis import strategies as st

from paddock_solver.activities import needs_interpreter
from paddock_solver.check import check, objective_of
from paddock_solver.model import (
    Activity,
    Assignment,
    Booking,
    Fixed,
    Interpreter,
    Interpreting,
    Meeting,
    Objective,
    Participant,
    Problem,
    Resource,
    Room,
    Rules,
    Session,
    Slot,
    Solution,
    Table,
    Visit,
    Wish,
)


@st.composite
def problems(draw: st.DrawFn, max_meetings: int = 5, max_slots: int = 5) -> Problem:
    n_slots = draw(st.integers(1, max_slots))
    cut = draw(st.integers(0, n_slots))
    slots = tuple(Slot(f"s{i}", "am" if i < cut else "pm") for i in range(n_slots))
    with_room = draw(st.booleans())
    n_tables = draw(st.integers(1, 3))
    tables = tuple(Table(f"T{i}", "R" if with_room else None) for i in range(n_tables))
    rooms = (Room("R", draw(st.integers(1, n_tables))),) if with_room else ()
    resources = (Resource("interp", 1),) if draw(st.booleans()) else ()
    n_people = draw(st.integers(2, 5))
    people = []
    for i in range(n_people):
        away = draw(st.lists(st.sampled_from([s.id for s in slots]), max_size=2, unique=True))
        home = draw(st.sampled_from([None, None, *[t.id for t in tables]]))
        cap = draw(st.sampled_from([None, None, 1, 2]))
        people.append(Participant(f"p{i}", tuple(away), home, cap))
    meetings: list[Meeting] = []
    for k in range(draw(st.integers(1, max_meetings))):
        size = draw(st.sampled_from([2, 2, 2, 3])) if n_people >= 3 else 2
        who = draw(st.permutations([p.id for p in people]))[:size]
        fixed_slot = draw(st.sampled_from([None, None, None, *[s.id for s in slots]]))
        fixed_table = draw(st.sampled_from([None, None, None, None, *[t.id for t in tables]]))
        fixed = Fixed(fixed_slot, fixed_table) if fixed_slot or fixed_table else None
        after = (
            draw(st.lists(st.sampled_from([m.id for m in meetings]), max_size=1))
            if meetings
            else []
        )
        meetings.append(
            Meeting(
                id=f"m{k}",
                participants=tuple(who),
                weight=draw(st.integers(1, 3)),
                required=draw(st.booleans()),
                session=draw(st.sampled_from([None, None, None, "am", "pm"]))
                if 0 < cut < n_slots
                else None,
                after=tuple(after),
                resources=("interp",) if resources and draw(st.booleans()) else (),
                fixed=fixed,
            )
        )
    rules = Rules(
        breaks_across_sessions=draw(st.booleans()),
        break_spread=draw(st.sampled_from([None, None, 0, 1])),
        max_breaks=draw(st.sampled_from([None, None, 0, 1])),
    )
    previous = None
    if draw(st.booleans()):
        previous = tuple(
            Assignment(m.id, draw(st.sampled_from(slots)).id, draw(st.sampled_from(tables)).id)
            for m in meetings
            if draw(st.booleans())
        )
    return Problem(
        name="random",
        slots=slots,
        tables=tables,
        participants=tuple(people),
        meetings=tuple(meetings),
        rooms=rooms,
        resources=resources,
        rules=rules,
        previous=previous,
    )


def _key(o: Objective) -> tuple[int, int, int, int]:
    return (-o.scheduled_weight, o.moved, o.breaks, o.table_changes)


def schedules(problem: Problem) -> Iterator[tuple[Assignment, ...]]:
    """Every way of leaving out or placing each meeting at a slot and table."""
    places = [None, *itertools.product(problem.slots, problem.tables)]
    for combo in itertools.product(places, repeat=len(problem.meetings)):
        yield tuple(
            Assignment(m.id, place[0].id, place[1].id)
            for m, place in zip(problem.meetings, combo, strict=True)
            if place is not None
        )


def brute_force(problem: Problem) -> Objective | None:
    """The lexicographically best objective over every schedule, or None when infeasible."""
    best: Objective | None = None
    for assignments in schedules(problem):
        objective = objective_of(problem, assignments)
        if best is not None and _key(objective) >= _key(best):
            continue
        done = {a.meeting for a in assignments}
        candidate = Solution(
            problem=problem.name,
            status="feasible",
            assignments=assignments,
            unscheduled=tuple(m.id for m in problem.meetings if m.id not in done),
            objective=objective,
        )
        if not check(problem, candidate):
            best = objective
    return best


def literature_shape(problem: Problem) -> Problem:
    """The same problem cut to the literature's shape: every meeting required, tables
    interchangeable (no home or fixed table, no resource), no previous schedule."""
    return replace(
        problem,
        participants=tuple(replace(p, home_table=None) for p in problem.participants),
        meetings=tuple(
            replace(
                m,
                required=True,
                resources=(),
                fixed=Fixed(m.fixed.slot) if m.fixed is not None and m.fixed.slot else None,
            )
            for m in problem.meetings
        ),
        resources=(),
        previous=None,
    )


LANGS = ("en", "fr", "ja")


@st.composite
def problems_v2(
    draw: st.DrawFn, max_meetings: int = 4, max_slots: int = 4, interpreted: bool = False
) -> Problem:
    """A small version 1 problem with visits and interpreters added: one or two activities of
    one or two sessions, a few wishes, maybe a fixed booking, languages and interpreters.
    `interpreted`: the first meeting needs an interpreter, and one who works all day exists."""
    base = draw(problems(max_meetings=max_meetings, max_slots=max_slots))
    # Mostly optional meetings, so that most problems have answers to break.
    base = replace(
        base,
        meetings=tuple(
            replace(m, required=m.required and draw(st.booleans())) for m in base.meetings
        ),
    )
    slot_ids = [s.id for s in base.slots]
    people = tuple(
        replace(
            p,
            languages=draw(st.sampled_from([(), ("en",), ("ja",), ("ja",), ("fr",), ("en", "fr")])),
        )
        for p in base.participants
    )
    activities = []
    for a in range(draw(st.integers(1, 2))):
        sessions = tuple(
            Session(
                f"z{a}-{k}",
                tuple(
                    draw(st.lists(st.sampled_from(slot_ids), min_size=1, max_size=2, unique=True))
                ),
                draw(st.sampled_from([0, 1, 1, 2])),
            )
            for k in range(draw(st.integers(1, 2)))
        )
        activities.append(Activity(f"z{a}", sessions))
    wishes = tuple(
        Wish(
            f"w{k}",
            draw(st.sampled_from([p.id for p in people])),
            draw(st.sampled_from([a.id for a in activities])),
            weight=draw(st.integers(1, 3)),
        )
        for k in range(draw(st.integers(1, 4)))
    )
    bookings: tuple[Booking, ...] = ()
    if draw(st.integers(0, 3)) == 0:
        w = wishes[0]
        act = next(a for a in activities if a.id == w.activity)
        bookings = (Booking(w.participant, draw(st.sampled_from(act.sessions)).id, w.id),)
    interpreters = tuple(
        Interpreter(
            f"i{k}",
            draw(st.sampled_from([("ja", "en", "fr"), ("ja", "en"), ("ja", "fr"), ("fr", "en")])),
            None
            if draw(st.booleans())
            else tuple(draw(st.lists(st.sampled_from(slot_ids), max_size=3, unique=True))),
        )
        for k in range(draw(st.integers(1, 2)))
    )
    if interpreted:
        first = base.meetings[0].participants
        people = tuple(
            replace(p, languages=("ja",) if p.id == first[0] else ("fr",)) if p.id in first else p
            for p in people
        )
        interpreters = (*interpreters, Interpreter("i-all", ("ja", "fr", "en")))
    return replace(
        base,
        version=2,
        participants=people,
        activities=tuple(activities),
        wishes=wishes,
        bookings=bookings,
        interpreters=interpreters,
    )


def brute_force_v2(problem: Problem) -> Objective | None:
    """The best objective over every schedule, visit choice and interpreter choice of a tiny
    version 2 problem, or None when none is valid."""
    choices = [
        [None, *(s.id for a in problem.activities if a.id == w.activity for s in a.sessions)]
        for w in problem.wishes
    ]
    best: Objective | None = None
    for assignments in schedules(problem):
        for picked in itertools.product(*choices):
            visits = tuple(Visit(w.id, s) for w, s in zip(problem.wishes, picked, strict=True) if s)
            objective = objective_of(problem, assignments, visits)
            if best is not None and _key(objective) >= _key(best):
                continue
            if any(not check(problem, c) for c in _candidates(problem, assignments, visits)):
                best = objective
    return best


def _candidates(
    problem: Problem, assignments: tuple[Assignment, ...], visits: tuple[Visit, ...]
) -> list[Solution]:
    """One solution per way of giving interpreters to the meetings that need one."""
    needing = [
        a.meeting
        for a in assignments
        if needs_interpreter(problem, problem.meeting_by_id[a.meeting])
    ]
    done = {a.meeting for a in assignments}
    visited = {v.wish for v in visits}
    pools = [[i.id for i in problem.interpreters] for _ in needing]
    return [
        Solution(
            problem=problem.name,
            status="feasible",
            assignments=assignments,
            unscheduled=tuple(m.id for m in problem.meetings if m.id not in done),
            objective=objective_of(problem, assignments, visits),
            version=2,
            visits=visits,
            unplaced_wishes=tuple(w.id for w in problem.wishes if w.id not in visited),
            interpreting=tuple(Interpreting(m, i) for m, i in zip(needing, given, strict=True)),
        )
        for given in itertools.product(*pools)
    ]
