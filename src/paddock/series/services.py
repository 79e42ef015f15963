"""Writes of the series' history: editions before Paddock, entered one by one or imported."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from paddock.core.exceptions import DomainError
from paddock.core.services import lock_row, log_action, set_changed
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
    already has another edition that year, (code="past_gone") when `past` was deleted
    meanwhile; nothing changes then. A change locks the row, and writes the fields that differ
    from `past` as the caller read it, and those only (`set_changed`).
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
    if past is None:
        past = PastEdition(series=series, **fields)
        past.save()
    elif not lock_row(past):
        raise HistoryError(_("This edition was deleted meanwhile."), code="past_gone")
    else:
        past.save(update_fields=set_changed(past, read=past, **fields))
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
