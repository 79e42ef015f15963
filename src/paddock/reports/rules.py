"""Who sees the reports: an edition's to its organisers and staff, a series' to its
organisers (the series spans editions whose staff differ)."""

from typing import Any

from paddock.events import rules
from paddock.events.models import Edition, EventSeries


def can_view_edition_report(user: Any, edition: Edition) -> bool:
    return rules.can_manage_participants(user, edition)


def can_view_series_report(user: Any, series: EventSeries) -> bool:
    return rules.can_create_edition(user, series)
