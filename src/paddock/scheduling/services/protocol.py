"""The protocol review: propose a re-optimisation after a stricter protocol, then confirm it.

The proposal is an ordinary re-optimisation run (`start_schedule_run`, keeping the published
schedule and moving as few meetings as the solver can) held for confirmation; nothing
changes until the organiser confirms. Confirming applies it, tells only the people whose
meetings changed, and gives back the seats a smaller group size took away.
"""

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from paddock.core.services import log_action
from paddock.events.models import Edition
from paddock.events.services.locking import lock_edition
from paddock.meetings.models import Meeting
from paddock.participants.models import Participant
from paddock.scheduling.conflicts import moves_key, proposal_of, proposed_moves, room_conflicts
from paddock.scheduling.enums import RunStatus
from paddock.scheduling.models import ScheduleRun
from paddock.scheduling.services.errors import ScheduleError
from paddock.scheduling.services.publishing import tell_moved
from paddock.scheduling.services.runs import apply_schedule, start_schedule_run
from paddock.visits.models import Booking
from paddock.visits.services import trim_sessions

PROPOSAL_TIME_LIMIT_S = 30


def propose_reoptimisation(
    edition: Edition, *, by: Any, time_limit_s: int = PROPOSAL_TIME_LIMIT_S, workers: int = 2
) -> ScheduleRun:
    """Start a held re-optimisation run under the protocol in force (done on return when
    tasks run inline). Raises ScheduleError when no room holds more meetings than its cap, or
    another run is still going."""
    if not room_conflicts(edition):
        raise ScheduleError(
            _("No room holds more meetings than the protocol allows: nothing to re-optimise."),
            code="no_room_conflict",
        )
    return start_schedule_run(
        edition, by=by, time_limit_s=time_limit_s, reoptimise=True, hold=True, workers=workers
    )


@dataclass
class Confirmed:
    moved: list[Meeting]
    told: list[Participant]
    seats_lost: list[Booking]


@transaction.atomic
def confirm_protocol_review(edition: Edition, *, by: Any, listed: str | None = None) -> Confirmed:
    """Apply the proposal (when rooms are over their cap), tell the people whose meetings
    changed, and send the latest bookings of sessions over their seats back to the waiting
    list (each person told). `listed` is the `moves_key` of the moves the organiser saw.
    Locks the edition. Raises ScheduleError when rooms are over their cap and no proposal
    waits, or the proposal is outdated: the schedule or protocol changed since, or its moves
    are no longer those listed."""
    lock_edition(edition)
    proposal = proposal_of(edition)
    moved: list[Meeting] = []
    if room_conflicts(edition):
        if proposal is None or proposal.status != RunStatus.PROPOSED:
            raise ScheduleError(
                _("Propose a re-optimisation first, and confirm it once it is ready."),
                code="no_proposal",
            )
        if listed is not None and moves_key(proposed_moves(proposal)) != listed:
            raise ScheduleError(
                _("The schedule changed since this page listed the moves; look at them again."),
                code="proposal_outdated",
            )
        moved = apply_schedule(proposal)
    told = tell_moved(edition, moved)
    seats_lost = trim_sessions(edition, by=by)
    log_action(
        "protocol.confirm",
        by=by,
        edition=edition,
        run=proposal.pk if moved and proposal is not None else None,
        moved=sorted(m.pk for m in moved),
        seats_lost=len(seats_lost),
    )
    return Confirmed(moved=moved, told=told, seats_lost=seats_lost)
