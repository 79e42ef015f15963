"""A change of an edition's time zone keeps its local times: the slots of the time grid, the
visit sessions and the wishes deadline show the same day and time in the new zone as in the
old one (09:00 stays 09:00), so their instants move by the zones' difference. An organiser
changes the zone to correct it, and means the times as typed; the copy of an edition into
another zone follows the same rule (`events.localtime.same_local_time`). New dates carry the
visits and the wishes deadline along as they carry the grid (`carry_visits`).

People told a time keep it: the change is refused while a live meeting sits in a slot that
would move, or someone is booked or waiting for a visit that would move (as moving a slot
under a meeting is refused, `held.move_or_refuse`), unless the organiser confirmed it
(`tell`): a zone set wrong, under a published schedule whose times as shown were right. Then
they move too, their calendar revision raised, and their people are told
(`told_times.tell_new_zone`). Cancelled meetings and no-shows follow their slot, their
calendar revision raised.
"""

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from paddock.core.dates import day_and_time, short_dates
from paddock.core.exceptions import DomainError
from paddock.core.services import log_action
from paddock.events.exceptions import EditionError
from paddock.events.localtime import kept_local_time
from paddock.events.models import Edition
from paddock.events.services.grid import Moves, kept_local_times, write_slot_times
from paddock.events.services.held import revise_moved
from paddock.events.services.told_times import (
    ToldTimes,
    tell_new_zone,
    told_in,
    told_times_changed,
)
from paddock.visits.enums import LIVE_BOOKING_STATUSES
from paddock.visits.models import Booking, VisitSession, VisitSettings

FIELD = "timezone"


def wishes_deadline_named() -> str:
    """The wishes deadline, as a refusal names it."""
    return _("The wishes deadline")


@dataclass(frozen=True)
class LocalTimesKept:
    """How many slots and visit sessions moved, and whether the wishes deadline did; with
    `tell`, how many live meetings and bookings moved, and how many people were told."""

    slots: int
    visits: int
    deadline: bool
    meetings: int = 0
    bookings: int = 0
    people_told: int = 0


def keep_local_times(
    edition: Edition, *, by: Any, old_zone: str, tell: bool | ToldTimes = False
) -> LocalTimesKept:
    """After the edition's time zone changed from `old_zone`, move its slots, visit sessions
    and wishes deadline to the same local times in the new zone. `tell`: the organiser
    confirmed that live meetings and bookings move too (those `tell` holds exactly, when a
    ToldTimes: EditionError `told_times_changed` when others would move); their people are
    told.

    Call inside the transaction that saves the new zone, with the edition and its slots locked
    (`lock_slots`) before the edition row was written; locks the visit sessions (in time
    order) and the visit settings. Raises GridError or EditionError (field "timezone"): a
    local time that the clocks skip or show twice in either zone and, without `tell`, live
    meetings in slots that would move, people booked or waiting for visits that would move.
    Nothing is written then (the caller's transaction rolls back)."""
    old_tz, tz = zoneinfo.ZoneInfo(old_zone), edition.tzinfo
    slots = _moved_slots(edition, old_tz, tz)
    sessions = _moved_sessions(edition, old_tz, tz)
    settings = VisitSettings.objects.select_for_update().filter(edition=edition).first()
    deadline = settings and _kept_deadline(settings, old_tz, tz)
    told = _refuse_if_told(edition, slots, sessions, tell=tell)
    write_slot_times(slots)
    VisitSession.objects.bulk_update(
        [session for session, *_ in sessions], ["start", "end", "sequence"]
    )
    if settings and deadline:
        settings.wishes_deadline = deadline
        settings.save(update_fields=["wishes_deadline"])
    kept = LocalTimesKept(
        slots=len(slots),
        visits=len(sessions),
        deadline=bool(deadline),
        meetings=len(told.meetings),
        bookings=len(told.bookings),
        people_told=tell_new_zone(edition, told, old_zone=old_zone) if told else 0,
    )
    log_action(
        "edition.timezone",
        by=by,
        edition=edition,
        obj=edition,
        old=old_zone,
        new=edition.timezone,
        slots=kept.slots,
        visits=kept.visits,
        deadline=kept.deadline,
        **(
            {"meetings": kept.meetings, "bookings": kept.bookings, "told": kept.people_told}
            if told
            else {}
        ),
    )
    return kept


