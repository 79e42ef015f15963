"""Reads of the visits app: settings, sessions with their counts, a participant's bookings."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.db.models import Count, F, Q, QuerySet
from django.shortcuts import get_object_or_404

from paddock.checkin.models import CheckIn
from paddock.core.prepared import Param, Prepared
from paddock.events.models import Edition
from paddock.events.queries import protocol_of
from paddock.meetings.enums import MeetingStatus
from paddock.meetings.models import Meeting
from paddock.participants.models import Participant
from paddock.visits.enums import BookingMode, BookingStatus, VisitStatus
from paddock.visits.models import (
    MAX_TRAVEL_MINUTES,
    Booking,
    VisitSession,
    VisitSettings,
    VisitWish,
    Zone,
)


def settings_of(edition: Edition) -> VisitSettings:
    """The edition's visit settings; the defaults (unsaved) when the organiser set none."""
    found = VisitSettings.objects.filter(edition=edition).first()
    return found or VisitSettings(edition=edition)


def visits_allowed(edition: Edition) -> bool:
    """The sanitary protocol's word on visits (allowed when the edition has no protocol)."""
    protocol = protocol_of(edition)
    return protocol is None or protocol.visits_allowed


def wishes_mode(edition: Edition) -> bool:
    """Visits run, and their seats are placed from wishes by the scheduling run."""
    return settings_of(edition).booking_mode == BookingMode.WISHES and visits_allowed(edition)


def wishes_open(edition: Edition, now: dt.datetime) -> bool:
    """Participants may rank zones: wishes mode, before the deadline, and no scheduling run
    has taken the wishes yet."""
    found = settings_of(edition)
    return (
        wishes_mode(edition)
        and found.wishes_closed_at is None
        and (found.wishes_deadline is None or now < found.wishes_deadline)
    )


def wishes_of(participant: Participant) -> list[VisitWish]:
    """The participant's wishes, first choice first."""
    return list(participant.visit_wishes.select_related("zone").order_by("rank", "pk"))


def wishable_zones(edition: Edition) -> QuerySet[Zone]:
    """The zones with an open session: what participants may rank."""
    open_sessions = VisitSession.objects.filter(status=VisitStatus.OPEN)
    return (
        Zone.objects.filter(edition=edition, pk__in=open_sessions.values("zone_id"))
        .select_related("host_company")
        .order_by("name_en", "pk")
    )


def entrance_days(edition: Edition) -> dict[int, set[dt.date]]:
    """For each participant: the days they passed the entrance check with a health pass."""
    tz = edition.tzinfo
    rows = CheckIn.objects.filter(edition=edition, room=None, health_pass_checked=True).values_list(
        "participant_id", "checked_in_at"
    )
    out: dict[int, set[dt.date]] = {}
    for participant_pk, at in rows:
        out.setdefault(participant_pk, set()).add(at.astimezone(tz).date())
    return out


def health_pass_required(zone: Zone) -> bool:
    """The zone's own condition, or the protocol's for the whole edition."""
    protocol = protocol_of(zone.edition)
    return zone.health_pass_required or bool(protocol and protocol.health_pass_required)


def with_counts(sessions: QuerySet[VisitSession]) -> QuerySet[VisitSession]:
    """Sessions with `booked` and `waiting` counts."""
    return sessions.annotate(
        booked=Count("bookings", filter=Q(bookings__status=BookingStatus.CONFIRMED)),
        waiting=Count("bookings", filter=Q(bookings__status=BookingStatus.WAITING)),
    )


def sessions_over_seats(edition: Edition) -> QuerySet[VisitSession]:
    """Open sessions with more people booked than seats (the zone's group size was lowered),
    with `booked`, by start."""
    return (
        with_counts(VisitSession.objects.filter(zone__edition=edition, status=VisitStatus.OPEN))
        .filter(booked__gt=F("seats"))  # type: ignore[misc]  # with_counts' annotation
        .select_related("zone")
        .order_by("start", "pk")
    )


def zones_of(edition: Edition) -> QuerySet[Zone]:
    """The edition's zones with their counts of sessions and live bookings."""
    return (
        Zone.objects.filter(edition=edition)
        .select_related("host_company")
        .annotate(
            session_count=Count("sessions", distinct=True),
            live_count=Count(
                "sessions__bookings",
                filter=Q(
                    sessions__bookings__status__in=[BookingStatus.CONFIRMED, BookingStatus.WAITING]
                ),
                distinct=True,
            ),
        )
    )


def zone_for(edition: Edition, pk: int) -> Zone:
    """A zone of the edition, or 404."""
    zone = get_object_or_404(Zone.objects.select_related("host_company"), edition=edition, pk=pk)
    zone.edition = edition
    return zone


def session_for(edition: Edition, pk: int) -> VisitSession:
    """A visit session of the edition, or 404."""
    session = get_object_or_404(
        VisitSession.objects.select_related("zone__host_company", "guide"),
        zone__edition=edition,
        pk=pk,
    )
    session.zone.edition = edition
    return session


def sessions_of(zone: Zone) -> QuerySet[VisitSession]:
    return with_counts(zone.sessions.select_related("guide")).order_by("start", "pk")


def people_of(session: VisitSession) -> QuerySet[Booking]:
    """The session's live bookings: confirmed first, then the waiting list in order."""
    return (
        session.bookings.filter(status__in=[BookingStatus.CONFIRMED, BookingStatus.WAITING])
        .select_related("participant__user", "participant__company")
        .order_by("status", "position", "created_at", "pk")
    )


