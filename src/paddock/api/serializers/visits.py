"""What the API shows of zones, visit sessions and bookings: what the portal and the zone
hosts' pages show, never another participant's booking to a participant."""

import datetime as dt
from typing import Any

from ninja import Schema

from paddock.api.serializers.meetings import PersonOut, person_data
from paddock.visits.models import Booking, VisitSession, Zone


class ZoneOut(Schema):
    id: int
    name: str
    name_en: str
    name_fr: str
    kind: str
    host: str
    meeting_point: str
    description: str
    allowed_roles: list[str]
    health_pass_required: bool
    safety_notes: str
    guide_languages: list[str]
    group_size: int


class OwnBookingOut(Schema):
    id: int
    status: str
    position: int | None


class VisitOut(Schema):
    id: int
    zone: ZoneOut
    start: dt.datetime
    end: dt.datetime
    seats: int
    booked: int
    waiting: int
    seats_left: int
    status: str
    cancel_reason: str
    travel_before_minutes: int
    travel_after_minutes: int
    mine: OwnBookingOut | None


class BookingOut(Schema):
    id: int
    visit: int
    zone: str
    start: dt.datetime
    end: dt.datetime
    status: str
    position: int | None
    created_at: dt.datetime
    cancelled_at: dt.datetime | None


class VisitorOut(Schema):
    id: int
    participant: PersonOut
    status: str
    position: int | None
    checked_in_at: dt.datetime | None


def zone_data(zone: Zone, *, edition_pass: bool) -> dict[str, Any]:
    """The zone and its conditions; `edition_pass`: the sanitary protocol asks a health pass
    for every visit of the edition (`visits.queries.health_pass_required`, asked once)."""
    return {
        "id": zone.pk,
        "name": zone.name,
        "name_en": zone.name_en,
        "name_fr": zone.name_fr,
        "kind": zone.kind,
        "host": zone.host,
        "meeting_point": zone.meeting_point,
        "description": zone.description,
        "allowed_roles": list(zone.allowed_roles),
        "health_pass_required": zone.health_pass_required or edition_pass,
        "safety_notes": zone.safety_notes,
        "guide_languages": list(zone.guide_languages),
        "group_size": zone.group_size,
    }


def own_booking_data(booking: Booking | None) -> dict[str, Any] | None:
    if booking is None:
        return None
    return {"id": booking.pk, "status": booking.status, "position": booking.position}


def visit_data(
    session: VisitSession, *, edition_pass: bool, mine: Booking | None = None
) -> dict[str, Any]:
    """A session annotated by `visits.queries.with_counts`; `mine`: the reader's booking."""
    return {
        "id": session.pk,
        "zone": zone_data(session.zone, edition_pass=edition_pass),
        "start": session.start,
        "end": session.end,
        "seats": session.seats,
        "booked": session.booked,  # type: ignore[attr-defined]
        "waiting": session.waiting,  # type: ignore[attr-defined]
        "seats_left": max(session.seats - session.booked, 0),  # type: ignore[attr-defined]
        "status": session.status,
        "cancel_reason": session.why_cancelled,
        "travel_before_minutes": session.travel_before_minutes,
        "travel_after_minutes": session.travel_after_minutes,
        "mine": own_booking_data(mine),
    }


def booking_data(booking: Booking) -> dict[str, Any]:
    """One of the reader's own bookings, with its visit."""
    session = booking.session
    return {
        "id": booking.pk,
        "visit": session.pk,
        "zone": session.zone.name,
        "start": session.start,
        "end": session.end,
        "status": booking.status,
        "position": booking.position,
        "created_at": booking.created_at,
        "cancelled_at": booking.cancelled_at,
    }


def visitor_data(booking: Booking) -> dict[str, Any]:
    """Someone booked or waiting, as the zone hosts' and organisers' pages list them."""
    return {
        "id": booking.pk,
        "participant": person_data(booking.participant),
        "status": booking.status,
        "position": booking.position,
        "checked_in_at": booking.checked_in_at,
    }
