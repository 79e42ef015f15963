"""A participant's requests: send, accept, decline, cancel; and their expiry."""

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from paddock.core.services import log_action
from paddock.events.models import Edition
from paddock.meetings import emails
from paddock.meetings.enums import RequestPriority, RequestStatus
from paddock.meetings.models import Meeting, MeetingRequest
from paddock.meetings.services.common import (
    PRIORITY_ORDER,
    MeetingError,
    acting_side,
    already_requested,
    cancel_meeting_of,
    check_cap,
    check_no_live_meeting,
    check_pair,
    check_still_validated,
    create_meeting_for,
    live_request_between,
    lock_pair,
    locked_request,
    transition,
)
from paddock.participants.models import Participant


@transaction.atomic
def request_meeting(
    requester: Participant,
    *,
    recipient: Participant,
    by: Any,
    message: str = "",
    priority: str = RequestPriority.SHOULD,
) -> MeetingRequest:
    """Ask `recipient` for a meeting. Locks both participants' rows and the requester's live
    requests. When the recipient already asked the requester, that request becomes mutual and
    accepted (and its meeting is created) instead of a second request.

    Raises MeetingError: edition, oneself, same_company, not_validated, closed,
    already_requested, already_meeting, cap_reached.
    """
    edition = requester.edition
    check_pair(edition, requester, recipient)
    check_still_validated(lock_pair(requester, recipient), requester, recipient)
    existing = live_request_between(requester, recipient)
    if existing is not None:
        return _merge_or_refuse(existing, requester, by=by, priority=priority)
    check_no_live_meeting(requester, recipient)
    check_cap(requester)
    try:
        with transaction.atomic():
            meeting_request = MeetingRequest.objects.create(
                edition=edition,
                requester=requester,
                recipient=recipient,
                message=message.strip(),
                priority=priority,
                expires_at=timezone.now() + dt.timedelta(days=edition.request_expiry_days),
            )
    except IntegrityError as error:  # a concurrent request of the same pair won the race
        raise already_requested(recipient) from error
    log_action("meeting_request.create", by=by, edition=edition, obj=meeting_request)
    emails.send_to(
        recipient,
        "request_received",
        link=emails.portal_link(recipient, "request-list"),
        request=meeting_request,
        other=requester,
    )
    return meeting_request


def _merge_or_refuse(
    existing: MeetingRequest, requester: Participant, *, by: Any, priority: str
) -> MeetingRequest:
    if existing.status == RequestStatus.ACCEPTED:
        raise MeetingError(
            _("You already have a meeting with %(name)s.")
            % {"name": existing.other_side(requester).user},
            code="already_meeting",
        )
    if existing.requester_id == requester.pk:
        raise already_requested(existing.recipient)
    # They asked us first: both want it, so it is accepted at once, as one mutual request.
    existing.status = transition(existing, "accept")
    existing.mutual = True
    existing.priority = min(existing.priority, priority, key=PRIORITY_ORDER.index)
    existing.answered_at = timezone.now()
    existing.save(update_fields=["status", "mutual", "priority", "answered_at"])
    meeting = create_meeting_for(existing)
    log_action("meeting_request.mutual", by=by, edition=existing.edition, obj=existing)
    emails.send_to(
        existing.requester,
        "request_mutual",
        link=emails.portal_link(existing.requester, "agenda"),
        request=existing,
        other=requester,
        meeting=meeting,
    )
    return existing


@transaction.atomic
def accept_request(meeting_request: MeetingRequest, *, by: Any) -> Meeting:
    """The recipient accepts; the meeting is created, to be scheduled. Locks both people,
    then the request, in the order a request between them does (`request_meeting`): the
    meeting's references to the people waited for their locks, a deadlock on PostgreSQL.

    Raises MeetingError: not_party, not_recipient, wrong_status.
    """
    lock_pair(meeting_request.requester, meeting_request.recipient)
    meeting_request = locked_request(meeting_request)
    side = acting_side(meeting_request, by)
    _require_recipient(meeting_request, side)
    meeting_request.status = transition(meeting_request, "accept")
    meeting_request.answered_at = timezone.now()
    meeting_request.save(update_fields=["status", "answered_at"])
    meeting = create_meeting_for(meeting_request)
    log_action(
        "meeting_request.accept", by=by, edition=meeting_request.edition, obj=meeting_request
    )
    emails.send_to(
        meeting_request.requester,
        "request_accepted",
        link=emails.portal_link(meeting_request.requester, "agenda"),
        request=meeting_request,
        other=side,
    )
    return meeting


def _require_recipient(meeting_request: MeetingRequest, side: Participant) -> None:
    if side.pk != meeting_request.recipient_id:
        raise MeetingError(
            _("Only %(name)s can answer this request.") % {"name": meeting_request.recipient.user},
            code="not_recipient",
        )


