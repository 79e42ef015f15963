"""The reports as a list of sections: each a titled table of figures drawn as one chart.

A dashboard, a download and the funders' PDF all show sections, built from figures read once
(queries.py). A new kind of figure is one more function in EDITION_SECTIONS.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django_countries import countries

from paddock.core.dates import day_and_time
from paddock.exchange.writing import Cell, Table
from paddock.meetings.enums import RequestStatus
from paddock.outcomes.enums import NextStep, ValueBand
from paddock.participants.enums import ParticipantStatus, Sector
from paddock.reports.queries import EditionFigures, KeyFigures

# A chart shows the largest rows; the table beside it shows them all.
CHART_ROWS = 12


@dataclass(frozen=True)
class Section:
    """`rows` start with a label; `chart` is "bar", "hbar" or "line" (pygal's kinds), drawn
    from the value columns `columns` (indexes in a row); `unit` is "%" for percentages."""

    key: str
    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    chart: str = "bar"
    columns: Sequence[int] = (1,)
    unit: str = ""

    def table(self) -> Table:
        return Table(self.title, self.headers, self.rows)


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def participants_section(figures: EditionFigures) -> Section:
    statuses = [(str(s.label), figures.by_status[s.value]) for s in ParticipantStatus]
    return Section(
        "participants",
        _("Participants"),
        [_("Stage"), _("Participants")],
        [*statuses, (pgettext("participants", "Present"), figures.present)],
    )


def countries_section(figures: EditionFigures) -> Section:
    return Section(
        "countries",
        _("Participants by country"),
        [_("Country"), _("Participants")],
        [(str(countries.name(code)) or code, n) for code, n in figures.by_country],
        chart="hbar",
    )


def sectors_section(figures: EditionFigures) -> Section:
    labels = dict(Sector.choices)
    return Section(
        "sectors",
        _("Participants by sector"),
        [_("Sector"), _("Participants")],
        [(str(labels.get(code, code)), n) for code, n in figures.by_sector],
        chart="hbar",
    )


def requests_section(figures: EditionFigures) -> Section:
    """The funnel from a request to a meeting held; meetings without a request (walk-ins, the
    organisers' own) count from "scheduled" on."""
    requests, meetings = figures.requests, figures.meetings
    sent = sum(requests.values())
    answered = requests[RequestStatus.ACCEPTED] + requests[RequestStatus.DECLINED]
    return Section(
        "requests",
        _("From request to meeting"),
        [_("Stage"), _("Number"), _("Share of requests sent (%)")],
        [
            (_("Requests sent"), sent, percent(sent, sent)),
            (_("Requests answered"), answered, percent(answered, sent)),
            (_("Requests accepted"), requests[RequestStatus.ACCEPTED], None),
            (_("Meetings scheduled"), meetings["scheduled"], None),
            (_("Meetings held"), meetings["held"], None),
        ],
        chart="hbar",
    )


def no_shows_section(figures: EditionFigures) -> Section:
    meetings = figures.meetings
    one = meetings["no_show"] - meetings["no_show_both"]
    return Section(
        "no-shows",
        _("Meetings held and missed"),
        [_("Meetings"), _("Number"), _("Share (%)")],
        [
            (row[0], row[1], percent(row[1], meetings["held"] + meetings["no_show"]))
            for row in (
                (_("Held"), meetings["held"]),
                (_("One participant missing"), one),
                (_("Both participants missing"), meetings["no_show_both"]),
            )
        ],
    )


def table_use_section(figures: EditionFigures) -> Section:
    return Section(
        "table-use",
        _("Tables used per time slot"),
        [_("Time slot"), _("Share of tables used (%)"), _("Meetings")],
        [
            (
                day_and_time(localtime(slot.start, figures.edition.tzinfo), year=False),
                percent(slot.used, figures.tables),
                slot.used,
            )
            for slot in figures.slots
        ],
        chart="line",
        unit="%",
    )


def outcomes_section(figures: EditionFigures) -> Section:
    """What the participants said came of their meetings: how many sides answered (out of two
    per meeting held), how many say it took place, and the next steps they agreed."""
    held_sides = 2 * figures.meetings["held"]
    answers, took_place = figures.outcomes["answers"], figures.outcomes["took_place"]
    return Section(
        "outcomes",
        _("What came of the meetings"),
        [_("Answer"), _("Number"), _("Share of answers (%)")],
        [
            (_("Answers (two sides per meeting held)"), answers, percent(answers, held_sides)),
            (_("The meeting took place"), took_place, percent(took_place, answers)),
            *(
                (str(step.label), figures.next_steps.get(step.value, 0), None)
                for step in NextStep
                if step != NextStep.NONE
            ),
        ],
        chart="hbar",
    )


def value_bands_section(figures: EditionFigures) -> Section:
    return Section(
        "value-bands",
        _("Business at stake"),
        [_("Value"), _("Answers")],
        [(str(band.label), figures.value_bands.get(band.value, 0)) for band in ValueBand],
    )


EDITION_SECTIONS: list[Callable[[EditionFigures], Section]] = [
    participants_section,
    countries_section,
    sectors_section,
    requests_section,
    no_shows_section,
    table_use_section,
    outcomes_section,
    value_bands_section,
]


def edition_sections(figures: EditionFigures) -> list[Section]:
    return [build(figures) for build in EDITION_SECTIONS]


def key_figures_section(lines: Sequence[KeyFigures]) -> Section:
    """The series' editions side by side: one row per edition."""
    return Section(
        "key-figures",
        _("Key figures by edition"),
        [
            _("Edition"),
            _("Participants"),
            _("Companies"),
            _("Countries"),
            _("Meetings held"),
            _("No-show rate (%)"),
        ],
        [
            (
                line.name,
                line.participants,
                line.companies,
                line.countries,
                line.held,
                line.no_show_rate,
            )
            for line in lines
        ],
        # Countries are too few to show beside hundreds of participants: the table has them.
        columns=(1, 2, 4),
    )


def no_show_rate_section(lines: Sequence[KeyFigures]) -> Section:
    return Section(
        "no-show-rate",
        _("No-show rate by edition"),
        [_("Edition"), _("No-show rate (%)")],
        [(line.name, line.no_show_rate) for line in lines],
        unit="%",
    )


def outcomes_by_edition_section(lines: Sequence[KeyFigures]) -> Section:
    """Meetings that at least one side answered about, and those that led to a next step
    (documentation, a quote, an order…) by either side's account."""
    return Section(
        "outcomes-by-edition",
        _("What came of the meetings, by edition"),
        [
            _("Edition"),
            _("Meetings with an outcome"),
            _("Meetings that led to a next step"),
            _("Share that led to a next step (%)"),
        ],
        [
            (
                line.name,
                line.outcomes.answered,
                line.outcomes.next_step,
                line.outcomes.next_step_rate,
            )
            for line in lines
            if line.outcomes is not None
        ],
        columns=(1, 2),
    )


def value_bands_by_edition_section(lines: Sequence[KeyFigures]) -> Section:
    """The business at stake as the answers gave it, one column per value band."""
    return Section(
        "value-bands-by-edition",
        _("Business at stake, by edition"),
        [_("Edition"), *(str(band.label) for band in ValueBand)],
        [
            (line.name, *(line.outcomes.value_bands.get(band, 0) for band in ValueBand))
            for line in lines
            # Editions before Paddock carry no value bands.
            if line.outcomes is not None and line.edition is not None
        ],
        columns=tuple(range(1, len(ValueBand) + 1)),
    )


SERIES_SECTIONS: list[Callable[[Sequence[KeyFigures]], Section]] = [
    key_figures_section,
    no_show_rate_section,
    outcomes_by_edition_section,
    value_bands_by_edition_section,
]


def series_sections(lines: Sequence[KeyFigures]) -> list[Section]:
    return [build(lines) for build in SERIES_SECTIONS]


def section_named(sections: Sequence[Section], key: str) -> Section | None:
    return next((section for section in sections if section.key == key), None)
