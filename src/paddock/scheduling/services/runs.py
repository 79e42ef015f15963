"""Scheduling runs: start one, execute it in the background, apply its solution atomically.

A run that fails, finds no schedule or is interrupted changes no meeting: the solution is
applied in one transaction, after the checker accepted it and the input hash still matches.
"""

import datetime as dt
import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import DatabaseError, connections, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks import task

import paddock_solver
from paddock.core.failures import failure_of
from paddock.core.neutral import NeutralMessage
from paddock.core.services import log_action
from paddock.events.models import Edition, TimeSlot
from paddock.events.services.locking import lock_edition
from paddock.meetings.enums import MeetingStatus
from paddock.meetings.feed_services import keep_places
from paddock.meetings.models import Meeting
from paddock.scheduling import problem as problems
from paddock.scheduling.enums import ACTIVE_RUN_STATUSES, RunStatus
from paddock.scheduling.models import ScheduleRun
from paddock.scheduling.queries import active_runs, latest_snapshot
from paddock.scheduling.services.errors import ScheduleError
from paddock.visits.wishes import close_wishes
from paddock_solver.io import parse_problem, parse_solution, solution_to_dict

MAX_TIME_LIMIT_S = 3600
# Seconds between two heartbeats of a running run; models.HEARTBEAT_TIMEOUT (a minute) leaves
# room for a few missed ones before the run counts as interrupted.
HEARTBEAT_EVERY_S = 10.0

logger = logging.getLogger(__name__)


def problem_for(
    edition: Edition, *, reoptimise: bool, now: dt.datetime | None = None
) -> paddock_solver.Problem:
    """The edition's problem, validated by the solver's own reader; the slots that begin by
    `now` count as begun (`build_problem`)."""
    previous = latest_snapshot(edition) if reoptimise else None
    built = problems.build_problem(edition, previous=previous, now=now)
    return parse_problem(problems.problem_json(built))


def latest_end(run: ScheduleRun) -> dt.datetime | None:
    """For a run, a slot has begun when it begins before the run may end: its start plus its
    time limit. So the solver never places a meeting in a slot that begins while it works,
    and applying the run rebuilds the same problem, whatever the time then."""
    if run.started_at is None:
        return None
    return run.started_at + dt.timedelta(seconds=run.time_limit_s)


def start_schedule_run(
    edition: Edition,
    *,
    by: Any,
    time_limit_s: int = 30,
    reoptimise: bool = False,
    hold: bool = False,
    seed: int = 0,
    workers: int = 2,
    now: dt.datetime | None = None,
) -> ScheduleRun:
    """Record a run and hand it to the task queue (inline in development: it is done on
    return); in wishes mode the participants' wishes close. A `hold` run is a proposal:
    solved and checked, then kept until the organiser confirms it (`apply_schedule`). `now`
    is the time the run starts at (tests choose it; by default when a worker takes it).
    Raises ScheduleError when another run of the edition is still active."""
    if not 1 <= time_limit_s <= MAX_TIME_LIMIT_S:
        raise ScheduleError(
            _("The time limit must be between 1 and %(most)s seconds.")
            % {"most": MAX_TIME_LIMIT_S},
            field="time_limit_s",
        )
    with transaction.atomic():
        lock_edition(edition)
        interrupt_stale_runs(edition)
        if any(run.is_active for run in active_runs(edition)):
            raise ScheduleError(_("A run of this edition is still going: wait for it to finish."))
        # Under the edition's lock: two runs asked at once cannot take the same number.
        last = ScheduleRun.objects.filter(edition=edition).aggregate(last=Max("number"))["last"]
        run = ScheduleRun.objects.create(
            edition=edition,
            number=(last or 0) + 1,
            started_by=by if getattr(by, "is_authenticated", False) else None,
            time_limit_s=time_limit_s,
            reoptimise=reoptimise,
            hold=hold,
            seed=seed,
            workers=workers,
        )
        log_action(
            "schedule.run", by=by, edition=edition, obj=run, reoptimise=reoptimise, hold=hold
        )
        # In wishes mode the run takes the wishes as they are now.
        close_wishes(edition, by=by)
    execute_schedule_run.enqueue(run.pk, now.isoformat() if now is not None else None)
    run.refresh_from_db()
    return run