def portal_sessions(edition: Edition, now: dt.datetime) -> QuerySet[VisitSession]:
    """The open sessions not yet started, with counts, for the participants' page."""
    return with_counts(
        VisitSession.objects.filter(zone__edition=edition, status=VisitStatus.OPEN, start__gt=now)
        .select_related("zone__host_company", "zone__edition")
        .order_by("start", "zone__name_en", "pk")
    )


def bookings_of(participant: Participant) -> dict[int, Booking]:
    """The participant's live bookings by session pk."""
    live = participant.visit_bookings.filter(
        status__in=[BookingStatus.CONFIRMED, BookingStatus.WAITING]
    )
    return {booking.session_id: booking for booking in live}


def my_bookings(participant: Participant) -> QuerySet[Booking]:
    """Every booking of the participant, live or cancelled, with its session and zone."""
    return participant.visit_bookings.select_related("session__zone").order_by(
        "session__start", "pk"
    )


def agenda_visits(participant: Participant, *, include_cancelled: bool = False) -> list[Booking]:
    """The participant's seats in visits, in time order, for their agenda; with
    `include_cancelled`, also the seats cancelled since and those moved back to the waiting
    list (for the calendar feed, which shows them cancelled), but never a place in a waiting
    list that was not a seat first."""
    return _AGENDA_VISITS[include_cancelled].all(participant=participant.pk)


def _agenda_visits_query(*, include_cancelled: bool) -> Prepared[Booking]:
    """The bookings of `agenda_visits`, compiled once (paddock.core.prepared): on every agenda
    and feed, building the query cost more than reading it, even with no visit."""

    def build() -> QuerySet[Booking]:
        rows = Booking.objects.filter(
            participant_id=Param("participant", models.BigIntegerField())
        ).select_related("session__zone__host_company")
        if include_cancelled:
            # A revision above 0 on a booking not confirmed: it was a seat, then went back to
            # the waiting list (a group made smaller), where it may have been left since.
            rows = rows.filter(
                Q(status=BookingStatus.CONFIRMED)
                | Q(status=BookingStatus.CANCELLED, position__isnull=True)
                | Q(sequence__gt=0)
            )
        else:
            rows = rows.filter(status=BookingStatus.CONFIRMED, session__status=VisitStatus.OPEN)
        return rows.order_by("session__start", "pk")

    return Prepared(build)


_AGENDA_VISITS = {
    cancelled: _agenda_visits_query(include_cancelled=cancelled) for cancelled in (False, True)
}


def away_window(session: VisitSession) -> tuple[dt.datetime, dt.datetime]:
    """When a visitor is away from the meeting rooms: the visit and its travel both ways."""
    return (
        session.start - dt.timedelta(minutes=session.travel_before_minutes),
        session.end + dt.timedelta(minutes=session.travel_after_minutes),
    )


def overlapping_meeting(session: VisitSession, participant: Participant) -> Meeting | None:
    """The participant's first scheduled meeting that the visit (travel included) overlaps."""
    start, end = away_window(session)
    return (
        Meeting.objects.filter(
            Q(first=participant) | Q(second=participant),
            status=MeetingStatus.SCHEDULED,
            slot__start__lt=end,
            slot__end__gt=start,
        )
        .select_related("slot", "first__user", "second__user")
        .order_by("slot__start", "pk")
        .first()
    )


def overlapping_visit(session: VisitSession, participant: Participant) -> Booking | None:
    """The participant's confirmed booking of another session at the same time."""
    return (
        Booking.objects.filter(
            participant=participant,
            status=BookingStatus.CONFIRMED,
            session__status=VisitStatus.OPEN,
            session__start__lt=session.end,
            session__end__gt=session.start,
        )
        .exclude(session=session)
        .select_related("session__zone")
        .first()
    )


def visitors_during(edition: Edition, slots: Iterable[Any]) -> dict[int, dict[int, Zone]]:
    """For each slot (anything with `pk`, `start`, `end`): the participants away on a visit
    they are confirmed for, travel included, and the zone they visit. One query."""
    slots = list(slots)
    out: dict[int, dict[int, Zone]] = {slot.pk: {} for slot in slots}
    if not slots:
        return out
    margin = dt.timedelta(minutes=MAX_TRAVEL_MINUTES)
    bookings = Booking.objects.filter(
        status=BookingStatus.CONFIRMED,
        session__status=VisitStatus.OPEN,
        session__zone__edition=edition,
        session__start__lt=max(slot.end for slot in slots) + margin,
        session__end__gt=min(slot.start for slot in slots) - margin,
    ).select_related("session__zone")
    for booking in bookings.order_by("session__start", "pk"):
        start, end = away_window(booking.session)
        for slot in slots:
            if slot.start < end and slot.end > start:
                out[slot.pk].setdefault(booking.participant_id, booking.session.zone)
    return out


def hosted_sessions(edition: Edition, guide: Any) -> list[VisitSession]:
    """The open sessions `guide` guides (None: every open one), each with its `expected`
    (confirmed) bookings; two queries."""
    open_sessions = VisitSession.objects.filter(zone__edition=edition, status=VisitStatus.OPEN)
    if guide is not None:
        open_sessions = open_sessions.filter(guide=guide)
    sessions = list(open_sessions.select_related("zone", "guide").order_by("start", "pk"))
    confirmed = (
        Booking.objects.filter(session__in=sessions, status=BookingStatus.CONFIRMED)
        .select_related("participant__user", "participant__company")
        .order_by("participant__user__last_name", "participant__user__first_name", "pk")
    )
    by_session: dict[int, list[Booking]] = {s.pk: [] for s in sessions}
    for booking in confirmed:
        by_session[booking.session_id].append(booking)
    for session in sessions:
        session.expected = by_session[session.pk]  # type: ignore[attr-defined]  # for the page
    return sessions
