"""Reads for the scheduling pages, each in a fixed number of queries whatever the size."""

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from paddock.core.dates import times_with_days
from paddock.events.models import Edition, Room, Table, TimeSlot
from paddock.events.queries import protocol_of
from paddock.meetings.enums import MeetingStatus
from paddock.meetings.models import Meeting
from paddock.participants.models import Participant
from paddock.scheduling import pictures, results
from paddock.scheduling.enums import ACTIVE_RUN_STATUSES, RunStatus
from paddock.scheduling.models import PublishedSchedule, ScheduleRun
from paddock.scheduling.problem import pk_of
from paddock_solver import Problem, Solution
from paddock_solver.io import parse_problem, parse_solution

MEETING_RELATED = (
    "first__user",
    "first__company",
    "second__user",
    "second__company",
    "interpreter",
)


def latest_snapshot(edition: Edition) -> dict[str, list[int]] | None:
    """The assignments of the latest published schedule (meeting pk → [slot, table])."""
    latest = PublishedSchedule.objects.filter(edition=edition).order_by("-published_at", "-pk")
    snapshot = latest.values_list("assignments", flat=True).first()
    return snapshot if snapshot is not None else None


def active_runs(edition: Edition) -> list[ScheduleRun]:
    return list(ScheduleRun.objects.filter(edition=edition, status__in=ACTIVE_RUN_STATUSES))


def runs_of(edition: Edition) -> QuerySet[ScheduleRun]:
    return (
        ScheduleRun.objects.filter(edition=edition)
        .select_related("started_by")
        .defer("problem", "solution")
    )


def live_meetings_with_people(edition: Edition) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(edition=edition)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related(*MEETING_RELATED, "slot", "table__room")
        .order_by("pk")
    )


def schedule_counts(edition: Edition) -> dict[str, int]:
    counts = Counter(
        Meeting.objects.filter(edition=edition).values_list("status", flat=True).order_by()
    )
    return {
        "scheduled": counts[MeetingStatus.SCHEDULED],
        "to_schedule": counts[MeetingStatus.TO_SCHEDULE],
    }


@dataclass
class PersonRow:
    participant: Participant | None
    figures: results.PersonFigures


@dataclass
class RunResults:
    problem: Problem
    solution: Solution
    placed: list[tuple[Meeting | None, TimeSlot | None, Table | None]] = field(default_factory=list)
    unplaced: list[tuple[Meeting | None, str]] = field(default_factory=list)
    people: list[PersonRow] = field(default_factory=list)
    moved: list[Meeting | None] = field(default_factory=list)
    added: list[Meeting | None] = field(default_factory=list)
    dropped: list[Meeting | None] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    has_previous: bool = False
    summary_svg: str = ""
    use_svg: str = ""


def previous_run(run: ScheduleRun) -> ScheduleRun | None:
    """The last run of the edition before this one whose schedule was applied."""
    return (
        ScheduleRun.objects.filter(edition_id=run.edition_id, pk__lt=run.pk, applied=True)
        .order_by("-pk")
        .first()
    )


def run_results(run: ScheduleRun) -> RunResults | None:
    """Everything the results page shows, or None when the run has no solution."""
    if not run.problem or not run.solution:
        return None
    problem, solution = parse_problem(run.problem), parse_solution(run.solution)
    before = previous_run(run)
    changes = results.changes_between(parse_solution(before.solution) if before else None, solution)
    ids = {m.id for m in problem.meetings} | set(changes.dropped)
    meetings = {m.pk: m for m in Meeting.objects.filter(pk__in=[pk_of(i) for i in ids])
                .select_related(*MEETING_RELATED)}  # fmt: skip
    slots = TimeSlot.objects.filter(edition_id=run.edition_id).in_bulk()
    tables = Table.objects.filter(room__edition_id=run.edition_id).select_related("room")
    table_by_pk = {t.pk: t for t in tables}
    people = (
        Participant.objects.filter(edition_id=run.edition_id)
        .select_related("user", "company")
        .in_bulk([pk_of(p.id) for p in problem.participants])
    )
    out = RunResults(problem=problem, solution=solution, has_previous=before is not None)
    for a in solution.assignments:
        out.placed.append(
            (
                meetings.get(pk_of(a.meeting)),
                slots.get(pk_of(a.slot)),
                table_by_pk.get(pk_of(a.table)),
            )
        )
    names = _names(run.edition, meetings, slots, table_by_pk, people)
    out.notes = [_humanise(note, names) for note in solution.reasons]
    for mid in solution.unscheduled:
        out.unplaced.append((meetings.get(pk_of(mid)), _why(problem, solution, mid, out, people)))
    figures = results.person_figures(problem, solution)
    out.people = [PersonRow(people.get(pk_of(pid)), f) for pid, f in figures.items()]
    out.people.sort(key=lambda row: str(row.participant.company) if row.participant else "")
    out.moved = [meetings.get(pk_of(m)) for m in changes.moved]
    out.added = [meetings.get(pk_of(m)) for m in changes.added]
    out.dropped = [meetings.get(pk_of(m)) for m in changes.dropped]
    out.summary_svg, out.use_svg = _run_pictures(run.edition, problem, solution, slots)
    return out


