"""Audit log: who did what to which object, for every write that matters; the failure fields
of background jobs."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from paddock.core.failures import failure_text


class AuditEntry(models.Model):
    edition = models.ForeignKey(
        "events.Edition",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_entries",
        verbose_name=_("edition"),
    )
    edition_name = models.CharField(
        _("edition name"),
        max_length=200,
        blank=True,
        help_text=_("Copied when the entry is written, so that it outlives the edition."),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    action = models.CharField(_("action"), max_length=80, help_text=_("e.g. participant.validate"))
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    object_model = models.CharField(
        _("object's model"),
        max_length=100,
        blank=True,
        help_text=_("e.g. participants.participant; empty when the object was text."),
    )
    object_id = models.BigIntegerField(
        _("object's id"),
        null=True,
        blank=True,
        help_text=_(
            "Which row the entry is about, whatever its name became since; empty for older "
            "entries and for a row deleted before the entry was written."
        ),
    )
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"


class FailedJob(models.Model):
    """Why a background job (an import, a PDF, a solver run) failed (`core.failures`)."""

    failure = models.JSONField(
        _("failure"),
        null=True,
        blank=True,
        help_text=_(
            "Why it failed, in no language: the message's English text and its parameters, "
            "translated for each reader."
        ),
    )
    error = models.TextField(
        _("error"),
        blank=True,
        help_text=_("Why it failed, in one language: kept for rows that failed before 'failure'."),
    )

    class Meta:
        abstract = True

    @property
    def failure_text(self) -> str:
        """Why it failed, in the active language; empty unless it failed."""
        return failure_text(self.failure, stored=self.error)
