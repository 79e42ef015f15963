"""What the API shows of meeting requests, meetings and agendas, and what participants send."""

import datetime as dt
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from paddock.api.serializers.common import InSchema
from paddock.core.ids import MAX_ID
from paddock.meetings.models import Meeting, MeetingRequest
from paddock.meetings.queries import AgendaEntry
from paddock.participants.models import Participant


class PersonOut(Schema):
    id: int
    name: str
    company: str


class RequestOut(Schema):
    id: int
    requester: PersonOut
    recipient: PersonOut
    message: str
    priority: str
    status: str
    mutual: bool
    decline_reason: str
    created_at: dt.datetime
    answered_at: dt.datetime | None
    expires_at: dt.datetime | None


class RequestIn(InSchema):
    multiline = frozenset({"message"})
    recipient: int = Field(ge=1, le=MAX_ID)
    message: str = Field("", max_length=2000)
    priority: Literal["must", "should", "could"] = "should"


class DeclineIn(InSchema):
    multiline = frozenset({"reason"})
    reason: str = Field(max_length=2000)


class MeetingOut(Schema):
    id: int
    first: PersonOut
    second: PersonOut
    status: str
    slot: int | None
    start: dt.datetime | None
    end: dt.datetime | None
    room: int | None
    room_name: str | None
    table: int | None
    table_label: str | None


class AgendaEntryOut(Schema):
    meeting: MeetingOut
    other: PersonOut
    they_offer: list[str]
    they_need: list[str]
    message: str


def person_data(participant: Participant) -> dict[str, Any]:
    return {
        "id": participant.pk,
        "name": participant.user.get_full_name() or str(participant.user),
        "company": participant.company.name,
    }


def request_data(item: MeetingRequest) -> dict[str, Any]:
    return {
        "id": item.pk,
        "requester": person_data(item.requester),
        "recipient": person_data(item.recipient),
        "message": item.message,
        "priority": item.priority,
        "status": item.status,
        "mutual": item.mutual,
        "decline_reason": item.decline_reason,
        "created_at": item.created_at,
        "answered_at": item.answered_at,
        "expires_at": item.expires_at,
    }


def meeting_data(meeting: Meeting, *, placed: bool) -> dict[str, Any]:
    """`placed`: show slot and table (the organisers; participants once published)."""
    shown = placed and meeting.slot_id is not None
    return {
        "id": meeting.pk,
        "first": person_data(meeting.first),
        "second": person_data(meeting.second),
        "status": meeting.status,
        "slot": meeting.slot_id if shown else None,
        "start": meeting.slot.start if shown else None,
        "end": meeting.slot.end if shown else None,
        "room": meeting.table.room_id if shown else None,
        "room_name": meeting.table.room.name if shown else None,
        "table": meeting.table_id if shown else None,
        "table_label": meeting.table.label if shown else None,
    }


def agenda_data(entry: AgendaEntry, *, published: bool) -> dict[str, Any]:
    return {
        "meeting": meeting_data(entry.meeting, placed=published),
        "other": person_data(entry.other),
        "they_offer": entry.they_offer,
        "they_need": entry.they_need,
        "message": entry.message,
    }
