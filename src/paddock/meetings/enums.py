from django.db import models
from django.utils.translation import pgettext_lazy


class RequestPriority(models.TextChoices):
    """How much the requester wants the meeting; the scheduler places heavier ones first."""

    MUST = "must", pgettext_lazy("meeting priority", "Must meet")
    SHOULD = "should", pgettext_lazy("meeting priority", "Should meet")
    COULD = "could", pgettext_lazy("meeting priority", "Could meet")


class RequestStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("request status", "Waiting for an answer")
    ACCEPTED = "accepted", pgettext_lazy("request status", "Accepted")
    DECLINED = "declined", pgettext_lazy("request status", "Declined")
    CANCELLED = "cancelled", pgettext_lazy("request status", "Cancelled")
    EXPIRED = "expired", pgettext_lazy("request status", "Expired")


class MeetingStatus(models.TextChoices):
    TO_SCHEDULE = "to_schedule", pgettext_lazy("meeting status", "To be scheduled")
    SCHEDULED = "scheduled", pgettext_lazy("meeting status", "Scheduled")
    CANCELLED = "cancelled", pgettext_lazy("meeting status", "Cancelled")


# A request blocks its pair of participants (and counts against the cap) while it is live.
LIVE_REQUEST_STATUSES = (RequestStatus.PENDING, RequestStatus.ACCEPTED)

# Scheduling weight of a meeting: its priority, plus a bonus when both sides asked for it.
PRIORITY_WEIGHTS = {RequestPriority.MUST: 3, RequestPriority.SHOULD: 2, RequestPriority.COULD: 1}
MUTUAL_BONUS = 1

# Weight of a meeting the organiser creates without a request.
ORGANISER_WEIGHT = PRIORITY_WEIGHTS[RequestPriority.MUST]
