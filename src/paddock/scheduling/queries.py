"""Reads for the scheduling pages, each in a fixed number of queries whatever the size."""

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models
from django.db.models import Case, Q, QuerySet, Value, When
from django.db.models.sql import Query
from django.utils.translation import gettext as _

from paddock.core.dates import times_with_days
from paddock.core.ids import id_of
from paddock.core.prepared import Param, Prepared
from paddock.core.prepared_in import PreparedIn
from paddock.events.models import Edition, Room, Table, TimeSlot
from paddock.events.queries import protocol_of
from paddock.meetings.enums import MeetingStatus
from paddock.meetings.models import PUBLISHED, UNPUBLISHED, Meeting
from paddock.participants.models import Participant
from paddock.participants.queries import (
    email_for_organisers_sql,
    filtered_participants,
    name_for_organisers_sql,
)
from paddock.scheduling import pictures, results
from paddock.scheduling.enums import ACTIVE_RUN_STATUSES, RunStatus
from paddock.scheduling.models import PublishedSchedule, ScheduleRun
from paddock.scheduling.notes import note_text
from paddock.scheduling.problem import pk_of
from paddock.visits.models import VisitSession, VisitWish
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


def has_publication(edition: Edition) -> bool:
    """Whether a schedule was published (without reading a snapshot: 20,000 meetings' JSON)."""
    return PublishedSchedule.objects.filter(edition=edition).exists()


# Meetings changed since the latest publication: those of the publication (its count, stored
# on it) - those still in it + those changed. Publishing stores on each meeting its place in
# the snapshot (`published_slot`, `published_table`): the rows changed (moved, added, dropped)
# are read in the partial index meeting_unpublished, few or none, and the rows still in the
# publication counted in meeting_published without reading a row; the difference is the
# meetings deleted since, in the publication only. Scanning the edition's 20,000 meetings took
# 8-10 ms on PostgreSQL on every scheduling page (issue 16).
_UNPUBLISHED_SQL = (
    "SELECT (SELECT p.meetings FROM {published} p WHERE p.edition_id = %s "
    "ORDER BY p.published_at DESC, p.id DESC LIMIT 1), "
    "(SELECT count(*) FROM {meeting} WHERE edition_id = %s AND {kept}), "
    "(SELECT count(*) FROM {meeting} WHERE edition_id = %s AND {changed})"
)
_unpublished_sql_by_vendor: dict[str, str] = {}


def _condition_sql(condition: Q) -> str:
    """A condition on meetings as the SQL of the partial index built from it, so that the
    database matches the query's condition to the index's."""
    query = Query(Meeting, alias_cols=False)
    sql, params = query.build_where(condition).as_sql(
        query.get_compiler(connection=connection), connection
    )
    quote = connection.schema_editor().quote_value
    return str(sql % tuple(quote(param) for param in params))


def _unpublished_sql() -> str:
    sql = _unpublished_sql_by_vendor.get(connection.vendor)
    if sql is None:
        sql = _UNPUBLISHED_SQL.format(
            published=PublishedSchedule._meta.db_table,
            meeting=Meeting._meta.db_table,
            kept=_condition_sql(PUBLISHED),
            changed=_condition_sql(UNPUBLISHED),
        )
        _unpublished_sql_by_vendor[connection.vendor] = sql
    return sql


def unpublished_count(edition: Edition) -> int | None:
    """How many meetings were moved, added or dropped since the latest publication (None
    before the first): what `changed_meetings` gives, in one query."""
    with connection.cursor() as cursor:
        cursor.execute(_unpublished_sql(), [edition.pk, edition.pk, edition.pk])
        published, kept, changed = cursor.fetchone()
    if published is None:
        return None
    return int(published - kept + changed)


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
    visits: list[tuple[VisitWish | None, VisitSession | None]] = field(default_factory=list)
    unplaced_wishes: list[tuple[VisitWish | None, str]] = field(default_factory=list)
    has_previous: bool = False
    summary_svg: str = ""
    use_svg: str = ""

    @property
    def found_no_schedule(self) -> bool:
        """The solver answered without a schedule: the run failed, and its notes say why."""
        return self.solution.status in ("infeasible", "unknown")


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
    names |= _visit_names(run.edition, problem)
    out.notes = [note_text(note, names) for note in solution.reasons]
    for mid in solution.unscheduled:
        out.unplaced.append((meetings.get(pk_of(mid)), _why(problem, solution, mid, out, people)))
    _add_visits(out, people)
    figures = results.person_figures(problem, solution)
    out.people = [PersonRow(people.get(pk_of(pid)), f) for pid, f in figures.items()]
    out.people.sort(key=lambda row: str(row.participant.company) if row.participant else "")
    out.moved = [meetings.get(pk_of(m)) for m in changes.moved]
    out.added = [meetings.get(pk_of(m)) for m in changes.added]
    out.dropped = [meetings.get(pk_of(m)) for m in changes.dropped]
    out.summary_svg, out.use_svg = _run_pictures(run.edition, problem, solution, slots)
    return out


