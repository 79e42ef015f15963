"""The literature's MiniZinc data files (.dzn), mapped onto the format as FORMAT.md says."""

from __future__ import annotations

import re
from pathlib import Path

from paddock_solver.model import Fixed, Meeting, Participant, Problem, Rules, Slot, Table

Value = int | list["Value"] | frozenset[int]

_TOKEN = re.compile(r"\[\||\|\]|\||-?\d+|[\[\]{},;=]|[A-Za-z_]\w*|\S")


class DznError(ValueError):
    """A .dzn file that this reader cannot understand."""


def _tokens(text: str) -> list[str]:
    text = re.sub(r"%[^\n]*", "", text)
    return _TOKEN.findall(text)


def _parse_value(tok: list[str], i: int) -> tuple[Value, int]:
    t = tok[i]
    if t == "{":
        items: list[int] = []
        i += 1
        while tok[i] != "}":
            if tok[i] != ",":
                items.append(int(tok[i]))
            i += 1
        return frozenset(items), i + 1
    if t == "[|":
        rows: list[Value] = [[]]
        i += 1
        while tok[i] != "|]":
            if tok[i] == "|":
                rows.append([])
            elif tok[i] != ",":
                row = rows[-1]
                if isinstance(row, list):
                    row.append(int(tok[i]))
            i += 1
        return [r for r in rows if r], i + 1
    if t == "[":
        values: list[Value] = []
        i += 1
        while tok[i] != "]":
            if tok[i] == ",":
                i += 1
                continue
            v, i = _parse_value(tok, i)
            values.append(v)
        return values, i + 1
    try:
        return int(t), i + 1
    except ValueError as exc:
        raise DznError(f"unexpected token {t!r}") from exc


def parse_dzn(text: str) -> dict[str, Value]:
    tok = _tokens(text)
    out: dict[str, Value] = {}
    i = 0
    while i < len(tok):
        name = tok[i]
        if i + 1 >= len(tok) or tok[i + 1] != "=":
            raise DznError(f"expected '=' after {name!r}")
        value, i = _parse_value(tok, i + 2)
        out[name] = value
        if i < len(tok) and tok[i] == ";":
            i += 1
    return out


def _int(data: dict[str, Value], name: str) -> int:
    v = data.get(name)
    if not isinstance(v, int):
        raise DznError(f"{name} must be an integer")
    return v


def _list(data: dict[str, Value], name: str, length: int) -> list[Value]:
    v = data.get(name)
    if not isinstance(v, list) or len(v) != length:
        raise DznError(f"{name} must be an array of {length} entries")
    return v


def _set(v: Value, name: str) -> frozenset[int]:
    if not isinstance(v, frozenset):
        raise DznError(f"{name} must hold sets")
    return v


def dzn_to_problem(text: str, name: str, spread: int = 2) -> Problem:
    data = parse_dzn(text)
    n_people, n_meetings = _int(data, "nBusiness"), _int(data, "nMeetings")
    n_tables, n_slots = _int(data, "nTables"), _int(data, "nTotalSlots")
    n_morning = _int(data, "nMorningSlots")
    slots = tuple(
        Slot(id=str(k), session="am" if k <= n_morning else "pm") for k in range(1, n_slots + 1)
    )
    forbidden = _list(data, "forbidden", n_people)
    participants = tuple(
        Participant(
            id=f"p{i + 1}",
            unavailable=tuple(str(s) for s in sorted(_set(f, "forbidden")) if s != 0),
        )
        for i, f in enumerate(forbidden)
    )
    requested = _list(data, "requested", n_meetings)
    fixed = data.get("fixed", [0] * n_meetings)
    precedences = data.get("precedences", [frozenset()] * n_meetings)
    if not isinstance(fixed, list) or not isinstance(precedences, list):
        raise DznError("fixed and precedences must be arrays")
    meetings = []
    for k, row in enumerate(requested):
        if not isinstance(row, list) or len(row) != 3 or not all(isinstance(x, int) for x in row):
            raise DznError(f"requested row {k + 1} must hold three integers")
        a, b, session = row
        pin = fixed[k] if k < len(fixed) else 0
        before = _set(precedences[k], "precedences") if k < len(precedences) else frozenset()
        meetings.append(
            Meeting(
                id=f"m{k + 1}",
                participants=(f"p{a}", f"p{b}"),
                session={1: "am", 2: "pm"}.get(int(str(session))),
                after=tuple(f"m{j}" for j in sorted(before)),
                fixed=Fixed(slot=str(pin)) if isinstance(pin, int) and pin != 0 else None,
            )
        )
    return Problem(
        name=name,
        slots=slots,
        tables=tuple(Table(id=f"T{t}") for t in range(1, n_tables + 1)),
        participants=participants,
        meetings=tuple(meetings),
        rules=Rules(breaks_across_sessions=True, break_spread=spread, max_breaks=None),
    )


def read_dzn(path: str | Path, spread: int = 2) -> Problem:
    p = Path(path)
    name = p.name[: -len(".dzn")] if p.name.endswith(".dzn") else p.name
    return dzn_to_problem(p.read_text(encoding="ascii"), name, spread)
