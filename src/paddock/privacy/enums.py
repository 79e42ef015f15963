from django.db import models
from django.utils.translation import pgettext_lazy


class ErasureStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("erasure status", "Waiting for confirmation")
    DONE = "done", pgettext_lazy("erasure status", "Erased")
    WITHDRAWN = "withdrawn", pgettext_lazy("erasure status", "Withdrawn by the person")
    DECLINED = "declined", pgettext_lazy("erasure status", "Declined by the organisers")


class ErasureOrigin(models.TextChoices):
    REQUEST = "request", pgettext_lazy("erasure origin", "Asked by the person")
    RETENTION = "retention", pgettext_lazy("erasure origin", "Retention period over")