def interrupt_stale_runs(edition: Edition) -> int:
    """Mark as interrupted the runs whose worker is gone; they are never applied."""
    stale = [run.pk for run in active_runs(edition) if run.is_stale]
    return ScheduleRun.objects.filter(pk__in=stale, status__in=ACTIVE_RUN_STATUSES).update(
        status=RunStatus.INTERRUPTED,
        finished_at=timezone.now(),
        failure=NeutralMessage(
            gettext_noop("The run stopped answering before it finished; nothing was changed.")
        ).as_json(),
    )


@task()
def execute_schedule_run(run_id: int, now: str | None = None) -> str:
    """The background task of a run: solve, check and apply it; the run row records how it
    ended. It lives beside `start_schedule_run`, which enqueues it, so that no service module
    imports `scheduling.tasks` (which imports the services: a circle). `now`: ISO time the
    run starts at, when the caller chose it."""
    run = execute_run(run_id, now=dt.datetime.fromisoformat(now) if now else None)
    return run.status if run is not None else "skipped"


def _claim(run_id: int, now: dt.datetime | None) -> ScheduleRun | None:
    """Move a queued run to running; None when it is gone or no longer queued."""
    with transaction.atomic():
        run = ScheduleRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.status != RunStatus.QUEUED or run.is_stale:
            return None
        run.status, run.started_at = RunStatus.RUNNING, now or timezone.now()
        run.heartbeat_at = timezone.now()  # the worker's clock: it tells whether it lives
        run.save(update_fields=["status", "started_at", "heartbeat_at"])
        return run


@contextmanager
def heartbeat(run_id: int) -> Iterator[None]:
    """While the block runs, a background thread writes the run's heartbeat every
    HEARTBEAT_EVERY_S seconds. The thread dies with the process, so a dead worker shows as an
    old heartbeat within a minute (ScheduleRun.is_stale). Inside a transaction (the demo
    builds in one) it beats not: no other connection sees the run before the caller commits,
    and on SQLite a beat would wait for the caller's write lock, and the run's end for it."""
    if transaction.get_connection().in_atomic_block:
        yield
        return
    stop = threading.Event()
    thread = threading.Thread(
        target=_beat, args=(run_id, HEARTBEAT_EVERY_S, stop), name=f"heartbeat-run-{run_id}"
    )
    thread.daemon = True  # never keeps a stopping worker alive
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)


def _beat(run_id: int, every: float, stop: threading.Event) -> None:
    try:
        while not stop.wait(every):
            try:
                ScheduleRun.objects.filter(pk=run_id, status=RunStatus.RUNNING).update(
                    heartbeat_at=timezone.now()
                )
            except DatabaseError:  # a missed beat is not a failed run; the next one may pass
                logger.warning("Heartbeat of scheduling run %s not written", run_id, exc_info=True)
    finally:
        connections.close_all()  # this thread's connections only


def execute_run(run_id: int, *, now: dt.datetime | None = None) -> ScheduleRun | None:
    """The task's body: build, solve, check, apply. Never raises; a failure is recorded.
    `now`: the time the run starts at (default: the clock's), and is applied at."""
    run = _claim(run_id, now)
    if run is None:
        return None
    started = time.monotonic()
    try:
        with heartbeat(run.pk):
            _solve_and_apply(run, now=now)
    except Exception as error:  # any failure must end as a recorded failed run
        _fail(run, error, time.monotonic() - started)
    run.refresh_from_db()
    return run


def _solve_and_apply(run: ScheduleRun, *, now: dt.datetime | None) -> None:
    problem = problem_for(run.edition, reoptimise=run.reoptimise, now=latest_end(run))
    run.input_hash = problems.input_hash(problem)
    run.problem = problems.problem_json(problem)
    run.save(update_fields=["input_hash", "problem"])
    solution = paddock_solver.solve(
        problem, time_limit_s=run.time_limit_s, seed=run.seed, workers=run.workers
    )
    _record_solution(run, solution)
    _require_valid(problem, solution)
    if run.hold:  # a proposal: nothing changes until the organiser confirms it
        ScheduleRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(
            status=RunStatus.PROPOSED, finished_at=timezone.now()
        )
        return
    apply_schedule(run, now=now)


