"""Files uploaded for an import, kept between the steps of the wizard, with the state of the
task worker's check and application of each."""

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from paddock.core.models import FailedJob
from paddock.core.progress import is_worker_gone
from paddock.events.models import Edition

# An uploaded file not imported within a day is deleted by `python -m paddock periodic`.
UPLOAD_LIFETIME = dt.timedelta(days=1)


class ImportKind(models.TextChoices):
    PARTICIPANTS = "participants", _("Participants and companies")
    MEETINGS = "meetings", _("Meeting wishes or fixed meetings")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("import status", "Waiting to start")
    CHECKING = "checking", pgettext_lazy("import status", "Being checked")
    CHECKED = "checked", pgettext_lazy("import status", "Checked")
    APPLYING = "applying", pgettext_lazy("import status", "Being imported")
    APPLIED = "applied", pgettext_lazy("import status", "Imported")
    FAILED = "failed", pgettext_lazy("import status", "Failed")


# A job asked and not finished: the worker will (or should) write again.
ACTIVE_IMPORT_STATUSES = (ImportStatus.QUEUED, ImportStatus.CHECKING, ImportStatus.APPLYING)


class ImportFile(FailedJob):
    """An uploaded file with the organiser's choices, until it is imported or a day old.

    Its random id is in the wizard's pages; only the person who uploaded it, in its edition,
    reaches it.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="+", verbose_name=_("edition")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ImportKind.choices)
    name = models.CharField(_("file name"), max_length=200)
    content = models.BinaryField(_("content"))
    encoding = models.CharField(_("encoding"), max_length=40, blank=True)
    delimiter = models.CharField(_("delimiter"), max_length=1, blank=True)
    sheet = models.CharField(_("sheet"), max_length=100, blank=True)
    mapping = models.JSONField(
        _("mapping"),
        default=list,
        blank=True,
        help_text=_("The field of each column of the file, empty for an ignored column."),
    )
    options = models.JSONField(
        _("options"),
        default=dict,
        blank=True,
        help_text=_("Default values (role, country, sector) or the kind of meetings."),
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True, db_index=True)
    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        help_text=_("The language of the person who asked: the errors are written in it."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    job = models.PositiveIntegerField(
        _("job"),
        default=0,
        help_text=_("Counts the checks and imports asked; a job that is no longer the last stops."),
    )
    applying = models.BooleanField(
        _("applying"),
        default=False,
        help_text=_("The job asked imports the file (after a check) rather than only checking it."),
    )
    done = models.PositiveIntegerField(_("rows done"), default=0)
    total = models.PositiveIntegerField(_("rows in all"), default=0)
    headers = models.JSONField(_("headers"), default=list, blank=True)
    samples = models.JSONField(
        _("sample rows"), default=list, blank=True, help_text=_("The first rows, for the columns.")
    )
    preview = models.JSONField(
        _("preview"),
        default=dict,
        blank=True,
        help_text=_("What the last check found: errors, people, companies or meetings."),
    )
    plan = models.CharField(
        _("plan"),
        max_length=64,
        blank=True,
        help_text=_("Hash of what the checked file would create; the import must create that."),
    )
    outcome = models.JSONField(
        _("outcome"), default=dict, blank=True, help_text=_("What the import created.")
    )
    notice = models.CharField(
        _("notice"),
        max_length=20,
        blank=True,
        help_text=_("Why the preview was checked again: the data changed before the import."),
    )
    error_field = models.CharField(_("field in error"), max_length=20, blank=True)
    requested_at = models.DateTimeField(_("asked"), default=timezone.now)
    progressed_at = models.DateTimeField(_("last progress"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("file to import")
        verbose_name_plural = _("files to import")

    def __str__(self) -> str:
        return self.name

    @property
    def is_stale(self) -> bool:
        """Its job will not finish: its worker fell silent, or its task never started."""
        return is_worker_gone(
            queued=self.status == ImportStatus.QUEUED,
            running=self.status in (ImportStatus.CHECKING, ImportStatus.APPLYING),
            requested_at=self.requested_at,
            progressed_at=self.progressed_at,
        )

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_IMPORT_STATUSES and not self.is_stale

    @property
    def is_read(self) -> bool:
        """Its headers are known: the columns can be chosen."""
        return bool(self.headers)
