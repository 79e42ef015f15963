"""Every write about meeting requests, meetings and agenda feeds.

A request lives while it is pending or accepted; accepting it creates the meeting that the
scheduler later places. Each step tells the other side by mail, in their language.
"""

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from paddock.core.exceptions import DomainError
from paddock.core.services import log_action
from paddock.events.enums import EditionStatus
from paddock.events.models import Edition
from paddock.meetings import emails
from paddock.meetings.enums import (
    LIVE_REQUEST_STATUSES,
    MUTUAL_BONUS,
    PRIORITY_WEIGHTS,
    MeetingStatus,
    RequestPriority,
    RequestStatus,
)
from paddock.meetings.models import Meeting, MeetingRequest
from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Participant


class MeetingError(DomainError):
    code = "meeting_error"


# Status changes of a request: action -> (statuses it may start from, status it ends in).
TRANSITIONS: dict[str, tuple[frozenset[str], RequestStatus]] = {
    "accept": (frozenset({RequestStatus.PENDING}), RequestStatus.ACCEPTED),
    "decline": (frozenset({RequestStatus.PENDING}), RequestStatus.DECLINED),
    "cancel": (frozenset(LIVE_REQUEST_STATUSES), RequestStatus.CANCELLED),
    "expire": (frozenset({RequestStatus.PENDING}), RequestStatus.EXPIRED),
}

# Editions where participants may still ask for meetings.
_CLOSED_TO_REQUESTS = {EditionStatus.DRAFT, EditionStatus.CLOSED}

# Stronger priorities first: a mutual request keeps the stronger of the two.
_PRIORITY_ORDER = [RequestPriority.MUST, RequestPriority.SHOULD, RequestPriority.COULD]


def meeting_weight(priority: str, *, mutual: bool) -> int:
    return PRIORITY_WEIGHTS[RequestPriority(priority)] + (MUTUAL_BONUS if mutual else 0)


def _transition(meeting_request: MeetingRequest, action: str) -> RequestStatus:
    sources, target = TRANSITIONS[action]
    if meeting_request.status not in sources:
        raise MeetingError(
            _("This request is already %(status)s.")
            % {"status": meeting_request.get_status_display().lower()},
            code="wrong_status",
        )
    return target


def _locked(meeting_request: MeetingRequest) -> MeetingRequest:
    """The request's row locked until the end of the transaction, with its fresh status."""
    fresh = MeetingRequest.objects.select_for_update().get(pk=meeting_request.pk)
    meeting_request.status = fresh.status
    return meeting_request


def _acting_side(meeting_request: MeetingRequest, by: Any) -> Participant:
    """The participant of the request that `by` is; refused for anyone else."""
    for side in (meeting_request.requester, meeting_request.recipient):
        if side.user_id == getattr(by, "pk", None):
            return side
    raise MeetingError(_("Only the two participants may act on this request."), code="not_party")


def _pair(first: Participant, second: Participant) -> Q:
    return Q(requester=first, recipient=second) | Q(requester=second, recipient=first)


def _check_pair(edition: Edition, first: Participant, second: Participant) -> None:
    """Both take part in the edition, are validated, are two people of two companies."""
    if first.edition_id != edition.pk or second.edition_id != edition.pk:
        raise MeetingError(_("Both participants must take part in this edition."), code="edition")
    if first.pk == second.pk:
        raise MeetingError(_("You cannot request a meeting with yourself."), code="oneself")
    if first.company_id == second.company_id:
        raise MeetingError(
            _("%(first)s and %(second)s work for the same company: meetings are between companies.")
            % {"first": first.user, "second": second.user},
            code="same_company",
        )
    for side in (first, second):
        if side.status != ParticipantStatus.VALIDATED:
            raise MeetingError(
                _("%(name)s is not a validated participant of this edition.") % {"name": side.user},
                code="not_validated",
            )
    if edition.status in _CLOSED_TO_REQUESTS:
        raise MeetingError(_("This edition does not take meeting requests."), code="closed")


