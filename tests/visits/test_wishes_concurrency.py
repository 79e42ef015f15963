"""The seats of a publication booked while an organiser edits the zone, on PostgreSQL and
SQLite."""

import datetime as dt

import pytest
from django.db import transaction

from paddock.visits import services, wishes
from paddock.visits.enums import BookingMode, BookingStatus
from paddock.visits.models import Booking, VisitSettings
from tests import factories
from tests.concurrency import held, race
from tests.visits.factories import TWO_PM, make_visit, make_zone, visitor

pytestmark = [pytest.mark.integration, pytest.mark.concurrency]


@pytest.mark.django_db(transaction=True)
def test_book_placed_wishes_while_the_zone_is_edited_both_succeed(monkeypatch):
    """The publication booked the placed wishes session by session in the wishes' order; a
    smaller group size locks the zone's sessions in time order. With the first wish in the
    later session, each held a session the other waited for: on PostgreSQL "deadlock
    detected", a server error. Both now go through, one after the other."""
    edition = factories.make_edition()
    VisitSettings.objects.create(edition=edition, booking_mode=BookingMode.WISHES)
    zone = make_zone(edition, group_size=12)
    early = make_visit(zone, start=TWO_PM)
    late = make_visit(zone, start=TWO_PM + dt.timedelta(hours=2))
    anna, bruno = visitor(edition, "Anna"), visitor(edition, "Bruno")
    (anna_wish,) = wishes.rank_zones(anna, zones=[zone], by=anna.user)
    (bruno_wish,) = wishes.rank_zones(bruno, zones=[zone], by=bruno.user)
    placements = [(anna_wish.pk, late.pk), (bruno_wish.pk, early.pk)]
    organiser = factories.make_user()
    # The publication holds its first session a while, as under load; the edit starts then.
    booking = held(monkeypatch, wishes, "_book_wish")

    def attempt(job):
        if job == "publish":
            with transaction.atomic():  # the publication's transaction
                booked, refused = wishes.book_placed_wishes(
                    edition, placements=placements, by=organiser
                )
            return ("booked", len(booked), refused)
        booking.wait(10)
        services.update_zone(zone, by=organiser, group_size=5)
        return "edited"

    outcomes = race(attempt, [("publish",), ("edit",)], services.VisitError, lambda e: e.code)

    assert sorted(outcomes, key=str) == [("booked", 2, []), "edited"]
    assert sorted(
        Booking.objects.values_list("participant_id", "session_id", "status", "session__seats")
    ) == sorted(
        [
            (anna.pk, late.pk, BookingStatus.CONFIRMED, 5),
            (bruno.pk, early.pk, BookingStatus.CONFIRMED, 5),
        ]
    )
