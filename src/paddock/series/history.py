"""The series' history: one row per edition since the first, figures computed by a constant
number of queries (one per kind of figure, grouped by edition)."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count

from paddock.events.models import Edition, EventSeries
from paddock.meetings.models import Meeting
from paddock.meetings.queries import held_and_missed
from paddock.outcomes.queries import OutcomeSummary, outcome_summaries
from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Participant
from paddock.series.models import PastEdition


@dataclass(frozen=True)
class HistoryRow:
    year: int
    name: str
    start_date: dt.date | None
    end_date: dt.date | None
    place: str
    status: str  # the edition's status label, empty for an edition before Paddock
    participants: int
    companies: int
    countries: int
    meetings_held: int
    no_shows: int
    outcomes: OutcomeSummary | None  # None when nobody said what came of the meetings
    edition: Edition | None = None
    past: PastEdition | None = None

    @property
    def planned(self) -> int:
        return self.meetings_held + self.no_shows

    @property
    def no_show_rate(self) -> float | None:
        return self.no_shows / self.planned if self.planned else None


def _people(editions: list[Edition]) -> dict[int, dict[str, Any]]:
    rows = (
        Participant.objects.filter(edition__in=editions, status=ParticipantStatus.VALIDATED)
        .values("edition")
        .annotate(
            people=Count("pk", distinct=True),
            firms=Count("company", distinct=True),
            lands=Count("company__country", distinct=True),
        )
    )
    return {row["edition"]: row for row in rows}


def _meetings(editions: list[Edition]) -> dict[int, dict[str, Any]]:
    rows = (
        Meeting.objects.filter(edition__in=editions).values("edition").annotate(**held_and_missed())
    )
    return {row["edition"]: row for row in rows}


def _edition_row(edition: Edition, people: dict, meetings: dict, outcomes: dict) -> HistoryRow:
    counts, met = people.get(edition.pk, {}), meetings.get(edition.pk, {})
    return HistoryRow(
        year=edition.start_date.year,
        name=edition.name,
        start_date=edition.start_date,
        end_date=edition.end_date,
        place=edition.venue_name,
        status=edition.get_status_display(),
        participants=counts.get("people", 0),
        companies=counts.get("firms", 0),
        countries=counts.get("lands", 0),
        meetings_held=met.get("held", 0),
        no_shows=met.get("no_show", 0),
        outcomes=outcomes.get(edition.pk),
        edition=edition,
    )


def _past_outcomes(past: PastEdition) -> OutcomeSummary | None:
    if past.meetings_answered is None:
        return None
    return OutcomeSummary(answered=past.meetings_answered, next_step=past.meetings_with_next_step)


def _past_row(past: PastEdition) -> HistoryRow:
    return HistoryRow(
        year=past.year,
        name=f"{past.series.name} {past.year}",
        start_date=past.start_date,
        end_date=past.end_date,
        place=past.place,
        status="",
        participants=past.participants,
        companies=past.companies,
        countries=past.countries,
        meetings_held=past.meetings_held,
        no_shows=past.no_shows,
        outcomes=_past_outcomes(past),
        past=past,
    )


def series_history(series: EventSeries) -> list[HistoryRow]:
    """Every edition of the series, the oldest first: those before Paddock from their summary
    figures, Paddock's from its data (validated participants, their companies and countries,
    scheduled meetings whose slot has ended, no-shows, what the participants said came of
    their meetings)."""
    editions = list(Edition.objects.filter(series=series).order_by("start_date"))
    people, meetings = _people(editions), _meetings(editions)
    outcomes = outcome_summaries(editions)
    rows = [_edition_row(edition, people, meetings, outcomes) for edition in editions]
    past = PastEdition.objects.filter(series=series).select_related("series")
    rows += [_past_row(row) for row in past]
    return sorted(rows, key=lambda row: (row.year, row.start_date or dt.date(row.year, 1, 1)))