def _moved_slots(edition: Edition, old_tz: dt.tzinfo, tz: dt.tzinfo) -> Moves:
    """The slots whose instants change, with their new start and end."""
    moves = []
    for slot in edition.slots.select_related("session").order_by("start"):
        start, end = kept_local_times(slot, read_in=old_tz, tz=tz, field=FIELD)
        if (start, end) != (slot.start, slot.end):
            moves.append((slot, start, end))
    return moves


def _moved_sessions(edition: Edition, old_tz: dt.tzinfo, tz: dt.tzinfo) -> Moves:
    """The visit sessions whose instants change, with their new start and end; locked, in time
    order as every writer of several sessions locks them."""
    sessions = (
        VisitSession.objects.select_for_update(of=("self",))
        .filter(zone__edition=edition)
        .select_related("zone")
        .order_by("start", "pk")
    )
    moves = []
    for session in sessions:
        start, end = kept_visit_times(session, read_in=old_tz, tz=tz, error=EditionError)
        if (start, end) != (session.start, session.end):
            session.start, session.end = start, end
            session.sequence += 1  # `_visit_event`: its cancelled seats move in calendars
            moves.append((session, start, end))
    return moves


def _kept_deadline(settings: VisitSettings, old_tz: dt.tzinfo, tz: dt.tzinfo) -> dt.datetime | None:
    """The wishes deadline at its local time in `tz`; None when there is none or it stays."""
    deadline = settings.wishes_deadline
    if deadline is None:
        return None
    kept = kept_local_time(
        deadline,
        read_in=old_tz,
        tz=tz,
        what=wishes_deadline_named(),
        error=EditionError,
        field=FIELD,
    )
    return None if kept == deadline else kept


def kept_visit_times(
    session: VisitSession,
    *,
    read_in: dt.tzinfo,
    tz: dt.tzinfo,
    days: int = 0,
    error: type[DomainError],
    field: str = FIELD,
) -> tuple[dt.datetime, dt.datetime]:
    """The session's start and end at the local times they show in `read_in`, `days` days
    later, in `tz`; raises `error` naming the visit when the clocks skip or repeat one of them
    then (`events.localtime.kept_local_time`)."""
    what = _("The visit of %(zone)s on %(time)s") % {
        "zone": session.zone.name,
        "time": day_and_time(session.start.astimezone(read_in)),
    }
    start, end = (
        kept_local_time(
            moment, read_in=read_in, tz=tz, days=days, what=what, error=error, field=field
        )
        for moment in (session.start, session.end)
    )
    return start, end


def _refuse_if_told(
    edition: Edition, slots: Moves, sessions: Moves, *, tell: bool | ToldTimes = False
) -> ToldTimes:
    """Without `tell`, refuse while people were told a time that would move. Raise the
    calendar revision of the meetings in the slots that move (live ones, with `tell`; the
    cancelled ones and no-shows, which follow their slot) and of those the feeds show there.
    Returns what people were told that moves (nothing, without `tell`)."""
    moved = [slot.pk for slot, *_ in slots]
    told = told_in(moved, [session for session, *_ in sessions])
    live, booked = len(told.meetings), len(told.bookings)
    if isinstance(tell, ToldTimes) and told != tell:
        # Placed or booked since the page counted what the organiser confirmed.
        raise EditionError(told_times_changed(), code="told_times_changed", field=FIELD)
    if live and not tell:
        raise EditionError(
            ngettext(
                "The time zone cannot change: %(count)s scheduled meeting would take place at "
                "another time, and its participants were told its time.",
                "The time zone cannot change: %(count)s scheduled meetings would take place at "
                "other times, and their participants were told them.",
                live,
            )
            % {"count": live},
            code="place_held",
            field=FIELD,
        )
    if booked and not tell:
        raise EditionError(
            ngettext(
                "The time zone cannot change: %(count)s person is booked or waiting for a "
                "visit that would take place at another time, and was told its time.",
                "The time zone cannot change: %(count)s people are booked or waiting for "
                "visits that would take place at other times, and were told them.",
                booked,
            )
            % {"count": booked},
            code="visits_booked",
            field=FIELD,
        )
    revise_moved(edition, slots=moved)
    return told


