"""Runs end to end: the real solver places the meetings; failures and interruptions change
nothing; re-optimisation after a cancellation moves no other meeting."""

import datetime as dt
import io
import re
import threading
import time
from importlib import import_module

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

import paddock_solver
from paddock.meetings import services as meeting_services
from paddock.meetings.enums import MeetingStatus
from paddock.meetings.models import Meeting
from paddock.scheduling import services
from paddock.scheduling.enums import RunStatus
from paddock.scheduling.models import ScheduleRun
from paddock.scheduling.services import runs
from paddock_solver.model import Assignment
from tests import factories
from tests.meetings.helpers import accepted_meeting
from tests.scheduling.helpers import make_meeting, make_slots, person, place, state

pytestmark = pytest.mark.integration

NUMBERING = import_module("paddock.scheduling.migrations.0002_schedulerun_number")
SMALL = {"time_limit_s": 10, "seed": 0, "workers": 1}


def _start(edition, user, **options):
    return services.start_schedule_run(edition, by=user, **(SMALL | options))


def _placements(edition):
    return {
        m.pk: (m.slot_id, m.table_id)
        for m in Meeting.objects.filter(edition=edition, status=MeetingStatus.SCHEDULED)
    }


def test_run_places_every_meeting_of_a_tiny_edition(edition, organiser_user, meetings):
    run = _start(edition, organiser_user)

    placed = Meeting.objects.filter(edition=edition).values_list("status", "sequence")
    assert (run.status, run.applied, run.failure_text) == (RunStatus.SUCCEEDED, True, "")
    assert (run.objective["scheduled_weight"], sorted(placed)) == (
        8,
        [(MeetingStatus.SCHEDULED, 1)] * 4,
    )


def test_run_that_crashes_fails_and_changes_nothing(
    edition, organiser_user, venue, meetings, monkeypatch
):
    place(meetings[0], venue.slots[0], venue.tables[0])
    before = state(edition)

    def crash(*args, **kwargs):
        raise RuntimeError("solver exploded")

    monkeypatch.setattr(paddock_solver, "solve", crash)

    run = _start(edition, organiser_user)

    assert (run.status, run.applied, run.failure_text, state(edition)) == (
        RunStatus.FAILED,
        False,
        "The run stopped on an unexpected error: the schedule is unchanged. Run it again; "
        "if it fails again, tell the site’s administrator: the details are in the server’s "
        "log.",
        before,
    )


@pytest.mark.usefixtures("meetings")
def test_run_that_crashes_leaves_the_error_in_the_log(edition, organiser_user, monkeypatch, caplog):
    def crash(*args, **kwargs):
        raise RuntimeError("solver exploded")

    monkeypatch.setattr(paddock_solver, "solve", crash)

    _start(edition, organiser_user)

    assert [(r.name, str(r.exc_info[1])) for r in caplog.records if r.exc_info] == [
        ("paddock.scheduling.services.runs", "solver exploded")
    ]


@pytest.mark.usefixtures("meetings")
def test_run_whose_schedule_the_checker_refuses_fails_and_changes_nothing(
    edition, organiser_user, monkeypatch
):
    before = state(edition)
    real = paddock_solver.solve

    def double_book(problem, **kwargs):
        good = real(problem, **kwargs)
        first = good.assignments[0]
        clash = Assignment(good.assignments[1].meeting, first.slot, first.table)
        return type(good)(**(vars(good) | {"assignments": (first, clash)}))

    monkeypatch.setattr(paddock_solver, "solve", double_book)

    run = _start(edition, organiser_user)

    assert (run.status, run.applied, run.failure_text.split(":")[0], state(edition)) == (
        RunStatus.FAILED,
        False,
        "The checker refused the schedule",
        before,
    )


