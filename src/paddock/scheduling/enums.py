from django.db import models
from django.utils.translation import pgettext_lazy


class RunStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("run status", "Waiting to start")
    RUNNING = "running", pgettext_lazy("run status", "Running")
    SUCCEEDED = "succeeded", pgettext_lazy("run status", "Applied")
    FAILED = "failed", pgettext_lazy("run status", "Failed")
    INTERRUPTED = "interrupted", pgettext_lazy("run status", "Interrupted")


ACTIVE_RUN_STATUSES = (RunStatus.QUEUED, RunStatus.RUNNING)