def _add_visits(out: RunResults, people: dict[int, Participant]) -> None:
    """The wishes the run placed, with their session, and those left out with the reason."""
    problem, solution = out.problem, out.solution
    if not problem.wishes:
        return
    wishes = VisitWish.objects.select_related("participant__user", "zone").in_bulk(
        [pk_of(w.id) for w in problem.wishes]
    )
    sessions = VisitSession.objects.select_related("zone").in_bulk(
        [pk_of(v.session) for v in solution.visits]
    )
    out.visits = [
        (wishes.get(pk_of(v.wish)), sessions.get(pk_of(v.session))) for v in solution.visits
    ]
    out.visits.sort(key=_by_person_and_rank)
    for wid in solution.unplaced_wishes:
        if out.found_no_schedule:
            why = _("No schedule was found; see the solver notes.")
        else:
            why = reason_text(results.unplaced_wish_reason(problem, solution, wid), people)
        out.unplaced_wishes.append((wishes.get(pk_of(wid)), why))


def _by_person_and_rank(pair: tuple[VisitWish | None, Any]) -> tuple[str, int]:
    wish = pair[0]
    return (str(wish.participant.user), wish.rank) if wish is not None else ("", 0)


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
    if out.found_no_schedule:
        return _("No schedule was found; see the solver notes.")
    return reason_text(results.unplaced_reason(problem, solution, mid), people)


def _names(
    edition: Edition,
    meetings: dict[int, Meeting],
    slots: dict[int, TimeSlot],
    tables: dict[int, Table],
    people: dict[int, Participant],
) -> dict[str, str]:
    """Solver id → what a person calls it, to say the solver's notes with names."""
    tz = edition.tzinfo
    out = {f"p{pk}": str(p.user) for pk, p in people.items()}
    out |= {f"s{pk}": f"{s.start.astimezone(tz):%d/%m %H:%M}" for pk, s in slots.items()}
    out |= {f"t{pk}": str(t) for pk, t in tables.items()}
    out |= {f"m{pk}": str(m) for pk, m in meetings.items()}
    return out


def _visit_names(edition: Edition, problem: Problem) -> dict[str, str]:
    pks = [pk_of(s.id) for a in problem.activities for s in a.sessions]
    if not pks:
        return {}
    tz = edition.tzinfo
    found = VisitSession.objects.select_related("zone").in_bulk(pks)
    return {f"v{pk}": f"{s.zone} {s.start.astimezone(tz):%d/%m %H:%M}" for pk, s in found.items()}


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
        "no_session": _("%(names)s may join no session of this zone under its conditions."),
        "visit_full": _("Every session of this zone is full."),
        "visit_busy": _(
            "Every session of this zone with a seat left is at a time %(names)s has a meeting "
            "or another visit."
        ),
        "visit_outweighed": _("Placing it would leave out meetings or visits worth more."),
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


# What the grid shows of a meeting: the rest of a row of _GRID_MEETINGS after its place, read
# for a whole room at once, rather than an object built for each (a day of a big room has a
# thousand): [pk, status, first's pk, second's pk, first's company, second's company,
# interpreter's name or None, "locked" or ""].
GridCell = list[Any]


@dataclass
class GridRoom:
    """One room on one day: its tables as (pk, label, home participant's pk or None) in their
    order, the day's slots' pks in time order, and the meeting at each (table pk, slot pk)."""

    room: Room
    cap: int
    tables: list[tuple[int, str, int | None]]
    slots: list[int]
    meetings: dict[tuple[int, int], GridCell]


# The grid's reads at every request that do not depend on its day and room: compiled once
# (paddock.core.prepared). Building and compiling them cost some 4,700 calls for the slots and
# rooms and 12,000 for the meetings left to place (none in a scheduled edition), a request.
_SLOTS = Prepared(
    lambda: (
        TimeSlot.objects.filter(edition=Param("edition", models.BigIntegerField()))
        .order_by("start")
        .values_list("pk", "start")
    )
)
_GRID_ROOMS = Prepared(
    lambda: Room.objects.filter(edition=Param("edition", models.BigIntegerField())).order_by(
        "position", "name"
    )
)
UNPLACED_SHOWN = 100
# The first meetings left to place and how many there are, found through the index
# meeting_unplaced (few or none in a scheduled edition): one query, no row when there are none.
_UNPLACED_SQL = (
    "SELECT id, (SELECT count(*) FROM {meeting} WHERE edition_id = %s AND slot_id IS NULL "
    "AND status <> %s) FROM {meeting} WHERE edition_id = %s AND slot_id IS NULL "
    "AND status <> %s ORDER BY id LIMIT %s"
)
# Then the people of those listed, when there are some (a meeting left to place has neither
# slot nor table to join). Read with their people, slot, table and room in one query, they cost
# PostgreSQL the plan of a join of eleven tables on every grid page, even without a meeting
# left to place: 4-7 ms of the grid's SQL (issue 16).
_UNPLACED = PreparedIn(
    lambda ids: Meeting.objects.filter(id__in=ids).select_related(*MEETING_RELATED).order_by("pk")
)


