"""Frozen dataclasses mirroring the shared scheduling contract (FORMAT.md, version 1, and its
version 2 with activities and interpreters, docs/format-v2.md).

Only ``io.py`` turns these into JSON and back; everything else works on these values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

PROBLEM_FORMAT = "paddock-problem/1"
SOLUTION_FORMAT = "paddock-solution/1"
PROBLEM_FORMAT_2 = "paddock-problem/2"
SOLUTION_FORMAT_2 = "paddock-solution/2"

Status = Literal["optimal", "feasible", "infeasible", "unknown"]
STATUSES: tuple[Status, ...] = ("optimal", "feasible", "infeasible", "unknown")


@dataclass(frozen=True)
class Slot:
    id: str
    session: str
    start: str | None = None
    end: str | None = None


@dataclass(frozen=True)
class Room:
    id: str
    max_meetings: int


@dataclass(frozen=True)
class Table:
    id: str
    room: str | None = None


@dataclass(frozen=True)
class Resource:
    id: str
    capacity: int


@dataclass(frozen=True)
class Participant:
    id: str
    unavailable: tuple[str, ...] = ()
    home_table: str | None = None
    max_meetings: int | None = None
    languages: tuple[str, ...] = ()  # version 2; empty: understands everyone, never interpreted


@dataclass(frozen=True)
class Fixed:
    slot: str | None = None
    table: str | None = None


@dataclass(frozen=True)
class Meeting:
    id: str
    participants: tuple[str, ...]
    weight: int = 1
    required: bool = True
    session: str | None = None
    slots: tuple[str, ...] | None = None
    after: tuple[str, ...] = ()
    resources: tuple[str, ...] = ()
    fixed: Fixed | None = None


@dataclass(frozen=True)
class Rules:
    breaks_across_sessions: bool = False
    break_spread: int | None = None
    max_breaks: int | None = None


@dataclass(frozen=True)
class Session:
    """A visit session (version 2): `slots` are the meeting slots it takes, travel included."""

    id: str
    slots: tuple[str, ...]
    seats: int
    start: str | None = None
    end: str | None = None


@dataclass(frozen=True)
class Activity:
    id: str
    sessions: tuple[Session, ...]


@dataclass(frozen=True)
class Wish:
    """A participant's wish to join one session of an activity; `sessions` narrows the choice."""

    id: str
    participant: str
    activity: str
    weight: int = 1
    sessions: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Booking:
    """A seat already held (hard); with a wish, that wish is placed there and counts."""

    participant: str
    session: str
    wish: str | None = None


@dataclass(frozen=True)
class Interpreter:
    id: str
    languages: tuple[str, ...]
    available: tuple[str, ...] | None = None  # slot ids; None: every slot


@dataclass(frozen=True)
class Assignment:
    meeting: str
    slot: str
    table: str


@dataclass(frozen=True)
class Problem:
    name: str
    slots: tuple[Slot, ...]
    tables: tuple[Table, ...]
    participants: tuple[Participant, ...]
    meetings: tuple[Meeting, ...]
    rooms: tuple[Room, ...] = ()
    resources: tuple[Resource, ...] = ()
    rules: Rules = field(default_factory=Rules)
    previous: tuple[Assignment, ...] | None = None
    # Version 2 (docs/format-v2.md); a version 1 problem leaves them empty.
    version: int = 1
    activities: tuple[Activity, ...] = ()
    wishes: tuple[Wish, ...] = ()
    bookings: tuple[Booking, ...] = ()
    interpreters: tuple[Interpreter, ...] = ()

    # Index helpers: cached_property writes to __dict__ directly, which frozen allows.
    @cached_property
    def slot_index(self) -> dict[str, int]:
        return {s.id: i for i, s in enumerate(self.slots)}

    @cached_property
    def table_by_id(self) -> dict[str, Table]:
        return {t.id: t for t in self.tables}

    @cached_property
    def room_by_id(self) -> dict[str, Room]:
        return {r.id: r for r in self.rooms}

    @cached_property
    def resource_by_id(self) -> dict[str, Resource]:
        return {r.id: r for r in self.resources}

    @cached_property
    def participant_by_id(self) -> dict[str, Participant]:
        return {p.id: p for p in self.participants}

    @cached_property
    def meeting_by_id(self) -> dict[str, Meeting]:
        return {m.id: m for m in self.meetings}

    @cached_property
    def session_by_id(self) -> dict[str, Session]:
        return {s.id: s for a in self.activities for s in a.sessions}

    @cached_property
    def activity_of(self) -> dict[str, str]:
        """The activity of each session."""
        return {s.id: a.id for a in self.activities for s in a.sessions}

    @cached_property
    def wish_by_id(self) -> dict[str, Wish]:
        return {w.id: w for w in self.wishes}

    @cached_property
    def interpreter_by_id(self) -> dict[str, Interpreter]:
        return {i.id: i for i in self.interpreters}

    @cached_property
    def meetings_of(self) -> dict[str, list[Meeting]]:
        """Meetings of each participant, in problem order."""
        out: dict[str, list[Meeting]] = {p.id: [] for p in self.participants}
        for m in self.meetings:
            for p in m.participants:
                out[p].append(m)
        return out

    @cached_property
    def break_groups(self) -> list[list[int]]:
        """Runs of slot indices inside which breaks are counted."""
        if self.rules.breaks_across_sessions:
            return [list(range(len(self.slots)))] if self.slots else []
        groups: list[list[int]] = []
        for i, s in enumerate(self.slots):
            if groups and self.slots[groups[-1][-1]].session == s.session:
                groups[-1].append(i)
            else:
                groups.append([i])
        return groups


@dataclass(frozen=True)
class Violation:
    """A rule a solution breaks (``check``)."""

    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.message}"


@dataclass(frozen=True)
class Visit:
    wish: str
    session: str


@dataclass(frozen=True)
class Interpreting:
    meeting: str
    interpreter: str


@dataclass(frozen=True)
class Objective:
    scheduled_weight: int = 0
    moved: int = 0
    breaks: int = 0
    table_changes: int = 0


@dataclass(frozen=True)
class Solution:
    problem: str
    status: Status
    assignments: tuple[Assignment, ...] = ()
    unscheduled: tuple[str, ...] = ()
    objective: Objective = field(default_factory=Objective)
    bound: Objective | None = None
    reasons: tuple[str, ...] = ()
    seconds: float = 0.0
    # Version 2: the sessions given to wishes, and the interpreter of each interpreted meeting.
    version: int = 1
    visits: tuple[Visit, ...] = ()
    unplaced_wishes: tuple[str, ...] = ()
    interpreting: tuple[Interpreting, ...] = ()
