"""The participants' visits page: what is open, booking, the waiting list, cancelling."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from paddock.events.models import SanitaryProtocol
from paddock.visits import services
from paddock.visits.enums import BookingStatus
from paddock.visits.models import Booking, VisitSession
from tests.visits.factories import make_visit

pytestmark = pytest.mark.integration


def _url(name, edition, *args):
    return reverse(f"visits-portal:{name}", args=[edition.slug, *args])


@pytest.fixture
def anna_client(client, anna):
    client.force_login(anna.user)
    return client


def _messages(response):
    return [str(m) for m in response.context["messages"]]


def test_visits_page_lists_open_sessions_with_seats_left_and_my_booking(
    anna_client, edition, zone, anna, bruno
):
    first = make_visit(zone, seats=2)
    second = make_visit(zone, seats=3, start=first.end)
    services.book_visit(first, participant=bruno, by=bruno.user)
    mine = services.book_visit(second, participant=anna, by=anna.user)

    response = anna_client.get(_url("visits", edition))

    assert [(s.pk, s.seats_left, s.mine) for s in response.context["sessions"]] == [
        (first.pk, 1, None),
        (second.pk, 2, mine),
    ]


def test_visits_page_when_visits_are_off_says_so_and_offers_nothing(anna_client, edition, visit):
    SanitaryProtocol.objects.filter(edition=edition).update(visits_allowed=False)

    response = anna_client.get(_url("visits", edition))

    assert (response.context["visits_allowed"], response.context["sessions"]) == (False, [])
    assert "Visits are off: the sanitary protocol of the edition does not allow them." in (
        response.content.decode()
    )


def test_book_a_full_visit_puts_me_on_the_waiting_list(anna_client, edition, visit, trio):
    for person in trio[1:]:
        services.book_visit(visit, participant=person, by=person.user)

    response = anna_client.post(_url("book", edition, visit.pk), follow=True)

    assert _messages(response) == [
        "The visit of Team Alpine paddock is full: you are on its waiting list, number 1. "
        "You will be told by email if a seat comes free."
    ]


def test_book_refused_shows_the_reason_and_books_nothing(anna_client, edition, zone, visit):
    zone.allowed_roles = ["buyer"]
    zone.save()

    response = anna_client.post(_url("book", edition, visit.pk), follow=True)

    assert _messages(response) == [
        "Visits of Team Alpine paddock are not open to participants with the role supplier."
    ]
    assert Booking.objects.count() == 0


def test_leave_the_waiting_list(anna_client, edition, visit, trio, anna):
    for person in trio[1:]:
        services.book_visit(visit, participant=person, by=person.user)
    waiting = services.book_visit(visit, participant=anna, by=anna.user)

    response = anna_client.post(_url("booking-cancel", edition, waiting.pk), follow=True)

    waiting.refresh_from_db()
    assert (_messages(response), waiting.status) == (
        ["You have left the waiting list of the visit of Team Alpine paddock."],
        BookingStatus.CANCELLED,
    )


def test_cancel_someone_elses_booking_is_not_found(anna_client, edition, visit, bruno):
    theirs = services.book_visit(visit, participant=bruno, by=bruno.user)

    response = anna_client.post(_url("booking-cancel", edition, theirs.pk))

    theirs.refresh_from_db()
    assert (response.status_code, theirs.status) == (404, BookingStatus.CONFIRMED)


def test_visits_page_keeps_my_visit_once_it_has_begun(anna_client, edition, zone, anna):
    visit = make_visit(zone)
    booking = services.book_visit(visit, participant=anna, by=anna.user)
    begun = timezone.now() - dt.timedelta(minutes=5)
    VisitSession.objects.filter(pk=visit.pk).update(start=begun, end=begun + dt.timedelta(hours=1))

    response = anna_client.get(_url("visits", edition))

    assert (
        response.context["sessions"],
        response.context["begun"],
        response.context["history"],
    ) == (
        [],
        [booking],
        [],
    )
    assert "Team Alpine paddock" in response.content.decode()
