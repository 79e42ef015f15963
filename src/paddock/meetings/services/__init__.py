"""Every write about meeting requests and meetings.

A request lives while it is pending or accepted; accepting it creates the meeting that the
scheduler later places. Each step tells the other side by mail, in their language.
"""

from paddock.meetings.services.common import (
    TRANSITIONS,
    MeetingError,
    lock_participants,
    lock_people,
    meeting_weight,
)
from paddock.meetings.services.organiser import (
    arrange_meeting,
    cancel_meeting,
    suggest_meeting,
    walk_in_meeting,
)
from paddock.meetings.services.requests import (
    accept_request,
    cancel_request,
    decline_request,
    expire_requests,
    request_meeting,
)
from paddock.meetings.services.withdrawal import MeetingsEnded, end_meetings_of

__all__ = [
    "TRANSITIONS",
    "MeetingError",
    "MeetingsEnded",
    "accept_request",
    "arrange_meeting",
    "cancel_meeting",
    "cancel_request",
    "decline_request",
    "end_meetings_of",
    "expire_requests",
    "lock_participants",
    "lock_people",
    "meeting_weight",
    "request_meeting",
    "suggest_meeting",
    "walk_in_meeting",
]
