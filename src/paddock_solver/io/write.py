"""Writing the dataclasses as JSON documents, exactly in the shape FORMAT.md gives."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from paddock_solver.model import (
    PROBLEM_FORMAT,
    SOLUTION_FORMAT,
    Assignment,
    Meeting,
    Objective,
    Problem,
    Solution,
)


def _assignment_dict(a: Assignment) -> dict[str, str]:
    return {"meeting": a.meeting, "slot": a.slot, "table": a.table}


def _objective_dict(o: Objective) -> dict[str, int]:
    return {
        "scheduled_weight": o.scheduled_weight,
        "moved": o.moved,
        "breaks": o.breaks,
        "table_changes": o.table_changes,
    }


def solution_to_dict(s: Solution) -> dict[str, Any]:
    out: dict[str, Any] = {
        "format": SOLUTION_FORMAT,
        "problem": s.problem,
        "status": s.status,
        "assignments": [_assignment_dict(a) for a in s.assignments],
        "unscheduled": list(s.unscheduled),
        "objective": _objective_dict(s.objective),
    }
    if s.bound is not None:
        out["bound"] = _objective_dict(s.bound)
    out["reasons"] = list(s.reasons)
    out["seconds"] = round(s.seconds, 3)
    return out


def _drop_none(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None and v not in ((), [])}


def _meeting_dict(m: Meeting) -> dict[str, Any]:
    fixed = None if m.fixed is None else _drop_none({"slot": m.fixed.slot, "table": m.fixed.table})
    d = {
        "id": m.id,
        "participants": list(m.participants),
        "weight": m.weight,
        "required": m.required,
        "session": m.session,
        "slots": None if m.slots is None else list(m.slots),
        "after": list(m.after),
        "resources": list(m.resources),
        "fixed": fixed,
    }
    out = _drop_none(d)
    if m.slots == ():
        out["slots"] = []
    return out


def problem_to_dict(p: Problem) -> dict[str, Any]:
    out: dict[str, Any] = {
        "format": PROBLEM_FORMAT,
        "name": p.name,
        "slots": [
            _drop_none({"id": s.id, "session": s.session, "start": s.start, "end": s.end})
            for s in p.slots
        ],
    }
    if p.rooms:
        out["rooms"] = [{"id": r.id, "max_meetings": r.max_meetings} for r in p.rooms]
    out["tables"] = [_drop_none({"id": t.id, "room": t.room}) for t in p.tables]
    if p.resources:
        out["resources"] = [{"id": r.id, "capacity": r.capacity} for r in p.resources]
    out["participants"] = [
        _drop_none(
            {
                "id": q.id,
                "unavailable": list(q.unavailable),
                "home_table": q.home_table,
                "max_meetings": q.max_meetings,
            }
        )
        for q in p.participants
    ]
    out["meetings"] = [_meeting_dict(m) for m in p.meetings]
    out["rules"] = {
        "breaks_across_sessions": p.rules.breaks_across_sessions,
        "break_spread": p.rules.break_spread,
        "max_breaks": p.rules.max_breaks,
    }
    if p.previous is not None:
        out["previous"] = [_assignment_dict(a) for a in p.previous]
    return out


def dumps(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=1, ensure_ascii=False) + "\n"


def write_solution(s: Solution, path: str | Path) -> None:
    Path(path).write_text(dumps(solution_to_dict(s)), encoding="utf-8")


def write_problem(p: Problem, path: str | Path) -> None:
    Path(path).write_text(dumps(problem_to_dict(p)), encoding="utf-8")