def _record_solution(run: ScheduleRun, solution: paddock_solver.Solution) -> None:
    doc = solution_to_dict(solution)
    run.solution = doc
    run.solver_status = solution.status
    run.objective = doc["objective"]
    run.bound = doc.get("bound")
    run.seconds = solution.seconds
    run.save(update_fields=["solution", "solver_status", "objective", "bound", "seconds"])


def _require_valid(problem: paddock_solver.Problem, solution: paddock_solver.Solution) -> None:
    if solution.status not in ("optimal", "feasible"):
        reasons = "; ".join(solution.reasons) or solution.status
        # The solver's own words (English) go in as they are.
        raise ScheduleError(
            NeutralMessage(
                gettext_noop("The solver found no schedule: %(reasons)s"), {"reasons": reasons}
            )
        )
    violations = paddock_solver.check(problem, solution)
    if violations:
        listed = "; ".join(str(v) for v in violations[:5])
        raise ScheduleError(
            NeutralMessage(
                gettext_noop("The checker refused the schedule: %(list)s"), {"list": listed}
            )
        )


def _fail(run: ScheduleRun, error: Exception, seconds: float) -> None:
    failure = failure_of(
        error,
        unexpected=NeutralMessage(
            gettext_noop(
                "The run stopped on an unexpected error: the schedule is unchanged. Run it "
                "again; if it fails again, tell the site’s administrator: the details are in "
                "the server’s log."
            )
        ),
        logger=logger,
        context=f"Scheduling run {run.pk}",
    )
    ScheduleRun.objects.filter(pk=run.pk).exclude(status=RunStatus.INTERRUPTED).update(
        status=RunStatus.FAILED,
        failure=failure.as_json(),
        finished_at=timezone.now(),
        seconds=run.seconds if run.seconds is not None else seconds,
    )


@transaction.atomic
def apply_schedule(run: ScheduleRun, *, now: dt.datetime | None = None) -> list[Meeting]:
    """Give every live meeting the slot and table of the run's solution, in one transaction;
    the meetings the run kept in slots that had begun (`problem.is_kept`) stay as they are.

    Locks the edition, the run and the edition's live meetings; refuses (ScheduleError) a run
    that is no longer running (interrupted meanwhile) nor a proposal waiting for confirmation,
    whose input hash no longer matches the edition, or that would put a meeting into a slot,
    or someone into a visit session, begun by `now` (default: the clock's time; a proposal
    confirmed late). Meetings the
    solution leaves out go back to "to be scheduled". Returns the changed ones.
    """
    lock_edition(run.edition)  # before the meetings, as publishing and live changes do
    run = ScheduleRun.objects.select_for_update().get(pk=run.pk)
    if run.status not in (RunStatus.RUNNING, RunStatus.PROPOSED) or run.is_stale:
        raise ScheduleError(
            NeutralMessage(gettext_noop("This run was interrupted; it is never applied."))
        )
    begun = problems.begun_slots_of(run.edition, latest_end(run))
    meetings = problems.placeable(problems.live_meetings(run.edition).select_for_update(), begun)
    current = problem_for(run.edition, reoptimise=run.reoptimise, now=latest_end(run))
    if problems.input_hash(current) != run.input_hash:
        if run.status == RunStatus.PROPOSED:
            raise ScheduleError(
                NeutralMessage(
                    gettext_noop(
                        "The schedule or the protocol changed since this proposal; propose again."
                    )
                ),
                code="proposal_outdated",
            )
        raise ScheduleError(
            NeutralMessage(gettext_noop("The requests changed during the run; run again."))
        )
    solution = parse_solution(run.solution)
    places = {
        problems.pk_of(a.meeting): (problems.pk_of(a.slot), problems.pk_of(a.table))
        for a in solution.assignments
    }
    interpreters = {
        problems.pk_of(i.meeting): problems.pk_of(i.interpreter) for i in solution.interpreting
    }
    _refuse_begun(run.edition, meetings, places, now or timezone.now())
    _refuse_begun_visits(run.edition, solution, now or timezone.now())
    changed = _move_all(meetings, places, interpreters)
    run.status, run.applied, run.finished_at = RunStatus.SUCCEEDED, True, timezone.now()
    run.save(update_fields=["status", "applied", "finished_at"])
    log_action("schedule.apply", by=run.started_by, edition=run.edition, obj=run,
               changed=len(changed))  # fmt: skip
    return changed


