"""Small hand-made problems, built in code."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from paddock_solver.io import parse_problem
from paddock_solver.model import Problem

# The solver's source folder, the PYTHONPATH of tests that run it in a process of its own.
SRC = str(Path(__file__).resolve().parents[2] / "src")


def doc(**changes: Any) -> dict[str, Any]:
    """A valid problem document: 3 participants, 4 slots in two sessions, 2 tables."""
    base: dict[str, Any] = {
        "format": "paddock-problem/1",
        "name": "tiny",
        "slots": [
            {"id": "a1", "session": "am"},
            {"id": "a2", "session": "am"},
            {"id": "p1", "session": "pm"},
            {"id": "p2", "session": "pm"},
        ],
        "rooms": [{"id": "hall", "max_meetings": 2}],
        "tables": [{"id": "T1", "room": "hall"}, {"id": "T2", "room": "hall"}],
        "resources": [{"id": "interp", "capacity": 1}],
        "participants": [{"id": "ann"}, {"id": "bob"}, {"id": "cat"}],
        "meetings": [
            {"id": "m1", "participants": ["ann", "bob"]},
            {"id": "m2", "participants": ["ann", "cat"]},
            {"id": "m3", "participants": ["bob", "cat"], "required": False, "weight": 2},
        ],
        "rules": {"breaks_across_sessions": False, "break_spread": None, "max_breaks": None},
    }
    base.update(changes)
    return base


def problem(**changes: Any) -> Problem:
    return parse_problem(doc(**changes))


def pairs(*people: tuple[str, str], required: bool = True) -> list[dict[str, Any]]:
    return [
        {"id": f"m{i}", "participants": list(p), "required": required}
        for i, p in enumerate(people, start=1)
    ]


def doc2(**changes: Any) -> dict[str, Any]:
    """A valid version 2 document (docs/format-v2.md's example): one zone of two sessions, a
    Japanese speaker who needs the one interpreter, two wishes and a fixed booking."""
    base: dict[str, Any] = {
        "format": "paddock-problem/2",
        "name": "two-zones",
        "slots": [
            {"id": "a1", "session": "am"},
            {"id": "a2", "session": "am"},
            {"id": "a3", "session": "am"},
        ],
        "tables": [{"id": "T1"}, {"id": "T2"}],
        "participants": [
            {"id": "ann", "languages": ["fr", "en"]},
            {"id": "bob", "languages": ["ja"]},
            {"id": "cat", "languages": ["en"]},
        ],
        "meetings": [
            {"id": "m1", "participants": ["ann", "bob"], "weight": 2, "required": False},
            {"id": "m2", "participants": ["ann", "cat"], "required": False},
            {"id": "m3", "participants": ["bob", "cat"], "required": False},
        ],
        "activities": [
            {
                "id": "garage",
                "sessions": [
                    {"id": "garage-1", "slots": ["a1", "a2"], "seats": 1},
                    {"id": "garage-2", "slots": ["a3"], "seats": 2},
                ],
            }
        ],
        "wishes": [
            {"id": "w1", "participant": "ann", "activity": "garage", "weight": 3},
            {"id": "w2", "participant": "cat", "activity": "garage"},
        ],
        "bookings": [{"participant": "bob", "session": "garage-2"}],
        "interpreters": [{"id": "yuki", "languages": ["ja", "en"], "available": ["a1", "a2"]}],
    }
    base.update(changes)
    return base


def problem2(**changes: Any) -> Problem:
    return parse_problem(doc2(**changes))
