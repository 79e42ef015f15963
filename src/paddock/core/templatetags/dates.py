"""`{% date_range edition.start_date edition.end_date %}`: see `paddock.core.dates`."""

import datetime as dt

from django import template

from paddock.core import dates

register = template.Library()


@register.simple_tag
def date_range(start: dt.date, end: dt.date) -> str:
    return dates.date_range(start, end)