def grid_places(edition: Edition) -> tuple[list[tuple[int, dt.datetime]], list[Room]]:
    """Every slot as (pk, start) in time order and every room of the edition: two queries."""
    return _SLOTS.rows(edition=edition.pk), _GRID_ROOMS.all(edition=edition.pk)


_GRID_TABLES = Prepared(
    lambda: (
        Table.objects.filter(room=Param("room", models.BigIntegerField()))
        .order_by("position", "label")
        .values_list("pk", "label", "home_participant_id")
    )
)
# "locked" written by the database: a boolean column is converted row by row on SQLite. The
# room's tables given by their ids (read just before) rather than joined: PostgreSQL then
# plans one join less and no longer reads the meetings of the day's slots in every room (a
# day of 50 tables in the big edition: 5.1 -> 4.4 ms; the rest is the two companies' names).
_GRID_MEETINGS = PreparedIn(
    lambda slots, tables: (
        Meeting.objects.filter(
            edition=Param("edition", models.BigIntegerField()),
            table__id__in=tables,
            slot__id__in=slots,
        )
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("pk")
        .values_list(
            "table_id", "slot_id", "pk", "status", "first_id", "second_id",
            "first__company__name", "second__company__name", "interpreter__name",
            Case(When(locked=True, then=Value("locked")), default=Value("")),
        )
    ),
    lists=2,
)  # fmt: skip


def grid_of(edition: Edition, room: Room | None, slots: list[int]) -> GridRoom | None:
    """One room's tables by the given slots (a day of the grid): two queries, whatever the size
    of the venue."""
    if room is None:
        return None
    tables = _GRID_TABLES.rows(room=room.pk)
    rows = _GRID_MEETINGS.rows(slots, [pk for pk, _label, _home in tables], edition=edition.pk)
    # A no-show keeps its place for the record but frees it: a meeting booked there wins.
    placed = {(t, s): cell for t, s, *cell in rows if cell[1] == MeetingStatus.NO_SHOW}
    placed |= {(t, s): cell for t, s, *cell in rows if cell[1] == MeetingStatus.SCHEDULED}
    cap = room.meeting_cap(len(tables), protocol_of(edition))
    return GridRoom(room, cap, tables, slots, placed)


def unplaced_meetings(edition: Edition) -> tuple[list[Meeting], int]:
    """The first UNPLACED_SHOWN meetings left to place, and how many there are: two queries,
    one when there are none."""
    sql = _UNPLACED_SQL.format(meeting=Meeting._meta.db_table)
    cancelled = str(MeetingStatus.CANCELLED)
    with connection.cursor() as cursor:
        cursor.execute(sql, [edition.pk, cancelled, edition.pk, cancelled, UNPLACED_SHOWN])
        rows = cursor.fetchall()
    if not rows:
        return [], 0
    return _UNPLACED.all([pk for pk, _count in rows]), int(rows[0][1])


def grid_picture(slots: list[Any], block: GridRoom | None, focus: int | None = None) -> str:
    """The compact grid of one room; `focus` (a participant pk) colours that person's
    meetings."""

    def cells(mine: bool) -> set[tuple[int, int]]:
        if block is None:
            return set()
        rows = {pk: row for row, (pk, _label, _home) in enumerate(block.tables)}
        columns = {pk: column for column, pk in enumerate(block.slots)}
        return {
            (rows[table], columns[slot])
            for (table, slot), (_pk, status, first, second, *_rest) in block.meetings.items()
            if status == MeetingStatus.SCHEDULED and (not mine or focus in (first, second))
        }

    drawn = [
        pictures.GridPicture(
            name=block.room.name,
            tables=len(block.tables),
            slots=len(slots),
            taken=cells(mine=False),
            mine=cells(mine=True) if focus else set(),
        )
        for block in ([block] if block else [])
    ]
    return pictures.compact_grid(_("The schedule at a glance"), drawn)


def grid_search(edition: Edition, text: str, *, limit: int) -> list[tuple[int, str]]:
    """The first `limit` people of the edition whose name, email or company holds every word
    of `text`, as (pk, "name (company)"): one query, for the grid's search field. Until a
    person accepts an invitation, the names and address the organisers gave."""
    rows = filtered_participants(edition, search=text).values_list(
        "pk",
        name_for_organisers_sql("first_name"),
        name_for_organisers_sql("last_name"),
        email_for_organisers_sql(),
        "company__name",
    )
    return [
        (pk, f"{f'{first} {last}'.strip() or email} ({company})")
        for pk, first, last, email, company in rows[:limit]
    ]


def grid_focus(edition: Edition, chosen: str) -> tuple[Participant | None, list[Meeting]]:
    """The participant chosen on the grid (a pk as typed) and their placed meetings in time
    order: two queries, none for a value that is not a number."""
    pk = id_of(chosen)
    if pk is None:
        return None, []
    focus = Participant.objects.filter(edition=edition, pk=pk).first()
    if focus is None:
        return None, []
    meetings = (
        live_meetings_with_people(edition)
        .filter(Q(first=focus) | Q(second=focus), slot__isnull=False, table__isnull=False)
        .order_by("slot__start")
    )
    return focus, list(meetings)


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
