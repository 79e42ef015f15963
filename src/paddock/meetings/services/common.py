"""What the request and organiser services share: the error, the transition table, checks
and locks on a pair of participants."""

from typing import Any

from django.db import models
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from paddock.core.exceptions import DomainError
from paddock.core.prepared import Param, Prepared
from paddock.events.enums import EditionStatus
from paddock.events.models import Edition
from paddock.meetings.enums import (
    LIVE_REQUEST_STATUSES,
    MUTUAL_BONUS,
    PRIORITY_WEIGHTS,
    MeetingStatus,
    RequestPriority,
    RequestStatus,
)
from paddock.meetings.models import Meeting, MeetingRequest
from paddock.meetings.queries import meeting_has_begun
from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Participant
from paddock.webhooks import dispatch as webhooks
from paddock.webhooks.enums import WebhookEvent


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
CLOSED_TO_REQUESTS = {EditionStatus.DRAFT, EditionStatus.CLOSED}

# Stronger priorities first: a mutual request keeps the stronger of the two.
PRIORITY_ORDER: list[str] = [RequestPriority.MUST, RequestPriority.SHOULD, RequestPriority.COULD]


def meeting_weight(priority: str, *, mutual: bool) -> int:
    return PRIORITY_WEIGHTS[RequestPriority(priority)] + (MUTUAL_BONUS if mutual else 0)


def transition(meeting_request: MeetingRequest, action: str) -> RequestStatus:
    sources, target = TRANSITIONS[action]
    if meeting_request.status not in sources:
        raise MeetingError(
            _("This request is already %(status)s.")
            % {"status": meeting_request.get_status_display().lower()},
            code="wrong_status",
        )
    return target


def locked_request(meeting_request: MeetingRequest) -> MeetingRequest:
    """The request's row locked until the end of the transaction, with its fresh status."""
    fresh = MeetingRequest.objects.select_for_update().get(pk=meeting_request.pk)
    meeting_request.status = fresh.status
    return meeting_request


def acting_side(meeting_request: MeetingRequest, by: Any) -> Participant:
    """The participant of the request that `by` is; refused for anyone else."""
    for side in (meeting_request.requester, meeting_request.recipient):
        if side.user_id == getattr(by, "pk", None):
            return side
    raise MeetingError(_("Only the two participants may act on this request."), code="not_party")


def check_pair(edition: Edition, first: Participant, second: Participant) -> None:
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
    if edition.status in CLOSED_TO_REQUESTS:
        raise MeetingError(_("This edition does not take meeting requests."), code="closed")


def lock_pair(first: Participant, second: Participant) -> dict[int, str]:
    """Serialise requests touching either person, always locking in id order (no deadlock).
    Returns their statuses as locked, by id (`check_still_validated`)."""
    return lock_people(first.pk, second.pk)


def lock_people(one: int, other: int) -> dict[int, str]:
    """`lock_pair` by the two participants' ids: a grid move locks its meeting's people so,
    before the meeting (issue 16)."""
    return dict(_PAIR.rows(one=one, other=other))


def check_still_validated(statuses: dict[int, str], *people: Participant) -> None:
    """`check_pair`'s status check again, on the statuses `lock_pair` read with the locks: a
    person who withdrew while the caller waited for their lock is refused."""
    for side in people:
        if statuses.get(side.pk) != ParticipantStatus.VALIDATED:
            raise MeetingError(
                _("%(name)s is not a validated participant of this edition.") % {"name": side.user},
                code="not_validated",
            )


def lock_participants(pks: set[int]) -> None:
    """Lock these participants' rows at once, in id order, as `lock_pair` does for two: a swap
    locks the people of its two meetings so, a meeting import those of its file (issue 16)."""
    list(
        Participant.objects.select_for_update().filter(pk__in=pks).order_by("pk").values_list("pk")
    )