def _why(
    problem: Problem,
    solution: Solution,
    mid: str,
    out: RunResults,
    people: dict[int, Participant],
) -> str:
    """The solver's own note about the meeting if any, else the reason found by counting."""
    for note, raw in zip(out.notes, solution.reasons, strict=True):
        if re.match(rf"{mid}\b", raw):
            return note
    if solution.status in ("infeasible", "unknown"):
        return _("No schedule was found; see the solver notes.")
    return reason_text(results.unplaced_reason(problem, solution, mid), people)


def _names(
    edition: Edition,
    meetings: dict[int, Meeting],
    slots: dict[int, TimeSlot],
    tables: dict[int, Table],
    people: dict[int, Participant],
) -> dict[str, str]:
    """Solver id → what a person calls it, to rewrite the solver's notes."""
    tz = edition.tzinfo
    out = {f"p{pk}": str(p.user) for pk, p in people.items()}
    out |= {f"s{pk}": f"{s.start.astimezone(tz):%d/%m %H:%M}" for pk, s in slots.items()}
    out |= {f"t{pk}": str(t) for pk, t in tables.items()}
    out |= {f"m{pk}": str(m) for pk, m in meetings.items()}
    return out


def _humanise(note: str, names: dict[str, str]) -> str:
    """The solver writes ids (`m12 (p3, p9)`); people read names."""
    note = re.sub(r"\b(m\d+) \((p\d+(, p\d+)*)\)", r"\1", note)
    return re.sub(r"\b[mpst]\d+\b", lambda found: names.get(found[0], found[0]), note)


def reason_text(reason: results.Reason, people: dict[int, Participant]) -> str:
    names = ", ".join(str(people[pk_of(p)].user) for p in reason.participants if pk_of(p) in people)
    texts = {
        "away": _("%(names)s is unavailable in every slot."),
        "no_common": _("%(names)s have no slot where both are available."),
        "full": _("Every slot where both are available is taken by other meetings of %(names)s."),
        "no_common_free": _("%(names)s are never free at the same time."),
        "tables_full": _("No table is free in the slots where both are free."),
        "time": _("The solver ran out of time before placing it; a longer run may."),
        "outweighed": _("Placing it would leave out meetings worth more."),
    }
    return texts[reason.code] % {"names": names}


def _run_pictures(
    edition: Edition, problem: Problem, solution: Solution, slots: dict[int, TimeSlot]
) -> tuple[str, str]:
    per_slot = Counter(a.slot for a in solution.assignments)
    tz = edition.tzinfo
    # A slot deleted since the run keeps its solver id as label.
    known = [slots[pk_of(s.id)].start.astimezone(tz) for s in problem.slots if pk_of(s.id) in slots]
    times = iter(times_with_days(known))
    labels = [next(times) if pk_of(s.id) in slots else s.id for s in problem.slots]
    most = sum(min(r.max_meetings, _tables_in(problem, r.id)) for r in problem.rooms)
    bars = pictures.slot_bars(
        _("Meetings per slot"), labels, [per_slot[s.id] for s in problem.slots], most
    )
    used = Counter(problem.table_by_id[a.table].room for a in solution.assignments)
    names = dict(Room.objects.filter(edition=edition).values_list("pk", "name"))
    rows = [
        (names.get(pk_of(r.id), r.id), used[r.id], _tables_in(problem, r.id) * len(problem.slots))
        for r in problem.rooms
    ]
    return bars, pictures.room_use(_("Table use per room"), rows)


