"""Build the solver's Problem from an edition, with ids that map the solution back.

Ids are the database keys with a letter in front (`s12` a slot, `t3` a table, `p7` a
participant, `m40` a meeting, `r2` a room, `g5` a session), so the same edition always gives
the same problem and its hash tells whether anything the solver saw has changed.
"""

import datetime as dt
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
from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Participant
from paddock.visits.enums import BookingStatus, VisitStatus
from paddock.visits.models import Booking, VisitSession, VisitWish
from paddock.visits.queries import away_window, entrance_days, visitors_during, wishes_mode
from paddock.visits.services import role_allowed
from paddock_solver import Problem
from paddock_solver.io import problem_to_dict
from paddock_solver.model import Activity, Assignment, Fixed, Rules, Slot, Wish
from paddock_solver.model import Booking as SolverBooking
from paddock_solver.model import Interpreter as SolverInterpreter
from paddock_solver.model import Meeting as SolverMeeting
from paddock_solver.model import Participant as SolverParticipant
from paddock_solver.model import Room as SolverRoom
from paddock_solver.model import Session as SolverSession
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


def activity_id(pk: int) -> str:
    return f"z{pk}"


def visit_id(pk: int) -> str:
    return f"v{pk}"


def wish_id(pk: int) -> str:
    return f"w{pk}"


def wish_weight(rank: int) -> int:
    """A first choice weighs 3, a second 2, the others 1: as much as a meeting that must,
    should or could take place."""
    return max(1, 4 - rank)


def pk_of(solver_id: str) -> int:
    """The database key inside a solver id (`m40` → 40)."""
    return int(solver_id[1:])


def live_meetings(edition: Edition) -> Any:
    """The meetings a run places: to be scheduled or scheduled, never cancelled."""
    return Meeting.objects.filter(edition=edition, status__in=LIVE_STATUSES).order_by("pk")


def begun_by(edition: Edition, now: dt.datetime | None) -> dt.datetime | None:
    """The time at or before which a slot of the edition has begun: `now`, until the end of
    the edition's last day. None when `now` is None, or once the days are over: a past
    edition is a record or a rehearsal (the demo's 2021 edition, run in its own present),
    with nobody left to tell."""
    if now is None or now.astimezone(edition.tzinfo).date() > edition.end_date:
        return None
    return now


def begun_among(
    edition: Edition, timed: Iterable[TimeSlot | VisitSession], now: dt.datetime | None
) -> set[int]:
    """The slots, or visit sessions, that have begun at `now` (over or in progress; see
    `begun_by`): one rule for meetings and visits."""
    until = begun_by(edition, now)
    return set() if until is None else {item.pk for item in timed if item.start <= until}


def begun_slots_of(edition: Edition, now: dt.datetime | None) -> set[int]:
    until = begun_by(edition, now)
    if until is None:
        return set()
    begun = TimeSlot.objects.filter(edition=edition, start__lte=until)
    return set(begun.values_list("pk", flat=True))


def is_kept(meeting: Meeting, begun: set[int]) -> bool:
    """A meeting placed in a slot that has begun, and published in that slot (or booked there
    on the day, which the published snapshot records), is where its people know it is: a run
    keeps it as it is. One placed there since the latest publication was never announced,
    and is placed again among the slots to come."""
    return (
        meeting.status == MeetingStatus.SCHEDULED
        and meeting.slot_id in begun
        and meeting.published_slot == meeting.slot_id
    )


def visit_newly_begun(
    edition: Edition, placements: Iterable[tuple[int, int]], now: dt.datetime
) -> tuple[VisitWish, VisitSession] | None:
    """The first (wish, session) of `placements` (wish pk, session pk: a run's visits) whose
    session has begun by `now` (`begun_among`) and whose person holds no confirmed seat
    there: booking it would put someone into a visit in the past. A seat held there is kept
    as it is, whatever the run says."""
    placements = list(placements)
    if not placements:  # first-come-first-served, or no wish placed: nothing to read
        return None
    sessions = list(
        VisitSession.objects.filter(
            pk__in={session for _wish, session in placements}, zone__edition=edition
        ).select_related("zone__edition")
    )
    begun_pks = begun_among(edition, sessions, now)
    begun = {s.pk: s for s in sessions if s.pk in begun_pks}
    wishes = VisitWish.objects.filter(pk__in=[w for w, s in placements if s in begun])
    seated = set(
        Booking.objects.filter(session__in=begun, status=BookingStatus.CONFIRMED).values_list(
            "participant_id", "session_id"
        )
    )
    by_pk = {
        w.pk: w for w in wishes.select_related("participant__user", "participant__company", "zone")
    }
    newly = [
        (by_pk[w], begun[s])
        for w, s in placements
        if w in by_pk and (by_pk[w].participant_id, s) not in seated
    ]
    return min(newly, key=lambda found: (found[1].start, found[1].pk), default=None)


