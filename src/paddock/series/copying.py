"""Copying an edition into a new one of the same series: rooms and tables, the time grid moved
to the new dates (same local times, in the copy's time zone when it moves to another one,
same day offsets from the first day), the sanitary
protocol, the request rules, the booking rules of visits (a wishes deadline moved like the
grid, not yet closed), the recommendations' choice about people who met before, and the
visit zones with their sessions moved the same way (a session cancelled by hand stays
cancelled, with its reason: its cause, a host gone, likely holds next year; one cancelled
because the protocol turned visits off comes back open, since the copied protocol decides
again). People, companies, requests, meetings,
bookings and guides stay behind: a zone hosted by a company of the original names its host
in words. So do the team, its invitations, interpreters, webhook endpoints and the privacy
notice (each edition has its own: the copy shows the built-in text until its organisers
write one). The copy is a draft with registration closed, whatever the original's: its
organiser opens it when it is ready.

A local time that the clocks skip or show twice on its new day, or in the new time zone, is
refused before anything is created (`events.localtime`); one of the hour the original's
clocks show twice keeps which of the two it was where its new day shows that hour twice too.

The organiser's own taxonomy items belong to the organiser, not to an edition: the copy uses
them as the original did.
"""

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, translation
from django.utils.timezone import now as timezone_now
from django.utils.translation import ngettext

from paddock.core.dates import day_and_time
from paddock.core.exceptions import DomainError
from paddock.core.services import log_action
from paddock.events.enums import EditionStatus
from paddock.events.exceptions import GridError
from paddock.events.forms import EDITION_FIELDS
from paddock.events.localtime import kept_local_time, same_local_time
from paddock.events.models import Edition, Room, SanitaryProtocol, Session, Table, TimeSlot
from paddock.events.services.grid import kept_local_times
from paddock.events.services.locking import lock_edition
from paddock.events.services.time_zone import kept_visit_times, wishes_deadline_named
from paddock.events.timegrid import Half, session_name
from paddock.matchmaking.models import MatchmakingSettings
from paddock.visits.enums import VisitStatus
from paddock.visits.models import VisitSession, VisitSettings, Zone

# What the copy keeps of the original's settings: all but its name, dates and what makes it
# public (status, open registration: an original left open would open a draft at once).
NEW_FIELDS = ["name", "slug", "start_date", "end_date", "timezone"]
NOT_COPIED_FIELDS = ["status", "registration_open"]
COPIED_FIELDS = [name for name in EDITION_FIELDS if name not in [*NEW_FIELDS, *NOT_COPIED_FIELDS]]
PROTOCOL_FIELDS = ["max_persons_per_room", "health_pass_required", "visits_allowed"]


class CopyError(DomainError):
    code = "copy_error"


@dataclass(frozen=True)
class RoomPlan:
    name: str
    capacity: int
    tables: list[str]


@dataclass(frozen=True)
class SessionPlan:
    name: str
    date: dt.date
    slots: int


@dataclass(frozen=True)
class CancelledPlan:
    """A session cancelled by hand in the original, copied cancelled: its new day and local
    start, in the reader's language, and its reason."""

    when: str
    reason: str


@dataclass(frozen=True)
class ZonePlan:
    name: str
    sessions: int
    cancelled: list[CancelledPlan]


@dataclass(frozen=True)
class CopyPlan:
    """What copying would create: shown to the organiser before confirming."""

    rooms: list[RoomPlan]
    sessions: list[SessionPlan]
    slots: int
    protocol: SanitaryProtocol
    zones: list[ZonePlan]


def _new_date(source: Edition, day: dt.date, start_date: dt.date) -> dt.date:
    return start_date + (day - source.start_date)


def _session_name(session: Session, day: dt.date) -> str:
    if not session.generated:
        return session.name
    # Generated names are stored in the default language and shown in the reader's.
    with translation.override(settings.LANGUAGE_CODE):
        return session_name(day, Half(session.position))


def _shown_session_name(session: Session, day: dt.date) -> str:
    """The name the new session will show its reader, in their language."""
    return session_name(day, Half(session.position)) if session.generated else session.name


def _last_day(source: Edition) -> dt.date | None:
    """The last day of the original's time grid or of its visits, whichever is later: the
    copy moves both by the same number of days."""
    grid = source.sessions.order_by("-date").values_list("date", flat=True).first()
    visit = (
        VisitSession.objects.filter(zone__edition=source)
        .order_by("-end")
        .values_list("end", flat=True)
        .first()
    )
    days = [grid, visit and visit.astimezone(source.tzinfo).date()]
    return max((day for day in days if day is not None), default=None)


