"""What a restored backup must not send or run by itself: the emails waiting in its outbox,
the webhook deliveries pending in it, and the background tasks waiting in the task worker's
table (which would send mails of their own). `restore` holds them (`hold_outgoing`, in its
transaction); on the production server an operator releases them (`held_outgoing --send`, or
`restore --send-waiting`), and on a staging or test copy drops them (`held_outgoing --drop`)
or leaves the mails and deliveries to the retention jobs. Why a command rather than a
button: whether a server is the production one is known to whoever runs it, not to the
organisers, whose accounts a copy holds too (docs/operations.md, "Backups")."""

import logging
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django_tasks import TaskResultStatus, default_task_backend
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult, get_date_max

from paddock.accounts.enums import OutgoingMailStatus
from paddock.accounts.models import OutgoingMail
from paddock.accounts.outbox import drop_held_mail, hold_waiting_mail, release_held_mail
from paddock.operations.models import HeldTask
from paddock.webhooks.enums import DeliveryStatus
from paddock.webhooks.models import Delivery
from paddock.webhooks.sending import (
    drop_held_deliveries,
    hold_pending_deliveries,
    release_held_deliveries,
)

logger = logging.getLogger("paddock.operations")
_ROWS_PER_QUERY = 500


@dataclass(frozen=True)
class Outgoing:
    """How many emails, webhook deliveries and background tasks an operation took."""

    mails: int
    deliveries: int
    tasks: int

    def __bool__(self) -> bool:
        return bool(self.mails or self.deliveries or self.tasks)

    def __str__(self) -> str:
        """In words, for the commands, naming only what there is: "3 emails, 1 webhook
        delivery and 2 background tasks", "1 background task", "nothing"."""
        mails = ngettext("%(count)d email", "%(count)d emails", self.mails)
        deliveries = ngettext(
            "%(count)d webhook delivery", "%(count)d webhook deliveries", self.deliveries
        )
        tasks = ngettext("%(count)d background task", "%(count)d background tasks", self.tasks)
        counted = ((mails, self.mails), (deliveries, self.deliveries), (tasks, self.tasks))
        named = [words % {"count": count} for words, count in counted if count]
        if len(named) < 2:
            return named[0] if named else pgettext("held", "nothing")
        # Translators: the end of a list, e.g. "3 emails, 1 webhook delivery and 2 tasks".
        return _("%(items)s and %(last)s") % {"items": ", ".join(named[:-1]), "last": named[-1]}


def what_to_do_with_held() -> str:
    """The operator's two ways out, for the commands that leave mails held."""
    return _(
        "Nothing sends or runs them. On the production server, send them with "
        "`python -m paddock held_outgoing --send`; on a staging or test copy, drop them with "
        "`python -m paddock held_outgoing --drop`."
    )


def hold_outgoing() -> Outgoing:
    """Hold every email waiting, every webhook delivery pending and every task waiting: no
    sender or worker takes them until `release_outgoing`. Precondition: inside the restore's
    transaction, so that none is taken between the rows' arrival and their hold."""
    return Outgoing(hold_waiting_mail(), hold_pending_deliveries(), hold_waiting_tasks())


def held_outgoing() -> Outgoing:
    """How many emails, webhook deliveries and tasks are held."""
    return Outgoing(
        OutgoingMail.objects.filter(status=OutgoingMailStatus.HELD).count(),
        Delivery.objects.filter(status=DeliveryStatus.HELD).count(),
        HeldTask.objects.count(),
    )


@transaction.atomic
def release_outgoing() -> Outgoing:
    """The held emails and webhook deliveries are due again, handed to the task worker once
    the transaction commits (the periodic job sends them too), and the held tasks queued
    again then."""
    return Outgoing(release_held_mail(), release_held_deliveries(), release_held_tasks())


@transaction.atomic
def drop_outgoing() -> Outgoing:
    """The held emails, webhook deliveries and tasks go, unsent and not run."""
    return Outgoing(drop_held_mail(), drop_held_deliveries(), HeldTask.objects.all().delete()[0])


def hold_waiting_tasks() -> int:
    """Move every task waiting in django-tasks' database backend (status READY, however far
    its `run_after`) to HeldTask. The worker takes READY rows only, and a row no longer in its
    table cannot be run by any version of it; a different status or a far `run_after` would
    rely on how this version picks its rows. Precondition: in the restore's transaction.
    Returns how many."""
    never = get_date_max()  # the backend's `run_after` of a task to run at once
    waiting = list(
        DBTaskResult.objects.filter(status=TaskResultStatus.READY).values(
            "pk", "task_path", "args_kwargs", "priority", "queue_name", "run_after", "enqueued_at"
        )
    )
    HeldTask.objects.bulk_create(
        (
            HeldTask(
                task_path=row["task_path"],
                args=row["args_kwargs"]["args"],
                kwargs=row["args_kwargs"]["kwargs"],
                priority=row["priority"],
                queue_name=row["queue_name"],
                run_after=None if row["run_after"] == never else row["run_after"],
                enqueued_at=row["enqueued_at"],
            )
            for row in waiting
        ),
        batch_size=_ROWS_PER_QUERY,
    )
    ids = [row["pk"] for row in waiting]
    for start in range(0, len(ids), _ROWS_PER_QUERY):
        DBTaskResult.objects.filter(pk__in=ids[start : start + _ROWS_PER_QUERY]).delete()
    return len(waiting)


def release_held_tasks() -> int:
    """Queue every held task again, through the tasks API once the transaction commits, as it
    was queued (its queue, priority and a `run_after` still ahead, where the backend takes
    them). A task whose function this version does not have (a backup of an older one)
    cannot run: it stays held (`gone_held_tasks`), and the others go. Returns how many
    were queued."""
    tasks = []
    for row in HeldTask.objects.select_for_update():
        try:
            tasks.append((_task_at(row.task_path), row))
        except ImportError:
            logger.warning("The held task %s %s stays held: no such task.", row.task_path, row.pk)
    HeldTask.objects.filter(pk__in=[row.pk for _task, row in tasks]).delete()
    transaction.on_commit(partial(_queue_again, tasks))
    return len(tasks)


def gone_held_tasks() -> list[str]:
    """The function of each task still held, by its path, once the others were sent: the
    ones this version does not have."""
    return list(HeldTask.objects.values_list("task_path", flat=True))


def _task_at(path: str) -> Task[..., Any]:
    task = import_string(path)
    if not isinstance(task, Task):
        raise ImportError(f"{path} is not a task")
    return task


def _queue_again(tasks: list[tuple[Task[..., Any], HeldTask]]) -> None:
    """Queue each task; one that fails to queue is logged (the others still go)."""
    now = timezone.now()
    for task, row in tasks:
        queued = task.using(queue_name=row.queue_name)
        if default_task_backend.supports_priority:
            queued = queued.using(priority=row.priority)
        if (
            row.run_after is not None
            and row.run_after > now
            and default_task_backend.supports_defer
        ):
            queued = queued.using(run_after=row.run_after)
        try:
            queued.enqueue(*row.args, **row.kwargs)
        except Exception:
            logger.exception("Could not queue the held task %s %s.", row.task_path, row.pk)
