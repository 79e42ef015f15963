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
