"""`restore` holds the background tasks waiting in the backup (issue 16), as it holds its
mails: a copy's task worker runs none of them, so writes none of their mails, until an
operator sends them (`held_outgoing --send`) or drops them (`--drop`). The tasks wait in
django-tasks' database backend, and a real `db_worker` takes what it finds."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from paddock.accounts.models import User
from paddock.events.models import Edition
from paddock.meetings import services, tasks
from paddock.meetings.enums import RequestStatus
from paddock.meetings.models import MeetingRequest
from paddock.operations.models import HeldTask
from paddock.participants.enums import ParticipantRole
from tests import factories

pytestmark = pytest.mark.integration


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def _worker_runs_what_it_finds() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


@pytest.fixture
def overdue_in_backup(transactional_db, tmp_path, settings, mailoutbox):
    """A backup holding a meeting request past its time and the task that expires it (and
    mails the requester), waiting for the worker; the database emptied since. The backup's
    file. Not in a test's transaction: the worker closes its connection between tasks."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    edition = factories.make_edition()
    buyer = factories.make_participant(
        edition, user=factories.make_user(email="bruno@example.com"), role=ParticipantRole.BUYER
    )
    sent = services.request_meeting(
        buyer, recipient=factories.make_participant(edition), by=buyer.user
    )
    MeetingRequest.objects.filter(pk=sent.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    tasks.expire_requests.enqueue()
    backup = tmp_path / "backup.zip"
    _run("backup", str(backup))
    Edition.objects.all().delete()
    User.objects.all().delete()
    DBTaskResult.objects.all().delete()
    mailoutbox.clear()  # the request's notice to its recipient
    return backup


def _request_status() -> str:
    return MeetingRequest.objects.get().status


def test_restore_holds_the_waiting_tasks_and_the_worker_runs_none(overdue_in_backup, mailoutbox):
    said = _run("restore", str(overdue_in_backup))

    _worker_runs_what_it_finds()

    assert (_request_status(), mailoutbox, DBTaskResult.objects.count()) == (
        RequestStatus.PENDING,
        [],
        0,
    )
    assert said.splitlines()[1] == (
        "Held, as they were waiting in the backup: 1 background task. Nothing sends or runs "
        "them. On the production server, send them with "
        "`python -m paddock held_outgoing --send`; on a staging or test copy, drop them with "
        "`python -m paddock held_outgoing --drop`."
    )


def test_held_outgoing_send_queues_the_held_tasks_for_the_worker(
    overdue_in_backup, mailoutbox, django_capture_on_commit_callbacks
):
    _run("restore", str(overdue_in_backup))
    counted = _run("held_outgoing")

    with django_capture_on_commit_callbacks(execute=True):
        said = _run("held_outgoing", "--send")
    _worker_runs_what_it_finds()

    assert (counted, said) == (
        "Held: 1 background task. Nothing sends or runs them. On the production server, send "
        "them with `python -m paddock held_outgoing --send`; on a staging or test copy, drop "
        "them with `python -m paddock held_outgoing --drop`.\n",
        "Queued for sending: 1 background task.\n",
    )
    assert (_request_status(), [m.to for m in mailoutbox], _run("held_outgoing")) == (
        RequestStatus.EXPIRED,
        [["bruno@example.com"]],
        "Nothing is held.\n",
    )


def test_held_outgoing_drop_deletes_the_held_tasks_unrun(overdue_in_backup, mailoutbox):
    _run("restore", str(overdue_in_backup))

    said = _run("held_outgoing", "--drop")
    _worker_runs_what_it_finds()

    assert (said, _request_status(), mailoutbox, HeldTask.objects.count()) == (
        "Deleted unsent: 1 background task.\n",
        RequestStatus.PENDING,
        [],
        0,
    )


def test_restore_with_send_waiting_leaves_the_tasks_to_the_worker(overdue_in_backup, mailoutbox):
    said = _run("restore", str(overdue_in_backup), "--send-waiting")

    _worker_runs_what_it_finds()

    assert (len(said.splitlines()), _request_status(), [m.to for m in mailoutbox]) == (
        1,
        RequestStatus.EXPIRED,
        [["bruno@example.com"]],
    )


def test_held_tasks_are_queued_again_as_they_were_queued(
    db, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    later = timezone.now() + dt.timedelta(hours=1)
    tasks.expire_requests.enqueue()
    tasks.expire_requests.using(run_after=later, priority=5).enqueue()
    queued = _queued()
    _run("backup", str(tmp_path / "backup.zip"))
    DBTaskResult.objects.all().delete()
    _run("restore", str(tmp_path / "backup.zip"))
    held = _queued()

    with django_capture_on_commit_callbacks(execute=True):
        _run("held_outgoing", "--send")

    assert (held, _queued(), [row[2] for row in queued]) == (
        [],
        queued,
        [get_date_max(), later],
    )


def _queued() -> list[tuple[str, str, dt.datetime, int]]:
    return sorted(
        DBTaskResult.objects.values_list("task_path", "queue_name", "run_after", "priority"),
        key=lambda row: row[3],
    )


def _checked() -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command("check", "--database", "default", stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def test_check_says_what_a_restore_holds_until_it_is_sent_or_dropped(overdue_in_backup):
    _run("restore", str(overdue_in_backup))
    held = _checked()

    _run("held_outgoing", "--drop")

    assert (held, _checked()) == (
        "System check identified some issues:\n\nWARNINGS:\n?: (paddock.W001) Held since a "
        "backup was restored: 1 background task.\n\tHINT: Nothing sends or runs them. On the "
        "production server, send them with `python -m paddock held_outgoing --send`; on a "
        "staging or test copy, drop them with `python -m paddock held_outgoing --drop`.\n\n"
        "System check identified 1 issue (0 silenced).\n",
        "System check identified no issues (0 silenced).\n",
    )


def test_a_held_task_whose_function_is_gone_stays_held_and_the_rest_is_sent(
    overdue_in_backup, mailoutbox, django_capture_on_commit_callbacks
):
    """A backup of an older version may hold a task this version renamed: it cannot run, and
    must not keep the production server's mails and other tasks held with it."""
    _run("restore", str(overdue_in_backup))
    HeldTask.objects.create(
        task_path="paddock.meetings.tasks.renamed_since",
        queue_name="default",
        enqueued_at=timezone.now(),
    )

    with django_capture_on_commit_callbacks(execute=True):
        said = _run("held_outgoing", "--send")
    _worker_runs_what_it_finds()

    assert said == (
        "Queued for sending: 1 background task.\n"
        "Still held: 1 background task whose function this version does not have "
        "(paddock.meetings.tasks.renamed_since). Drop it with "
        "`python -m paddock held_outgoing --drop`.\n"
    )
    assert (_request_status(), [m.to for m in mailoutbox]) == (
        RequestStatus.EXPIRED,
        [["bruno@example.com"]],
    )
    assert _run("held_outgoing", "--drop") == "Deleted unsent: 1 background task.\n"


def test_a_copys_held_tasks_come_back_held_from_its_backup_and_go_once(
    overdue_in_backup, tmp_path, mailoutbox, django_capture_on_commit_callbacks
):
    # A backup of a copy that holds tasks: restored elsewhere, they are held again, not run.
    _run("restore", str(overdue_in_backup))
    _run("backup", str(tmp_path / "copy.zip"))
    _run("restore", str(tmp_path / "copy.zip"), "--replace")
    _worker_runs_what_it_finds()
    held = (_request_status(), _run("held_outgoing"))

    with django_capture_on_commit_callbacks(execute=True):
        sent = [_run("held_outgoing", "--send") for _time in range(2)]
    _worker_runs_what_it_finds()

    assert held == (
        RequestStatus.PENDING,
        "Held: 1 background task. Nothing sends or runs them. On the production server, send "
        "them with `python -m paddock held_outgoing --send`; on a staging or test copy, drop "
        "them with `python -m paddock held_outgoing --drop`.\n",
    )
    assert (sent, [m.to for m in mailoutbox]) == (
        ["Queued for sending: 1 background task.\n", "Queued for sending: nothing.\n"],
        [["bruno@example.com"]],
    )
