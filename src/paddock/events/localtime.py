"""Local times of an edition's time zone: the instant a wall-clock time names, and the same
local time on another day or in another zone.

Every place that turns an edition's local times into instants goes through here: the forms of
slots, visit sessions and the wishes deadline, the time grid's generator, a change of the
edition's dates or time zone, and the copy of an edition. A local time that the clocks skip
(02:30 on the night they go forward, in Europe) or show twice (02:30 on the night they go
back) is refused with a message that names it. Python's own rule (PEP 495, `fold=0`) would
take the offset before the change for both: a typed 02:30 became 03:30 without a word, and the
second 02:30 of the night could not be chosen at all.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _

from paddock.core.exceptions import DomainError


class LocalTimeError(ValueError):
    """A local time that does not exist, or exists twice, in a time zone.

    `local` is the wall-clock time (naive), `zone` the time zone's name, `skipped` true when
    the clocks skip it (false: they show it twice). `message` says so in the active language."""

    def __init__(self, local: dt.datetime, zone: str, *, skipped: bool) -> None:
        self.local, self.zone, self.skipped = local, zone, skipped
        super().__init__(f"{local:%Y-%m-%d %H:%M} in {zone}")

    @property
    def message(self) -> str:
        values = {
            "time": f"{self.local:%H:%M}",
            "day": formats.date_format(self.local.date(), "SHORT_DATE_FORMAT"),
            "zone": self.zone,
        }
        if self.skipped:
            return (
                _("%(time)s does not exist on %(day)s in %(zone)s: the clocks go forward then.")
                % values
            )
        return _("%(time)s happens twice on %(day)s in %(zone)s: the clocks go back then.") % values


def local_instant(day: dt.date, time: dt.time, tz: dt.tzinfo) -> dt.datetime:
    """The instant that `time` on `day` names in `tz` (aware, in `tz`).

    Raises LocalTimeError when the clocks skip that time or show it twice that day."""
    first = dt.datetime.combine(day, time.replace(fold=0, tzinfo=None), tzinfo=tz)
    second = first.replace(fold=1)
    if first.utcoffset() != second.utcoffset():
        # Read back, a skipped time comes out as another wall-clock time; a repeated one as
        # itself.
        read_back = first.astimezone(dt.UTC).astimezone(tz).replace(tzinfo=None)
        wall = first.replace(tzinfo=None)
        raise LocalTimeError(wall, str(tz), skipped=read_back != wall)
    return first


def same_local_time(
    moment: dt.datetime, *, read_in: dt.tzinfo, tz: dt.tzinfo, days: int = 0
) -> dt.datetime:
    """The wall-clock time that `moment` shows in `read_in`, `days` days later, as an instant
    of `tz`: how a time of the grid or of a visit moves with the edition's dates, its time
    zone, or into a copy. Raises LocalTimeError when that time does not exist or exists twice
    then (see `local_instant`), or when `moment` falls in an hour that `read_in` shows twice:
    two moments an hour apart would show the same local time, and keeping it would put them
    together."""
    local = moment.astimezone(read_in)
    if local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset():
        raise LocalTimeError(local.replace(tzinfo=None, fold=0), str(read_in), skipped=False)
    return local_instant(local.date() + dt.timedelta(days=days), local.time(), tz)


def whole_minutes(value: dt.time | dt.datetime) -> None:
    """Validator of a typed time: hours and minutes only. Pages show times without seconds:
    09:00:30 would show as 09:00, and a slot ending at 09:30:30 would overlap the one shown
    after it at 09:30."""
    if value.second or value.microsecond:
        raise ValidationError(
            _("Give the time in hours and minutes, without seconds: %(time)s, for instance.")
            % {"time": f"{value:%H:%M}"},
            code="seconds",
        )


def typed_time_message(error: LocalTimeError) -> str:
    """The message next to a field where someone typed that time."""
    return _("%(reason)s Choose another time.") % {"reason": error.message}


def kept_local_time(
    moment: dt.datetime,
    *,
    read_in: dt.tzinfo,
    tz: dt.tzinfo,
    days: int = 0,
    what: str,
    error: type[DomainError],
    field: str,
) -> dt.datetime:
    """`same_local_time`, for a program that moves `what` ("The slot Thu 12 Jun morning
    09:00"): raises `error(code="local_time", field=field)` saying which time of what
    cannot be kept."""
    try:
        return same_local_time(moment, read_in=read_in, tz=tz, days=days)
    except LocalTimeError as refused:
        raise error(
            _("%(what)s cannot keep its local time: %(reason)s")
            % {"what": what, "reason": refused.message},
            code="local_time",
            field=field,
        ) from refused
