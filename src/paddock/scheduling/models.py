"""Scheduling runs of the solver and the published schedules they lead to."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from paddock.core.models import FailedJob
from paddock.core.progress import is_worker_gone
from paddock.events.models import Edition
from paddock.scheduling.enums import (
    ACTIVE_DOCUMENT_STATUSES,
    ACTIVE_RUN_STATUSES,
    DocumentKind,
    DocumentStatus,
    RunStatus,
)

# A run still queued or running this long after its time limit has died with its worker.
INTERRUPT_MARGIN = dt.timedelta(seconds=120)
# A running run whose heartbeat is older than this has died with its worker: the process that
# runs it writes the heartbeat every few seconds (services.runs.HEARTBEAT_EVERY_S).
HEARTBEAT_TIMEOUT = dt.timedelta(seconds=60)


class ScheduleRun(FailedJob):
    """One call of the solver on an edition: its parameters, answer and whether it was applied."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="schedule_runs", verbose_name=_("edition")
    )
    number = models.PositiveIntegerField(
        _("number"), help_text=_("Counts the runs of the edition: 1 for its first run.")
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        _("last heartbeat"),
        null=True,
        blank=True,
        help_text=_(
            "Written every few seconds by the process running it; older than a minute means "
            "that process is gone."
        ),
    )
    time_limit_s = models.PositiveIntegerField(_("time limit in seconds"), default=30)
    seed = models.PositiveIntegerField(_("random seed"), default=0)
    workers = models.PositiveSmallIntegerField(_("solver workers"), default=2)
    reoptimise = models.BooleanField(
        _("re-optimise"),
        default=False,
        help_text=_("Keep the published schedule as far as possible: move few meetings."),
    )
    hold = models.BooleanField(
        _("held for confirmation"),
        default=False,
        help_text=_("A proposal: its schedule is applied only when the organiser confirms it."),
    )
    input_hash = models.CharField(_("input hash"), max_length=64, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    solver_status = models.CharField(_("solver status"), max_length=12, blank=True)
    objective = models.JSONField(_("objective"), null=True, blank=True)
    bound = models.JSONField(_("bounds"), null=True, blank=True)
    seconds = models.FloatField(_("seconds"), null=True, blank=True)
    problem = models.JSONField(
        _("problem"), null=True, blank=True, help_text=_("What the solver was given.")
    )
    solution = models.JSONField(_("solution"), null=True, blank=True)
    applied = models.BooleanField(_("applied"), default=False)

    class Meta:
        verbose_name = _("scheduling run")
        verbose_name_plural = _("scheduling runs")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(applied=True) | Q(status=RunStatus.SUCCEEDED),
                name="run_applied_only_when_succeeded",
            ),
            models.UniqueConstraint(fields=["edition", "number"], name="run_number_per_edition"),
        ]

    def __str__(self) -> str:
        return f"{self.edition} #{self.number}"

    @property
    def is_stale(self) -> bool:
        """Its worker is gone: its heartbeat is over a minute old or, without a heartbeat (still
        queued, or started before heartbeats existed), it is past its time limit and margin."""
        if self.status not in ACTIVE_RUN_STATUSES:
            return False
        if self.heartbeat_at is not None:
            return timezone.now() - self.heartbeat_at > HEARTBEAT_TIMEOUT
        since = self.started_at or self.created_at
        limit = dt.timedelta(seconds=self.time_limit_s) + INTERRUPT_MARGIN
        return timezone.now() - since > limit

    @property
    def shown_status(self) -> str:
        return RunStatus.INTERRUPTED if self.is_stale else self.status

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_RUN_STATUSES and not self.is_stale


class PublishedSchedule(models.Model):
    """A snapshot of the schedule as participants were told it, at each publication."""

    edition = models.ForeignKey(
        Edition,
        on_delete=models.CASCADE,
        related_name="published_schedules",
        verbose_name=_("edition"),
    )
    published_at = models.DateTimeField(_("published"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    assignments = models.JSONField(
        _("assignments"),
        default=dict,
        help_text=_("Meeting id to [slot id, table id] as published."),
    )
    notified = models.PositiveIntegerField(_("participants told"), default=0)
    meetings = models.PositiveIntegerField(
        _("meetings published"),
        default=0,
        help_text=_("How many meetings its assignments hold."),
    )

    class Meta:
        verbose_name = _("published schedule")
        verbose_name_plural = _("published schedules")
        ordering = ["-published_at", "-pk"]
        get_latest_by = ["published_at", "pk"]

    def __str__(self) -> str:
        return f"{self.edition} {self.published_at:%Y-%m-%d %H:%M}"


class StoredDocument(FailedJob):
    """A long PDF of an edition (all agendas, room sheets, badges) built by the task worker and
    kept in storage; served again as long as its fingerprint matches the current data."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="documents", verbose_name=_("edition")
    )
    kind = models.CharField(_("document"), max_length=20, choices=DocumentKind.choices)
    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        help_text=_("Empty means each reader’s own language (agendas only)."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.QUEUED
    )
    build = models.PositiveIntegerField(
        _("build"),
        default=0,
        help_text=_("Counts the builds asked; a build that is no longer the last one is dropped."),
    )
    fingerprint = models.CharField(
        _("fingerprint"),
        max_length=64,
        blank=True,
        help_text=_("Hash of what the PDF shows; the current data giving another means rebuild."),
    )
    done = models.PositiveIntegerField(_("parts done"), default=0)
    total = models.PositiveIntegerField(_("parts in all"), default=0)
    file = models.FileField(_("file"), upload_to="documents/", blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("asked by"),
    )
    requested_at = models.DateTimeField(_("asked"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    progressed_at = models.DateTimeField(
        _("last progress"),
        null=True,
        blank=True,
        help_text=_("Written after each part; silent for minutes means the worker is gone."),
    )
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    seconds = models.FloatField(_("seconds"), null=True, blank=True)

    class Meta:
        verbose_name = _("stored document")
        verbose_name_plural = _("stored documents")
        ordering = ["kind", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "kind", "language"], name="one_document_per_kind_and_language"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.edition} {self.kind} {self.language}".strip()

    @property
    def is_stale(self) -> bool:
        """Its build will not finish: its worker fell silent, or its task never started."""
        # A build writes its progress after each part (an agenda, a sheet: well under a second).
        return is_worker_gone(
            queued=self.status == DocumentStatus.QUEUED,
            running=self.status == DocumentStatus.BUILDING,
            requested_at=self.requested_at,
            progressed_at=self.progressed_at,
        )

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_DOCUMENT_STATUSES and not self.is_stale

    @property
    def is_ready(self) -> bool:
        return self.status == DocumentStatus.READY and bool(self.file)

    @property
    def percent(self) -> int:
        return 100 * self.done // self.total if self.total else 0
