"""A participant who can no longer come withdraws from the edition, themselves from their
portal or an organiser on their behalf; an organiser may undo it.

The withdrawal goes through the services of each thing it ends: the meetings' cancellation
and the requests' withdrawal (`meetings.services.end_meetings_of`), the visits' seats
(`visits.services.release_bookings`), with the mails, webhooks and audit entries they write.
"""

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from paddock.accounts.outbox import drop_waiting_mail
from paddock.core.services import log_action
from paddock.core.text import clean_text
from paddock.events.enums import EditionStatus
from paddock.events.services.locking import lock_edition
from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Participant
from paddock.participants.services import (
    ParticipantError,
    check_transition,
    locked,
    request_recompute,
)

WITHDRAWING = frozenset({ParticipantStatus.REGISTERED, ParticipantStatus.VALIDATED})


@dataclass(frozen=True)
class Withdrawal:
    """What a withdrawal ended: for the confirmation message."""

    participant: Participant
    meetings: int  # meetings cancelled
    requests: int  # pending requests withdrawn, sent or received
    kept: int  # meetings begun or missed, left as they are
    visits: int  # visit seats and waiting places given back


def _check_open(participant: Participant) -> None:
    if participant.edition.status == EditionStatus.CLOSED:
        raise ParticipantError(
            _("This edition is closed: its participants can no longer change."), code="closed"
        )


@transaction.atomic
def withdraw_participant(participant: Participant, *, by: Any, reason: str = "") -> Withdrawal:
    """The participant no longer takes part: status withdrawn; their meetings that have not
    begun are cancelled and their pending requests withdrawn, each other side told in their
    language; their visit seats go back (the first people waiting get them); they leave the
    catalogue and the recommendations. Meetings begun or missed stay as they are. `reason`,
    an organiser's note, is kept for the organisers.

    Locks the edition first (`lock_edition`), as every writer of the schedule does: a
    publication locks the edition, then the edition's meetings, then the people it books
    seats for; without it, a withdrawal holding the person and waiting for their meeting
    deadlocked with it on PostgreSQL. Then the participant's row: a second click waits, then
    is refused; a request or a booking of theirs started meanwhile waits, then is refused
    (`check_still_validated`, `book_visit`). Raises ParticipantError `closed` (a closed
    edition), `already_withdrawn`, `not_taking_part` (invited or declined).
    """
    # Lazy: meetings and visits read the participants app, not the other way round.
    from paddock.meetings.feed_services import revise_agenda_feed
    from paddock.meetings.services import end_meetings_of
    from paddock.visits.services import release_bookings

    participant.edition = lock_edition(participant.edition)  # its status as it is now
    _check_open(participant)
    participant = locked(participant)
    participant.status = check_transition(participant, "withdraw")
    participant.withdrawn_at = timezone.now()
    participant.withdrawal_reason = clean_text(reason).strip()
    participant.validated_at, participant.validated_by = None, None
    participant.save(
        update_fields=[
            "status",
            "withdrawn_at",
            "withdrawal_reason",
            "validated_at",
            "validated_by",
        ]
    )
    # Their validation or schedule notices still waiting would tell them otherwise.
    drop_waiting_mail(participant.edition, user=participant.user)
    ended = end_meetings_of(participant, by=by)
    released = release_bookings(participant, by=by)
    revise_agenda_feed(participant)  # every event of their feed shows cancelled now
    log_action(
        "participant.withdraw",
        by=by,
        edition=participant.edition,
        obj=participant,
        meetings=ended.meetings,
        requests=ended.requests,
        kept=ended.kept,
        visits=len(released),
    )
    request_recompute(participant.edition)
    return Withdrawal(
        participant=participant,
        meetings=ended.meetings,
        requests=ended.requests,
        kept=ended.kept,
        visits=len(released),
    )


@transaction.atomic
def undo_withdrawal(participant: Participant, *, by: Any) -> Participant:
    """An organiser takes a withdrawn participant back: registered, to be validated again.
    Nothing the withdrawal ended comes back: meetings, requests and seats are asked for anew;
    their calendar feed shows again what it kept (the meetings begun or missed), with a
    raised revision so that calendars apply it. The organiser's reason goes: it may be about
    the person's health, and has no use once they take part again.

    Locks the edition first (`lock_edition`, as the withdrawal does: an undo racing the
    edition's closing waits for it, then is refused), then the participant's row. Raises
    ParticipantError `closed`, `not_withdrawn`.
    """
    # Lazy: meetings read the participants app, not the other way round.
    from paddock.meetings.feed_services import revise_agenda_feed

    participant.edition = lock_edition(participant.edition)  # its status as it is now
    _check_open(participant)
    participant = locked(participant)
    participant.status = check_transition(participant, "undo_withdrawal")
    participant.withdrawn_at, participant.withdrawal_reason = None, ""
    participant.save(update_fields=["status", "withdrawn_at", "withdrawal_reason"])
    revise_agenda_feed(participant)
    log_action("participant.undo_withdrawal", by=by, edition=participant.edition, obj=participant)
    request_recompute(participant.edition)
    return participant


def can_withdraw(participant: Participant) -> bool:
    """Whether the person may withdraw (or be withdrawn) now: registered or validated, in an
    edition not closed. The pages offer it only then; the service checks again."""
    return participant.status in WITHDRAWING and participant.edition.status != EditionStatus.CLOSED


def what_withdrawal_ends(participant: Participant) -> Withdrawal:
    """What withdrawing the participant now would end, counted as `withdraw_participant` will
    (for the confirmation page; nothing is locked or written)."""
    # Lazy: meetings and visits read the participants app, not the other way round.
    from paddock.meetings.enums import MeetingStatus, RequestStatus
    from paddock.meetings.models import Meeting
    from paddock.meetings.queries import meeting_has_begun
    from paddock.visits.enums import LIVE_BOOKING_STATUSES

    now = timezone.now()
    meetings = Meeting.objects.filter(Q(first=participant) | Q(second=participant))
    rows = meetings.exclude(status=MeetingStatus.CANCELLED).values_list("status", "slot__start")
    begun = sum(meeting_has_begun(status, start, now) for status, start in rows)
    pending = (participant.requests_sent, participant.requests_received)
    seats = participant.visit_bookings.filter(status__in=LIVE_BOOKING_STATUSES)
    return Withdrawal(
        participant=participant,
        meetings=len(rows) - begun,
        requests=sum(r.filter(status=RequestStatus.PENDING).count() for r in pending),
        kept=begun,
        visits=seats.filter(session__start__gt=now).count(),
    )
