"""The sanitary protocol turns visits off: every open session is cancelled, each person told
once, in their language; turning visits back on re-books nobody."""

import datetime as dt

import pytest

from paddock.events import services as events_services
from paddock.visits import services
from paddock.visits.enums import BookingStatus, VisitStatus
from paddock.visits.models import Booking, VisitSession
from tests.visits.factories import make_visit

pytestmark = pytest.mark.integration

OFF = {"max_persons_per_room": None, "health_pass_required": False, "visits_allowed": False}
ON = {**OFF, "visits_allowed": True}


@pytest.fixture
def two_visits(zone, trio):
    """Anna and Bruno booked on both; Carla waits for the first."""
    first = make_visit(zone, seats=2)
    second = make_visit(zone, seats=2, start=first.end + dt.timedelta(hours=1))
    anna, bruno, carla = trio
    for visit in (first, second):
        for person in (anna, bruno):
            services.book_visit(visit, participant=person, by=person.user)
    services.book_visit(first, participant=carla, by=carla.user)
    return first, second


def test_update_protocol_visits_off_cancels_every_session_and_tells_each_person_once(
    send, mailoutbox, edition, two_visits, organiser_user
):
    send(events_services.update_protocol, edition, by=organiser_user, **OFF)

    assert set(VisitSession.objects.values_list("status", flat=True)) == {VisitStatus.CANCELLED}
    assert set(Booking.objects.values_list("status", flat=True)) == {BookingStatus.CANCELLED}
    assert sorted((m.to[0], m.subject) for m in mailoutbox) == [
        ("anna@example.com", f"Visits of {edition.name} are cancelled"),
        ("bruno@example.com", f"Les visites de {edition.name} sont annulées"),
        ("carla@example.com", f"Visits of {edition.name} are cancelled"),
    ]
    anna_mail = next(m for m in mailoutbox if m.to == ["anna@example.com"])
    assert anna_mail.body.count("Team Alpine paddock") == 2


def test_update_protocol_visits_back_on_rebooks_nobody(
    send, mailoutbox, edition, two_visits, organiser_user
):
    send(events_services.update_protocol, edition, by=organiser_user, **OFF)
    mailoutbox.clear()

    send(events_services.update_protocol, edition, by=organiser_user, **ON)

    assert set(Booking.objects.values_list("status", flat=True)) == {BookingStatus.CANCELLED}
    assert set(VisitSession.objects.values_list("status", flat=True)) == {VisitStatus.CANCELLED}
    assert mailoutbox == []


def test_update_protocol_saved_again_with_visits_off_tells_nobody_twice(
    send, mailoutbox, edition, two_visits, organiser_user
):
    send(events_services.update_protocol, edition, by=organiser_user, **OFF)
    mailoutbox.clear()

    send(events_services.update_protocol, edition, by=organiser_user, **OFF)

    assert mailoutbox == []