def _check_dates(source: Edition, start_date: dt.date, end_date: dt.date) -> None:
    last = _last_day(source)
    if last is None or _new_date(source, last, start_date) <= end_date:
        return
    days = (last - source.start_date).days + 1
    message = ngettext(
        "The time grid and the visits of %(edition)s span %(days)s day: the last day must be "
        "%(date)s or later.",
        "The time grid and the visits of %(edition)s span %(days)s days: the last day must be "
        "%(date)s or later.",
        days,
    )
    raise CopyError(
        message
        % {
            "edition": source.name,
            "days": days,
            "date": formats.date_format(_new_date(source, last, start_date), "SHORT_DATE_FORMAT"),
        },
        code="grid_longer_than_dates",
        field="end_date",
    )


def copy_plan(
    source: Edition, *, start_date: dt.date, end_date: dt.date, timezone: str = ""
) -> CopyPlan:
    """What `copy_edition` would create with these dates, in `timezone` (the source's when
    blank). Raises CopyError: field `end_date` when the new dates are too short for the time
    grid or the visits, `start_date` when a local time cannot be kept (`_check_local_times`)."""
    _check_dates(source, start_date, end_date)
    tz = zoneinfo.ZoneInfo(timezone or source.timezone)
    _check_local_times(source, start_date, tz)
    rooms = [
        RoomPlan(room.name, room.capacity, [table.label for table in room.tables.all()])
        for room in source.rooms.prefetch_related("tables")
    ]
    sessions = [
        SessionPlan(
            _shown_session_name(session, _new_date(source, session.date, start_date)),
            _new_date(source, session.date, start_date),
            len(session.slots.all()),
        )
        for session in source.sessions.prefetch_related("slots")
    ]
    protocol = SanitaryProtocol.objects.get(edition=source)
    days = (start_date - source.start_date).days
    zones = [
        ZonePlan(
            str(zone),
            len(zone.sessions.all()),
            [
                CancelledPlan(
                    day_and_time(
                        same_local_time(session.start, read_in=source.tzinfo, tz=tz, days=days)
                    ),
                    session.cancel_reason,
                )
                for session in zone.sessions.all()
                if _stays_cancelled(session)
            ],
        )
        for zone in Zone.objects.filter(edition=source).prefetch_related("sessions")
    ]
    return CopyPlan(rooms, sessions, sum(s.slots for s in sessions), protocol, zones)


def _moved(source: Edition, moment: dt.datetime, edition: Edition) -> dt.datetime:
    """The same local time, in the copy's time zone, on the day that has the same offset from
    the copy's first day. `_check_local_times` checked that it exists, once."""
    days = (edition.start_date - source.start_date).days
    return same_local_time(moment, read_in=source.tzinfo, tz=edition.tzinfo, days=days)


def _check_local_times(source: Edition, start_date: dt.date, tz: zoneinfo.ZoneInfo) -> None:
    """Raise CopyError (field `start_date`) naming the first slot, visit or wishes deadline
    whose local time the clocks skip or show twice on its new day in `tz`."""
    days = (start_date - source.start_date).days
    moved = {"read_in": source.tzinfo, "tz": tz, "days": days}
    try:
        for slot in source.slots.select_related("session"):
            kept_local_times(slot, **moved, field="start_date")
    except GridError as error:
        raise CopyError(error.message, code=error.code, field="start_date") from error
    for session in VisitSession.objects.filter(zone__edition=source).select_related("zone"):
        kept_visit_times(session, **moved, error=CopyError, field="start_date")
    rules = VisitSettings.objects.filter(edition=source).first()
    if rules is not None and rules.wishes_deadline is not None:
        kept_local_time(
            rules.wishes_deadline,
            **moved,
            what=wishes_deadline_named(),
            error=CopyError,
            field="start_date",
        )


def _stays_cancelled(session: VisitSession) -> bool:
    """Cancelled by hand: the copy keeps it cancelled. Cancelled by the protocol: open again,
    the copied protocol decides."""
    return session.status == VisitStatus.CANCELLED and not session.cancelled_by_protocol


def _create(source: Edition, fields: dict[str, Any]) -> Edition:
    edition = Edition(
        series=source.series,
        status=EditionStatus.DRAFT,
        registration_open=False,
        **fields,
        **{name: getattr(source, name) for name in COPIED_FIELDS},
    )
    try:
        edition.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise CopyError(messages[0], code="invalid", field=field) from error
    edition.save()
    protocol = SanitaryProtocol.objects.get(edition=source)
    SanitaryProtocol.objects.create(
        edition=edition, **{name: getattr(protocol, name) for name in PROTOCOL_FIELDS}
    )
    return edition


