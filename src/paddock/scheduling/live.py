"""Reads of the live page: the day's slots, meetings with their participants' check-in, and
the free places of the rest of the day with the bookings they can take. A fixed number of
queries whatever the number of meetings; the rules are those of the grid's moves."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet

from paddock.events.models import Edition, Table, TimeSlot
from paddock.meetings.enums import MeetingStatus
from paddock.meetings.models import Meeting
from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Participant
from paddock.participants.queries import filtered_participants
from paddock.scheduling.queries import MEETING_RELATED
from paddock.scheduling.services.live import (
    absence_of,
    absent_people,
    arrivals,
    day_bounds,
    local_day,
)
from paddock.scheduling.services.moves import people_conflicts, slot_rules, table_conflicts

# Offers shown per free slot: enough to choose from on a phone.
OFFERS_PER_SLOT = 8


@dataclass
class LiveMeeting:
    """A meeting of the day with who of its two has checked in; `absence` (who has not come
    yet) is the default of the no-show form."""

    meeting: Meeting
    first_in: bool
    second_in: bool
    absence: str

    @property
    def absent_names(self) -> str:
        """Who did not come to a no-show, by name."""
        return ", ".join(str(person.user) for person in absent_people(self.meeting))


@dataclass
class Offer:
    """A booking a free place can take: a meeting still to place, at its first free table."""

    meeting: Meeting
    table: Table


@dataclass
class OpenSlot:
    slot: TimeSlot
    started: bool
    free_tables: int
    offers: list[Offer] = field(default_factory=list)
    more: int = 0


@dataclass
class LiveDay:
    now: dt.datetime
    day: dt.date
    current: TimeSlot | None
    next: TimeSlot | None
    current_meetings: list[LiveMeeting]
    next_meetings: list[LiveMeeting]
    no_shows: list[LiveMeeting]
    open_slots: list[OpenSlot]
    present_count: int


def slots_of_day(edition: Edition, now: dt.datetime) -> list[TimeSlot]:
    """The slots of the day of `now`, in the edition's time zone."""
    start, end = day_bounds(edition, local_day(edition, now))
    return list(
        TimeSlot.objects.filter(edition=edition, start__gte=start, start__lt=end).order_by("start")
    )


def live_day(edition: Edition, *, now: dt.datetime) -> LiveDay:
    slots = slots_of_day(edition, now)
    came = arrivals(edition, now=now)
    current = next((s for s in slots if s.start <= now < s.end), None)
    upcoming = next((s for s in slots if s.start > now), None)
    meetings = list(
        Meeting.objects.filter(edition=edition, slot__in=slots)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related(*MEETING_RELATED, "slot", "table__room")
        .order_by("slot__start", "table__room__position", "table__position", "table__label")
    )

    def rows(slot: TimeSlot | None, status: str) -> list[LiveMeeting]:
        return [
            LiveMeeting(m, m.first_id in came, m.second_id in came, absence_of(m, came, now))
            for m in meetings
            if m.status == status and (slot is None or m.slot_id == slot.pk)
        ]

    open_slots = [s for s in slots if s.end > now]
    return LiveDay(
        now=now,
        day=local_day(edition, now),
        current=current,
        next=upcoming,
        current_meetings=rows(current, MeetingStatus.SCHEDULED) if current else [],
        next_meetings=rows(upcoming, MeetingStatus.SCHEDULED) if upcoming else [],
        no_shows=rows(None, MeetingStatus.NO_SHOW),
        open_slots=_open_slots(edition, open_slots, came, meetings, now),
        present_count=len(came),
    )


def _open_slots(
    edition: Edition,
    slots: list[TimeSlot],
    came: dict[int, dt.datetime],
    today: list[Meeting],
    now: dt.datetime,
) -> list[OpenSlot]:
    """Each slot not over, with its free tables and the meetings it can take: those to be
    placed, and today's no-shows, whose two participants are present."""
    if not slots:
        return []
    waiting = (
        Meeting.objects.filter(edition=edition, status=MeetingStatus.TO_SCHEDULE)
        .filter(first_id__in=list(came), second_id__in=list(came))
        .select_related(*MEETING_RELATED)
        .order_by("-weight", "pk")
    )
    candidates = list(waiting) + [
        m for m in today if m.status == MeetingStatus.NO_SHOW and absence_of(m, came, now) == ""
    ]
    rules = slot_rules(edition, slots)
    tables = list(
        Table.objects.filter(room__edition=edition)
        .select_related("room")
        .order_by("room__position", "room__name", "position", "label")
    )
    out = []
    for slot in slots:
        slot_rule = rules[slot.pk]
        free = [t for t in tables if not table_conflicts([], t, slot_rule, ignore=set())]
        row = OpenSlot(slot=slot, started=slot.start <= now, free_tables=len(free))
        for meeting in candidates:
            people = [meeting.first, meeting.second]
            if people_conflicts(people, slot_rule, ignore={meeting.pk}):
                continue
            table = next(
                (t for t in free if not table_conflicts(people, t, slot_rule, ignore={meeting.pk})),
                None,
            )
            if table is None:
                continue
            if len(row.offers) < OFFERS_PER_SLOT:
                row.offers.append(Offer(meeting, table))
            else:
                row.more += 1
        out.append(row)
    return out


def present_people(
    edition: Edition, came: dict[int, dt.datetime], search: str = ""
) -> QuerySet[Participant]:
    """The validated participants checked in today, by company, for the walk-in form; those
    whose name, email or company holds every word of `search`."""
    people = filtered_participants(edition, search=search)
    return people.filter(status=ParticipantStatus.VALIDATED, pk__in=list(came))
