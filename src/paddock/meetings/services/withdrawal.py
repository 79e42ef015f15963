"""A participant's withdrawal from the edition, on the meetings' side: their requests and
the meetings that have not begun end, through the services that end them one by one, and
each counterpart is told that the person no longer takes part (`participants.withdrawal`
calls it)."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from paddock.core.services import log_action
from paddock.meetings import emails
from paddock.meetings.enums import LIVE_REQUEST_STATUSES, MeetingStatus, RequestStatus
from paddock.meetings.models import Meeting, MeetingRequest
from paddock.meetings.queries import meeting_has_begun
from paddock.meetings.services.common import mark_cancelled
from paddock.meetings.services.requests import end_request
from paddock.participants.models import Participant


@dataclass(frozen=True)
class MeetingsEnded:
    """What a withdrawal did to the person's meetings and requests."""

    meetings: int  # meetings cancelled
    requests: int  # pending requests withdrawn, sent or received
    kept: int  # meetings that had begun or were missed, left as they are


def end_meetings_of(participant: Participant, *, by: Any) -> MeetingsEnded:
    """Cancel the participant's pending and accepted requests and their meetings, then the
    meetings set up without a request, except those that have begun or were missed
    (`meeting_has_begun`: what happened on the day stays on record). The other side of each
    is told, in their language, that the person no longer takes part (not that they
    cancelled: an organiser may have withdrawn them).

    The caller holds the participant's row lock, inside its transaction: no request or meeting
    of theirs can start meanwhile (`check_still_validated`). Locks their live requests, then
    their live meetings, each set at once in id order (requests before meetings, as
    `cancel_request` does; meetings in id order, as applying a run does: locked request by
    request, the two deadlocked on PostgreSQL); never the counterparts' rows.
    """
    now = timezone.now()
    meetings = requests = 0
    live = list(
        MeetingRequest.objects.select_for_update(of=("self",))
        .filter(Q(requester=participant) | Q(recipient=participant))
        .filter(status__in=LIVE_REQUEST_STATUSES)
        .select_related("edition", "requester__user", "requester__company")
        .select_related("recipient__user", "recipient__company")
        .order_by("pk")
    )
    list(_live_meetings(participant).values_list("pk"))
    begun = _begun_requests(participant, now)
    for meeting_request in live:
        if meeting_request.pk in begun:
            continue  # its meeting is counted as kept with the meetings left, below
        accepted = meeting_request.status == RequestStatus.ACCEPTED
        received = meeting_request.recipient_id == participant.pk
        # The request's own copy of the person, with the names the counterpart's mail shows.
        side = meeting_request.recipient if received else meeting_request.requester
        end_request(meeting_request, side=side, by=by, withdrew=True)
        meetings, requests = meetings + accepted, requests + (not accepted)
    ended, kept = _end_meetings_without_request(participant, by=by, now=now)
    return MeetingsEnded(meetings=meetings + ended, requests=requests, kept=kept)


def _live_meetings(participant: Participant) -> QuerySet[Meeting]:
    """The person's meetings not cancelled, to lock in id order."""
    return (
        Meeting.objects.select_for_update(of=("self",))
        .filter(Q(first=participant) | Q(second=participant))
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("pk")
    )


def _begun_requests(participant: Participant, now: Any) -> set[int]:
    """The accepted requests whose meeting has begun or was missed."""
    rows = (
        Meeting.objects.filter(Q(first=participant) | Q(second=participant))
        .filter(request__isnull=False)
        .exclude(status=MeetingStatus.CANCELLED)
        .values_list("request_id", "status", "slot__start")
    )
    return {pk for pk, status, start in rows if meeting_has_begun(status, start, now)}


def _end_meetings_without_request(
    participant: Participant, *, by: Any, now: Any
) -> tuple[int, int]:
    """Cancel the live meetings left (those an organiser set up without a request), except
    the begun ones; returns (cancelled, kept), kept counting every begun meeting, with a
    request or not."""
    live = list(
        _live_meetings(participant)
        .select_related("edition", "slot", "first__user", "first__company")
        .select_related("second__user", "second__company")
    )
    ending = [
        m for m in live if not meeting_has_begun(m.status, m.slot.start if m.slot else None, now)
    ]
    if ending:
        mark_cancelled(participant.edition, [meeting.pk for meeting in ending])
    for meeting in ending:
        log_action("meeting.cancel", by=by, edition=meeting.edition, obj=meeting)
        other = meeting.other_side(participant)
        me = meeting.first if meeting.first_id == participant.pk else meeting.second
        emails.send_to(
            other, "meeting_other_withdrew", link=emails.portal_link(other, "agenda"), other=me
        )
    return len(ending), len(live) - len(ending)
