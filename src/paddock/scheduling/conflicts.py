"""What a stricter sanitary protocol breaks: the reads of the protocol review page.

A lower cap per room leaves slots where a room holds more meetings than it now allows, a
smaller group size leaves visit sessions with more people booked than seats, and the health
pass rule sends back to the entrance whoever came in without one. The page lists all of it,
then the re-optimisation proposed (a held run) and the meetings it would move.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from paddock.checkin.queries import entered_without_pass
from paddock.events.models import Edition, Room, Table, TimeSlot
from paddock.events.queries import protocol_of, rooms_with_meeting_caps
from paddock.meetings.enums import MeetingStatus
from paddock.meetings.models import Meeting
from paddock.participants.models import Participant
from paddock.scheduling.enums import RunStatus
from paddock.scheduling.models import ScheduleRun
from paddock.scheduling.problem import pk_of
from paddock.scheduling.queries import MEETING_RELATED
from paddock.visits.models import VisitSession
from paddock.visits.queries import sessions_over_seats
from paddock_solver.io import parse_solution


@dataclass
class RoomConflict:
    """A slot where a room holds more meetings than its cap allows now."""

    slot: TimeSlot
    room: Room
    cap: int
    meetings: list[Meeting] = field(default_factory=list)


@dataclass
class ProtocolConflicts:
    rooms: list[RoomConflict]
    sessions: list[VisitSession]
    health_pass: bool
    without_pass: list[Participant]

    def __bool__(self) -> bool:
        return bool(self.rooms or self.sessions or self.without_pass)

    @property
    def meetings(self) -> list[Meeting]:
        return [meeting for conflict in self.rooms for meeting in conflict.meetings]


def protocol_conflicts(edition: Edition, *, now: dt.datetime) -> ProtocolConflicts:
    """Every conflict of the protocol in force, in a fixed number of queries."""
    protocol = protocol_of(edition)
    health_pass = bool(protocol and protocol.health_pass_required)
    return ProtocolConflicts(
        rooms=room_conflicts(edition),
        sessions=list(sessions_over_seats(edition)),
        health_pass=health_pass,
        without_pass=list(entered_without_pass(edition, now)) if health_pass else [],
    )


def room_conflicts(edition: Edition) -> list[RoomConflict]:
    """Slots where a room holds more placed meetings than its meeting cap, by time and room."""
    caps = {room.pk: room for room in rooms_with_meeting_caps(edition)}
    placed = (
        Meeting.objects.filter(edition=edition, status=MeetingStatus.SCHEDULED)
        .select_related(*MEETING_RELATED, "slot", "table__room")
        .order_by("slot__start", "table__room__position", "table__position", "pk")
    )
    found: dict[tuple[int, int], list[Meeting]] = defaultdict(list)
    for meeting in placed:
        found[(meeting.slot_id, meeting.table.room_id)].append(meeting)
    out = []
    for (_slot, room_pk), meetings in found.items():
        room = caps[room_pk]
        if len(meetings) > room.meeting_cap_now:  # type: ignore[attr-defined]
            out.append(RoomConflict(meetings[0].slot, room, room.meeting_cap_now, meetings))  # type: ignore[attr-defined]
    return out


def proposal_of(edition: Edition) -> ScheduleRun | None:
    """The edition's latest run when it is held for confirmation (a proposal still being
    computed, or waiting); None when a later run came, or none was asked."""
    latest = ScheduleRun.objects.filter(edition=edition).defer("problem").first()
    return latest if latest is not None and latest.hold else None


@dataclass
class Move:
    """A meeting the proposal moves: where it is, where it would go (None: left out)."""

    meeting: Meeting
    to_slot: TimeSlot | None
    to_table: Table | None


def moves_key(moves: list[Move]) -> str:
    """What the page listed, each meeting with its place then: the confirmation applies the
    proposal only while its moves are still exactly these."""
    return " ".join(f"{m.meeting.pk}:{m.meeting.slot_id}:{m.meeting.table_id}" for m in moves)


def proposed_moves(run: ScheduleRun) -> list[Move]:
    """The meetings whose place the proposal changes, by their current time."""
    if run.status != RunStatus.PROPOSED or run.solution is None:
        return []
    places = {
        pk_of(a.meeting): (pk_of(a.slot), pk_of(a.table))
        for a in parse_solution(run.solution).assignments
    }
    live = (
        Meeting.objects.filter(
            edition=run.edition, status__in=(MeetingStatus.SCHEDULED, MeetingStatus.TO_SCHEDULE)
        )
        .select_related(*MEETING_RELATED, "slot", "table__room")
        .order_by("slot__start", "pk")
    )
    moved = [m for m in live if places.get(m.pk, (None, None)) != (m.slot_id, m.table_id)]
    slots = TimeSlot.objects.in_bulk({places[m.pk][0] for m in moved if m.pk in places})
    tables = Table.objects.select_related("room").in_bulk(
        {places[m.pk][1] for m in moved if m.pk in places}
    )
    out = []
    for meeting in moved:
        slot_pk, table_pk = places.get(meeting.pk, (None, None))
        out.append(Move(meeting, slots.get(slot_pk), tables.get(table_pk)))  # type: ignore[arg-type]
    return out
