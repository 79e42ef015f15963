"""What the API shows of check-ins, and what check-in agents send to scan a badge."""

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import Field

from paddock.api.serializers.common import InSchema
from paddock.api.serializers.meetings import PersonOut, person_data
from paddock.checkin.models import CheckIn
from paddock.core.ids import MAX_ID


class CheckInOut(Schema):
    id: int
    participant: PersonOut
    room: int | None
    room_name: str | None
    checked_in_at: dt.datetime
    health_pass_checked: bool


class CheckInIn(InSchema):
    """A badge `code` as scanned, or a `participant` id as the desk's name search gives it;
    `room` empty for the entrance."""

    code: str | None = Field(None, max_length=32)
    participant: int | None = Field(None, ge=1, le=MAX_ID)
    room: int | None = Field(None, ge=1, le=MAX_ID)
    health_pass_checked: bool = False


def checkin_data(checkin: CheckIn) -> dict[str, Any]:
    return {
        "id": checkin.pk,
        "participant": person_data(checkin.participant),
        "room": checkin.room_id,
        "room_name": checkin.room.name if checkin.room_id else None,
        "checked_in_at": checkin.checked_in_at,
        "health_pass_checked": checkin.health_pass_checked,
    }
