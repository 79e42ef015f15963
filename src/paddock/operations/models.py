"""What a restore keeps aside: the background tasks that were waiting in the backup."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class HeldTask(models.Model):
    """A task that was waiting in a restored backup (in django-tasks' database backend), kept
    out of the backend's table so that no worker runs it until an operator sends it again
    through the tasks API (`held_outgoing --send`) or drops it (`--drop`): see `held`."""

    task_path = models.TextField(_("task"), help_text=_("The task's function, by its path."))
    args = models.JSONField(_("arguments"), default=list)
    kwargs = models.JSONField(_("keyword arguments"), default=dict)
    priority = models.IntegerField(_("priority"), default=0)
    queue_name = models.CharField(_("queue"), max_length=32)
    run_after = models.DateTimeField(
        _("run after"), null=True, help_text=_("Empty: as soon as a worker is free.")
    )
    enqueued_at = models.DateTimeField(
        _("queued at"), help_text=_("When the task was first queued, on the backup's server.")
    )

    class Meta:
        ordering = ["-priority", "enqueued_at", "pk"]
        verbose_name = _("held task")
        verbose_name_plural = _("held tasks")

    def __str__(self) -> str:
        return self.task_path
