"""The seats of a publication booked while an organiser edits the zone, on PostgreSQL and
SQLite."""

import datetime as dt
import time

import pytest
from django.db import transaction

from paddock.visits import services, wishes
from paddock.visits.enums import BookingMode, BookingStatus
from paddock.visits.models import Booking, VisitSession, VisitSettings, Zone
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


@pytest.mark.django_db(transaction=True)
def test_book_placed_wishes_while_the_zone_is_deleted_both_end_cleanly(monkeypatch):
    """The zone's sessions were added latest first. Deleting the zone deleted (locked) its
    sessions in the order the database read them (their ids), the publication locks them in
    time order: with another organiser editing the middle session meanwhile, the deletion held
    the late session and then the middle one, the publication the early one, and each waited
    for the other's: on PostgreSQL "deadlock detected", a server error. The deletion now locks
    the sessions in time order first; the publication then finds no wish left to book (or,
    when it goes first, books them and the deletion is refused)."""
    edition = factories.make_edition()
    VisitSettings.objects.create(edition=edition, booking_mode=BookingMode.WISHES)
    zone = make_zone(edition, group_size=12)
    _late, middle, early = (
        make_visit(zone, start=TWO_PM + dt.timedelta(hours=hours)) for hours in (4, 2, 0)
    )
    anna, bruno = visitor(edition, "Anna"), visitor(edition, "Bruno")
    (anna_wish,) = wishes.rank_zones(anna, zones=[zone], by=anna.user)
    (bruno_wish,) = wishes.rank_zones(bruno, zones=[zone], by=bruno.user)
    placements = [(anna_wish.pk, early.pk), (bruno_wish.pk, middle.pk)]
    organiser = factories.make_user()
    # The middle session's edit holds it a while; the deletion, then the publication, start
    # meanwhile and wait for it, in that order.
    editing = held(monkeypatch, services, "_locked_session", seconds=2)

    def attempt(job):
        if job == "session":
            services.update_session(VisitSession.objects.get(pk=middle.pk), by=organiser, seats=12)
            return "session edited"
        editing.wait(10)
        if job == "zone":
            services.delete_zone(Zone.objects.get(pk=zone.pk), by=organiser)
            return "zone deleted"
        time.sleep(0.5)
        with transaction.atomic():  # the publication's transaction
            booked, refused = wishes.book_placed_wishes(
                edition, placements=placements, by=organiser
            )
        return ("booked", len(booked), refused)

    outcomes = race(
        attempt, [("session",), ("zone",), ("publish",)], services.VisitError, lambda e: e.code
    )

    # On PostgreSQL the deletion goes first (it waited first); SQLite lets either writer in.
    result = (sorted(outcomes, key=str), Zone.objects.count(), Booking.objects.count())
    assert result in [
        ([("booked", 0, []), "session edited", "zone deleted"], 0, 0),
        ([("booked", 2, []), "session edited", "zone_has_bookings"], 1, 2),
    ]