def _tables_in(problem: Problem, room: str) -> int:
    return sum(1 for t in problem.tables if t.room == room)


# The grid ------------------------------------------------------------------------------


@dataclass
class GridRoom:
    room: Room
    cap: int
    rows: list[tuple[Table, list[Meeting | None]]]


def grid_of(edition: Edition) -> tuple[list[TimeSlot], list[GridRoom], list[Meeting]]:
    """Slots, each room's tables by slots, and the meetings left to place: five queries."""
    slots = list(TimeSlot.objects.filter(edition=edition).order_by("start"))
    rooms = list(Room.objects.filter(edition=edition).order_by("position", "name"))
    tables = list(Table.objects.filter(room__edition=edition).order_by("position", "label"))
    meetings = list(live_meetings_with_people(edition))
    # A no-show keeps its place for the record but frees it: a meeting booked there wins.
    placed = {(m.table_id, m.slot_id): m for m in meetings if m.status == MeetingStatus.NO_SHOW}
    placed |= {(m.table_id, m.slot_id): m for m in meetings if m.status == MeetingStatus.SCHEDULED}
    protocol = protocol_of(edition)
    out = []
    for room in rooms:
        mine = [t for t in tables if t.room_id == room.pk]
        rows = [(t, [placed.get((t.pk, s.pk)) for s in slots]) for t in mine]
        out.append(GridRoom(room, room.meeting_cap(len(mine), protocol), rows))
    unplaced = [m for m in meetings if not m.slot_id]
    return slots, out, unplaced


def grid_picture(slots: list[TimeSlot], rooms: list[GridRoom], focus: int | None = None) -> str:
    """The compact grid; `focus` (a participant pk) colours that person's meetings."""

    def cells(block: GridRoom, mine: bool) -> set[tuple[int, int]]:
        return {
            (r, c)
            for r, (_table, row) in enumerate(block.rows)
            for c, m in enumerate(row)
            if m
            and m.status == MeetingStatus.SCHEDULED
            and (not mine or focus in (m.first_id, m.second_id))
        }

    drawn = [
        pictures.GridPicture(
            name=block.room.name,
            tables=len(block.rows),
            slots=len(slots),
            taken=cells(block, mine=False),
            mine=cells(block, mine=True) if focus else set(),
        )
        for block in rooms
    ]
    return pictures.compact_grid(_("The schedule at a glance"), drawn)


def grid_participants(edition: Edition) -> QuerySet[Participant]:
    """People with a live meeting, for the grid's filter."""
    live = Meeting.objects.filter(edition=edition).exclude(status=MeetingStatus.CANCELLED)
    return (
        Participant.objects.filter(edition=edition)
        .filter(Q(pk__in=live.values("first_id")) | Q(pk__in=live.values("second_id")))
        .select_related("user", "company")
        .order_by("company__name", "user__last_name")
    )


def place_choices(edition: Edition) -> tuple[list[TimeSlot], list[Table]]:
    slots = list(TimeSlot.objects.filter(edition=edition).select_related("session"))
    tables = list(Table.objects.filter(room__edition=edition).select_related("room"))
    return slots, tables


def status_words(run: ScheduleRun) -> str:
    """The run's outcome in plain words."""
    shown = run.shown_status
    if shown == RunStatus.SUCCEEDED:
        if run.solver_status == "optimal":
            return _("Applied. The schedule is the best possible on every level.")
        return _("Applied. The schedule is valid; a longer run might improve it.")
    words: dict[str, Any] = {
        RunStatus.QUEUED: _("Waiting to start."),
        RunStatus.RUNNING: _("Running: the page updates by itself."),
        RunStatus.FAILED: _("Failed; no meeting was changed."),
        RunStatus.INTERRUPTED: _("Interrupted before it finished; no meeting was changed."),
        RunStatus.PROPOSED: _(
            "A proposal after a change of the protocol: no meeting changes until you confirm "
            "it on the protocol review."
        ),
    }
    return str(words[shown])
