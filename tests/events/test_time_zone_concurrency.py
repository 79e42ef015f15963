"""A booking racing a change of the edition's time zone: the person is booked at the time the
visit keeps. The change locks the visit sessions before it counts their bookings, as a
booking locks its session: without that lock, a booking made between the count and the
change's commit was confirmed at a time the change then moved."""

import datetime as dt

import pytest

from paddock.core.exceptions import DomainError
from paddock.events.services import time_zone
from paddock.events.services.editions import update_edition
from paddock.visits import services as visits
from tests import factories
from tests.concurrency import held, race
from tests.visits.factories import make_visit, make_zone

pytestmark = [pytest.mark.integration, pytest.mark.concurrency]


@pytest.mark.django_db(transaction=True)
def test_a_booking_during_a_time_zone_change_waits_and_books_the_moved_visit(monkeypatch):
    edition = factories.make_edition()
    visit = make_visit(make_zone(edition))
    anna = factories.make_participant(edition)
    organiser = factories.make_user()
    counted = held(monkeypatch, time_zone, "_refuse_if_told")  # counted, not yet written

    def change() -> str:
        update_edition(edition, by=organiser, timezone="Europe/London")
        return "changed"

    def book() -> dt.datetime:
        counted.wait(timeout=10)
        return visits.book_visit(visit, participant=anna, by=anna.user).session.start

    outcomes = race(lambda call: call(), [(change,), (book,)], DomainError, lambda e: e.code)

    visit.refresh_from_db()
    assert sorted(outcomes, key=str) == sorted(["changed", visit.start], key=str)
