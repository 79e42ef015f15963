"""Pure computation of a day's meeting slots from a few settings; no database.

Times are entered as wall-clock times of the edition's time zone. The arithmetic runs on
UTC instants, so that a meeting lasts its real length even on a day when clocks change.
"""

import datetime as dt
import enum
import zoneinfo
from dataclasses import dataclass

from django.utils.translation import gettext as _

from paddock.core.dates import weekday_date
from paddock.events.localtime import LocalTimeError, local_instant, typed_time_message

NOON = dt.time(12, 0)
MAX_MEETING_MINUTES = 240


class Half(enum.IntEnum):
    """Which session of the day a slot belongs to; the value orders sessions within a day."""

    MORNING = 0
    AFTERNOON = 1


def session_name(day: dt.date, half: Half) -> str:
    """The name of a generated session in the active language: "Thu 12 Jun morning",
    "jeu. 12 juin, matin"."""
    label = weekday_date(day, year=False)
    if half is Half.MORNING:
        # Translators: a session name, e.g. "Thu 12 Jun morning"; French "jeu. 12 juin, matin".
        return _("%(day)s morning") % {"day": label}
    # Translators: a session name, e.g. "Thu 12 Jun afternoon".
    return _("%(day)s afternoon") % {"day": label}


@dataclass(frozen=True)
class GridSettings:
    day_start: dt.time
    day_end: dt.time
    meeting_minutes: int
    pause_minutes: int
    lunch_start: dt.time | None = None
    lunch_end: dt.time | None = None


@dataclass(frozen=True)
class PlannedSlot:
    half: Half
    start: dt.datetime
    end: dt.datetime


class GridSettingsError(ValueError):
    """Settings that cannot make a grid; `field` names the setting to correct."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def check_settings(grid: GridSettings) -> None:
    """Raise GridSettingsError naming the first setting that makes no sense."""
    if not 1 <= grid.meeting_minutes <= MAX_MEETING_MINUTES:
        raise GridSettingsError(
            _("A meeting lasts between 1 and %(max)s minutes.") % {"max": MAX_MEETING_MINUTES},
            field="meeting_minutes",
        )
    if grid.pause_minutes < 0:
        raise GridSettingsError(_("The pause cannot be negative."), field="pause_minutes")
    if grid.pause_minutes > MAX_MEETING_MINUTES:
        raise GridSettingsError(
            _("A pause lasts at most %(max)s minutes.") % {"max": MAX_MEETING_MINUTES},
            field="pause_minutes",
        )
    if grid.day_end <= grid.day_start:
        raise GridSettingsError(_("The day must end after it starts."), field="day_end")
    if (grid.lunch_start is None) != (grid.lunch_end is None):
        field = "lunch_end" if grid.lunch_end is None else "lunch_start"
        raise GridSettingsError(
            _("Give both the start and the end of lunch, or neither."), field=field
        )
    if grid.lunch_start is not None and grid.lunch_end is not None:
        if grid.lunch_end <= grid.lunch_start:
            raise GridSettingsError(_("Lunch must end after it starts."), field="lunch_end")
        if grid.lunch_start < grid.day_start or grid.lunch_end > grid.day_end:
            raise GridSettingsError(
                _("Lunch must fall between the start and the end of the day."),
                field="lunch_start",
            )


def _instant(day: dt.date, time: dt.time, tz: zoneinfo.ZoneInfo, *, field: str) -> dt.datetime:
    try:
        return local_instant(day, time, tz).astimezone(dt.UTC)
    except LocalTimeError as error:
        raise GridSettingsError(typed_time_message(error), field=field) from error


def plan_day(day: dt.date, grid: GridSettings, tz: zoneinfo.ZoneInfo) -> list[PlannedSlot]:
    """The slots of one day, in UTC: back to back with the pause between them, none crossing
    lunch or the end of the day. Morning ends at lunch, or at noon when there is no lunch.

    Raises GridSettingsError naming the setting whose time the clocks skip or show twice that
    day (`events.localtime`)."""
    check_settings(grid)
    meeting = dt.timedelta(minutes=grid.meeting_minutes)
    step = meeting + dt.timedelta(minutes=grid.pause_minutes)
    day_end = _instant(day, grid.day_end, tz, field="day_end")
    noon = _instant(day, NOON, tz, field="lunch_start")
    lunch: tuple[dt.datetime, dt.datetime] | None = None
    if grid.lunch_start is not None and grid.lunch_end is not None:
        lunch = (
            _instant(day, grid.lunch_start, tz, field="lunch_start"),
            _instant(day, grid.lunch_end, tz, field="lunch_end"),
        )
    afternoon_from = lunch[0] if lunch else noon
    slots: list[PlannedSlot] = []
    start = _instant(day, grid.day_start, tz, field="day_start")
    while start + meeting <= day_end:
        if lunch and start < lunch[1] and start + meeting > lunch[0]:
            start = lunch[1]  # resume right after lunch; no pause needed
            continue
        half = Half.MORNING if start < afternoon_from else Half.AFTERNOON
        slots.append(PlannedSlot(half=half, start=start, end=start + meeting))
        start += step
    return slots
