"""The agenda reminders sent: one row per participant and day, so that none goes twice."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from paddock.participants.models import Participant


class SentReminder(models.Model):
    """The reminder of one day of an edition, sent to one participant."""

    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("participant"),
    )
    day = models.DateField(_("day"), help_text=_("The day of the edition the agenda is for."))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("agenda reminder")
        verbose_name_plural = _("agenda reminders")
        constraints = [
            models.UniqueConstraint(fields=["participant", "day"], name="reminder_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.participant}: {self.day}"
