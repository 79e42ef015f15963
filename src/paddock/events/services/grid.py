"""Writes about the time grid: generating sessions and slots, and adjusting slots by hand.

No two slots of an edition overlap. Every write locks the edition row before checking, so
concurrent changes are checked one after the other; on PostgreSQL the exclusion constraint
`slot_no_overlap` also refuses overlaps, and its IntegrityError becomes the same message.
"""

import datetime as dt
import itertools
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import formats, translation
from django.utils.translation import gettext as _

from paddock.core.dates import short_dates
from paddock.core.services import lock_row, log_action, set_changed
from paddock.events.exceptions import GridError
from paddock.events.localtime import kept_local_time
from paddock.events.models import Edition, Session, TimeSlot
from paddock.events.queries import slots_overlapping
from paddock.events.services.held import holding, move_or_refuse, refusal, release_and_delete
from paddock.events.services.locking import lock_edition
from paddock.events.timegrid import (
    GridSettings,
    GridSettingsError,
    Half,
    check_settings,
    plan_day,
    session_name,
)

# Slots (or visit sessions) with their new start and end.
Moves = list[tuple[Any, dt.datetime, dt.datetime]]


def describe_slot(slot: TimeSlot, tz: dt.tzinfo) -> str:
    """The session name (in the active language) and local times, e.g. Thu 12 Jun morning
    09:00 to 09:30 (en dash)."""
    start, end = slot.start.astimezone(tz), slot.end.astimezone(tz)
    return f"{slot.session} {start:%H:%M}–{end:%H:%M}"


def lock_slots(edition: Edition, **lookup: Any) -> None:
    """Lock the edition's row, then its slots (those `lookup` names), in the order the
    schedule's writes lock them (`lock_edition`): the edition first, always."""
    lock_edition(edition)
    list(edition.slots.select_for_update().filter(**lookup).order_by("pk"))


@transaction.atomic
def generate_time_grid(
    edition: Edition,
    *,
    by: Any,
    days: list[dt.date],
    day_start: dt.time,
    day_end: dt.time,
    meeting_minutes: int,
    pause_minutes: int,
    lunch_start: dt.time | None = None,
    lunch_end: dt.time | None = None,
) -> list[TimeSlot]:
    """Replace the edition's sessions and slots by a grid made from these settings.

    Times are wall-clock times of the edition's time zone. Each day gets a morning and an
    afternoon session (an empty one is left out). Locks the edition and its slots. Raises GridError
    naming the setting to correct (days outside the edition, inconsistent times, a time the
    clocks skip or show twice on one of the days, no slot fits).
    """
    grid = GridSettings(day_start, day_end, meeting_minutes, pause_minutes, lunch_start, lunch_end)
    try:
        check_settings(grid)
    except GridSettingsError as error:
        raise GridError(error.message, code="grid_settings", field=error.field) from error
    _check_days(edition, days)
    lock_slots(edition)
    removed = edition.slots.count()
    refuse = refusal(GridError, _("The grid cannot be replaced: %(reason)s"), field="replace")
    # The sessions' slots go with them.
    released = release_and_delete(
        edition.sessions.all(), holding(slot__edition=edition), refuse, edition=edition
    )
    slots = _create_grid(edition, sorted(set(days)), grid)
    if not slots:
        raise GridError(
            _("No meeting fits between these times; shorten the meetings or lengthen the day."),
            code="grid_empty",
            field="meeting_minutes",
        )
    log_action(
        "grid.generate",
        by=by,
        edition=edition,
        obj=edition,
        days=[day.isoformat() for day in sorted(set(days))],
        settings={
            name: value.isoformat() if isinstance(value, dt.time) else value
            for name, value in vars(grid).items()
        },
        slots_created=len(slots),
        slots_removed=removed,
        meetings_released=released,
    )
    return slots


def _check_days(edition: Edition, days: list[dt.date]) -> None:
    if not days:
        raise GridError(_("Choose at least one day."), code="grid_no_day", field="days")
    outside = sorted(set(days) - set(edition.days))
    if outside:
        raise GridError(
            _("These days are outside the edition: %(days)s.") % {"days": short_dates(outside)},
            code="grid_day_outside",
            field="days",
        )


def _create_grid(edition: Edition, days: list[dt.date], grid: GridSettings) -> list[TimeSlot]:
    slots: list[TimeSlot] = []
    for day in days:
        try:
            planned = plan_day(day, grid, edition.tzinfo)
        except GridSettingsError as error:  # a time the clocks skip or repeat that day
            raise GridError(error.message, code="local_time", field=error.field) from error
        for half, group in itertools.groupby(planned, key=lambda slot: slot.half):
            # The stored name, unique in the edition, is the site language's; pages show
            # each reader the name in their own language (Session.__str__).
            with translation.override(settings.LANGUAGE_CODE):
                name = session_name(day, half)
            session = Session.objects.create(
                edition=edition, name=name, date=day, position=half.value, generated=True
            )
            slots.extend(
                TimeSlot(edition=edition, session=session, start=slot.start, end=slot.end)
                for slot in group
            )
    return TimeSlot.objects.bulk_create(slots)


