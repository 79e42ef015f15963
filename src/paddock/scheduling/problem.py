"""Build the solver's Problem from an edition, with ids that map the solution back.

Ids are the database keys with a letter in front (`s12` a slot, `t3` a table, `p7` a
participant, `m40` a meeting, `r2` a room, `g5` a session), so the same edition always gives
the same problem and its hash tells whether anything the solver saw has changed.
"""

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from paddock.events.models import Edition, Interpreter, Table, TimeSlot
from paddock.events.queries import protocol_of, rooms_with_table_counts
from paddock.meetings.enums import MeetingStatus
from paddock.meetings.models import Meeting
from paddock.participants.models import Participant
from paddock.visits.queries import visitors_during
from paddock_solver import Problem
from paddock_solver.io import problem_to_dict
from paddock_solver.model import Assignment, Fixed, Rules, Slot
from paddock_solver.model import Interpreter as SolverInterpreter
from paddock_solver.model import Meeting as SolverMeeting
from paddock_solver.model import Participant as SolverParticipant
from paddock_solver.model import Room as SolverRoom
from paddock_solver.model import Table as SolverTable

LIVE_STATUSES = (MeetingStatus.TO_SCHEDULE, MeetingStatus.SCHEDULED)


def slot_id(pk: int) -> str:
    return f"s{pk}"


def table_id(pk: int) -> str:
    return f"t{pk}"


def participant_id(pk: int) -> str:
    return f"p{pk}"


def meeting_id(pk: int) -> str:
    return f"m{pk}"


def pk_of(solver_id: str) -> int:
    """The database key inside a solver id (`m40` → 40)."""
    return int(solver_id[1:])


def live_meetings(edition: Edition) -> Any:
    """The meetings a run places: to be scheduled or scheduled, never cancelled."""
    return Meeting.objects.filter(edition=edition, status__in=LIVE_STATUSES).order_by("pk")


def needs_interpreter(first_languages: Iterable[str], second_languages: Iterable[str]) -> bool:
    return not set(first_languages) & set(second_languages)


def build_problem(edition: Edition, *, previous: dict[str, list[int]] | None = None) -> Problem:
    """The edition as a solver Problem; `previous` is a published snapshot (meeting pk →
    [slot pk, table pk]) to keep when re-optimising. Reads in a fixed number of queries."""
    slots = list(TimeSlot.objects.filter(edition=edition).order_by("start", "pk"))
    rooms, tables = _venue(edition)
    meetings = list(live_meetings(edition))
    people, languages = _participants(edition, meetings, slots)
    problem = Problem(
        name=edition.slug,
        slots=tuple(_slot(edition, slot) for slot in slots),
        rooms=rooms,
        tables=tables,
        participants=tuple(people.values()),
        meetings=tuple(_meeting(m) for m in meetings),
        rules=Rules(),
        previous=_previous(previous, slots, tables, meetings) if previous is not None else None,
    )
    return with_interpreters(edition, problem, languages)


def interpreter_id(pk: int) -> str:
    return f"i{pk}"


def with_interpreters(
    edition: Edition, problem: Problem, languages: dict[int, list[str]]
) -> Problem:
    """The problem in version 2 with the edition's interpreters and the participants'
    languages, so that the solver gives an interpreter to each meeting whose two sides share
    no language. Unchanged (version 1) when the edition has no interpreter: such meetings then
    run without one (the people find their own way)."""
    interpreters = list(edition.interpreters.prefetch_related("unavailable_slots"))
    if not interpreters:
        return problem
    all_slots = [slot.id for slot in problem.slots]
    people = tuple(
        replace(person, languages=tuple(languages.get(pk_of(person.id)) or ()))
        for person in problem.participants
    )
    return replace(
        problem,
        version=2,
        participants=people,
        interpreters=tuple(
            SolverInterpreter(
                id=interpreter_id(interpreter.pk),
                languages=tuple(interpreter.languages),
                available=_available(interpreter, all_slots),
            )
            for interpreter in interpreters
        ),
    )


def _available(interpreter: Interpreter, all_slots: list[str]) -> tuple[str, ...] | None:
    away = {slot_id(slot.pk) for slot in interpreter.unavailable_slots.all()}
    return tuple(s for s in all_slots if s not in away) if away else None


