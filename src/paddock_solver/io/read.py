"""Reading JSON documents into the dataclasses.

Reading validates everything FORMAT.md says; a problem that breaks it raises ``ProblemError``
whose message names the field and the id (``meetings[m001].weight: ...``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from paddock_solver.model import (
    PROBLEM_FORMAT,
    SOLUTION_FORMAT,
    STATUSES,
    Assignment,
    Fixed,
    Meeting,
    Objective,
    Participant,
    Problem,
    Resource,
    Room,
    Rules,
    Slot,
    Solution,
    Status,
    Table,
)

T = TypeVar("T")


class ProblemError(ValueError):
    """A problem or solution document that breaks the format; the message names field and id."""


def _fail(where: str, message: str) -> ProblemError:
    return ProblemError(f"{where}: {message}")


def _obj(raw: object, where: str, required: set[str], optional: set[str]) -> Mapping[str, Any]:
    if not isinstance(raw, dict):
        raise _fail(where, f"must be an object, got {type(raw).__name__}")
    for key in raw:
        if key not in required and key not in optional:
            raise _fail(f"{where}.{key}", "unknown field")
    for key in sorted(required):
        if key not in raw:
            raise _fail(f"{where}.{key}", "missing required field")
    return raw


def _str(raw: object, where: str) -> str:
    if not isinstance(raw, str) or not raw:
        raise _fail(where, f"must be a non-empty string, got {raw!r}")
    return raw


def _int(raw: object, where: str, minimum: int) -> int:
    # bool is an int subclass in Python but not an integer in JSON terms.
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < minimum:
        raise _fail(where, f"must be an integer >= {minimum}, got {raw!r}")
    return raw


def _opt_int(raw: object, where: str, minimum: int) -> int | None:
    return None if raw is None else _int(raw, where, minimum)


def _bool(raw: object, where: str) -> bool:
    if not isinstance(raw, bool):
        raise _fail(where, f"must be true or false, got {raw!r}")
    return raw


def _list(raw: object, where: str) -> list[Any]:
    if not isinstance(raw, list):
        raise _fail(where, f"must be a list, got {type(raw).__name__}")
    return raw


def _ids(raw: object, where: str, known: Mapping[str, object], kind: str) -> tuple[str, ...]:
    out = tuple(_str(v, f"{where}[{i}]") for i, v in enumerate(_list(raw, where)))
    for v in out:
        if v not in known:
            raise _fail(where, f"unknown {kind} id {v!r}")
    if len(set(out)) != len(out):
        raise _fail(where, "lists an id twice")
    return out


def _items(raw: object, name: str, build: Callable[[Mapping[str, Any], str], T]) -> dict[str, T]:
    """Parse a list of objects with unique ``id`` fields, keyed by id, in order."""
    out: dict[str, T] = {}
    for i, item in enumerate(_list(raw, name)):
        ident = item.get("id") if isinstance(item, dict) else None
        where = f"{name}[{ident}]" if isinstance(ident, str) and ident else f"{name}[{i}]"
        ident = _str(ident, f"{where}.id")
        if ident in out:
            raise _fail(where, f"duplicate id {ident!r}")
        out[ident] = build(item, where)
    return out


def _slot(raw: Mapping[str, Any], where: str) -> Slot:
    d = _obj(raw, where, {"id", "session"}, {"start", "end"})
    start = None if d.get("start") is None else _str(d["start"], f"{where}.start")
    end = None if d.get("end") is None else _str(d["end"], f"{where}.end")
    return Slot(id=d["id"], session=_str(d["session"], f"{where}.session"), start=start, end=end)


def _check_sessions(slots: Mapping[str, Slot]) -> None:
    seen: set[str] = set()
    previous = None
    for s in slots.values():
        if s.session != previous and s.session in seen:
            raise _fail(f"slots[{s.id}].session", f"session {s.session!r} is not consecutive")
        seen.add(s.session)
        previous = s.session


def parse_problem(raw: object) -> Problem:
    """Validate a decoded JSON document and build the Problem; raises ProblemError."""
    top = {"format", "name", "slots", "tables", "participants", "meetings"}
    d = _obj(raw, "problem", top, {"rooms", "resources", "rules", "previous"})
    if d["format"] != PROBLEM_FORMAT:
        raise _fail("format", f"must be {PROBLEM_FORMAT!r}, got {d['format']!r}")
    if not isinstance(d["name"], str):
        raise _fail("name", f"must be a string, got {d['name']!r}")
    slots = _items(d["slots"], "slots", _slot)
    _check_sessions(slots)
    rooms = _items(
        d.get("rooms", []),
        "rooms",
        lambda r, w: Room(
            id=r["id"],
            max_meetings=_int(
                _obj(r, w, {"id", "max_meetings"}, set())["max_meetings"], f"{w}.max_meetings", 0
            ),
        ),
    )
    tables = _items(d["tables"], "tables", lambda r, w: _table(r, w, rooms))
    resources = _items(
        d.get("resources", []),
        "resources",
        lambda r, w: Resource(
            id=r["id"],
            capacity=_int(_obj(r, w, {"id", "capacity"}, set())["capacity"], f"{w}.capacity", 0),
        ),
    )
    participants = _items(
        d["participants"], "participants", lambda r, w: _participant(r, w, slots, tables)
    )
    sessions = {s.session: s for s in slots.values()}
    meetings = _items(
        d["meetings"],
        "meetings",
        lambda r, w: _meeting(
            r,
            w,
            participants=participants,
            slots=slots,
            sessions=sessions,
            tables=tables,
            resources=resources,
        ),
    )
    for m in meetings.values():
        for a in m.after:
            if a not in meetings:
                raise _fail(f"meetings[{m.id}].after", f"unknown meeting id {a!r}")
            if a == m.id:
                raise _fail(f"meetings[{m.id}].after", "a meeting cannot follow itself")
    return Problem(
        name=d["name"],
        slots=tuple(slots.values()),
        tables=tuple(tables.values()),
        participants=tuple(participants.values()),
        meetings=tuple(meetings.values()),
        rooms=tuple(rooms.values()),
        resources=tuple(resources.values()),
        rules=_rules(d.get("rules", {})),
        previous=_previous(d["previous"]) if d.get("previous") is not None else None,
    )


def _table(raw: Mapping[str, Any], where: str, rooms: Mapping[str, Room]) -> Table:
    d = _obj(raw, where, {"id"}, {"room"})
    room = d.get("room")
    if room is not None and _str(room, f"{where}.room") not in rooms:
        raise _fail(f"{where}.room", f"unknown room id {room!r}")
    return Table(id=d["id"], room=room)


def _participant(
    raw: Mapping[str, Any], where: str, slots: Mapping[str, Slot], tables: Mapping[str, Table]
) -> Participant:
    d = _obj(raw, where, {"id"}, {"unavailable", "home_table", "max_meetings"})
    home = d.get("home_table")
    if home is not None and _str(home, f"{where}.home_table") not in tables:
        raise _fail(f"{where}.home_table", f"unknown table id {home!r}")
    return Participant(
        id=d["id"],
        unavailable=_ids(d.get("unavailable", []), f"{where}.unavailable", slots, "slot"),
        home_table=home,
        max_meetings=_opt_int(d.get("max_meetings"), f"{where}.max_meetings", 0),
    )


def _meeting(
    raw: Mapping[str, Any],
    where: str,
    *,
    participants: Mapping[str, Participant],
    slots: Mapping[str, Slot],
    sessions: Mapping[str, Slot],
    tables: Mapping[str, Table],
    resources: Mapping[str, Resource],
) -> Meeting:
    optional = {"weight", "required", "session", "slots", "after", "resources", "fixed"}
    d = _obj(raw, where, {"id", "participants"}, optional)
    people = _ids(d["participants"], f"{where}.participants", participants, "participant")
    if len(people) < 2:
        raise _fail(f"{where}.participants", "a meeting needs at least two participants")
    session = d.get("session")
    if session is not None and _str(session, f"{where}.session") not in sessions:
        raise _fail(f"{where}.session", f"unknown session {session!r}")
    only = d.get("slots")
    after = d.get("after", [])
    return Meeting(
        id=d["id"],
        participants=people,
        weight=_int(d.get("weight", 1), f"{where}.weight", 1),
        required=_bool(d.get("required", True), f"{where}.required"),
        session=session,
        slots=None if only is None else _ids(only, f"{where}.slots", slots, "slot"),
        after=tuple(
            _str(a, f"{where}.after[{i}]") for i, a in enumerate(_list(after, f"{where}.after"))
        ),
        resources=_ids(d.get("resources", []), f"{where}.resources", resources, "resource"),
        fixed=None
        if d.get("fixed") is None
        else _fixed(d["fixed"], f"{where}.fixed", slots, tables),
    )


def _fixed(
    raw: object, where: str, slots: Mapping[str, Slot], tables: Mapping[str, Table]
) -> Fixed:
    d = _obj(raw, where, set(), {"slot", "table"})
    slot, table = d.get("slot"), d.get("table")
    if slot is None and table is None:
        raise _fail(where, "needs a slot, a table or both")
    if slot is not None and _str(slot, f"{where}.slot") not in slots:
        raise _fail(f"{where}.slot", f"unknown slot id {slot!r}")
    if table is not None and _str(table, f"{where}.table") not in tables:
        raise _fail(f"{where}.table", f"unknown table id {table!r}")
    return Fixed(slot=slot, table=table)


def _rules(raw: object) -> Rules:
    d = _obj(raw, "rules", set(), {"breaks_across_sessions", "break_spread", "max_breaks"})
    return Rules(
        breaks_across_sessions=_bool(
            d.get("breaks_across_sessions", False), "rules.breaks_across_sessions"
        ),
        break_spread=_opt_int(d.get("break_spread"), "rules.break_spread", 0),
        max_breaks=_opt_int(d.get("max_breaks"), "rules.max_breaks", 0),
    )


def _assignment(raw: object, where: str) -> Assignment:
    d = _obj(raw, where, {"meeting", "slot", "table"}, set())
    ident = d["meeting"]
    where = f"{where[: where.rindex('[')]}[{ident}]" if isinstance(ident, str) and ident else where
    return Assignment(
        meeting=_str(ident, f"{where}.meeting"),
        slot=_str(d["slot"], f"{where}.slot"),
        table=_str(d["table"], f"{where}.table"),
    )


def _previous(raw: object) -> tuple[Assignment, ...]:
    # Entries for deleted meetings, slots or tables are kept: they simply count as moved.
    out = tuple(_assignment(a, f"previous[{i}]") for i, a in enumerate(_list(raw, "previous")))
    seen: set[str] = set()
    for a in out:
        if a.meeting in seen:
            raise _fail(f"previous[{a.meeting}]", "meeting listed twice")
        seen.add(a.meeting)
    return out


def _objective(raw: object, where: str) -> Objective:
    keys = {"scheduled_weight", "moved", "breaks", "table_changes"}
    d = _obj(raw, where, keys, set())
    return Objective(**{k: _int(d[k], f"{where}.{k}", 0) for k in keys})


def parse_solution(raw: object) -> Solution:
    """Build a Solution from a decoded document; checks shape only (``check`` judges content)."""
    required = {"format", "problem", "status", "assignments", "unscheduled", "objective"}
    d = _obj(raw, "solution", required, {"bound", "reasons", "seconds"})
    if d["format"] != SOLUTION_FORMAT:
        raise _fail("format", f"must be {SOLUTION_FORMAT!r}, got {d['format']!r}")
    status = d["status"]
    if status not in STATUSES:
        raise _fail("status", f"must be one of {', '.join(STATUSES)}, got {status!r}")
    seconds = d.get("seconds", 0.0)
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        raise _fail("seconds", f"must be a number, got {seconds!r}")
    reasons = _list(d.get("reasons", []), "reasons")
    unscheduled = _list(d["unscheduled"], "unscheduled")
    return Solution(
        problem=str(d["problem"]),
        status=_status(status),
        assignments=tuple(
            _assignment(a, f"assignments[{i}]")
            for i, a in enumerate(_list(d["assignments"], "assignments"))
        ),
        unscheduled=tuple(_str(u, f"unscheduled[{i}]") for i, u in enumerate(unscheduled)),
        objective=_objective(d["objective"], "objective"),
        bound=None if d.get("bound") is None else _objective(d["bound"], "bound"),
        reasons=tuple(_str(r, f"reasons[{i}]") for i, r in enumerate(reasons)),
        seconds=float(seconds),
    )


def _status(value: str) -> Status:
    for s in STATUSES:
        if s == value:
            return s
    raise _fail("status", f"unknown status {value!r}")


def _load(path: str | Path) -> object:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ProblemError(f"{path}: not valid JSON ({exc})") from exc


def read_problem(path: str | Path) -> Problem:
    return parse_problem(_load(path))


def read_solution(path: str | Path) -> Solution:
    return parse_solution(_load(path))