def test_run_with_an_impossible_locked_meeting_fails_and_changes_nothing(
    edition, organiser_user, venue, people, meetings
):
    place(meetings[0], venue.slots[0], venue.tables[0], locked=True)
    people.anna.unavailable_slots.add(venue.slots[0])
    before = state(edition)

    run = _start(edition, organiser_user)

    assert (run.status, run.solver_status, run.applied, state(edition)) == (
        RunStatus.FAILED,
        "infeasible",
        False,
        before,
    )
    assert run.failure_text.startswith("The solver found no schedule: ")


def test_run_refused_when_the_requests_change_meanwhile(
    edition, organiser_user, people, meetings, monkeypatch
):
    before = state(edition)
    real = paddock_solver.solve

    def solve_while_someone_accepts(problem, **kwargs):
        solution = real(problem, **kwargs)
        make_meeting(people.bert, people.dora)
        return solution

    monkeypatch.setattr(paddock_solver, "solve", solve_while_someone_accepts)

    run = _start(edition, organiser_user)

    after = state(edition)
    del after[max(after)]  # the meeting accepted during the run
    assert (run.status, run.failure_text, after) == (
        RunStatus.FAILED,
        "The requests changed during the run; run again.",
        before,
    )


def test_interrupted_run_is_never_applied(edition, organiser_user, meetings, monkeypatch):
    before = state(edition)
    real = paddock_solver.solve

    def worker_lost_meanwhile(problem, **kwargs):
        solution = real(problem, **kwargs)
        long_ago = timezone.now() - dt.timedelta(hours=1)
        ScheduleRun.objects.update(started_at=long_ago, heartbeat_at=long_ago)
        assert services.interrupt_stale_runs(edition) == 1
        return solution

    monkeypatch.setattr(paddock_solver, "solve", worker_lost_meanwhile)

    run = _start(edition, organiser_user)

    assert (run.status, run.applied, state(edition)) == (RunStatus.INTERRUPTED, False, before)


def test_stale_run_shows_as_interrupted_and_cannot_be_applied(edition, organiser_user, meetings):
    long_ago = timezone.now() - dt.timedelta(hours=1)
    run = ScheduleRun.objects.create(edition=edition, number=1, status=RunStatus.RUNNING)
    ScheduleRun.objects.filter(pk=run.pk).update(created_at=long_ago, started_at=long_ago)
    run.refresh_from_db()

    shown = run.shown_status
    with pytest.raises(services.ScheduleError) as refused:
        services.apply_schedule(run)

    assert (shown, refused.value.message, runs.execute_run(run.pk)) == (
        RunStatus.INTERRUPTED,
        "This run was interrupted; it is never applied.",
        None,
    )


def _running_run(edition, *, started_ago, heartbeat_ago):
    now = timezone.now()
    return ScheduleRun.objects.create(
        edition=edition,
        number=1,
        status=RunStatus.RUNNING,
        time_limit_s=30,
        started_at=now - dt.timedelta(seconds=started_ago),
        heartbeat_at=now - dt.timedelta(seconds=heartbeat_ago),
    )


def test_run_whose_heartbeat_is_90_s_old_is_interrupted_and_a_new_run_starts(
    edition, organiser_user, meetings
):
    # Started 90 s ago with a 30 s limit: the time-limit rule alone would wait 60 s more.
    stopped = _running_run(edition, started_ago=90, heartbeat_ago=90)
    shown = stopped.shown_status

    run = _start(edition, organiser_user)

    stopped.refresh_from_db()
    assert (shown, stopped.status, stopped.applied, run.number, run.status) == (
        RunStatus.INTERRUPTED,
        RunStatus.INTERRUPTED,
        False,
        2,
        RunStatus.SUCCEEDED,
    )


def test_run_with_a_live_heartbeat_keeps_running_past_its_time_limit(
    edition, organiser_user, meetings
):
    going = _running_run(edition, started_ago=3600, heartbeat_ago=5)

    with pytest.raises(services.ScheduleError) as refused:
        _start(edition, organiser_user)

    going.refresh_from_db()
    assert (going.shown_status, going.is_active, refused.value.message) == (
        RunStatus.RUNNING,
        True,
        "A run of this edition is still going: wait for it to finish.",
    )