def placeable(meetings: Iterable[Meeting], begun: set[int]) -> list[Meeting]:
    """The live meetings a run built with these begun slots places: all but the kept ones."""
    return [meeting for meeting in meetings if not is_kept(meeting, begun)]


def needs_interpreter(first_languages: Iterable[str], second_languages: Iterable[str]) -> bool:
    return not set(first_languages) & set(second_languages)


def build_problem(
    edition: Edition,
    *,
    previous: dict[str, list[int]] | None = None,
    now: dt.datetime | None = None,
) -> Problem:
    """The edition as a solver Problem; `previous` is a published snapshot (meeting pk →
    [slot pk, table pk]) to keep when re-optimising. Reads in a fixed number of queries.

    Slots that begin at or before `now` have begun (`begun_by`): the meetings kept there
    (`is_kept`) are left out of the problem, so that they stay as they are, and every other
    meeting may go only into a slot that has not begun. None: nothing has begun."""
    slots = list(TimeSlot.objects.filter(edition=edition).order_by("start", "pk"))
    begun = begun_among(edition, slots, now)
    to_come = tuple(slot_id(s.pk) for s in slots if s.pk not in begun) if begun else None
    rooms, tables = _venue(edition)
    meetings = placeable(live_meetings(edition), begun)
    people, languages = _participants(edition, meetings, slots)
    problem = Problem(
        name=edition.slug,
        slots=tuple(_slot(edition, slot) for slot in slots),
        rooms=rooms,
        tables=tables,
        participants=tuple(people.values()),
        meetings=tuple(_meeting(m, to_come, begun) for m in meetings),
        rules=Rules(),
        previous=_previous(previous, slots, tables, meetings) if previous is not None else None,
    )
    problem = with_visits(edition, problem, slots, now=now)
    return with_interpreters(edition, problem, languages)


def with_visits(
    edition: Edition, problem: Problem, slots: list[TimeSlot], *, now: dt.datetime | None = None
) -> Problem:
    """In wishes mode, the problem in version 2 with the zones' open sessions (each takes the
    slots its visit overlaps, travel included), the participants' wishes, and the seats
    already booked as fixed bookings. Unchanged in first-come-first-served mode.

    As for meetings, a session that begins at or before `now` has begun (`begun_among`): its
    confirmed seats stay booked, and no wish is placed there."""
    if not wishes_mode(edition):
        return problem
    sessions = list(
        VisitSession.objects.filter(zone__edition=edition, status=VisitStatus.OPEN)
        .select_related("zone")
        .order_by("zone_id", "start", "pk")
    )
    taken = {s.pk: _slots_during(s, slots) for s in sessions}
    wishes = list(
        VisitWish.objects.filter(
            zone__sessions__in=sessions, participant__status=ParticipantStatus.VALIDATED
        )
        .distinct()
        .select_related("zone", "participant__edition")
        .order_by("participant_id", "rank", "pk")
    )
    bookings, held_elsewhere = _bookings(sessions, taken, wishes)
    solver_wishes = _wishes(edition, wishes, sessions, begun_among(edition, sessions, now))
    booked = {b.wish for b in bookings}
    # A wish nobody may place is left out; one a seat already answers keeps that seat.
    solver_wishes = [
        replace(w, sessions=None) if w.id in booked else w
        for w in solver_wishes
        if w.id in booked or w.sessions != ()
    ]
    known = {p.id for p in problem.participants}
    newcomers = {w.participant for w in solver_wishes} | {b.participant for b in bookings}
    return replace(
        problem,
        version=2,
        participants=problem.participants
        + tuple(SolverParticipant(id=p) for p in sorted(newcomers - known, key=pk_of)),
        activities=_activities(edition, sessions, taken, held_elsewhere),
        wishes=tuple(solver_wishes),
        bookings=tuple(bookings),
    )


def _slots_during(session: VisitSession, slots: list[TimeSlot]) -> tuple[str, ...]:
    start, end = away_window(session)
    return tuple(slot_id(s.pk) for s in slots if s.start < end and s.end > start)