# The checks of every request, compiled once (paddock.core.prepared): the same SQL, locks
# included, without building it again on each request (issue 16). Always run inside the
# services' transaction.
_ONE, _OTHER = (Param(name, models.BigIntegerField()) for name in ("one", "other"))
_PAIR = Prepared(
    lambda: (
        Participant.objects.select_for_update()
        .filter(Q(pk=_ONE) | Q(pk=_OTHER))
        .order_by("pk")
        .values_list("pk", "status")
    )
)
_LIVE_REQUEST = Prepared(
    lambda: (
        MeetingRequest.objects.select_for_update()
        .filter(
            Q(requester=_ONE, recipient=_OTHER) | Q(requester=_OTHER, recipient=_ONE),
            status__in=LIVE_REQUEST_STATUSES,
        )
        .order_by("pk")
    )
)
# Counted without locking the requests: every service that creates a request first locks its
# requester's row (lock_pair), and nothing makes an ended request live again, so the count
# cannot grow under the caller. Locking them made a sender wait for anyone answering one of
# their requests, and wrote a lock on each of their live rows on PostgreSQL (issue 16).
_LIVE_SENT = Prepared(
    lambda: (
        MeetingRequest.objects.filter(requester=_ONE, status__in=LIVE_REQUEST_STATUSES)
        .order_by()
        .values("requester")
        .annotate(count=Count("pk"))
        .values_list("count")
    )
)
_LIVE_MEETING = Prepared(
    lambda: (
        Meeting.objects.filter(Q(first=_ONE, second=_OTHER) | Q(first=_OTHER, second=_ONE))
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by()
        .values_list("pk")[:1]
    )
)


def live_request_between(first: Participant, second: Participant) -> MeetingRequest | None:
    """The pair's pending or accepted request (either way), locked, or None."""
    return _LIVE_REQUEST.first(one=first.pk, other=second.pk)


def check_cap(requester: Participant) -> None:
    """Count the requester's live requests, their row locked by the caller (lock_pair); refuse
    once the edition's cap is met."""
    cap = requester.edition.max_requests_per_participant
    counted = _LIVE_SENT.rows(one=requester.pk)
    if (counted[0][0] if counted else 0) >= cap:
        raise MeetingError(
            ngettext(
                "You have sent %(cap)d request that waits for an answer or is accepted, the "
                "limit. Cancel it before asking for another.",
                "You have sent %(cap)d requests that wait for an answer or are accepted, the "
                "limit. Cancel one before asking for another.",
                cap,
            )
            % {"cap": cap},
            code="cap_reached",
        )


def create_meeting_for(meeting_request: MeetingRequest) -> Meeting:
    return Meeting.objects.create(
        edition=meeting_request.edition,
        request=meeting_request,
        first=meeting_request.requester,
        second=meeting_request.recipient,
        weight=meeting_weight(meeting_request.priority, mutual=meeting_request.mutual),
    )


def cancel_meeting_of(meeting_request: MeetingRequest) -> None:
    """Cancel the meeting of an accepted request, its row locked. Refused (MeetingError
    `meeting_begun`) once its slot has begun or it was marked a no-show: what happened on the
    day stays on record (a no-show cancelled afterwards left the no-show rate and the live
    page, and its place could no longer be given back)."""
    live = (
        Meeting.objects.select_for_update(of=("self",))
        .filter(request=meeting_request)
        .order_by("pk")
    )
    rows = list(
        live.exclude(status=MeetingStatus.CANCELLED).values_list("pk", "status", "slot__start")
    )
    now = timezone.now()
    if any(meeting_has_begun(status, start, now) for _pk, status, start in rows):
        raise meeting_begun()
    mark_cancelled(meeting_request.edition, [pk for pk, _status, _start in rows])


def mark_cancelled(edition: Edition, pks: list[int]) -> None:
    """Cancel these meetings, their rows locked by the caller: the calendar revision raised
    (calendars then show them cancelled), the webhooks told."""
    Meeting.objects.filter(pk__in=pks).update(
        status=MeetingStatus.CANCELLED, sequence=F("sequence") + 1, updated_at=timezone.now()
    )
    webhooks.meetings_changed(edition, WebhookEvent.MEETING_CANCELLED, pks)


def meeting_begun() -> MeetingError:
    """The refusal to cancel a meeting that has begun or was missed (`meeting_has_begun`)."""
    return MeetingError(
        _("This meeting has begun or was missed: it can no longer be cancelled."),
        code="meeting_begun",
    )


def already_requested(recipient: Participant) -> MeetingError:
    return MeetingError(
        _("You have already asked %(name)s for a meeting.") % {"name": recipient.user},
        code="already_requested",
    )


def check_no_live_meeting(first: Participant, second: Participant) -> None:
    """Refuse when the pair already has a meeting (one the organiser set up has no request)."""
    if _LIVE_MEETING.rows(one=first.pk, other=second.pk):
        raise MeetingError(
            _("%(first)s and %(second)s already have a meeting together.")
            % {"first": first.user, "second": second.user},
            code="already_meeting",
        )
