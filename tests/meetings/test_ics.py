"""How the calendar feed is written: the same bytes as icalendar's own `to_ical`, folded
without its character-by-character loop (issue 16)."""

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