def _copy_venue(source: Edition, edition: Edition) -> None:
    for room in source.rooms.prefetch_related("tables"):
        copy = Room.objects.create(
            edition=edition, name=room.name, capacity=room.capacity, position=room.position
        )
        Table.objects.bulk_create(
            Table(room=copy, label=table.label, position=table.position)
            for table in room.tables.all()
        )


def _copy_grid(source: Edition, edition: Edition) -> None:
    for session in source.sessions.prefetch_related("slots"):
        day = _new_date(source, session.date, edition.start_date)
        copy = Session.objects.create(
            edition=edition,
            name=_session_name(session, day),
            date=day,
            position=session.position,
            generated=session.generated,
        )
        TimeSlot.objects.bulk_create(
            TimeSlot(
                edition=edition,
                session=copy,
                start=_moved(source, slot.start, edition),
                end=_moved(source, slot.end, edition),
            )
            for slot in session.slots.all()
        )


def _copy_settings(source: Edition, edition: Edition) -> None:
    """The booking rules of visits and the recommendations' choice, when the original has
    them (an edition without them uses the defaults)."""
    rules = VisitSettings.objects.filter(edition=source).first()
    if rules is not None:
        deadline = rules.wishes_deadline
        VisitSettings.objects.create(
            edition=edition,
            booking_mode=rules.booking_mode,
            cancellation_deadline_hours=rules.cancellation_deadline_hours,
            wishes_deadline=deadline and _moved(source, deadline, edition),
        )
    matchmaking = MatchmakingSettings.objects.filter(edition=source).first()
    if matchmaking is not None:
        MatchmakingSettings.objects.create(edition=edition, repeat_pairs=matchmaking.repeat_pairs)


ZONE_FIELDS = [
    "name_en",
    "name_fr",
    "kind",
    "meeting_point",
    "description",
    "allowed_roles",
    "health_pass_required",
    "safety_notes",
    "guide_languages",
    "group_size",
]


def _copy_zones(source: Edition, edition: Edition) -> None:
    now = timezone_now()
    for zone in Zone.objects.filter(edition=source).select_related("host_company"):
        copy = Zone.objects.create(
            edition=edition,
            host_name=zone.host_company.name if zone.host_company_id else zone.host_name,
            **{name: getattr(zone, name) for name in ZONE_FIELDS},
        )
        VisitSession.objects.bulk_create(
            VisitSession(
                zone=copy,
                start=_moved(source, session.start, edition),
                end=_moved(source, session.end, edition),
                seats=session.seats,
                travel_before_minutes=session.travel_before_minutes,
                travel_after_minutes=session.travel_after_minutes,
                **_copied_status(session, now),
            )
            for session in zone.sessions.all()
        )


def _copied_status(session: VisitSession, now: dt.datetime) -> dict[str, Any]:
    if not _stays_cancelled(session):
        return {"status": VisitStatus.OPEN}
    return {
        "status": VisitStatus.CANCELLED,
        "cancel_reason": session.cancel_reason,
        "cancelled_at": now,
    }


def sessions_copied_cancelled(edition: Edition) -> int:
    """How many visit sessions of a copy are cancelled: those cancelled by hand in the
    original, just after the copy."""
    return VisitSession.objects.filter(zone__edition=edition, status=VisitStatus.CANCELLED).count()


@transaction.atomic
def copy_edition(
    source: Edition,
    *,
    by: Any,
    name: str,
    slug: str,
    start_date: dt.date,
    end_date: dt.date,
    timezone: str = "",
) -> Edition:
    """Create a draft edition of the source's series from the source (see the module), in
    `timezone` (the source's when blank).

    The caller checked `can_create_edition` on the series. Raises CopyError naming the field:
    an invalid or taken name or slug, dates in the wrong order or too short for the grid or
    the visits, a local time that the clocks skip or show twice on its new day in the new
    zone (field `start_date`); nothing is created then.

    The original is read again under its lock (`lock_edition`): the page read it earlier, and
    a move of its dates meanwhile would have shifted every copied day.
    """
    source = lock_edition(source)
    _check_dates(source, start_date, end_date)
    fields = {
        "name": name,
        "slug": slug,
        "start_date": start_date,
        "end_date": end_date,
        "timezone": timezone or source.timezone,
    }
    if fields["timezone"] in zoneinfo.available_timezones():  # else full_clean names it
        _check_local_times(source, start_date, zoneinfo.ZoneInfo(fields["timezone"]))
    edition = _create(source, fields)
    _copy_venue(source, edition)
    _copy_grid(source, edition)
    _copy_settings(source, edition)
    _copy_zones(source, edition)
    log_action("edition.copy", by=by, edition=edition, obj=edition, source=source.slug)
    return edition
