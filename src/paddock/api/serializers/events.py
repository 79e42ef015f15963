"""What the API shows of editions, rooms, tables and time slots."""

import datetime as dt
from typing import Any

from ninja import Schema

from paddock.events.models import Edition, Room, Table, TimeSlot


class EditionOut(Schema):
    slug: str
    name: str
    series: str
    start_date: dt.date
    end_date: dt.date
    timezone: str
    languages: list[str]
    status: str
    venue_name: str
    roles: list[str]


class RoomOut(Schema):
    id: int
    name: str
    capacity: int
    table_count: int


class TableOut(Schema):
    id: int
    room: int
    label: str


class SlotOut(Schema):
    id: int
    session: str
    start: dt.datetime
    end: dt.datetime


def edition_data(edition: Edition, *, roles: list[str]) -> dict[str, Any]:
    return {
        "slug": edition.slug,
        "name": edition.name,
        "series": edition.series.name,
        "start_date": edition.start_date,
        "end_date": edition.end_date,
        "timezone": edition.timezone,
        "languages": list(edition.languages),
        "status": edition.status,
        "venue_name": edition.venue_name,
        "roles": roles,
    }


def room_data(room: Room) -> dict[str, Any]:
    return {
        "id": room.pk,
        "name": room.name,
        "capacity": room.capacity,
        "table_count": room.table_count,  # type: ignore[attr-defined]
    }


def table_data(table: Table) -> dict[str, Any]:
    return {"id": table.pk, "room": table.room_id, "label": table.label}


def slot_data(slot: TimeSlot) -> dict[str, Any]:
    return {"id": slot.pk, "session": str(slot.session), "start": slot.start, "end": slot.end}
