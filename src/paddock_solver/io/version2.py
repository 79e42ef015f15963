"""Reading the parts that version 2 adds (docs/format-v2.md): activities with their sessions,
wishes, fixed bookings, interpreters; in a solution, visits and interpreters of meetings.

Errors name the field and the item, as version 1's reader does (``wishes[w3].sessions: ...``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from paddock_solver.io.fields import (
    ProblemError,
    _fail,
    _ids,
    _int,
    _items,
    _list,
    _obj,
    _str,
)
from paddock_solver.model import (
    Activity,
    Booking,
    Interpreter,
    Interpreting,
    Participant,
    Session,
    Slot,
    Visit,
    Wish,
)

PROBLEM_FIELDS = {"activities", "wishes", "bookings", "interpreters"}
SOLUTION_FIELDS = {"visits", "unplaced_wishes", "interpreting"}


def languages(raw: object, where: str) -> tuple[str, ...]:
    out = tuple(_str(v, f"{where}[{i}]") for i, v in enumerate(_list(raw, where)))
    if len(set(out)) != len(out):
        raise _fail(where, "lists a language twice")
    return out


def _session(raw: Mapping[str, Any], where: str, slots: Mapping[str, Slot]) -> Session:
    d = _obj(raw, where, {"id", "slots", "seats"}, {"start", "end"})
    start = None if d.get("start") is None else _str(d["start"], f"{where}.start")
    end = None if d.get("end") is None else _str(d["end"], f"{where}.end")
    return Session(
        id=d["id"],
        slots=_ids(d["slots"], f"{where}.slots", slots, "slot"),
        seats=_int(d["seats"], f"{where}.seats", 0),
        start=start,
        end=end,
    )


def activities(raw: object, slots: Mapping[str, Slot]) -> dict[str, Activity]:
    seen: set[str] = set()

    def build(r: Mapping[str, Any], w: str) -> Activity:
        d = _obj(r, w, {"id", "sessions"}, set())
        sessions = _items(d["sessions"], f"{w}.sessions", lambda x, y: _session(x, y, slots))
        for s in sessions:
            if s in seen:
                raise _fail(f"{w}.sessions[{s}]", f"duplicate session id {s!r}")
            seen.add(s)
        return Activity(id=d["id"], sessions=tuple(sessions.values()))

    return _items(raw, "activities", build)


def wishes(
    raw: object,
    participants: Mapping[str, Participant],
    acts: Mapping[str, Activity],
) -> dict[str, Wish]:
    sessions = {s.id: a.id for a in acts.values() for s in a.sessions}

    def build(r: Mapping[str, Any], w: str) -> Wish:
        d = _obj(r, w, {"id", "participant", "activity"}, {"weight", "sessions"})
        who = _str(d["participant"], f"{w}.participant")
        if who not in participants:
            raise _fail(f"{w}.participant", f"unknown participant id {who!r}")
        what = _str(d["activity"], f"{w}.activity")
        if what not in acts:
            raise _fail(f"{w}.activity", f"unknown activity id {what!r}")
        only = d.get("sessions")
        chosen = None if only is None else _ids(only, f"{w}.sessions", sessions, "session")
        for s in chosen or ():
            if sessions[s] != what:
                raise _fail(f"{w}.sessions", f"session {s!r} is not a session of {what!r}")
        weight = _int(d.get("weight", 1), f"{w}.weight", 1)
        return Wish(id=d["id"], participant=who, activity=what, weight=weight, sessions=chosen)

    return _items(raw, "wishes", build)


def bookings(
    raw: object,
    participants: Mapping[str, Participant],
    acts: Mapping[str, Activity],
    wished: Mapping[str, Wish],
) -> tuple[Booking, ...]:
    sessions = {s.id: a.id for a in acts.values() for s in a.sessions}
    out: list[Booking] = []
    for i, r in enumerate(_list(raw, "bookings")):
        w = f"bookings[{i}]"
        d = _obj(r, w, {"participant", "session"}, {"wish"})
        who, where = _str(d["participant"], f"{w}.participant"), _str(d["session"], f"{w}.session")
        if who not in participants:
            raise _fail(f"{w}.participant", f"unknown participant id {who!r}")
        if where not in sessions:
            raise _fail(f"{w}.session", f"unknown session id {where!r}")
        wish = None if d.get("wish") is None else _str(d["wish"], f"{w}.wish")
        if wish is not None:
            _booked_wish(wished, wish, who, sessions[where], f"{w}.wish")
        out.append(Booking(participant=who, session=where, wish=wish))
    twice = [k for k, n in Counter((b.participant, b.session) for b in out).items() if n > 1]
    if twice:
        raise _fail("bookings", f"{twice[0][0]} holds session {twice[0][1]!r} twice")
    by_wish = [k for k, n in Counter(b.wish for b in out if b.wish).items() if n > 1]
    if by_wish:
        raise _fail("bookings", f"wish {by_wish[0]!r} is booked twice")
    return tuple(out)


def _booked_wish(wished: Mapping[str, Wish], wish: str, who: str, act: str, where: str) -> None:
    if wish not in wished:
        raise _fail(where, f"unknown wish id {wish!r}")
    if wished[wish].participant != who:
        raise _fail(where, f"wish {wish!r} is not a wish of {who!r}")
    if wished[wish].activity != act:
        raise _fail(where, f"wish {wish!r} is for another activity than the session's")


def interpreters(raw: object, slots: Mapping[str, Slot]) -> dict[str, Interpreter]:
    def build(r: Mapping[str, Any], w: str) -> Interpreter:
        d = _obj(r, w, {"id", "languages"}, {"available"})
        langs = languages(d["languages"], f"{w}.languages")
        if not langs:
            raise _fail(f"{w}.languages", "an interpreter needs at least one language")
        available = d.get("available")
        return Interpreter(
            id=d["id"],
            languages=langs,
            available=None
            if available is None
            else _ids(available, f"{w}.available", slots, "slot"),
        )

    return _items(raw, "interpreters", build)


def visits(raw: object) -> tuple[Visit, ...]:
    out = []
    for i, r in enumerate(_list(raw, "visits")):
        d = _obj(r, f"visits[{i}]", {"wish", "session"}, set())
        out.append(
            Visit(_str(d["wish"], f"visits[{i}].wish"), _str(d["session"], f"visits[{i}].session"))
        )
    return tuple(out)


def interpreting(raw: object) -> tuple[Interpreting, ...]:
    out = []
    for i, r in enumerate(_list(raw, "interpreting")):
        w = f"interpreting[{i}]"
        d = _obj(r, w, {"meeting", "interpreter"}, set())
        out.append(
            Interpreting(
                _str(d["meeting"], f"{w}.meeting"), _str(d["interpreter"], f"{w}.interpreter")
            )
        )
    return tuple(out)


def strings(raw: object, name: str) -> tuple[str, ...]:
    return tuple(_str(u, f"{name}[{i}]") for i, u in enumerate(_list(raw, name)))


__all__ = ["PROBLEM_FIELDS", "SOLUTION_FIELDS", "ProblemError"]
