"""Frozen dataclasses mirroring the shared scheduling contract (FORMAT.md, version 1).

Only ``io.py`` turns these into JSON and back; everything else works on these values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

PROBLEM_FORMAT = "paddock-problem/1"
SOLUTION_FORMAT = "paddock-solution/1"

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