@pytest.mark.django_db(transaction=True)
def test_run_records_heartbeats_while_the_solver_works(monkeypatch):
    edition = factories.make_edition()
    factories.make_table(factories.make_room(edition, name="Tent"), label="T1")
    make_slots(edition, 2)
    make_meeting(person(edition, "Anna"), person(edition, "Bert"))
    monkeypatch.setattr(runs, "HEARTBEAT_EVERY_S", 0.05)
    real, seen = paddock_solver.solve, []

    def solve_while_watching(problem, **kwargs):
        run = ScheduleRun.objects.get()
        claimed, deadline = run.heartbeat_at, time.monotonic() + 2
        while run.heartbeat_at == claimed and time.monotonic() < deadline:
            time.sleep(0.02)
            run.refresh_from_db(fields=["heartbeat_at"])
        seen.extend([claimed is not None, run.heartbeat_at != claimed])
        return real(problem, **kwargs)

    monkeypatch.setattr(paddock_solver, "solve", solve_while_watching)

    run = services.start_schedule_run(edition, by=None, **SMALL)

    beating = [t.name for t in threading.enumerate() if t.name.startswith("heartbeat")]
    assert (run.status, seen, beating) == (RunStatus.SUCCEEDED, [True, True], [])


@pytest.mark.django_db
def test_run_inside_a_transaction_starts_no_heartbeat(monkeypatch):
    """The demo solves inside the transaction that builds it: no other connection sees the run
    before it commits, and on SQLite a beat would wait for the caller's write lock (then the
    run's end waited for the beat)."""
    edition = factories.make_edition()
    factories.make_table(factories.make_room(edition, name="Tent"), label="T1")
    make_slots(edition, 2)
    make_meeting(person(edition, "Anna"), person(edition, "Bert"))
    real, beating = paddock_solver.solve, []

    def solve_looking_for_beats(problem, **kwargs):
        beating.extend(t.name for t in threading.enumerate() if t.name.startswith("heartbeat"))
        return real(problem, **kwargs)

    monkeypatch.setattr(paddock_solver, "solve", solve_looking_for_beats)

    with transaction.atomic():
        run = services.start_schedule_run(edition, by=None, **SMALL)

    assert (run.status, beating) == (RunStatus.SUCCEEDED, [])


def test_reoptimising_after_a_cancellation_moves_no_other_meeting(
    edition, organiser_user, venue, people
):
    pairs = [
        (people.anna, people.bert),
        (people.anna, people.carl),
        (people.bert, people.carl),
        (people.carl, people.dora),
        (people.anna, people.dora),
    ]
    made = [accepted_meeting(first, second) for first, second in pairs]
    _start(edition, organiser_user)
    services.publish_schedule(edition, by=organiser_user)
    published = _placements(edition)
    meeting_services.cancel_request(made[1].request, by=people.anna.user)

    run = _start(edition, organiser_user, reoptimise=True)

    del published[made[1].pk]
    assert (run.status, run.objective["moved"], _placements(edition)) == (
        RunStatus.SUCCEEDED,
        0,
        published,
    )


def test_second_run_is_refused_while_one_is_going(edition, organiser_user, meetings):
    ScheduleRun.objects.create(
        edition=edition, number=1, status=RunStatus.RUNNING, started_at=timezone.now()
    )

    with pytest.raises(services.ScheduleError) as refused:
        _start(edition, organiser_user)

    assert refused.value.message == "A run of this edition is still going: wait for it to finish."


@pytest.mark.usefixtures("venue")
def test_run_without_meetings_succeeds_with_nothing_to_place(edition, organiser_user):
    run = _start(edition, organiser_user)

    assert (run.status, run.objective["scheduled_weight"], run.solution["assignments"]) == (
        RunStatus.SUCCEEDED,
        0,
        [],
    )


