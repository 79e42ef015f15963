"""The series before Paddock: summary figures of the editions 2008 to 2018 (about a hundred
participants a year, from several countries, as the seed story says), and the directory's
returning organisations linked across the editions built by Paddock."""

import datetime as dt
import random
from typing import Any

from paddock.events.models import Edition, EventSeries
from paddock.participants.organisations import link_company, organisation_suggestions
from paddock.series.services import save_past_edition

FIRST_YEAR, LAST_YEAR_BEFORE_PADDOCK = 2008, 2018


def _thursday_before_the_race(year: int) -> dt.date:
    """The second Thursday of June: the race week's business day in a normal year."""
    first = dt.date(year, 6, 1)
    return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 7)


def add_past_editions(series: EventSeries, *, by: Any, seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311  # demo data, not security
    for year in range(FIRST_YEAR, LAST_YEAR_BEFORE_PADDOCK + 1):
        participants = rng.randint(85, 115)
        meetings = participants * rng.randint(40, 55) // 10
        day = _thursday_before_the_race(year)
        save_past_edition(
            series,
            by=by,
            year=year,
            start_date=day,
            end_date=day + dt.timedelta(days=1),
            place="Technoparc, Le Mans",
            participants=participants,
            companies=participants * 4 // 5,
            countries=rng.randint(5, 8),
            meetings_held=meetings,
            no_shows=meetings * rng.randint(3, 8) // 100,
            notes="",
        )


def link_returning_organisations(editions: list[Edition], *, by: Any) -> None:
    """The organiser confirms every suggested returning organisation, as on the participants
    page: the firms of 2019 that came back in 2021 share one organisation."""
    for edition in editions:
        for company, organisation in organisation_suggestions(edition):
            link_company(company, by=by, organisation=organisation)