def _refuse_if_booked(sessions: list[VisitSession], message: Any, *, field: str) -> None:
    """EditionError (`visits_booked`) while someone is booked or waiting for one of
    `sessions`; `message(count)` says why, with a %(count)s."""
    booked = Booking.objects.filter(session__in=sessions, status__in=LIVE_BOOKING_STATUSES).count()
    if booked:
        raise EditionError(message(booked) % {"count": booked}, code="visits_booked", field=field)


def carried_days(
    edition: Edition, *, old_start: dt.date, old_end: dt.date, read_in: dt.tzinfo
) -> int:
    """How many days the grid, the visits and the wishes deadline move with the edition's new
    dates. New dates of the same length: as many as the first day moved. Of another length
    (days added or removed at either end): none while the days of the grid's slots and of
    the visits (their local days in `read_in`) fit in the new dates where they are; as many
    as the first day moved when they fit only so (an edition moved and made longer at once,
    or moved in two saves, the last day first)."""
    days = (edition.start_date - old_start).days
    if not days or edition.end_date - edition.start_date == old_end - old_start:
        return days
    used = set(edition.slots.values_list("session__date", flat=True)) | {
        start.astimezone(read_in).date()
        for start in VisitSession.objects.filter(zone__edition=edition).values_list(
            "start", flat=True
        )
    }

    def inside(shift: int) -> bool:
        return all(
            edition.start_date <= day + dt.timedelta(days=shift) <= edition.end_date for day in used
        )

    return days if inside(days) and not inside(0) else 0


def carry_visits(
    edition: Edition, *, by: Any, days: int, field: str, read_in: dt.tzinfo | None = None
) -> int:
    """After the edition's dates changed, move its visit sessions and wishes deadline `days`
    days later (`carried_days`), at the same local times (those they show in `read_in`, the
    old time zone when it changed too; by default the edition's), as `carry_grid` moves the
    grid; returns how many sessions moved.

    Call inside the transaction that saves the new dates; locks the visit sessions (in time
    order) and the visit settings. Raises EditionError on `field` (the date that changed): a
    visit that would fall outside the new dates (`visits_outside_dates`), people booked or
    waiting for visits that would move (`visits_booked`), a local time the clocks skip or
    show twice on the new day."""
    tz = edition.tzinfo
    read_in = read_in or tz
    sessions = list(
        VisitSession.objects.select_for_update(of=("self",))
        .filter(zone__edition=edition)
        .select_related("zone")
        .order_by("start", "pk")
    )
    moves = [
        (
            session,
            *kept_visit_times(
                session, read_in=read_in, tz=tz, days=days, error=EditionError, field=field
            ),
        )
        for session in sessions
    ]
    outside = sorted(
        {
            start.astimezone(tz).date()
            for _session, start, _end in moves
            if not edition.start_date <= start.astimezone(tz).date() <= edition.end_date
        }
    )
    if outside:
        raise EditionError(
            _(
                "Visits would take place outside these dates, on %(days)s: move or delete "
                "them first."
            )
            % {"days": short_dates(outside)},
            code="visits_outside_dates",
            field=field,
        )
    if not days:
        return 0
    _refuse_if_booked(
        sessions,
        lambda booked: ngettext(
            "The dates cannot change: %(count)s person is booked or waiting for a visit that "
            "would take place on another day, and was told its time.",
            "The dates cannot change: %(count)s people are booked or waiting for visits that "
            "would take place on other days, and were told them.",
            booked,
        ),
        field=field,
    )
    for session, start, end in moves:
        session.start, session.end = start, end
        session.sequence += 1  # `_visit_event`: its cancelled seats move in calendars
    VisitSession.objects.bulk_update(sessions, ["start", "end", "sequence"])
    settings = VisitSettings.objects.select_for_update().filter(edition=edition).first()
    if settings and settings.wishes_deadline is not None:
        settings.wishes_deadline = kept_local_time(
            settings.wishes_deadline,
            read_in=read_in,
            tz=tz,
            days=days,
            what=wishes_deadline_named(),
            error=EditionError,
            field=field,
        )
        settings.save(update_fields=["wishes_deadline"])
    log_action("visits.carry", by=by, edition=edition, obj=edition, days=days, visits=len(moves))
    return len(moves)
