"""Dates as a reader expects them: a range of days written as short as stays unambiguous."""

import datetime as dt
from collections.abc import Sequence

from django.utils import formats
from django.utils.translation import pgettext


def date_range(start: dt.date, end: dt.date) -> str:
    """ "19 Aug 2021" for one day, "13-14 Jun 2019" (an en dash) within a month, two full
    dates otherwise, in the active language's DATE_FORMAT."""
    last = formats.date_format(end, "DATE_FORMAT")
    if start == end:
        return last
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{last}"
    return f"{formats.date_format(start, 'DATE_FORMAT')} – {last}"


def short_dates(days: Sequence[dt.date]) -> str:
    """Days listed in the active language's SHORT_DATE_FORMAT, "12/06/2031, 13/06/2031", as a
    message naming them writes them."""
    return ", ".join(formats.date_format(day, "SHORT_DATE_FORMAT") for day in days)


def weekday_date(day: dt.date, *, year: bool = True) -> str:
    """A day with its weekday, short: "Thu 12 Jun 2031" in English, "jeu. 12 juin 2031" in
    French; without the year when `year` is false."""
    patterns = {
        # Translators: a Django date format (D weekday, j day, M/N month, Y year), e.g.
        # "Thu 12 Jun 2031". French: "D. j N Y" gives "jeu. 12 juin 2031".
        True: pgettext("day format", "D j M Y"),
        # Translators: a Django date format as above, without the year: "Thu 12 Jun".
        False: pgettext("day format", "D j M"),
    }
    return formats.date_format(day, patterns[year])


def day_and_time(moment: dt.datetime, *, year: bool = True) -> str:
    """A moment (already in the reader's time zone) with its day, as slots are named: "Thu 12
    Jun 2031, 09:00" in English, "jeu. 12 juin 2031, 09:00" in French; without the year when
    `year` is false."""
    return f"{weekday_date(moment.date(), year=year)}, {moment:%H:%M}"


def times_with_days(moments: Sequence[dt.datetime]) -> list[str]:
    """Times as "09:30", with the weekday where the day changes: "Thu 09:00" in English,
    "jeu. 09:00" in French, so that 09:00 of two days cannot be mistaken for each other. The
    moments are already in the reader's time zone."""
    labels, day = [], None
    for moment in moments:
        if moment.date() == day:
            labels.append(formats.time_format(moment, "H:i"))
        else:
            # Translators: a Django date format (D weekday, H:i time), e.g. "Thu 09:00".
            # French: "D. H:i" gives "jeu. 09:00".
            labels.append(formats.date_format(moment, pgettext("day and time format", "D H:i")))
        day = moment.date()
    return labels


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (earlier when negative), or the month's last day when it
    has fewer days."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError  # pragma: no cover  (28 always exists)