@pytest.mark.usefixtures("venue")
def test_run_numbers_count_per_edition(edition, organiser_user):
    other = factories.make_edition()
    _start(edition, organiser_user)
    _start(other, organiser_user)
    _start(edition, organiser_user)

    numbers = sorted(ScheduleRun.objects.values_list("edition__slug", "number"))

    assert numbers == [(edition.slug, 1), (edition.slug, 2), (other.slug, 1)]


def test_numbering_migration_counts_existing_runs_per_edition_in_creation_order(edition):
    other = factories.make_edition()
    runs_made = [
        ScheduleRun.objects.create(edition=place_of, number=100 + n)
        for n, place_of in enumerate([edition, other, edition, edition])
    ]
    ScheduleRun.objects.filter(pk=runs_made[0].pk).update(
        created_at=timezone.now() + dt.timedelta(minutes=1)
    )

    NUMBERING.number_runs(apps, schema_editor=None)

    assert [ScheduleRun.objects.get(pk=run.pk).number for run in runs_made] == [3, 1, 1, 2]


def test_schedule_command_prints_the_run_number_of_the_edition(edition, venue, meetings):
    ScheduleRun.objects.create(edition=factories.make_edition(), number=1)
    out = io.StringIO()

    call_command("schedule", edition.slug, "--time-limit", "5", "--workers", "1", stdout=out)

    assert out.getvalue().split(":")[0] == "Run 1"


CRASHED_EN = (
    "The run stopped on an unexpected error: the schedule is unchanged. Run it again; if it "
    "fails again, tell the site’s administrator: the details are in the server’s log."
)
CRASHED_FR = (
    "Le calcul s’est arrêté sur une erreur inattendue\u00a0: le planning n’a pas changé. "
    "Relancez-le\u00a0; s’il échoue encore, prévenez l’administrateur du site\u00a0: le "
    "détail est dans le journal du serveur."
)


def _failure_as_read(client, run, language):
    page = client.get(
        reverse("scheduling:run-detail", args=[run.edition.slug, run.pk]),
        HTTP_ACCEPT_LANGUAGE=language,
    ).content.decode()
    found = re.search(r'<p class="message error">([^<]*)</p>', page)
    return found.group(1) if found else None


@pytest.mark.usefixtures("meetings")
def test_a_failed_run_speaks_the_language_of_whoever_reads_it(
    orga, edition, organiser_user, monkeypatch
):
    def crash(*args, **kwargs):
        raise RuntimeError("solver exploded")

    monkeypatch.setattr(paddock_solver, "solve", crash)
    with translation.override("fr"):  # a French organiser starts it
        run = _start(edition, organiser_user)

    read = {language: _failure_as_read(orga, run, language) for language in ("en", "fr")}

    assert read == {"en": CRASHED_EN, "fr": CRASHED_FR}


@pytest.mark.usefixtures("meetings")
def test_a_run_refused_on_changed_requests_speaks_the_reader_s_language(
    orga, edition, organiser_user, people, monkeypatch
):
    real = paddock_solver.solve

    def solve_while_someone_accepts(problem, **kwargs):
        solution = real(problem, **kwargs)
        make_meeting(people.bert, people.dora)
        return solution

    monkeypatch.setattr(paddock_solver, "solve", solve_while_someone_accepts)
    run = _start(edition, organiser_user)  # started in English

    read = {language: _failure_as_read(orga, run, language) for language in ("en", "fr")}

    assert read == {
        "en": "The requests changed during the run; run again.",
        "fr": "Les demandes ont changé pendant le calcul\u00a0; relancez-le.",
    }


def test_a_run_failed_before_failures_were_kept_in_no_language_shows_its_stored_text(orga, edition):
    run = ScheduleRun.objects.create(
        edition=edition, number=1, status=RunStatus.FAILED, error="Le solveur a planté."
    )

    read = {language: _failure_as_read(orga, run, language) for language in ("en", "fr")}

    assert read == {"en": "Le solveur a planté.", "fr": "Le solveur a planté."}
