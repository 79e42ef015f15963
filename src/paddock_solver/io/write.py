"""Writing the dataclasses as JSON documents, exactly in the shape FORMAT.md gives."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from paddock_solver.model import (
    PROBLEM_FORMAT,
    PROBLEM_FORMAT_2,
    SOLUTION_FORMAT,
    SOLUTION_FORMAT_2,
    Assignment,
    Meeting,
    Objective,
    Problem,
    Session,
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
        "format": SOLUTION_FORMAT_2 if s.version == 2 else SOLUTION_FORMAT,
        "problem": s.problem,
        "status": s.status,
        "assignments": [_assignment_dict(a) for a in s.assignments],
        "unscheduled": list(s.unscheduled),
        "objective": _objective_dict(s.objective),
    }
    if s.bound is not None:
        out["bound"] = _objective_dict(s.bound)
    if s.version == 2:
        out["visits"] = [{"wish": v.wish, "session": v.session} for v in s.visits]
        out["unplaced_wishes"] = list(s.unplaced_wishes)
        out["interpreting"] = [
            {"meeting": i.meeting, "interpreter": i.interpreter} for i in s.interpreting
        ]
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
        "format": PROBLEM_FORMAT_2 if p.version == 2 else PROBLEM_FORMAT,
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
                "languages": list(q.languages),
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
    if p.version == 2:
        out.update(_version2_dict(p))
    return out


def _keep_empty(d: dict[str, Any], key: str, ids: tuple[str, ...] | None) -> dict[str, Any]:
    """An optional id list: absent when None, written even when empty (it then means none)."""
    if ids is not None:
        d[key] = list(ids)
    return d


def _version2_dict(p: Problem) -> dict[str, Any]:
    def session(s: Session) -> dict[str, Any]:
        d = {"id": s.id, "start": s.start, "end": s.end, "slots": list(s.slots), "seats": s.seats}
        return {k: v for k, v in d.items() if v is not None}

    return {
        "activities": [
            {"id": a.id, "sessions": [session(s) for s in a.sessions]} for a in p.activities
        ],
        "wishes": [
            _keep_empty(
                {
                    "id": w.id,
                    "participant": w.participant,
                    "activity": w.activity,
                    "weight": w.weight,
                },
                "sessions",
                w.sessions,
            )
            for w in p.wishes
        ],
        "bookings": [
            _drop_none({"participant": b.participant, "session": b.session, "wish": b.wish})
            for b in p.bookings
        ],
        "interpreters": [
            _keep_empty({"id": i.id, "languages": list(i.languages)}, "available", i.available)
            for i in p.interpreters
        ],
    }


def dumps(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=1, ensure_ascii=False) + "\n"


def write_solution(s: Solution, path: str | Path) -> None:
    Path(path).write_text(dumps(solution_to_dict(s)), encoding="utf-8")


def write_problem(p: Problem, path: str | Path) -> None:
    Path(path).write_text(dumps(problem_to_dict(p)), encoding="utf-8")
