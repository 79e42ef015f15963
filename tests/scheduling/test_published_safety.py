"""Once a schedule is published: a run that fails in any way (crash, no schedule, a schedule
the checker refuses, a crash halfway through applying, an interruption) leaves the meetings
and the published schedule as they were and tells nobody; re-optimising after a cancellation
gives the freed time to a meeting left out and moves no other one; every kind of conflict of
a hand move is refused on the page with its reason."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

import paddock_solver
from paddock.events.models import Edition
from paddock.meetings import services as meeting_services
from paddock.meetings.enums import MeetingStatus
from paddock.meetings.models import Meeting
from paddock.scheduling import services
from paddock.scheduling.enums import RunStatus
from paddock.scheduling.models import PublishedSchedule, ScheduleRun
from paddock_solver.model import Assignment
from tests.meetings.helpers import accepted_meeting
from tests.scheduling.helpers import person, place, state

pytestmark = pytest.mark.integration

SMALL = {"time_limit_s": 10, "seed": 0, "workers": 1}


@pytest.fixture
def published(edition, organiser_user, venue, meetings, django_capture_on_commit_callbacks):
    """The four meetings placed by a run and published; the mails of publication are sent."""
    with django_capture_on_commit_callbacks(execute=True):
        services.start_schedule_run(edition, by=organiser_user, **SMALL)
        services.publish_schedule(edition, by=organiser_user)
    return meetings


def _published_state(edition):
    """Everything a failed run must leave alone: meetings, snapshots, the edition's status."""
    snapshots = PublishedSchedule.objects.filter(edition=edition).order_by("pk")
    return (
        state(edition),
        list(snapshots.values_list("pk", "assignments")),
        Edition.objects.get(pk=edition.pk).status,
    )


def _crash(real, problem, **kwargs):
    raise RuntimeError("solver exploded")


def _time_out_empty(real, problem, **kwargs):
    """What the solver answers when its time runs out before any schedule."""
    return paddock_solver.Solution(problem=problem.name, status="unknown", seconds=10.0)


def _double_book(real, problem, **kwargs):
    good = real(problem, **kwargs)
    first = good.assignments[0]
    clash = Assignment(good.assignments[1].meeting, first.slot, first.table)
    return type(good)(**(vars(good) | {"assignments": (first, clash, *good.assignments[2:])}))


def _lose_the_worker(real, problem, **kwargs):
    solution = real(problem, **kwargs)
    running = ScheduleRun.objects.filter(status=RunStatus.RUNNING)
    long_ago = timezone.now() - dt.timedelta(hours=1)
    running.update(started_at=long_ago, heartbeat_at=long_ago)
    # Someone opens the run list meanwhile, which marks the silent run interrupted.
    services.interrupt_stale_runs(running.get().edition)
    return solution


def _crash_while_applying(monkeypatch):
    """The apply step frees every changed place, then fails before writing the new ones."""

    def crash(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Meeting.objects, "bulk_update", crash)


FAILURES = {
    "solver crash": (_crash, RunStatus.FAILED),
    "time out without a schedule": (_time_out_empty, RunStatus.FAILED),
    "checker refuses": (_double_book, RunStatus.FAILED),
    "interrupted": (_lose_the_worker, RunStatus.INTERRUPTED),
}


@pytest.mark.usefixtures("published")
@pytest.mark.parametrize("failure", FAILURES)
def test_failed_rerun_changes_neither_meetings_nor_the_published_schedule(
    edition, organiser_user, mailoutbox, monkeypatch, failure
):
    fake, status = FAILURES[failure]
    before = _published_state(edition)
    mailoutbox.clear()
    real = paddock_solver.solve
    monkeypatch.setattr(paddock_solver, "solve", lambda p, **kw: fake(real, p, **kw))

    run = services.start_schedule_run(edition, by=organiser_user, reoptimise=True, **SMALL)

    assert (run.status, run.applied, _published_state(edition), mailoutbox) == (
        status,
        False,
        before,
        [],
    )
    assert run.failure_text


def _other_tables(real, problem, **kwargs):
    """A valid schedule where every meeting changes table: the tables in reverse order."""
    good = real(problem, **kwargs)
    tables = [table.id for table in problem.tables]
    mirror = dict(zip(tables, reversed(tables), strict=True))
    moved = tuple(Assignment(a.meeting, a.slot, mirror[a.table]) for a in good.assignments)
    return type(good)(**(vars(good) | {"assignments": moved}))


@pytest.mark.usefixtures("published")
def test_crash_halfway_through_applying_rolls_every_meeting_back(
    edition, organiser_user, mailoutbox, monkeypatch
):
    before = _published_state(edition)
    mailoutbox.clear()
    real = paddock_solver.solve
    monkeypatch.setattr(paddock_solver, "solve", lambda p, **kw: _other_tables(real, p, **kw))
    _crash_while_applying(monkeypatch)

    run = services.start_schedule_run(edition, by=organiser_user, **SMALL)

    assert (run.status, run.applied, run.failure_text, _published_state(edition), mailoutbox) == (
        RunStatus.FAILED,
        False,
        "The run stopped on an unexpected error: the schedule is unchanged. Run it again; "
        "if it fails again, tell the site’s administrator: the details are in the server’s "
        "log.",
        before,
        [],
    )