@transaction.atomic
def add_slot(session: Session, *, by: Any, start: dt.datetime, end: dt.datetime) -> TimeSlot:
    """Add a slot (aware datetimes) to a session. Locks the edition row.

    Raises GridError: end not after start (field "end"), outside the edition's days or the
    session's day, or overlapping another slot of the edition (named in the message)."""
    slot = TimeSlot(edition=session.edition, session=session, start=start, end=end)
    _check_and_save(slot)
    log_action("slot.create", by=by, edition=slot.edition, obj=slot)
    return slot


@transaction.atomic
def update_slot(
    slot: TimeSlot, *, by: Any, start: dt.datetime, end: dt.datetime, session: Session
) -> TimeSlot:
    """Move a slot or change its session; same checks and errors as `add_slot`. Locks the edition
    and the slot; raises GridError(code="slot_gone") for a slot deleted meanwhile. Writes the
    fields that differ from `slot` as the caller read it, and those only (`set_changed`).

    Its times change only while no live meeting is placed in it (people were told these times):
    else raises GridError(code="place_held", field="start"). Cancelled meetings and no-shows
    follow the slot, their calendar revision raised."""
    if session.edition_id != slot.edition_id:
        raise GridError(
            _("This session belongs to another edition."), code="slot_foreign", field="session"
        )
    lock_slots(slot.edition, pk=slot.pk)
    if not lock_row(slot):
        raise GridError(_("This slot was deleted meanwhile."), code="slot_gone", field="start")
    if (start, end) != (slot.start, slot.end):
        refuse = refusal(GridError, _("This slot’s times cannot change: %(reason)s"), field="start")
        move_or_refuse(slot.edition, refuse, slots=[slot.pk])
    changed = set_changed(slot, read=slot, start=start, end=end, session_id=session.pk)
    if "session_id" in changed:
        slot.session = session
    _check_and_save(slot, fields=changed)
    log_action("slot.update", by=by, edition=slot.edition, obj=slot)
    return slot


@transaction.atomic
def delete_slot(slot: TimeSlot, *, by: Any) -> None:
    """Delete a slot. Locks the edition and the slot (as moves into it do, so that a meeting
    placed meanwhile is counted); cancelled meetings and no-shows let it go. Raises
    GridError(code="place_held") while a live meeting is placed in it."""
    lock_slots(slot.edition, pk=slot.pk)
    refuse = refusal(GridError, _("This slot cannot be deleted: %(reason)s"))
    released = release_and_delete(slot, holding(slot=slot), refuse, edition=slot.edition)
    log_action("slot.delete", by=by, edition=slot.edition, obj=slot, meetings_released=released)


def _check_and_save(slot: TimeSlot, *, fields: list[str] | None = None) -> None:
    """Check the slot's times, lock the edition, refuse overlaps, then save (`fields` only,
    when given)."""
    _check_times(slot)
    lock_edition(slot.edition)
    conflict = _first_conflict(slot)
    if conflict is not None:
        raise _overlap_error(slot.edition, conflict)
    try:
        with transaction.atomic():  # a savepoint: the transaction stays usable on error
            slot.save(update_fields=fields)
    except IntegrityError as error:
        # The database refused an overlap (PostgreSQL) or a shared start time.
        conflict = _first_conflict(slot)
        if conflict is None:
            raise
        raise _overlap_error(slot.edition, conflict) from error


def _first_conflict(slot: TimeSlot) -> TimeSlot | None:
    overlapping = slots_overlapping(slot.edition, slot.start, slot.end, exclude_pk=slot.pk)
    return overlapping.select_related("session").first()


def _overlap_error(edition: Edition, conflict: TimeSlot) -> GridError:
    return GridError(
        _("This slot overlaps the slot %(slot)s.")
        % {"slot": describe_slot(conflict, edition.tzinfo)},
        code="slot_overlap",
        field="start",
    )


def _check_times(slot: TimeSlot) -> None:
    if slot.end <= slot.start:
        raise GridError(
            _("The slot must end after it starts."), code="slot_end_before_start", field="end"
        )
    edition, tz = slot.edition, slot.edition.tzinfo
    first_day = slot.start.astimezone(tz).date()
    last_day = (slot.end - dt.timedelta(microseconds=1)).astimezone(tz).date()
    if first_day not in edition.days or last_day not in edition.days:
        raise GridError(
            _("Slots must fall within the edition's days (%(first)s to %(last)s).")
            % {
                "first": formats.date_format(edition.start_date, "SHORT_DATE_FORMAT"),
                "last": formats.date_format(edition.end_date, "SHORT_DATE_FORMAT"),
            },
            code="slot_out_of_edition",
            field="start",
        )
    if first_day != slot.session.date or last_day != first_day:
        raise GridError(
            _("The slot must fall on its session's day (%(day)s).")
            % {"day": formats.date_format(slot.session.date, "SHORT_DATE_FORMAT")},
            code="slot_off_session_day",
            field="session",
        )


