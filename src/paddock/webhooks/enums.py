from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class WebhookEvent(models.TextChoices):
    MEETING_SCHEDULED = "meeting.scheduled", _("Meeting scheduled")
    MEETING_MOVED = "meeting.moved", _("Meeting moved")
    MEETING_CANCELLED = "meeting.cancelled", _("Meeting cancelled")
    MEETING_MISSED = "meeting.missed", _("Meeting missed (no-show)")
    PARTICIPANT_CHECKED_IN = "participant.checked_in", _("Participant checked in")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SUCCEEDED = "succeeded", _("Delivered")
    FAILED = "failed", _("Given up")
    # Pending in a backup restored here: not sent until an operator releases it.
    HELD = "held", pgettext_lazy("webhook delivery status", "Held")