def _activities(
    edition: Edition,
    sessions: list[VisitSession],
    taken: dict[int, tuple[str, ...]],
    held_elsewhere: dict[int, int],
) -> tuple[Activity, ...]:
    tz = edition.tzinfo
    by_zone: dict[int, list[SolverSession]] = defaultdict(list)
    for s in sessions:
        start, end = away_window(s)
        by_zone[s.zone_id].append(
            SolverSession(
                id=visit_id(s.pk),
                slots=taken[s.pk],
                seats=max(s.seats - held_elsewhere.get(s.pk, 0), 0),
                start=start.astimezone(tz).isoformat(),
                end=end.astimezone(tz).isoformat(),
            )
        )
    return tuple(Activity(activity_id(z), tuple(found)) for z, found in by_zone.items())


def _bookings(
    sessions: list[VisitSession], taken: dict[int, tuple[str, ...]], wishes: list[VisitWish]
) -> tuple[list[SolverBooking], dict[int, int]]:
    """The confirmed seats as fixed bookings, with the wish they answer. A seat that clashes
    with another of the same person (booked first come, first served, travel not counted)
    is not sent: its seat is taken off the session, and the person stays away from meetings
    through `unavailable`."""
    zone_of = {s.pk: s.zone_id for s in sessions}
    window = {s.pk: away_window(s) for s in sessions}
    wish_for = {(w.participant_id, w.zone_id): w.pk for w in wishes}
    held: dict[int, list[int]] = defaultdict(list)
    out, elsewhere = [], defaultdict(int)
    rows = Booking.objects.filter(status=BookingStatus.CONFIRMED, session__in=sessions)
    for person, session in rows.order_by("session__start", "pk").values_list(
        "participant_id", "session_id"
    ):
        if any(_clash(session, other, taken, window) for other in held[person]):
            elsewhere[session] += 1
            continue
        held[person].append(session)
        wish = wish_for.pop((person, zone_of[session]), None)
        out.append(
            SolverBooking(
                participant=participant_id(person),
                session=visit_id(session),
                wish=wish_id(wish) if wish is not None else None,
            )
        )
    return out, dict(elsewhere)


def _clash(a: int, b: int, taken: dict[int, tuple[str, ...]], window: dict[int, Any]) -> bool:
    if set(taken[a]) & set(taken[b]):
        return True
    return window[a][0] < window[b][1] and window[b][0] < window[a][1]


def _wishes(
    edition: Edition, wishes: list[VisitWish], sessions: list[VisitSession], begun: set[int]
) -> list[Wish]:
    """Each wish with the sessions its participant may join: the zone's roles, the sessions
    that have not begun, and for a health pass the days they passed the entrance check
    (none: `sessions` is empty)."""
    protocol = protocol_of(edition)
    everyone_checked = bool(protocol and protocol.health_pass_required)
    days = entrance_days(edition)
    tz = edition.tzinfo
    out = []
    for wish in wishes:
        zone, person = wish.zone, wish.participant
        checked = everyone_checked or zone.health_pass_required
        only = None
        if not role_allowed(zone, person.role):
            only = ()
        elif checked or begun:
            passed = days.get(person.pk, set())
            only = tuple(
                visit_id(s.pk)
                for s in sessions
                if s.zone_id == zone.pk
                and s.pk not in begun
                and (not checked or s.start.astimezone(tz).date() in passed)
            )
        out.append(
            Wish(
                id=wish_id(wish.pk),
                participant=participant_id(person.pk),
                activity=activity_id(zone.pk),
                weight=wish_weight(wish.rank),
                sessions=only,
            )
        )
    return out


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


def _meeting(meeting: Meeting, to_come: tuple[str, ...] | None, begun: set[int]) -> SolverMeeting:
    """`to_come`: the slots not begun, when some have (None: any slot)."""
    fixed = None
    # A lock in a slot that has begun, never published there, yields: the slot is past.
    if meeting.locked and meeting.slot_id is not None and meeting.slot_id not in begun:
        fixed = Fixed(slot=slot_id(meeting.slot_id), table=table_id(meeting.table_id))
    return SolverMeeting(
        id=meeting_id(meeting.pk),
        participants=(participant_id(meeting.first_id), participant_id(meeting.second_id)),
        weight=meeting.weight,
        # A locked meeting must stay where it is; the others are placed as well as possible.
        required=fixed is not None,
        slots=to_come,
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
