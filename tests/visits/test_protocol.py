"""The sanitary protocol turns visits off: every open session is cancelled, each person told
once, in their language; turning visits back on re-books nobody. A smaller group size keeps
the bookings until the organiser confirms the protocol review: then the latest go back to the
head of the waiting list."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import translation

from paddock.events import services as events_services
from paddock.scheduling import services as scheduling_services
from paddock.visits import services
from paddock.visits.enums import BookingStatus, VisitStatus
from paddock.visits.models import Booking, VisitSession
from paddock.visits.queries import sessions_over_seats
from tests.edit_forms import post_edit
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


VISITS_OFF_MESSAGE = {
    "en": "Protocol saved. The meeting caps below follow it. 2 visits were cancelled; "
    "3 people booked or waiting were told by email.",
    "fr": "Protocole enregistré. Les limites de rendez-vous ci-dessous en tiennent compte. "
    "2 visites ont été annulées\u00a0; 3 personnes inscrites ou en attente ont été "
    "prévenues par e-mail.",
}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_protocol_page_visits_off_says_how_many_visits_were_cancelled_and_people_told(
    client, send, two_visits, organiser_user, language
):
    client.force_login(organiser_user)
    url = reverse("events:protocol", args=[two_visits[0].zone.edition.slug])
    client.cookies["django_language"] = language

    response = send(post_edit, client, url, {"visits_allowed": ""})

    with translation.override(language):
        shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert shown == [VISITS_OFF_MESSAGE[language]]
    assert len(mail.outbox) == 3


def test_protocol_page_visits_off_with_no_open_visit_says_none_was_cancelled(
    client, edition, organiser_user
):
    client.force_login(organiser_user)
    url = reverse("events:protocol", args=[edition.slug])

    response = post_edit(client, url, {"visits_allowed": ""})

    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Protocol saved. The meeting caps below follow it. No visit was open: none was cancelled."
    ]


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


@pytest.fixture
def smaller_group(send, zone, visit, trio, organiser_user):
    """Anna then Bruno booked on the two seats, Carla waiting; then the group size drops to
    one."""
    for person in trio:
        services.book_visit(visit, participant=person, by=person.user)
    send(services.update_zone, zone, by=organiser_user, group_size=1)
    return visit


def _bookings(visit):
    rows = visit.bookings.order_by("participant__user__first_name")
    return list(rows.values_list("participant__user__first_name", "status", "position"))


def test_update_zone_smaller_group_lowers_the_seats_and_keeps_the_bookings(
    edition, smaller_group, mailoutbox
):
    smaller_group.refresh_from_db()

    assert smaller_group.seats == 1
    assert _bookings(smaller_group) == [
        ("Anna", BookingStatus.CONFIRMED, None),
        ("Bruno", BookingStatus.CONFIRMED, None),
        ("Carla", BookingStatus.WAITING, 1),
    ]
    assert [s.pk for s in sessions_over_seats(edition)] == [smaller_group.pk]
    assert mailoutbox == []


def test_confirm_protocol_review_sends_the_latest_booking_to_the_head_of_the_waiting_list(
    send, edition, smaller_group, organiser_user, mailoutbox
):
    done = send(scheduling_services.confirm_protocol_review, edition, by=organiser_user)

    assert [b.participant.user.first_name for b in done.seats_lost] == ["Bruno"]
    assert _bookings(smaller_group) == [
        ("Anna", BookingStatus.CONFIRMED, None),
        ("Bruno", BookingStatus.WAITING, 1),
        ("Carla", BookingStatus.WAITING, 2),
    ]
    assert [(m.to[0], m.subject) for m in mailoutbox] == [
        (
            "bruno@example.com",
            # The subject's spaces are collapsed, the no-break one before the colon too.
            "Moins de places\u00a0: vous êtes en tête de la liste d’attente de "
            "Paddock de l’équipe Alpine",
        )
    ]
    assert list(sessions_over_seats(edition)) == []


def test_cancel_booking_in_a_session_over_its_seats_promotes_nobody(
    send, smaller_group, trio, mailoutbox
):
    anna = trio[0]

    send(services.cancel_booking, smaller_group.bookings.get(participant=anna), by=anna.user)

    assert _bookings(smaller_group) == [
        ("Anna", BookingStatus.CANCELLED, None),
        ("Bruno", BookingStatus.CONFIRMED, None),
        ("Carla", BookingStatus.WAITING, 1),
    ]
    assert mailoutbox == []
