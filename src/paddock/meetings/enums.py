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
    # A participant did not come: the meeting keeps its slot for the record, but frees it.
    NO_SHOW = "no_show", pgettext_lazy("meeting status", "No-show")


class Absence(models.TextChoices):
    """Who did not come to a no-show meeting."""

    FIRST = "first", pgettext_lazy("absence", "The first participant")
    SECOND = "second", pgettext_lazy("absence", "The second participant")
    BOTH = "both", pgettext_lazy("absence", "Both participants")


# Meetings in these statuses hold neither a slot nor a table: others may take them.
FREED_STATUSES = (MeetingStatus.CANCELLED, MeetingStatus.NO_SHOW)


# A request blocks its pair of participants (and counts against the cap) while it is live.
LIVE_REQUEST_STATUSES = (RequestStatus.PENDING, RequestStatus.ACCEPTED)

# Scheduling weight of a meeting: its priority, plus a bonus when both sides asked for it.
PRIORITY_WEIGHTS = {RequestPriority.MUST: 3, RequestPriority.SHOULD: 2, RequestPriority.COULD: 1}
MUTUAL_BONUS = 1

# Weight of a meeting the organiser creates without a request.
ORGANISER_WEIGHT = PRIORITY_WEIGHTS[RequestPriority.MUST]
