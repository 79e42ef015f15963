"""The organiser's writes: suggest a meeting, set one up directly, cancel one."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from paddock.core.services import log_action
from paddock.events.models import Edition
from paddock.meetings import emails
from paddock.meetings.enums import RequestPriority
from paddock.meetings.models import MeetingRequest
from paddock.meetings.services.common import (
    MeetingError,
    check_pair,
    live_request_between,
    lock_pair,
)
from paddock.participants.models import Participant


@transaction.atomic
def suggest_meeting(
    edition: Edition, *, by: Any, first: Participant, second: Participant, message: str = ""
) -> MeetingRequest:
    """An organiser suggests that `first` meets `second`: a pending request from `first`,
    marked as suggested, that `second` answers; both are told. The cap does not apply.

    Raises MeetingError as `request_meeting` does, except cap_reached.
    """
    check_pair(edition, first, second)
    lock_pair(first, second)
    existing = live_request_between(first, second)
    if existing is not None:
        raise MeetingError(
            _("%(first)s and %(second)s already have a request or a meeting together.")
            % {"first": first.user, "second": second.user},
            code="already_requested",
        )
    meeting_request = MeetingRequest.objects.create(
        edition=edition,
        requester=first,
        recipient=second,
        message=message.strip(),
        priority=RequestPriority.SHOULD,
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
