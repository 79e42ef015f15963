"""Writes of outcomes: each side's answer about a meeting, and its follow-ups."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from paddock.core.exceptions import DomainError
from paddock.core.services import log_action
from paddock.events.enums import EditionStatus
from paddock.meetings.models import Meeting
from paddock.outcomes.enums import FOLLOW_UP_MONTHS, FollowUpAnswer, NextStep, ValueBand
from paddock.outcomes.models import FollowUp, Outcome
from paddock.outcomes.queries import RATED_STATUSES
from paddock.participants.models import Participant


class OutcomeError(DomainError):
    """A refused answer; `code` is stable, `message` translated, `field` names the input."""

    code = "outcome"


def _check_side(meeting: Meeting, participant: Participant, now: dt.datetime) -> None:
    if participant.pk not in (meeting.first_id, meeting.second_id):
        raise OutcomeError(_("This meeting is not one of yours."), code="not_yours")
    if meeting.status not in RATED_STATUSES or meeting.slot is None or meeting.slot.end > now:
        raise OutcomeError(_("This meeting has not taken place yet."), code="not_ended")


@transaction.atomic
def record_outcome(
    meeting: Meeting,
    *,
    participant: Participant,
    by: Any,
    took_place: bool,
    interest: int | None = None,
    next_step: str = NextStep.NONE,
    value_band: str = "",
    comment: str = "",
    now: dt.datetime | None = None,
) -> Outcome:
    """Creates or replaces `participant`'s answer about `meeting`, until the edition closes.

    Runs in a transaction. Raises OutcomeError: "not_yours", "not_ended", "edition_closed",
    "interest_required" (took place without an interest), "interest_range".
    """
    now = now or timezone.now()
    _check_side(meeting, participant, now)
    if meeting.edition.status == EditionStatus.CLOSED:
        raise OutcomeError(
            _("The edition is closed: answers can no longer be changed."), code="edition_closed"
        )
    if not took_place:
        interest, next_step, value_band = None, NextStep.NONE, ""
    elif interest is None:
        raise OutcomeError(
            _("Say how interesting the meeting was."), code="interest_required", field="interest"
        )
    elif not 1 <= interest <= 5:
        raise OutcomeError(_("Interest goes from 1 to 5."), code="interest_range", field="interest")
    outcome, created = Outcome.objects.update_or_create(
        meeting=meeting,
        participant=participant,
        defaults={
            "took_place": took_place,
            "interest": interest,
            "next_step": next_step,
            "value_band": value_band,
            "comment": comment,
            "answered_at": now,
        },
    )
    log_action(
        "outcome.recorded" if created else "outcome.changed",
        by=by,
        edition=meeting.edition,
        obj=outcome,
        meeting=meeting.pk,
        participant=participant.pk,
    )
    return outcome


@transaction.atomic
def record_follow_up(
    meeting: Meeting,
    *,
    participant: Participant,
    months: int,
    by: Any,
    answer: str,
    value_band: str = "",
    now: dt.datetime | None = None,
) -> FollowUp:
    """Creates or replaces `participant`'s follow-up answer `months` after the edition.

    Runs in a transaction. Raises OutcomeError: "not_yours", "not_ended", "months",
    "value_band".
    """
    now = now or timezone.now()
    _check_side(meeting, participant, now)
    if months not in FOLLOW_UP_MONTHS:
        raise OutcomeError(_("Follow-ups come 3, 6 or 12 months after the edition."), code="months")
    if answer != FollowUpAnswer.YES:
        value_band = ""
    elif value_band not in ValueBand.values and value_band:
        raise OutcomeError(_("Choose a value band."), code="value_band", field="value_band")
    follow_up, created = FollowUp.objects.update_or_create(
        meeting=meeting,
        participant=participant,
        months=months,
        defaults={"answer": answer, "value_band": value_band, "answered_at": now},
    )
    log_action(
        "outcome.follow_up" if created else "outcome.follow_up_changed",
        by=by,
        edition=meeting.edition,
        obj=follow_up,
        meeting=meeting.pk,
        months=months,
    )
    return follow_up