def carry_grid(
    edition: Edition, *, by: Any, days: int, field: str, read_in: dt.tzinfo | None = None
) -> int:
    """After the edition's dates changed, move its sessions and slots `days` days later (see
    `time_zone.carried_days`), at the same local times (those they show in `read_in`, the old
    time zone when it changed too; by default the edition's); returns how many slots moved.

    Call inside the transaction that saves the new dates, with the edition and its slots
    locked first (`lock_slots`, before the edition row is written). Raises GridError:
    slots that would fall outside the new dates (on `field`, the date that changed), or live
    meetings placed in the slots that would move ("place_held")."""
    lock_slots(edition)
    shift = dt.timedelta(days=days)
    sessions = _without_empty_outside(edition, shift, by=by)
    _check_inside(edition, [session.date for session in sessions], shift, field=field)
    if not shift or not sessions:
        return 0
    refuse = refusal(
        GridError, _("The grid cannot move with these dates: %(reason)s"), field="start_date"
    )
    move_or_refuse(edition, refuse)
    slots = list(edition.slots.select_related("session").order_by("start"))
    write_slot_times(
        [
            (
                slot,
                *kept_local_times(
                    slot,
                    read_in=read_in or edition.tzinfo,
                    tz=edition.tzinfo,
                    days=shift.days,
                    field="start_date",
                ),
            )
            for slot in slots
        ]
    )
    # Moving later, the last first (and earlier, the first first): no two sessions ever share
    # a name on the way.
    later = shift > dt.timedelta(0)
    for session in reversed(sessions) if later else sessions:
        session.name, session.date = _carried_name(session, shift), session.date + shift
        session.save(update_fields=["name", "date"])
    log_action("grid.carry", by=by, edition=edition, obj=edition, days=shift.days, slots=len(slots))
    return len(slots)


def _without_empty_outside(edition: Edition, shift: dt.timedelta, *, by: Any) -> list[Session]:
    """The edition's sessions, by day; those without slots whose day, moved by `shift`, falls
    outside the new dates are deleted: no page deletes a session, and an organiser empties
    the days to remove by deleting their slots."""
    sessions = list(
        edition.sessions.annotate(slot_count=Count("slots")).order_by("date", "position")
    )
    outside = [
        session
        for session in sessions
        if not session.slot_count
        and not edition.start_date <= session.date + shift <= edition.end_date
    ]
    if outside:
        Session.objects.filter(pk__in=[session.pk for session in outside]).delete()
        log_action(
            "grid.empty_sessions_delete",
            by=by,
            edition=edition,
            obj=edition,
            sessions=[session.name for session in outside],
        )
    return [session for session in sessions if session not in outside]


def _check_inside(
    edition: Edition, days: list[dt.date], shift: dt.timedelta, *, field: str
) -> None:
    """Refuse when a day of the grid, moved by `shift`, falls outside the edition's dates."""
    outside = sorted(
        {day for day in days if not edition.start_date <= day + shift <= edition.end_date}
    )
    if outside:
        raise GridError(
            _(
                "The grid has slots outside these dates, on %(days)s: delete them or "
                "regenerate the grid first."
            )
            % {"days": short_dates(outside)},
            code="grid_outside_dates",
            field=field,
        )


def _carried_name(session: Session, shift: dt.timedelta) -> str:
    """A generated name ("Thu 12 Jun morning") follows its day; a name given by hand stays."""
    if not session.generated:
        return session.name
    # Generated names are stored in the default language and shown in the reader's.
    with translation.override(settings.LANGUAGE_CODE):
        return session_name(session.date + shift, Half(session.position))


def kept_local_times(
    slot: TimeSlot, *, read_in: dt.tzinfo, tz: dt.tzinfo, days: int = 0, field: str
) -> tuple[dt.datetime, dt.datetime]:
    """The slot's start and end at the local times they show in `read_in`, `days` days later,
    in `tz`. Raises GridError(code="local_time", `field`) naming the slot when the clocks skip
    or repeat one of those times then (`events.localtime.kept_local_time`)."""
    what = _("The slot %(slot)s") % {"slot": describe_slot(slot, read_in)}
    start, end = (
        kept_local_time(
            moment, read_in=read_in, tz=tz, days=days, what=what, error=GridError, field=field
        )
        for moment in (slot.start, slot.end)
    )
    return start, end


def write_slot_times(moves: Moves) -> None:
    """Write the slots' new times in two passes: first each one set aside, past every old and
    new time, then in its place: two queries, whatever the grid's size. Written in place, a slot
    could land on one not yet moved (new dates, or a zone whose difference changes with
    summer time), and the database refuses two slots of an edition that overlap or start
    together, row by row."""
    if not moves:
        return
    last = max(*(slot.end for slot, *_ in moves), *(end for *_, end in moves))
    aside = last - min(start for _slot, start, _end in moves) + dt.timedelta(days=1)
    for offset in (aside, dt.timedelta(0)):
        for slot, start, end in moves:
            slot.start, slot.end = start + offset, end + offset
        TimeSlot.objects.bulk_update([slot for slot, *_ in moves], ["start", "end"])
