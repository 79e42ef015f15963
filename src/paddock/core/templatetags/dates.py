"""`{% date_range edition.start_date edition.end_date %}` and `{{ moment|weekday }}`: see
`paddock.core.dates`."""

import datetime as dt

from django import template

from paddock.core import dates

register = template.Library()


@register.simple_tag
def date_range(start: dt.date, end: dt.date) -> str:
    return dates.date_range(start, end)


@register.filter(expects_localtime=True)
def weekday(value: dt.date | dt.datetime) -> str:
    """The day of a date or of a moment (in the current time zone), with its weekday and
    without the year: "Thu 12 Jun", "jeu. 12 juin"."""
    day = value.date() if isinstance(value, dt.datetime) else value
    return dates.weekday_date(day, year=False)