def _lock_pair(first: Participant, second: Participant) -> None:
    """Serialise requests touching either person, always locking in id order (no deadlock)."""
    list(
        Participant.objects.select_for_update()
        .filter(pk__in=[first.pk, second.pk])
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _live_request_between(first: Participant, second: Participant) -> MeetingRequest | None:
    return (
        MeetingRequest.objects.select_for_update()
        .filter(_pair(first, second), status__in=LIVE_REQUEST_STATUSES)
        .first()
    )


def _check_cap(requester: Participant) -> None:
    """Count the requester's live requests under lock; refuse once the edition's cap is met."""
    cap = requester.edition.max_requests_per_participant
    live = MeetingRequest.objects.select_for_update().filter(
        requester=requester, status__in=LIVE_REQUEST_STATUSES
    )
    if len(live.values_list("pk", flat=True)) >= cap:
        raise MeetingError(
            _(
                "You have reached the limit of %(cap)d meeting requests waiting or accepted. "
                "Cancel one before asking for another."
            )
            % {"cap": cap},
            code="cap_reached",
        )


def _create_meeting(meeting_request: MeetingRequest) -> Meeting:
    return Meeting.objects.create(
        edition=meeting_request.edition,
        request=meeting_request,
        first=meeting_request.requester,
        second=meeting_request.recipient,
        weight=meeting_weight(meeting_request.priority, mutual=meeting_request.mutual),
    )


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
    _check_pair(edition, requester, recipient)
    _lock_pair(requester, recipient)
    existing = _live_request_between(requester, recipient)
    if existing is not None:
        return _merge_or_refuse(existing, requester, by=by, priority=priority)
    _check_cap(requester)
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
        raise _already_requested(recipient) from error
    log_action("meeting_request.create", by=by, edition=edition, obj=meeting_request)
    emails.send_to(
        recipient,
        "request_received",
        link=emails.portal_link(recipient, "request-list"),
        request=meeting_request,
        other=requester,
    )
    return meeting_request


def _already_requested(recipient: Participant) -> MeetingError:
    return MeetingError(
        _("You have already asked %(name)s for a meeting.") % {"name": recipient.user},
        code="already_requested",
    )


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
        raise _already_requested(existing.recipient)
    # They asked us first: both want it, so it is accepted at once, as one mutual request.
    existing.status = _transition(existing, "accept")
    existing.mutual = True
    existing.priority = min(existing.priority, priority, key=_PRIORITY_ORDER.index)
    existing.answered_at = timezone.now()
    existing.save(update_fields=["status", "mutual", "priority", "answered_at"])
    meeting = _create_meeting(existing)
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
    """The recipient accepts; the meeting is created, to be scheduled. Locks the request.

    Raises MeetingError: not_party, not_recipient, wrong_status.
    """
    meeting_request = _locked(meeting_request)
    side = _acting_side(meeting_request, by)
    _require_recipient(meeting_request, side)
    meeting_request.status = _transition(meeting_request, "accept")
    meeting_request.answered_at = timezone.now()
    meeting_request.save(update_fields=["status", "answered_at"])
    meeting = _create_meeting(meeting_request)
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
    meeting_request = _locked(meeting_request)
    side = _acting_side(meeting_request, by)
    _require_recipient(meeting_request, side)
    meeting_request.status = _transition(meeting_request, "decline")
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
    meeting_request = _locked(meeting_request)
    side = _acting_side(meeting_request, by)
    was_accepted = meeting_request.status == RequestStatus.ACCEPTED
    if not was_accepted and side.pk != meeting_request.requester_id:
        raise MeetingError(
            _("A request you received cannot be cancelled: decline it instead."),
            code="not_requester",
        )
    meeting_request.status = _transition(meeting_request, "cancel")
    meeting_request.save(update_fields=["status"])
    if was_accepted:
        _cancel_meeting_of(meeting_request)
    log_action(
        "meeting_request.cancel", by=by, edition=meeting_request.edition, obj=meeting_request
    )
    other = meeting_request.other_side(side)
    emails.send_to(
        other,
        "meeting_cancelled" if was_accepted else "request_cancelled",
        link=emails.portal_link(other, "agenda" if was_accepted else "request-list"),
        request=meeting_request,
        other=side,
    )
    return meeting_request


def _cancel_meeting_of(meeting_request: MeetingRequest) -> None:
    Meeting.objects.select_for_update().filter(request=meeting_request).exclude(
        status=MeetingStatus.CANCELLED
    ).update(status=MeetingStatus.CANCELLED, sequence=F("sequence") + 1, updated_at=timezone.now())


@transaction.atomic
def expire_requests(*, now: dt.datetime | None = None, edition: Edition | None = None) -> int:
    """Expire every pending request whose time is up (in one edition or all); tell each
    requester. Locks the expiring rows. Returns how many expired.
    """
    now = now or timezone.now()
    due = MeetingRequest.objects.select_for_update().filter(
        status=RequestStatus.PENDING, expires_at__lte=now
    )
    if edition is not None:
        due = due.filter(edition=edition)
    expired = list(due.select_related("requester__user", "requester__edition", "recipient__user"))
    for meeting_request in expired:
        meeting_request.status = _transition(meeting_request, "expire")
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


@transaction.atomic
def suggest_meeting(
    edition: Edition, *, by: Any, first: Participant, second: Participant, message: str = ""
) -> MeetingRequest:
    """An organiser suggests that `first` meets `second`: a pending request from `first`,
    marked as suggested, that `second` answers; both are told. The cap does not apply.

    Raises MeetingError as `request_meeting` does, except cap_reached.
    """
    _check_pair(edition, first, second)
    _lock_pair(first, second)
    existing = _live_request_between(first, second)
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