@pytest.fixture
def crowded(edition, venue):
    """Anna has five accepted meetings and the grid four slots: one is left out."""
    anna = person(edition, "Anna")
    others = [person(edition, name) for name in ("Bert", "Carl", "Dora", "Emil", "Fay")]
    return SimpleNamespace(anna=anna, meetings=[accepted_meeting(anna, o) for o in others])


def test_reoptimising_after_a_cancellation_places_a_left_out_meeting_and_moves_no_other(
    edition, organiser_user, crowded
):
    services.start_schedule_run(edition, by=organiser_user, **SMALL)
    services.publish_schedule(edition, by=organiser_user)
    rows = Meeting.objects.filter(edition=edition).values_list("pk", "status", "slot", "table")
    [left_out] = [pk for pk, status, _slot, _table in rows if status == MeetingStatus.TO_SCHEDULE]
    kept = {pk: (slot, table) for pk, status, slot, table in rows if pk != left_out}
    cancelled = next(m for m in crowded.meetings if m.pk != left_out)
    freed = kept.pop(cancelled.pk)
    meeting_services.cancel_request(cancelled.request, by=crowded.anna.user)
    sequences = dict(Meeting.objects.filter(pk__in=kept).values_list("pk", "sequence"))

    run = services.start_schedule_run(edition, by=organiser_user, reoptimise=True, **SMALL)

    after = Meeting.objects.filter(edition=edition).exclude(status=MeetingStatus.CANCELLED)
    placed = {m.pk: (m.slot_id, m.table_id) for m in after}
    newly = placed.pop(left_out)
    assert (run.status, run.objective["moved"], placed) == (RunStatus.SUCCEEDED, 0, kept)
    # Anna's only free slot is the one the cancellation freed.
    assert newly[0] == freed[0]
    assert dict(after.filter(pk__in=kept).values_list("pk", "sequence")) == sequences


@pytest.fixture
def orga(client, organiser_user):
    client.force_login(organiser_user)
    return client


@pytest.fixture
def conflicts(edition, venue, people, meetings):
    """For each kind of conflict, the move that hits it alone: (meeting, slot, table, reason)."""
    place(meetings[0], venue.slots[0], venue.tables[0])  # Anna and Bert at 09:00 on T1
    people.dora.unavailable_slots.add(venue.slots[3])
    carl_and_dora = _carl_and_dora(edition, people)
    return {
        # Anna and Carl at 09:00 on a free table: Anna is with Bert.
        "participant busy": (meetings[1], venue.slots[0], venue.tables[1],
                             "Anna Test already has a meeting at that time."),
        # Carl and Dora, both free at 09:00, on Anna and Bert's table.
        "table taken": (carl_and_dora, venue.slots[0], venue.tables[0],
                        "Table T1 is already taken at that time."),
        # Anna and Dora at 10:30, when Dora is away.
        "unavailable slot": (meetings[2], venue.slots[3], venue.tables[0],
                             "Dora Test is unavailable at that time."),
    }  # fmt: skip


def _carl_and_dora(edition, people):
    return Meeting.objects.create(edition=edition, first=people.carl, second=people.dora)


def _post_move(client, edition, meeting, slot, table):
    url = reverse("scheduling:meeting-place", args=[edition.slug, meeting.pk])
    return client.post(url, {"slot": slot.pk, "table": table.pk})


@pytest.mark.parametrize("kind", ["participant busy", "table taken", "unavailable slot"])
def test_hand_move_into_each_kind_of_conflict_is_refused_with_its_reason(
    orga, edition, conflicts, kind
):
    meeting, slot, table, reason = conflicts[kind]
    before = state(edition)

    response = _post_move(orga, edition, meeting, slot, table)

    assert (response.status_code, response.context["form"].errors, state(edition)) == (
        200,
        {"slot": [reason]},
        before,
    )
    assert reason in response.content.decode()


def test_hand_move_beyond_the_room_cap_is_refused_with_its_reason(
    orga, edition, venue, people, meetings
):
    edition.protocol.max_persons_per_room = 2  # one meeting at a time
    edition.protocol.save()
    place(meetings[0], venue.slots[0], venue.tables[0])  # Anna and Bert
    carl_and_dora = _carl_and_dora(edition, people)
    before = state(edition)

    response = _post_move(orga, edition, carl_and_dora, venue.slots[0], venue.tables[1])

    reason = "Tent already holds its maximum of 1 meetings at that time."
    assert (response.context["form"].errors, state(edition)) == ({"slot": [reason]}, before)
    assert reason in response.content.decode()
