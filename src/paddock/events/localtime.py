"""Local times of an edition's time zone: the instant a wall-clock time names, and the same
local time on another day or in another zone.

Every place that turns an edition's local times into instants goes through here: the forms of
slots, visit sessions and the wishes deadline, the time grid's generator, a change of the
edition's dates or time zone, and the copy of an edition. A local time that the clocks skip
(02:30 on the night they go forward, in Europe) or show twice (02:30 on the night they go
back) is refused with a message that names it. Python's own rule (PEP 495, `fold=0`) would
take the offset before the change for both: a typed 02:30 became 03:30 without a word, and the
second 02:30 of the night could not be chosen at all.

A time moved from a night the clocks go back onto another such night keeps which of the two
it was (its `fold`); moved onto a night without, it is refused: the two would become one.

The agenda reminders' daily time is the exception (`first_instant`): it goes at the first
instant that shows it, or at the moment the clocks skip it to.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _

from paddock.core.exceptions import DomainError


class LocalTimeError(ValueError):
    """A local time that does not exist, or exists twice, in a time zone.

    `local` is the wall-clock time (naive), `zone` the time zone's name, `skipped` true when
    the clocks skip it (false: they show it twice). `once_on`: the day and time zone onto
    which that time, shown twice on its own day, was to move, and which show it once (which
    of the two it was cannot be kept). `message` says so in the active language."""

    def __init__(
        self,
        local: dt.datetime,
        zone: str,
        *,
        skipped: bool,
        once_on: tuple[dt.date, str] | None = None,
    ) -> None:
        self.local, self.zone, self.skipped, self.once_on = local, zone, skipped, once_on
        super().__init__(f"{local:%Y-%m-%d %H:%M} in {zone}")

    @property
    def message(self) -> str:
        values = {
            "time": f"{self.local:%H:%M}",
            "day": formats.date_format(self.local.date(), "SHORT_DATE_FORMAT"),
            "zone": self.zone,
        }
        if self.once_on is not None:
            once_on, once_zone = self.once_on
            values["once_on"] = formats.date_format(once_on, "SHORT_DATE_FORMAT")
            values["once_zone"] = once_zone
            return (
                _(
                    "%(time)s happens twice on %(day)s in %(zone)s, as the clocks go back, and "
                    "once only on %(once_on)s in %(once_zone)s: move it out of that hour first."
                )
                % values
            )
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
    if _shown_twice(first):
        raise LocalTimeError(first.replace(tzinfo=None), str(tz), skipped=not _is_repeated(first))
    return first


def _shown_twice(local: dt.datetime) -> bool:
    """Whether the aware wall-clock time `local` exists twice (or, for a skipped one, not at
    all): its two readings (PEP 495 `fold`) have different offsets."""
    return local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset()


def same_local_time(
    moment: dt.datetime, *, read_in: dt.tzinfo, tz: dt.tzinfo, days: int = 0
) -> dt.datetime:
    """The wall-clock time that `moment` shows in `read_in`, `days` days later, as an instant
    of `tz`: how a time of the grid or of a visit moves with the edition's dates, its time
    zone, or into a copy. Raises LocalTimeError when that time does not exist or exists twice
    then (see `local_instant`).

    A `moment` in an hour that `read_in` shows twice keeps which of the two it is (the first
    02:30 stays the first) when the new day in `tz` shows that hour twice too; else raises
    LocalTimeError (`once_on`): two moments an hour apart would show the same local time, and
    keeping it would put them together."""
    local = moment.astimezone(read_in)
    day = local.date() + dt.timedelta(days=days)
    if not _shown_twice(local):
        return local_instant(day, local.time(), tz)
    moved = dt.datetime.combine(day, local.time().replace(tzinfo=None), tzinfo=tz)
    if not _shown_twice(moved):
        wall = local.replace(tzinfo=None, fold=0)
        raise LocalTimeError(wall, str(read_in), skipped=False, once_on=(day, str(tz)))
    if not _is_repeated(moved):
        return local_instant(day, local.time(), tz)  # raises: the clocks skip it
    return moved


def _is_repeated(local: dt.datetime) -> bool:
    """For a wall-clock time `_shown_twice`: true when the clocks show it twice, false when
    they skip it (read back, a skipped time comes out as another wall-clock time)."""
    read_back = local.astimezone(dt.UTC).astimezone(local.tzinfo)
    return read_back.replace(tzinfo=None, fold=0) == local.replace(tzinfo=None, fold=0)


def first_instant(day: dt.date, time: dt.time, tz: dt.tzinfo) -> dt.datetime:
    """The first instant at which the clocks of `tz` show `time` on `day`, or, when they skip
    it (02:30 on the night they go forward), the moment they jump past it (03:00 in Paris):
    the moment a daily time is reached, as an alarm clock reaches it. Aware, in `tz`."""
    earlier = dt.datetime.combine(day, time.replace(fold=0, tzinfo=None), tzinfo=tz)
    if not _shown_twice(earlier):
        return earlier
    if _is_repeated(earlier):
        return earlier  # fold 0: the first of the two
    # Skipped: the change happens between the two readings, an hour or so apart; find it to
    # the second (the offset before it is the earlier reading's).
    low, high = sorted(reading.astimezone(dt.UTC) for reading in (earlier, earlier.replace(fold=1)))
    before = low.astimezone(tz).utcoffset()
    while high - low > dt.timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(tz).utcoffset() == before:
            low = middle
        else:
            high = middle
    return high.replace(microsecond=0).astimezone(tz)


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
