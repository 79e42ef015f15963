"""Small builders shared by the meetings tests."""

from paddock.meetings import services
from paddock.meetings.enums import MeetingStatus
from paddock.meetings.models import Meeting
from tests import factories


def other_participant(edition, **fields):
    """A validated participant of a new company."""
    return factories.make_participant(edition, **fields)


def accepted_meeting(requester, recipient) -> Meeting:
    meeting_request = services.request_meeting(requester, recipient=recipient, by=requester.user)
    return services.accept_request(meeting_request, by=recipient.user)


def place(meeting: Meeting, *, slot, table) -> Meeting:
    """What the scheduler (issue 5) will do: give the meeting a slot and a table."""
    meeting.slot, meeting.table, meeting.status = slot, table, MeetingStatus.SCHEDULED
    meeting.save(update_fields=["slot", "table", "status"])
    return meeting
