"""The organiser's writes: suggest a meeting, arrange one directly, cancel one."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from paddock.core.services import log_action
from paddock.events.models import Edition
from paddock.meetings import emails
from paddock.meetings.enums import (
    LIVE_REQUEST_STATUSES,
    ORGANISER_WEIGHT,
    MeetingStatus,
    RequestPriority,
    RequestStatus,
)
from paddock.meetings.models import Meeting, MeetingRequest
from paddock.meetings.queries import meeting_has_begun
from paddock.meetings.services.common import (
    MeetingError,
    check_no_live_meeting,
    check_pair,
    check_still_validated,
    create_meeting_for,
    live_request_between,
    lock_pair,
    meeting_begun,
)
from paddock.participants.models import Participant
from paddock.webhooks import dispatch as webhooks
from paddock.webhooks.enums import WebhookEvent


@transaction.atomic
def suggest_meeting(
    edition: Edition,
    *,
    by: Any,
    first: Participant,
    second: Participant,
    message: str = "",
    priority: str = RequestPriority.SHOULD,
) -> MeetingRequest:
    """An organiser suggests that `first` meets `second`: a pending request from `first`,
    marked as suggested, that `second` answers; both are told. The cap does not apply.
    `priority` is the requester's, as the organiser collected it (should meet by default).

    Raises MeetingError as `request_meeting` does, except cap_reached.
    """
    _check_free_pair(edition, first, second)
    meeting_request = MeetingRequest.objects.create(
        edition=edition,
        requester=first,
        recipient=second,
        message=message.strip(),
        priority=priority,
        suggested_by=by,
        expires_at=timezone.now() + dt.timedelta(days=edition.request_expiry_days),
    )
    log_action("meeting_request.suggest", by=by, edition=edition, obj=meeting_request)
    for person, kind in ((second, "suggested_received"), (first, "suggested_sent")):
        emails.send_to(
            person,
            kind,
            link=emails.portal_link(person, "request-list"),
            request=meeting_request,
            other=meeting_request.other_side(person),
        )
    return meeting_request


def _check_free_pair(edition: Edition, first: Participant, second: Participant) -> None:
    """The pair may meet and has neither a live request nor a meeting. Locks both rows."""
    check_pair(edition, first, second)
    check_still_validated(lock_pair(first, second), first, second)
    if live_request_between(first, second) is not None:
        raise MeetingError(
            _("%(first)s and %(second)s already have a request or a meeting together.")
            % {"first": first.user, "second": second.user},
            code="already_requested",
        )
    check_no_live_meeting(first, second)


@transaction.atomic
def arrange_meeting(
    edition: Edition, *, by: Any, first: Participant, second: Participant, message: str = ""
) -> Meeting:
    """An organiser sets up a meeting directly, without a request; both are told. It weighs
    as a must-meet. Locks both participants' rows.

    Raises MeetingError: edition, oneself, same_company, not_validated, closed,
    already_requested, already_meeting.
    """
    _check_free_pair(edition, first, second)
    meeting = Meeting.objects.create(
        edition=edition, first=first, second=second, weight=ORGANISER_WEIGHT
    )
    log_action("meeting.arrange", by=by, edition=edition, obj=meeting)
    for person in (first, second):
        emails.send_to(
            person,
            "meeting_arranged",
            link=emails.portal_link(person, "agenda"),
            other=meeting.other_side(person),
            message=message.strip(),
        )
    return meeting


@transaction.atomic
def walk_in_meeting(
    edition: Edition, *, by: Any, first: Participant, second: Participant
) -> Meeting:
    """An organiser books, on the day, a meeting two participants present ask for at the desk:
    an accepted request marked as a walk-in, and its meeting, to be placed by the caller in
    the same transaction. Nobody is told here: the caller tells them where and when.

    Raises MeetingError as `arrange_meeting` does.
    """
    _check_free_pair(edition, first, second)
    now = timezone.now()
    meeting_request = MeetingRequest.objects.create(
        edition=edition,
        requester=first,
        recipient=second,
        priority=RequestPriority.MUST,
        status=RequestStatus.ACCEPTED,
        suggested_by=by if getattr(by, "is_authenticated", False) else None,
        walk_in=True,
        answered_at=now,
    )
    meeting = create_meeting_for(meeting_request)
    log_action("meeting.walk_in", by=by, edition=edition, obj=meeting)
    return meeting


@transaction.atomic
def cancel_meeting(meeting: Meeting, *, by: Any) -> Meeting:
    """An organiser cancels a meeting (and its request, if any); both are told, and the
    calendar revision is raised. Locks its request, then the meeting, in the order a
    participant's cancellation does (`cancel_request`): the other order deadlocked with it.

    Raises MeetingError: wrong_status when the meeting is already cancelled, meeting_begun
    once its slot has begun or it was marked a no-show, as for the participants
    (`cancel_meeting_of`): what happened on the day stays on record; an organiser marks a
    no-show or moves the meeting instead.
    """
    # No request (None) locks nothing.
    request = MeetingRequest.objects.select_for_update().filter(pk=meeting.request_id)  # type: ignore[misc]
    list(request.values_list("pk", flat=True))  # locked, if the meeting has a request
    fresh = (
        Meeting.objects.select_for_update(of=("self",)).select_related("slot").get(pk=meeting.pk)
    )
    if fresh.status == MeetingStatus.CANCELLED:
        raise MeetingError(_("This meeting is already cancelled."), code="wrong_status")
    if meeting_has_begun(fresh.status, fresh.slot.start if fresh.slot else None, timezone.now()):
        raise meeting_begun()
    request.filter(status__in=LIVE_REQUEST_STATUSES).update(status=RequestStatus.CANCELLED)
    meeting.status, meeting.sequence = MeetingStatus.CANCELLED, fresh.sequence + 1
    meeting.save(update_fields=["status", "sequence", "updated_at"])
    log_action("meeting.cancel", by=by, edition=meeting.edition, obj=meeting)
    webhooks.meetings_changed(meeting.edition, WebhookEvent.MEETING_CANCELLED, [meeting.pk])
    for person in (meeting.first, meeting.second):
        emails.send_to(
            person,
            "meeting_cancelled_by_organiser",
            link=emails.portal_link(person, "agenda"),
            other=meeting.other_side(person),
        )
    return meeting