def _slot(edition: Edition, slot: TimeSlot) -> Slot:
    tz = edition.tzinfo
    return Slot(
        id=slot_id(slot.pk),
        session=f"g{slot.session_id}",
        start=slot.start.astimezone(tz).isoformat(),
        end=slot.end.astimezone(tz).isoformat(),
    )


def _venue(edition: Edition) -> tuple[tuple[SolverRoom, ...], tuple[SolverTable, ...]]:
    protocol = protocol_of(edition)
    rooms = list(rooms_with_table_counts(edition).order_by("position", "pk"))
    solver_rooms = tuple(
        SolverRoom(f"r{room.pk}", room.meeting_cap(room.table_count, protocol)) for room in rooms
    )
    tables = Table.objects.filter(room__edition=edition).order_by("room__position", "pk")
    solver_tables = tuple(SolverTable(table_id(t.pk), f"r{t.room_id}") for t in tables)
    return solver_rooms, solver_tables


def _participants(
    edition: Edition, meetings: list[Meeting], slots: list[TimeSlot]
) -> tuple[dict[int, SolverParticipant], dict[int, list[str]]]:
    """The meetings' participants, and the languages each speaks. A participant is away in
    the slots they marked, and in those a confirmed visit overlaps, travel included."""
    pks = sorted({m.first_id for m in meetings} | {m.second_id for m in meetings})
    away_in: dict[int, set[int]] = defaultdict(set)
    through = Participant.unavailable_slots.through
    rows = through.objects.filter(participant_id__in=pks, timeslot__edition=edition)
    for participant_pk, slot_pk in rows.values_list("participant_id", "timeslot_id"):
        away_in[participant_pk].add(slot_pk)
    for slot_pk, visitors in visitors_during(edition, slots).items():
        for participant_pk in visitors:
            away_in[participant_pk].add(slot_pk)
    order = [slot.pk for slot in slots]  # by start
    away = {pk: [s for s in order if s in away_in[pk]] for pk in pks}
    homes = dict(
        Table.objects.filter(home_participant_id__in=pks, room__edition=edition).values_list(
            "home_participant_id", "pk"
        )
    )
    languages = dict(Participant.objects.filter(pk__in=pks).values_list("pk", "languages"))
    out = {}
    for pk in pks:
        home = homes.get(pk)
        out[pk] = SolverParticipant(
            id=participant_id(pk),
            unavailable=tuple(slot_id(s) for s in away[pk]),
            home_table=table_id(home) if home else None,
        )
    return out, languages


def _meeting(meeting: Meeting) -> SolverMeeting:
    fixed = None
    if meeting.locked and meeting.slot_id is not None:
        fixed = Fixed(slot=slot_id(meeting.slot_id), table=table_id(meeting.table_id))
    return SolverMeeting(
        id=meeting_id(meeting.pk),
        participants=(participant_id(meeting.first_id), participant_id(meeting.second_id)),
        weight=meeting.weight,
        # A locked meeting must stay where it is; the others are placed as well as possible.
        required=fixed is not None,
        fixed=fixed,
    )


def _previous(
    snapshot: dict[str, list[int]],
    slots: list[TimeSlot],
    tables: tuple[SolverTable, ...],
    meetings: list[Meeting],
) -> tuple[Assignment, ...]:
    """The published assignments still meaningful: their meeting, slot and table exist."""
    known_slots = {s.pk for s in slots}
    known_tables = {t.id for t in tables}
    live = {m.pk for m in meetings}
    out = []
    for key, (slot_pk, table_pk) in sorted(snapshot.items(), key=lambda item: int(item[0])):
        if int(key) in live and slot_pk in known_slots and table_id(table_pk) in known_tables:
            out.append(Assignment(meeting_id(int(key)), slot_id(slot_pk), table_id(table_pk)))
    return tuple(out)


def problem_json(problem: Problem) -> dict[str, Any]:
    return problem_to_dict(problem)


def input_hash(problem: Problem) -> str:
    """sha256 of the problem's canonical JSON: equal hashes, same question to the solver."""
    canonical = json.dumps(problem_json(problem), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()