def _refuse_begun(
    edition: Edition,
    meetings: list[Meeting],
    places: dict[int, tuple[int, int]],
    now: dt.datetime,
) -> None:
    """A run's slots to come may have begun by the time it is applied (a proposal confirmed
    later): refuse one that would put a meeting into such a slot where it was not."""
    begun = problems.begun_slots_of(edition, now)
    for meeting in meetings:
        slot = places.get(meeting.pk, (None, None))[0]
        if slot in begun and slot != meeting.slot_id:
            start = TimeSlot.objects.get(pk=slot).start.astimezone(edition.tzinfo)
            raise ScheduleError(
                NeutralMessage(
                    gettext_noop(
                        "This run would place the meeting %(meeting)s at %(time)s, in a slot "
                        "that has begun since the run started. Run the scheduler again, or "
                        "book the meeting on the live page."
                    ),
                    {"meeting": str(meeting), "time": f"{start:%H:%M}"},
                ),
                code="slot_begun",
            )


def _refuse_begun_visits(
    edition: Edition, solution: paddock_solver.Solution, now: dt.datetime
) -> None:
    """As `_refuse_begun`, for the visits the run gives wishes (booked at publishing)."""
    placements = [(problems.pk_of(v.wish), problems.pk_of(v.session)) for v in solution.visits]
    found = problems.visit_newly_begun(edition, placements, now)
    if found is None:
        return
    wish, session = found
    start = session.start.astimezone(edition.tzinfo)
    raise ScheduleError(
        NeutralMessage(
            gettext_noop(
                "This run would place %(person)s on the visit %(visit)s at %(time)s, in a "
                "session that has begun since the run started. Run the scheduler again."
            ),
            {"person": str(wish.participant), "visit": str(session.zone), "time": f"{start:%H:%M}"},
        ),
        code="slot_begun",
    )


def _move_all(
    meetings: list[Meeting], places: dict[int, tuple[int, int]], interpreters: dict[int, int]
) -> list[Meeting]:
    """Place every meeting as the solution says, with the interpreter it gives (none when the
    meeting needs none or is left out)."""
    changed, touched = [], []
    left_out: dict[int, tuple[int, int]] = {}  # meeting to the place it leaves for none
    for meeting in meetings:
        slot, table = places.get(meeting.pk, (None, None))
        status = MeetingStatus.SCHEDULED if slot else MeetingStatus.TO_SCHEDULE
        interpreter = interpreters.get(meeting.pk)
        if slot is None and meeting.slot_id is not None and meeting.table_id is not None:
            left_out[meeting.pk] = (meeting.slot_id, meeting.table_id)
        if (meeting.slot_id, meeting.table_id) != (slot, table):
            meeting.slot_id, meeting.table_id = slot, table
            meeting.sequence += 1
            changed.append(meeting)
        if meeting in changed or (meeting.status, meeting.interpreter_id) != (status, interpreter):
            meeting.status, meeting.interpreter_id = status, interpreter
            touched.append(meeting)
    # The feeds show a meeting left out cancelled where they showed it last: at its latest
    # published place, else at this one, which only a run may have given it.
    keep_places(left_out)
    # Free every changed place first: a meeting may move into a place another one leaves.
    Meeting.objects.filter(pk__in=[m.pk for m in changed]).update(
        slot=None, table=None, status=MeetingStatus.TO_SCHEDULE
    )
    Meeting.objects.bulk_update(
        touched, ["slot", "table", "status", "sequence", "interpreter"], batch_size=500
    )
    return changed