@transaction.atomic
def decline_request(meeting_request: MeetingRequest, *, by: Any, reason: str) -> MeetingRequest:
    """The recipient declines, saying why. Locks the request.

    Raises MeetingError: reason_required (field `reason`), not_party, not_recipient,
    wrong_status.
    """
    reason = reason.strip()
    if not reason:
        raise MeetingError(
            _("Please say why you decline: it helps the other side."),
            code="reason_required",
            field="reason",
        )
    meeting_request = locked_request(meeting_request)
    side = acting_side(meeting_request, by)
    _require_recipient(meeting_request, side)
    meeting_request.status = transition(meeting_request, "decline")
    meeting_request.decline_reason = reason
    meeting_request.answered_at = timezone.now()
    meeting_request.save(update_fields=["status", "decline_reason", "answered_at"])
    log_action(
        "meeting_request.decline", by=by, edition=meeting_request.edition, obj=meeting_request
    )
    emails.send_to(
        meeting_request.requester,
        "request_declined",
        link=emails.portal_link(meeting_request.requester, "request-list"),
        request=meeting_request,
        other=side,
    )
    return meeting_request


@transaction.atomic
def cancel_request(meeting_request: MeetingRequest, *, by: Any) -> MeetingRequest:
    """Withdraw a request: the requester while it waits, either side once accepted (the
    meeting is then cancelled and its calendar revision raised). Locks request and meeting.

    Raises MeetingError: not_party, not_requester, wrong_status.
    """
    meeting_request = locked_request(meeting_request)
    side = acting_side(meeting_request, by)
    was_accepted = meeting_request.status == RequestStatus.ACCEPTED
    transition(meeting_request, "cancel")  # "already cancelled" comes first
    if not was_accepted and side.pk != meeting_request.requester_id:
        raise MeetingError(
            _("A request you received cannot be cancelled: decline it instead."),
            code="not_requester",
        )
    end_request(meeting_request, side=side, by=by)
    return meeting_request


def end_request(
    meeting_request: MeetingRequest, *, side: Participant, by: Any, withdrew: bool = False
) -> None:
    """Cancel a live request on behalf of `side` (its meeting too, once accepted) and tell the
    other side: the meeting's cancellation or the request's withdrawal by `side`, or, when
    `withdrew`, that `side` no longer takes part (they withdrew from the edition, maybe
    through an organiser: the mail does not say they cancelled). The caller holds the
    request's lock and has checked that `side` may.

    Raises MeetingError `meeting_begun` when its meeting has begun or was missed.
    """
    was_accepted = meeting_request.status == RequestStatus.ACCEPTED
    meeting_request.status = transition(meeting_request, "cancel")
    meeting_request.save(update_fields=["status"])
    if was_accepted:
        cancel_meeting_of(meeting_request)
    log_action(
        "meeting_request.cancel", by=by, edition=meeting_request.edition, obj=meeting_request
    )
    other = meeting_request.other_side(side)
    emails.send_to(
        other,
        _ending_mail(meeting_request, side=side, accepted=was_accepted, withdrew=withdrew),
        link=emails.portal_link(other, "agenda" if was_accepted else "request-list"),
        request=meeting_request,
        other=side,
    )


def _ending_mail(
    meeting_request: MeetingRequest, *, side: Participant, accepted: bool, withdrew: bool
) -> str:
    """The mail kind that tells the other side `side` ended the request (`end_request`)."""
    if not withdrew:
        return "meeting_cancelled" if accepted else "request_cancelled"
    if accepted:
        return "meeting_other_withdrew"
    sent = side.pk == meeting_request.requester_id
    return "request_requester_withdrew" if sent else "request_recipient_withdrew"


@transaction.atomic
def expire_requests(now: dt.datetime | None = None, *, edition: Edition | None = None) -> int:
    """Expire every pending request whose time is up (in one edition or all); tell each
    requester. Locks the expiring rows. Returns how many expired.
    """
    now = now or timezone.now()
    # Lock only the requests: the participants stay free for other writes meanwhile.
    due = MeetingRequest.objects.select_for_update(of=("self",)).filter(
        status=RequestStatus.PENDING, expires_at__lte=now
    )
    if edition is not None:
        due = due.filter(edition=edition)
    expired = list(due.select_related("requester__user", "requester__edition", "recipient__user"))
    for meeting_request in expired:
        meeting_request.status = transition(meeting_request, "expire")
        meeting_request.save(update_fields=["status"])
        log_action(
            "meeting_request.expire", by=None, edition=meeting_request.edition, obj=meeting_request
        )
        emails.send_to(
            meeting_request.requester,
            "request_expired",
            link=emails.portal_link(meeting_request.requester, "request-list"),
            request=meeting_request,
            other=meeting_request.recipient,
        )
    return len(expired)
