"""The reports' figures, read with a fixed number of aggregate queries whatever the size of an
edition or the number of editions of a series."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q

from paddock.checkin.models import CheckIn
from paddock.events.models import Edition, EventSeries, Table, TimeSlot
from paddock.meetings.enums import Absence, MeetingStatus, RequestStatus
from paddock.meetings.models import Meeting, MeetingRequest
from paddock.meetings.queries import held_and_missed
from paddock.outcomes.models import Outcome
from paddock.outcomes.queries import OutcomeSummary
from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Participant
from paddock.series.history import series_history


@dataclass(frozen=True)
class SlotUse:
    start: dt.datetime
    used: int


@dataclass(frozen=True)
class EditionFigures:
    """Raw counts of one edition; the sections (sections.py) turn them into tables."""

    edition: Edition
    by_status: dict[str, int]
    present: int
    by_country: list[tuple[str, int]]
    by_sector: list[tuple[str, int]]
    requests: dict[str, int]
    meetings: dict[str, int]
    tables: int
    slots: list[SlotUse]
    outcomes: dict[str, int]  # answers, took_place
    next_steps: dict[str, int]  # next step -> answers that chose it
    value_bands: dict[str, int]  # value band -> answers that gave it


# A Paddock edition where nobody answered yet: zeros (an edition before Paddock: unknown).
NO_OUTCOMES = OutcomeSummary(answered=0, next_step=0)


@dataclass(frozen=True)
class KeyFigures:
    """One edition's line in a series: the figures funders compare from year to year. An
    edition before Paddock has no `edition`, only its summary figures."""

    name: str
    participants: int
    companies: int
    countries: int
    held: int
    no_shows: int
    outcomes: OutcomeSummary | None  # None when nobody said what came of the meetings
    edition: Edition | None = None

    @property
    def no_show_rate(self) -> float | None:
        """No-shows among the meetings that were due (held or missed), in percent."""
        due = self.held + self.no_shows
        return round(100 * self.no_shows / due, 1) if due else None


def _counts(rows: object, key: str) -> list[tuple[str, int]]:
    pairs = [(row[key] or "", row["n"]) for row in rows]  # type: ignore[attr-defined]
    return sorted(pairs, key=lambda pair: (-pair[1], pair[0]))


def meeting_counts() -> dict[str, Any]:
    """Aggregates over meetings: scheduled, held and no-shows (`meetings.queries`)."""
    due = Q(slot__isnull=False, status__in=[MeetingStatus.SCHEDULED, MeetingStatus.NO_SHOW])
    return {
        "total": Count("pk"),
        "scheduled": Count("pk", filter=due),
        **held_and_missed(),
        "no_show_both": Count("pk", filter=Q(status=MeetingStatus.NO_SHOW, absent=Absence.BOTH)),
    }


def edition_figures(edition: Edition) -> EditionFigures:
    participants = Participant.objects.filter(edition=edition)
    by_status = dict(participants.values_list("status").annotate(n=Count("pk")))
    requests = dict(
        MeetingRequest.objects.filter(edition=edition).values_list("status").annotate(n=Count("pk"))
    )
    meetings = Meeting.objects.filter(edition=edition).aggregate(**meeting_counts())
    used = dict(
        Meeting.objects.filter(edition=edition, status=MeetingStatus.SCHEDULED, table__isnull=False)
        .values_list("slot")
        .annotate(n=Count("pk"))
    )
    slots = TimeSlot.objects.filter(edition=edition).order_by("start").values_list("pk", "start")
    answers = Outcome.objects.filter(meeting__edition=edition)
    return EditionFigures(
        edition=edition,
        by_status={status: by_status.get(status, 0) for status in ParticipantStatus.values},
        present=CheckIn.objects.filter(edition=edition).aggregate(
            n=Count("participant", distinct=True)
        )["n"],
        by_country=_counts(
            participants.values("company__country").annotate(n=Count("pk")), "company__country"
        ),
        by_sector=_counts(
            participants.values("company__sector").annotate(n=Count("pk")), "company__sector"
        ),
        requests={status: requests.get(status, 0) for status in RequestStatus.values},
        meetings=meetings,
        tables=Table.objects.filter(room__edition=edition).count(),
        slots=[SlotUse(start, used.get(pk, 0)) for pk, start in slots],
        outcomes=answers.aggregate(
            answers=Count("pk"), took_place=Count("pk", filter=Q(took_place=True))
        ),
        next_steps=dict(
            answers.exclude(next_step="").values_list("next_step").annotate(n=Count("pk"))
        ),
        value_bands=dict(
            answers.exclude(value_band="").values_list("value_band").annotate(n=Count("pk"))
        ),
    )


def series_key_figures(series: EventSeries, *, until: Edition | None = None) -> list[KeyFigures]:
    """The key figures of every edition of the series, the oldest first, up to `until`
    (included): the series' history (`series.history`), so the editions before Paddock are in
    with their summary figures."""
    rows = series_history(series)
    if until is not None:
        ends = [i for i, row in enumerate(rows) if row.edition == until]
        rows = rows[: ends[0] + 1] if ends else rows
    return [
        KeyFigures(
            name=row.name,
            participants=row.participants,
            companies=row.companies,
            countries=row.countries,
            held=row.meetings_held,
            no_shows=row.no_shows,
            outcomes=row.outcomes or (NO_OUTCOMES if row.edition else None),
            edition=row.edition,
        )
        for row in rows
    ]
