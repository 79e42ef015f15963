from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RunStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("run status", "Waiting to start")
    RUNNING = "running", pgettext_lazy("run status", "Running")
    SUCCEEDED = "succeeded", pgettext_lazy("run status", "Applied")
    FAILED = "failed", pgettext_lazy("run status", "Failed")
    INTERRUPTED = "interrupted", pgettext_lazy("run status", "Interrupted")
    # A held run (a proposal after a protocol change) waits for the organiser's confirmation.
    PROPOSED = "proposed", pgettext_lazy("run status", "Waiting for confirmation")


ACTIVE_RUN_STATUSES = (RunStatus.QUEUED, RunStatus.RUNNING)


class DocumentKind(models.TextChoices):
    """The long PDFs that the task worker builds and storage keeps."""

    AGENDAS = "agendas", _("All agendas")
    ROOM_SHEETS = "room_sheets", _("Room sheets")
    BADGES = "badges", _("Badges of all participants")


class DocumentStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("document status", "Waiting to start")
    BUILDING = "building", pgettext_lazy("document status", "Being prepared")
    READY = "ready", pgettext_lazy("document status", "Ready")
    FAILED = "failed", pgettext_lazy("document status", "Failed")


ACTIVE_DOCUMENT_STATUSES = (DocumentStatus.QUEUED, DocumentStatus.BUILDING)
