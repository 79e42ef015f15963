"""Many people book or cancel the same visit at once: the seats are never overbooked.

The lock on the session's row (on SQLite, the database's write lock) is what keeps each
booking from counting seats another has not yet written.
"""

import pytest
from django.test import Client
from django.urls import reverse

from paddock.visits import services
from paddock.visits.enums import BookingStatus
from paddock.visits.models import Booking, VisitSession, Zone
from paddock.visits.views import orga
from tests import factories
from tests.concurrency import race, slowed, unhurried
from tests.edit_forms import opened_data
from tests.visits.factories import ZONE_POST, make_visit, make_zone

pytestmark = [pytest.mark.integration, pytest.mark.concurrency]


def _outcome(session):
    rows = Booking.objects.filter(session=session)
    return {
        "confirmed": rows.filter(status=BookingStatus.CONFIRMED).count(),
        "waiting": rows.filter(status=BookingStatus.WAITING).count(),
        "positions": sorted(rows.exclude(position=None).values_list("position", flat=True)),
    }


@pytest.mark.django_db(transaction=True)
def test_book_200_at_once_on_12_seats_confirms_12_and_waitlists_the_rest(monkeypatch):
    unhurried(monkeypatch)  # the last of the 200 waits for the 199 others' bookings
    edition = factories.make_edition()
    session = make_visit(make_zone(edition, group_size=12), seats=12)
    clients = []
    for _ in range(200):
        client = Client(raise_request_exception=False)
        client.force_login(factories.make_participant(edition).user)
        clients.append(client)
    url = reverse("visits-portal:book", args=[edition.slug, session.pk])

    def book(client):
        return client.post(url).status_code

    outcomes = race(book, [(client,) for client in clients], Exception, repr)

    assert (sorted(outcomes), _outcome(session)) == (
        [302] * 200,
        {"confirmed": 12, "waiting": 188, "positions": list(range(1, 189))},
    )


@pytest.mark.django_db(transaction=True)
def test_cancel_at_once_promotes_one_waiting_person_per_freed_seat(monkeypatch):
    edition = factories.make_edition()
    session = make_visit(make_zone(edition, group_size=12), seats=12)
    people = [factories.make_participant(edition) for _ in range(20)]
    bookings = [services.book_visit(session, participant=p, by=p.user) for p in people]
    slowed(monkeypatch, services, "_locked_session", seconds=0.2)

    def cancel(booking):
        services.cancel_booking(booking, by=booking.participant.user)
        return "cancelled"

    outcomes = race(cancel, [(b,) for b in bookings[:5]], services.VisitError, lambda e: e.code)

    confirmed = Booking.objects.filter(session=session, status=BookingStatus.CONFIRMED)
    assert (outcomes, sorted(confirmed.values_list("participant_id", flat=True))) == (
        ["cancelled"] * 5,
        sorted(p.pk for p in people[5:17]),
    )
    assert _outcome(session) == {
        "confirmed": 12,
        "waiting": 3,
        "positions": [6, 7, 8],
    }


@pytest.mark.django_db(transaction=True)
def test_zone_renamed_while_its_group_is_made_smaller_keeps_both(monkeypatch):
    """Two organisers save the zone's form at once, one with a new name, the other with a
    smaller group. Each request read the zone before the other's save; the second save wrote
    back every field as its request had read them, undoing the first's change. Each now writes
    the fields it changed only, and the smaller group still lowers the open visit's seats."""
    edition = factories.make_edition()
    zone = make_zone(
        edition, name_en="Technical centre", name_fr="Centre technique", kind="technical",
        host_name="ACO", meeting_point="Gate 2", allowed_roles=["buyer", "both"],
        safety_notes="Closed shoes", guide_languages=["fr", "en"], group_size=10,
    )  # fmt: skip
    visit = make_visit(zone, seats=10)
    organiser = factories.make_user()
    edition.series.organiser.members.add(organiser)
    url = reverse("visits:zone-update", args=[edition.slug, zone.pk])
    opener = Client()
    opener.force_login(organiser)
    opened = opened_data(opener, url)["opened"]  # the page both organisers opened
    slowed(monkeypatch, orga, "zone_for")  # each request reads the zone before either saves

    def save(changes):
        client = Client(raise_request_exception=False)
        client.force_login(organiser)
        return client.post(url, {**ZONE_POST, "opened": opened, **changes}).status_code

    outcomes = race(save, [({"name_en": "Workshop"},), ({"group_size": "6"},)], Exception, repr)

    assert outcomes == [302, 302]
    assert (
        Zone.objects.values_list("name_en", "group_size").get(),
        VisitSession.objects.values_list("seats", flat=True).get(pk=visit.pk),
    ) == (("Workshop", 6), 6)
