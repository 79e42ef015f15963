"""Writes of the series' history: editions before Paddock, entered one by one or imported."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from paddock.core.exceptions import DomainError
from paddock.core.services import log_action
from paddock.events.models import EventSeries
from paddock.series.models import PastEdition


class HistoryError(DomainError):
    code = "history_error"


@transaction.atomic
def save_past_edition(
    series: EventSeries, *, by: Any, past: PastEdition | None = None, **fields: Any
) -> PastEdition:
    """Create (or, given `past`, change) the summary of an edition before Paddock.

    The fields were validated by the form. Raises HistoryError (field `year`) when the series
    already has another edition that year; nothing changes then.
    """
    taken = PastEdition.objects.filter(series=series, year=fields["year"])
    if past is not None:
        taken = taken.exclude(pk=past.pk)
    if taken.exists():
        raise HistoryError(
            _("The series already has an edition in %(year)s.") % {"year": fields["year"]},
            code="year_taken",
            field="year",
        )
    past = past or PastEdition(series=series)
    for name, value in fields.items():
        setattr(past, name, value)
    past.save()
    log_action("series.past_edition", by=by, obj=past, year=past.year)
    return past


@transaction.atomic
def import_past_editions(
    series: EventSeries, *, by: Any, rows: list[dict[str, Any]]
) -> list[PastEdition]:
    """Create or replace the summaries of these years, all or nothing. The rows were
    validated (`PastEditionForm`); a year given twice keeps its last line."""
    saved = []
    for fields in rows:
        past, _created = PastEdition.objects.update_or_create(
            series=series, year=fields["year"], defaults=fields
        )
        saved.append(past)
    log_action("series.past_import", by=by, obj=series, years=[row["year"] for row in rows])
    return saved
