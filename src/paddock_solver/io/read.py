"""Reading JSON documents into the dataclasses.

Reading validates everything FORMAT.md says; a problem that breaks it raises ``ProblemError``
whose message names the field and the id (``meetings[m001].weight: ...``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from paddock_solver.io import version2
from paddock_solver.io.fields import (
    ProblemError,
    _bool,
    _fail,
    _ids,
    _int,
    _items,
    _list,
    _obj,
    _opt_int,
    _str,
)
from paddock_solver.model import (
    PROBLEM_FORMAT,
    PROBLEM_FORMAT_2,
    SOLUTION_FORMAT,
    SOLUTION_FORMAT_2,
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
    optional = {"rooms", "resources", "rules", "previous"}
    fmt = raw.get("format") if isinstance(raw, dict) else None
    version = 2 if fmt == PROBLEM_FORMAT_2 else 1
    d = _obj(raw, "problem", top, optional | (version2.PROBLEM_FIELDS if version == 2 else set()))
    if d["format"] not in (PROBLEM_FORMAT, PROBLEM_FORMAT_2):
        formats = f"{PROBLEM_FORMAT!r} or {PROBLEM_FORMAT_2!r}"
        raise _fail("format", f"must be {formats}, got {d['format']!r}")
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
        d["participants"],
        "participants",
        lambda r, w: _participant(r, w, slots, tables, version=version),
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
    acts = version2.activities(d.get("activities", []), slots)
    wished = version2.wishes(d.get("wishes", []), participants, acts)
    return Problem(
        version=version,
        activities=tuple(acts.values()),
        wishes=tuple(wished.values()),
        bookings=version2.bookings(d.get("bookings", []), participants, acts, wished),
        interpreters=tuple(version2.interpreters(d.get("interpreters", []), slots).values()),
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
    raw: Mapping[str, Any],
    where: str,
    slots: Mapping[str, Slot],
    tables: Mapping[str, Table],
    *,
    version: int,
) -> Participant:
    optional = {"unavailable", "home_table", "max_meetings"}
    d = _obj(raw, where, {"id"}, optional | ({"languages"} if version == 2 else set()))
    home = d.get("home_table")
    if home is not None and _str(home, f"{where}.home_table") not in tables:
        raise _fail(f"{where}.home_table", f"unknown table id {home!r}")
    return Participant(
        id=d["id"],
        unavailable=_ids(d.get("unavailable", []), f"{where}.unavailable", slots, "slot"),
        home_table=home,
        max_meetings=_opt_int(d.get("max_meetings"), f"{where}.max_meetings", 0),
        languages=version2.languages(d.get("languages", []), f"{where}.languages"),
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
    fmt = raw.get("format") if isinstance(raw, dict) else None
    version = 2 if fmt == SOLUTION_FORMAT_2 else 1
    extra = version2.SOLUTION_FIELDS if version == 2 else set()
    d = _obj(raw, "solution", required, {"bound", "reasons", "seconds"} | extra)
    if d["format"] not in (SOLUTION_FORMAT, SOLUTION_FORMAT_2):
        formats = f"{SOLUTION_FORMAT!r} or {SOLUTION_FORMAT_2!r}"
        raise _fail("format", f"must be {formats}, got {d['format']!r}")
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
        version=version,
        visits=version2.visits(d.get("visits", [])),
        unplaced_wishes=version2.strings(d.get("unplaced_wishes", []), "unplaced_wishes"),
        interpreting=version2.interpreting(d.get("interpreting", [])),
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
