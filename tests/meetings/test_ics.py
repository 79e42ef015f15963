"""How the calendar feed is written: the same bytes as icalendar's own `to_ical`, folded
without its character-by-character loop (issue 16)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar, Event
from icalendar.parser.string import _foldline

from paddock.meetings import ics

pytestmark = pytest.mark.unit

# Lines as icalendar writes them: any text but a line break (escaped before folding), and
# without lone surrogates, which no database text holds and neither side can encode.
LINES = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"),
    max_size=400,
)


@given(LINES)
def test_folded_line_is_what_icalendar_folds(line):
    assert ics.folded(line) == _foldline(line).encode()


def test_folded_line_keeps_an_escape_on_the_next_line():
    line = "DESCRIPTION:" + "a" * 61 + "\\nb" + "é" * 40 + "^" + "z" * 80

    assert ics.folded(line) == _foldline(line).encode()


def test_calendar_bytes_are_what_icalendar_writes():
    calendar = Calendar()
    calendar.add("prodid", ics.PRODID)
    event = Event()
    event.add("summary", "Rendez-vous avec Éloïse Lefèvre (Précision Mécanique de l’Ouest)")
    event.add("description", "Ils proposent : fusion laser, usinage 5 axes\n" * 6)
    event.add("location", "Hall 1, table 12 – Circuit des 24 Heures")
    calendar.add_component(event)

    assert ics.calendar_bytes(calendar) == calendar.to_ical()


def _meeting_calendar(*zones: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", ics.PRODID)
    calendar.add("x-wr-calname", "BEGIN:VEVENT in a name")
    for number, zone in enumerate(zones):
        event = Event()
        event.add("uid", f"meeting-{number}@example.com")
        event.add("dtstart", dt.datetime(2031, 6, 12, 9, tzinfo=ZoneInfo(zone)))
        calendar.add_component(event)
    return calendar


@pytest.mark.parametrize(
    "zones", [(), ("UTC",), ("Europe/Paris",), ("Europe/Paris", "Europe/Paris", "UTC")]
)
def test_calendar_with_timezones_is_what_icalendar_writes(zones):
    # Issue 16: the VTIMEZONEs are written once per zone and years, not on every feed.
    first, last = dt.date(2031, 1, 1), dt.date(2031, 12, 31)
    expected = _meeting_calendar(*zones)
    expected.add_missing_timezones(first_date=first, last_date=last)

    written = ics.with_timezones(_meeting_calendar(*zones), dt.date(2031, 6, 12), last)

    assert written == expected.to_ical()


def test_calendar_timezone_follows_the_zone_and_the_years_at_once():
    ics.with_timezones(
        _meeting_calendar("Europe/Paris"), dt.date(2031, 6, 12), dt.date(2031, 6, 13)
    )
    expected = _meeting_calendar("Asia/Tokyo")
    expected.add_missing_timezones(first_date=dt.date(2030, 1, 1), last_date=dt.date(2032, 12, 31))

    written = ics.with_timezones(
        _meeting_calendar("Asia/Tokyo"), dt.date(2030, 6, 12), dt.date(2032, 6, 13)
    )

    assert written == expected.to_ical()
