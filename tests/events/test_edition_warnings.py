"""The warnings an organiser sees about an edition, from plain facts."""

import datetime as dt
import zoneinfo

import pytest

from paddock.events.edition_warnings import EditionFacts, SlotFacts, edition_warnings
from paddock.events.enums import EditionStatus

pytestmark = pytest.mark.unit

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
JUNE_12 = dt.date(2031, 6, 12)
AFTER = dt.date(2031, 6, 13)


def _edition(status=EditionStatus.SCHEDULED, *, registration_open=False):
    return EditionFacts(status, JUNE_12, registration_open)


def _slot(start, end, day=JUNE_12):
    at = dt.datetime.combine(day, dt.time(0), tzinfo=PARIS)
    begin = at + dt.timedelta(hours=start[0], minutes=start[1])
    finish = at + dt.timedelta(hours=end[0], minutes=end[1])
    return SlotFacts(f"morning {begin:%H:%M}–{finish:%H:%M}", begin, finish)


def _codes(warnings):
    return [(w.code, w.message) for w in warnings]


def test_edition_warnings_none_for_a_coming_edition_with_day_slots():
    slots = [_slot((9, 0), (9, 30)), _slot((12, 0), (12, 30)), _slot((13, 30), (14, 0))]

    assert edition_warnings(_edition(EditionStatus.REGISTRATION), slots, today=JUNE_12) == []


def test_edition_warnings_past_edition_open_for_registration():
    warnings = edition_warnings(_edition(EditionStatus.REGISTRATION), [], today=AFTER)

    assert _codes(warnings) == [
        (
            "past_registration",
            "The edition ended on Thu 12 Jun 2031 but registration is still open: close it in "
            "the settings.",
        ),
        (
            "past_requests",
            "The edition ended on Thu 12 Jun 2031 but participants can still ask for meetings: "
            "set its status to Closed.",
        ),
    ]


@pytest.mark.parametrize("status", [EditionStatus.MATCHMAKING, EditionStatus.LIVE])
def test_edition_warnings_past_edition_still_taking_requests(status):
    warnings = edition_warnings(_edition(status), [], today=AFTER)

    assert [w.code for w in warnings] == ["past_requests"]


def test_edition_warnings_none_for_a_closed_past_edition():
    assert edition_warnings(_edition(EditionStatus.CLOSED), [], today=AFTER) == []


def test_edition_warnings_past_edition_with_the_public_form_open():
    warnings = edition_warnings(
        _edition(EditionStatus.CLOSED, registration_open=True), [], today=AFTER
    )

    assert [w.code for w in warnings] == ["past_registration"]


def test_edition_warnings_slots_over_lunch_or_at_night():
    slots = [
        _slot((6, 30), (7, 0)),
        _slot((7, 0), (7, 30)),
        _slot((12, 15), (12, 45)),
        _slot((13, 15), (13, 45)),
        _slot((21, 30), (22, 0)),
        _slot((23, 0), (23, 30)),
    ]

    warnings = edition_warnings(_edition(), slots, today=JUNE_12)

    assert _codes(warnings) == [
        (
            "slot_at_night",
            "The slot morning 06:30–07:00 starts at night, before 07:00 or from 22:00.",
        ),
        (
            "slot_over_lunch",
            "The slot morning 12:15–12:45 runs over the lunch hour, 12:30 to 13:30.",
        ),
        (
            "slot_over_lunch",
            "The slot morning 13:15–13:45 runs over the lunch hour, 12:30 to 13:30.",
        ),
        (
            "slot_at_night",
            "The slot morning 23:00–23:30 starts at night, before 07:00 or from 22:00.",
        ),
    ]
