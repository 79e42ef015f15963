"""How the calendar feed is written: the same bytes as icalendar's own `to_ical`, folded
without its character-by-character loop (issue 16)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar, Event, vDDDTypes, vInt, vText
from icalendar.parser.string import _foldline

from paddock.events.models import Edition
from paddock.meetings import ics
from paddock.meetings.emails import site_host
from paddock.meetings.enums import MeetingStatus
from paddock.meetings.queries import AgendaPerson, AgendaRow

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


# Any text a person may type, line breaks, commas, semicolons and backslashes included.
TEXTS = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=120)
MOMENTS = st.datetimes(
    min_value=dt.datetime(2000, 1, 1),  # noqa: DTZ001 (hypothesis takes naive bounds)
    max_value=dt.datetime(2100, 1, 1),  # noqa: DTZ001 (the same)
    timezones=st.just(dt.UTC),
)


@st.composite
def agenda_rows(draw):
    start = draw(MOMENTS)
    return AgendaRow(
        pk=draw(st.integers(1, 2**63 - 1)),
        status=draw(st.sampled_from(MeetingStatus.values)),
        sequence=draw(st.integers(0, 10**6)),
        updated_at=draw(MOMENTS),
        start=start,
        end=start + dt.timedelta(minutes=draw(st.integers(5, 600))),
        room=draw(TEXTS),
        table=draw(TEXTS),
        interpreter=draw(TEXTS),
        message=draw(TEXTS),
        other=AgendaPerson(draw(TEXTS), draw(TEXTS), 1, draw(TEXTS), "FR"),
        they_offer=draw(st.lists(TEXTS, max_size=3)),
        they_need=draw(st.lists(TEXTS, max_size=3)),
    )


def _icalendar_event(row, venue, link):
    """The meeting as an icalendar `Event`: how the feed wrote it before (issue 16)."""
    zone = ZoneInfo(EDITION_ZONES[venue])
    other = row.other
    lines = [f"{other.name} – {other.job_title}" if other.job_title else other.name, other.company]
    if row.they_offer:
        lines.append(f"They offer: {', '.join(row.they_offer)}")
    if row.they_need:
        lines.append(f"They need: {', '.join(row.they_need)}")
    if row.interpreter:
        lines.append(f"Interpreter: {row.interpreter}")
    if row.message:
        lines.append(row.message)
    lines.append(link)
    place = f"{row.room}, table {row.table}"
    event = Event()
    event.add("uid", vText(f"meeting-{row.pk}@{site_host()}"))
    event.add("sequence", vInt(row.sequence))
    event.add("dtstamp", vDDDTypes(row.updated_at.astimezone(dt.UTC)))
    event.add("dtstart", vDDDTypes(row.start.astimezone(zone)))
    event.add("dtend", vDDDTypes(row.end.astimezone(zone)))
    event.add("summary", vText(f"Meeting with {other.name} ({other.company})"))
    event.add("location", vText(f"{place} – {venue}" if venue else place))
    event.add("description", vText("\n".join(lines)))
    event.add(
        "status", vText("CONFIRMED" if row.status == MeetingStatus.SCHEDULED else "CANCELLED")
    )
    return event


# Venues named after their zone, so that the reference finds the zone from the venue.
EDITION_ZONES = {"": "Europe/Paris", "Hall; 1, \\ B": "UTC", "Tokyo Big Sight": "Asia/Tokyo"}


@given(row=agenda_rows(), venue=st.sampled_from(list(EDITION_ZONES)), link=TEXTS)
def test_meeting_event_is_what_icalendar_writes(row, venue, link):
    edition = Edition(timezone=EDITION_ZONES[venue], venue_name=venue)

    with translation.override("en"):
        written = ics.MeetingEvents.for_feed(edition, link).event(row)

    assert written == ics.calendar_bytes(_icalendar_event(row, venue, link))


# One zone needing a VTIMEZONE at most: icalendar orders several as a set does.
@pytest.mark.parametrize(
    ("zone", "tzids", "other"),
    [
        ("UTC", [], "Europe/Paris"),
        ("Europe/Paris", ["Europe/Paris"], "UTC"),
        ("Europe/Paris", ["Europe/Paris"], "Europe/Paris"),
    ],
)
def test_calendar_with_written_events_puts_them_first_with_their_zone(zone, tzids, other):
    first, last = dt.date(2031, 1, 1), dt.date(2031, 12, 31)
    expected = _meeting_calendar(zone, other)
    expected.add_missing_timezones(first_date=first, last_date=last)
    event = _meeting_calendar(zone).subcomponents[0]
    calendar = _meeting_calendar(other)
    calendar.subcomponents[0]["UID"] = vText("meeting-1@example.com")

    written = ics.with_timezones(
        calendar, first, last, events=ics.calendar_bytes(event), tzids=tzids
    )

    assert written == expected.to_ical()
