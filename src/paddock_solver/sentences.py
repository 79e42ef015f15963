"""The sentences of `Solution.reasons`: one English template per kind of reason, with named
fields, used both to write a reason (`sentence`) and to read one back into its code and fields
(`read_sentence`). The solution file keeps the English sentence, the contract that outside
tools read (`scheduling/FORMAT.md`); a reader such as the web app reads it back and says it in
its own language. A new kind of reason gets its template here: the solver writes no sentence of
its own."""

from __future__ import annotations

import re
from functools import cache
from string import Formatter
from typing import cast

Side = tuple[str, tuple[str, ...]]  # a participant and the languages it speaks
Value = str | int | tuple[str, ...] | tuple[Side, ...]

# How a field is written, by its name; any other field is one id. Ids hold no space in the
# sentences read back (the web app's never do): a sentence with other ids is not read back.
NUMBERS = frozenset(
    {"required", "slots", "free", "max_meetings", "fixed", "tables", "table_slots"}
    | {"max_breaks", "break_spread", "bookings", "seats"}
)
LISTS = frozenset({"participants", "away", "meetings"})  # ids joined by ", "
SIDES = frozenset({"sides"})  # each participant with its languages: "p1: fr, en; p2: ja"
TEXTS = frozenset({"violation"})  # a checker's message, kept as it is written

_RELAX = "; relax the break rules or make meetings optional"

TEMPLATES: dict[str, str] = {
    "fixed_outside_session": (
        "{meeting} ({participants}) is fixed to {slot}, outside its session {session}"
    ),
    "fixed_outside_slots": (
        "{meeting} ({participants}) is fixed to {slot}, which is not one of its allowed slots"
    ),
    "fixed_unavailable": (
        "{meeting} ({participants}) is fixed to {slot}, where {away} is unavailable"
    ),
    "after_blocks": (
        "{meeting} ({participants}) has no slot left that respects its 'after' meetings"
    ),
    "no_slot": (
        "{meeting} ({participants}) has no slot where all its participants are available and "
        "its rules allow"
    ),
    "after_cycle": "meetings {meetings} must each come after another: a cycle",
    "after_unschedulable": "{meeting} must come after {earlier}, which cannot be scheduled",
    "fixed_table_not_home": (
        "{meeting} ({participants}) is fixed to table {table}, not a home table of its participants"
    ),
    "too_few_slots": (
        "{participant} has {required} required meetings but only {slots} slots where they can "
        "take place ({free} where it is available)"
    ),
    "over_max_meetings": (
        "{participant} has {required} required meetings but max_meetings {max_meetings}"
    ),
    "slot_over_tables": "slot {slot} has {fixed} fixed meetings but only {tables} tables",
    "participant_fixed_twice": (
        "{participant} has two meetings fixed to slot {slot}: {meeting} and {other}"
    ),
    "table_fixed_twice": (
        "table {table} has two meetings fixed to slot {slot}: {meeting} and {other}"
    ),
    "too_few_table_slots": (
        "{required} required meetings but only {table_slots} table-slots ({tables} tables x "
        "{slots} slots)"
    ),
    "cannot_place": (
        "the required meetings cannot all be placed: too few tables or common free slots"
    ),
    # The break rules that cannot be met, one or both ("at most 2 breaks per participant and
    # break counts at most 1 apart"): a template for each case keeps every field a number.
    "max_breaks": (
        "the required meetings fit, but not with at most {max_breaks} breaks per participant"
        + _RELAX
    ),
    "break_spread": (
        "the required meetings fit, but not with break counts at most {break_spread} apart" + _RELAX
    ),
    "max_breaks_and_spread": (
        "the required meetings fit, but not with at most {max_breaks} breaks per participant "
        "and break counts at most {break_spread} apart" + _RELAX
    ),
    "no_interpreter": (
        "{meeting} needs an interpreter and no interpreter speaks a language of each side ({sides})"
    ),
    "no_interpreter_free": (
        "{meeting} needs an interpreter and none who speaks a language of each side ({sides}) "
        "is available in a slot it may use"
    ),
    "session_over_seats": "session {session} has {bookings} fixed bookings but {seats} seats",
    "bookings_overlap": "{participant} holds sessions {session} and {other}, which overlap",
    "first_come_fails": "first come, first served fails: {violation}",
    "checker_refused": "internal error, schedule rejected by the checker: {violation}",
}

_ID = r"\S+"
_IDS = rf"{_ID}(?:, {_ID})*"
_PATTERNS = {
    **dict.fromkeys(NUMBERS, r"-?\d+"),
    **dict.fromkeys(LISTS, _IDS),
    **dict.fromkeys(SIDES, rf"{_ID}: (?:{_IDS})?(?:; {_ID}: (?:{_IDS})?)*"),
    **dict.fromkeys(TEXTS, r".+"),
}


def fields_of(code: str) -> tuple[str, ...]:
    """The named fields of a template, in their order."""
    return tuple(name for _, name, _, _ in Formatter().parse(TEMPLATES[code]) if name)


def _pattern(code: str) -> re.Pattern[str]:
    parts = [
        re.escape(text) + (rf"(?P<{name}>{_PATTERNS.get(name, _ID)})" if name else "")
        for text, name, _, _ in Formatter().parse(TEMPLATES[code])
    ]
    return re.compile("".join(parts), re.DOTALL)


@cache
def _readers() -> dict[str, re.Pattern[str]]:
    """Compiled on the first read, not at import: the solver only writes sentences, and every
    run's start-up would pay for 25 patterns (about 3 ms)."""
    return {code: _pattern(code) for code in TEMPLATES}


def _written(name: str, value: Value) -> str:
    if name in SIDES:
        sides = cast("tuple[Side, ...]", value)
        return "; ".join(f"{who}: {', '.join(spoken)}" for who, spoken in sides)
    if name in LISTS:
        return ", ".join(cast("tuple[str, ...]", value))
    return str(value)


def sentence(code: str, **fields: Value) -> str:
    """The English reason of kind `code` with these fields (ValueError for a missing or an
    unknown field: a sentence that could not be read back)."""
    expected = set(fields_of(code))
    if set(fields) != expected:
        raise ValueError(f"{code} takes the fields {sorted(expected)}, not {sorted(fields)}")
    return TEMPLATES[code].format(**{name: _written(name, v) for name, v in fields.items()})


def _read(name: str, text: str) -> Value:
    if name in NUMBERS:
        return int(text)
    if name in LISTS:
        return tuple(text.split(", "))
    if name in SIDES:
        sides = [side.split(": ", 1) for side in text.split("; ")]
        return tuple((who, tuple(spoken.split(", ")) if spoken else ()) for who, spoken in sides)
    return text


def read_sentence(text: str) -> tuple[str, dict[str, Value]] | None:
    """The code and fields of a reason this module wrote; None for any other text (written by
    another tool or an older version)."""
    for code, reader in _readers().items():
        found = reader.fullmatch(text)
        if found:
            return code, {name: _read(name, value) for name, value in found.groupdict().items()}
    return None
