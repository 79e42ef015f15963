"""What the API shows of outcomes: a participant their own side's answers only, the
organisers both sides and where they disagree; and what a participant sends."""

import datetime as dt
import enum
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from paddock.api.serializers.common import InSchema
from paddock.api.serializers.meetings import PersonOut, person_data
from paddock.meetings.models import Meeting
from paddock.outcomes.enums import FOLLOW_UP_MONTHS
from paddock.outcomes.models import FollowUp, Outcome
from paddock.participants.models import Participant

NextStepValue = Literal[
    "none", "documentation", "quote", "samples", "visit", "order", "partnership"
]
ValueBandValue = Literal["", "lt10k", "10-50k", "50-250k", "gt250k"]


# When follow-ups are asked (3, 6, 12): an enum, so that the schema lists them.
FollowUpMonths = enum.IntEnum(  # type: ignore[misc]  # functional API, from the domain's tuple
    "FollowUpMonths", {f"AFTER_{months}": months for months in FOLLOW_UP_MONTHS}
)


class AnswerOut(Schema):
    took_place: bool
    interest: int | None
    next_step: str
    value_band: str
    comment: str
    answered_at: dt.datetime


class FollowUpOut(Schema):
    months: int
    answer: str
    value_band: str
    answered_at: dt.datetime


class SideOut(Schema):
    participant: int
    answer: AnswerOut | None
    follow_ups: list[FollowUpOut]


class OutcomeOut(Schema):
    meeting: int
    first: PersonOut
    second: PersonOut
    status: str
    start: dt.datetime | None
    end: dt.datetime | None
    sides: list[SideOut]
    disagreements: list[str]


class OutcomeIn(InSchema):
    """One side's answer, as the portal's form: `interest` (1 to 5) when it took place."""

    multiline = frozenset({"comment"})
    took_place: bool
    interest: int | None = Field(None, ge=1, le=5)
    next_step: NextStepValue = "none"
    value_band: ValueBandValue = ""
    comment: str = Field("", max_length=2000)


class FollowUpIn(InSchema):
    answer: Literal["yes", "in_progress", "no"]
    value_band: ValueBandValue = ""


def answer_data(outcome: Outcome | None) -> dict[str, Any] | None:
    if outcome is None:
        return None
    return {
        "took_place": outcome.took_place,
        "interest": outcome.interest,
        "next_step": outcome.next_step,
        "value_band": outcome.value_band,
        "comment": outcome.comment,
        "answered_at": outcome.answered_at,
    }


def follow_up_data(follow_up: FollowUp) -> dict[str, Any]:
    return {
        "months": follow_up.months,
        "answer": follow_up.answer,
        "value_band": follow_up.value_band,
        "answered_at": follow_up.answered_at,
    }


def side_data(
    participant: Participant, outcome: Outcome | None, follow_ups: list[FollowUp]
) -> dict[str, Any]:
    return {
        "participant": participant.pk,
        "answer": answer_data(outcome),
        "follow_ups": [follow_up_data(item) for item in follow_ups],
    }


def outcome_data(
    meeting: Meeting, sides: list[dict[str, Any]], disagreements: list[str]
) -> dict[str, Any]:
    """`sides`: the reader's own side alone for a participant, both for the organisers."""
    return {
        "meeting": meeting.pk,
        "first": person_data(meeting.first),
        "second": person_data(meeting.second),
        "status": meeting.status,
        "start": meeting.slot.start if meeting.slot_id else None,
        "end": meeting.slot.end if meeting.slot_id else None,
        "sides": sides,
        "disagreements": disagreements,
    }
