"""Booking a visit: seats, the waiting list, conditions, cancelling; zones and sessions."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from paddock.checkin.models import CheckIn
from paddock.events.models import SanitaryProtocol, Session, TimeSlot
from paddock.participants.enums import ParticipantRole
from paddock.visits import services
from paddock.visits.enums import BookingStatus, VisitStatus
from paddock.visits.models import Booking, VisitSession, VisitSettings, Zone
from paddock.visits.queries import session_for
from tests import factories
from tests.scheduling.helpers import make_meeting, place
from tests.visits.factories import TWO_PM, make_visit, visitor

pytestmark = pytest.mark.integration


def _statuses(session):
    rows = Booking.objects.filter(session=session).order_by("pk")
    return [(b.participant.user.first_name, b.status, b.position) for b in rows]


def _refusal(function, *args, **kwargs):
    with pytest.raises(services.VisitError) as caught:
        function(*args, **kwargs)
    return caught.value.code, caught.value.message


def test_book_visit_full_session_puts_people_on_the_waiting_list(visit, trio):
    for person in trio:
        services.book_visit(visit, participant=person, by=person.user)

    assert _statuses(visit) == [
        ("Anna", BookingStatus.CONFIRMED, None),
        ("Bruno", BookingStatus.CONFIRMED, None),
        ("Carla", BookingStatus.WAITING, 1),
    ]


def test_book_visit_twice_is_refused(visit, anna):
    services.book_visit(visit, participant=anna, by=anna.user)

    refusal = _refusal(services.book_visit, visit, participant=anna, by=anna.user)

    assert refusal == ("already_booked", "You are already booked or waiting for this visit.")


def test_book_visit_role_not_allowed_is_refused(zone, visit, anna):
    zone.allowed_roles = [ParticipantRole.BUYER]
    zone.save()

    refusal = _refusal(services.book_visit, visit, participant=anna, by=anna.user)

    assert refusal == (
        "role_not_allowed",
        "Visits of Team Alpine paddock are not open to participants with the role supplier.",
    )
    assert _statuses(visit) == []


def test_book_visit_health_pass_without_entrance_check_is_refused(zone, visit, anna, edition):
    zone.health_pass_required = True
    zone.save()
    # An entrance check the day before does not count.
    CheckIn.objects.create(
        edition=edition,
        participant=anna,
        checked_in_at=TWO_PM - dt.timedelta(days=1),
        health_pass_checked=True,
    )

    refusal = _refusal(services.book_visit, visit, participant=anna, by=anna.user)

    assert refusal == (
        "health_pass_required",
        "Visits of Team Alpine paddock need a health pass checked at the entrance on the day "
        "of the visit: book once you have passed the entrance check.",
    )


def test_book_visit_health_pass_checked_that_day_is_confirmed(zone, visit, anna, edition):
    SanitaryProtocol.objects.filter(edition=edition).update(health_pass_required=True)
    CheckIn.objects.create(
        edition=edition,
        participant=anna,
        checked_in_at=TWO_PM - dt.timedelta(hours=5),
        health_pass_checked=True,
    )

    booking = services.book_visit(visit, participant=anna, by=anna.user)

    assert booking.status == BookingStatus.CONFIRMED


def test_book_visit_overlapping_a_meeting_with_travel_is_refused_naming_it(
    edition, visit, anna, bruno
):
    # The visit runs 14:00-15:00 in Paris with 10 minutes' travel each way; the meeting ends
    # at 13:55, inside the travel.
    slot_session = Session.objects.create(
        edition=edition, name="Afternoon", date=edition.start_date
    )
    slot = TimeSlot.objects.create(
        edition=edition,
        session=slot_session,
        start=TWO_PM - dt.timedelta(minutes=30),
        end=TWO_PM - dt.timedelta(minutes=5),
    )
    table = factories.make_table(factories.make_room(edition))
    place(make_meeting(anna, bruno), slot, table)

    refusal = _refusal(services.book_visit, visit, participant=anna, by=anna.user)

    assert refusal == (
        "overlaps_meeting",
        "This visit, travel included, overlaps your meeting with Bruno Test at 13:30.",
    )


def test_book_visit_when_visits_are_off_is_refused(edition, visit, anna):
    SanitaryProtocol.objects.filter(edition=edition).update(visits_allowed=False)

    refusal = _refusal(services.book_visit, visit, participant=anna, by=anna.user)

    assert refusal == ("visits_off", "Visits are off under the sanitary protocol.")


def test_cancel_booking_gives_the_seat_to_the_first_waiting_who_is_told(
    send, mailoutbox, visit, trio, edition
):
    dora = visitor(edition, "Dora")
    bookings = [services.book_visit(visit, participant=p, by=p.user) for p in [*trio, dora]]

    send(services.cancel_booking, bookings[0], by=bookings[0].participant.user)

    assert _statuses(visit) == [
        ("Anna", BookingStatus.CANCELLED, None),
        ("Bruno", BookingStatus.CONFIRMED, None),
        ("Carla", BookingStatus.CONFIRMED, None),
        ("Dora", BookingStatus.WAITING, 2),
    ]
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["carla@example.com"], "A seat came free: your visit of Team Alpine paddock is booked")
    ]


def test_cancel_booking_after_the_deadline_is_refused(zone, anna, edition):
    VisitSettings.objects.create(edition=edition, cancellation_deadline_hours=2)
    soon = make_visit(zone, start=timezone.now() + dt.timedelta(hours=1))
    booking = services.book_visit(soon, participant=anna, by=anna.user)

    refusal = _refusal(services.cancel_booking, booking, by=anna.user)

    assert refusal == (
        "deadline",
        "Too late to cancel: bookings can be cancelled until 2 hours before the visit.",
    )
    assert _statuses(soon) == [("Anna", BookingStatus.CONFIRMED, None)]


def test_cancel_booking_of_a_waiting_person_leaves_the_list_and_promotes_nobody(
    send, mailoutbox, visit, trio
):
    *_booked, waiting = [services.book_visit(visit, participant=p, by=p.user) for p in trio]

    send(services.cancel_booking, waiting, by=waiting.participant.user)

    assert _statuses(visit) == [
        ("Anna", BookingStatus.CONFIRMED, None),
        ("Bruno", BookingStatus.CONFIRMED, None),
        ("Carla", BookingStatus.CANCELLED, 1),
    ]
    assert mailoutbox == []


def test_cancel_session_tells_everyone_booked_or_waiting_in_their_language(
    send, mailoutbox, visit, trio, organiser_user
):
    for person in trio:
        services.book_visit(visit, participant=person, by=person.user)

    send(services.cancel_session, visit, by=organiser_user, reason="Rain on the pit lane")

    visit.refresh_from_db()
    assert (visit.status, visit.cancel_reason) == (VisitStatus.CANCELLED, "Rain on the pit lane")
    assert {b.status for b in Booking.objects.filter(session=visit)} == {BookingStatus.CANCELLED}
    assert sorted((m.to[0], m.subject) for m in mailoutbox) == [
        ("anna@example.com", "Your visit of Team Alpine paddock is cancelled"),
        ("bruno@example.com", "Votre visite de Paddock de l’équipe Alpine est annulée"),
        ("carla@example.com", "Your visit of Team Alpine paddock is cancelled"),
    ]
    assert "Rain on the pit lane" in mailoutbox[0].body


def test_cancel_session_without_a_reason_is_refused(visit, organiser_user):
    refusal = _refusal(services.cancel_session, visit, by=organiser_user, reason=" ")

    assert refusal == ("visit_error", "Give a reason: the people booked will read it.")


def test_delete_zone_with_live_bookings_is_refused_with_the_count(zone, visit, anna, bruno):
    for person in (anna, bruno):
        services.book_visit(visit, participant=person, by=person.user)

    refusal = _refusal(services.delete_zone, zone, by=None)

    assert refusal == (
        "zone_has_bookings",
        "2 people are booked or waiting for visits of this zone: cancel its sessions first.",
    )


def test_update_zone_deleted_meanwhile_is_refused_and_stays_deleted(zone, organiser_user):
    """The organiser saves a zone another deleted since their request read it: the save found
    no row to update and inserted the zone again."""
    read = Zone.objects.get(pk=zone.pk)
    services.delete_zone(zone, by=organiser_user)

    refusal = _refusal(services.update_zone, read, by=organiser_user, name_en="Workshop")

    assert (refusal, list(Zone.objects.all())) == (
        ("zone_gone", "The zone Team Alpine paddock was deleted meanwhile."),
        [],
    )


def test_update_zone_locks_the_sessions_it_makes_smaller_in_time_order(zone, organiser_user):
    """A smaller group lowers the seats of the zone's sessions, locked in time order as a
    publication booking placed wishes locks them (otherwise two transactions starting together
    could each hold a session the other waits for: a deadlock on PostgreSQL). Timing cannot be
    forced inside one statement, so the test reads the locking query."""
    late = make_visit(zone, start=TWO_PM + dt.timedelta(hours=2))
    early = make_visit(zone, start=TWO_PM)

    with CaptureQueriesContext(connection) as queries:
        services.update_zone(zone, by=organiser_user, group_size=5)

    reads = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith("SELECT") and '"visits_visitsession"' in query["sql"]
    ]
    assert [' ORDER BY "visits_visitsession"."start" ASC' in sql for sql in reads] == [True]
    assert list(VisitSession.objects.order_by("start").values_list("pk", "seats")) == [
        (early.pk, 5),
        (late.pk, 5),
    ]


def test_create_session_with_more_seats_than_the_group_is_refused(zone, organiser_user):
    refusal = _refusal(
        services.create_session,
        zone,
        by=organiser_user,
        start=TWO_PM,
        end=TWO_PM + dt.timedelta(hours=1),
        seats=13,
    )

    assert refusal == ("seats_over_group", "At most 12 seats: the zone's group size.")


def test_create_session_outside_the_edition_days_is_refused(zone, organiser_user):
    refusal = _refusal(
        services.create_session,
        zone,
        by=organiser_user,
        start=TWO_PM + dt.timedelta(days=1),
        end=TWO_PM + dt.timedelta(days=1, hours=1),
        seats=5,
    )

    assert refusal == ("day", "The visit must take place on the edition's days.")


def test_create_session_with_a_guide_who_is_no_zone_host_is_refused(zone, staff_user):
    refusal = _refusal(
        services.create_session,
        zone,
        by=None,
        start=TWO_PM,
        end=TWO_PM + dt.timedelta(hours=1),
        seats=5,
        guide=staff_user,
    )

    assert refusal == ("guide", "The guide must be a zone host of this edition.")


def test_make_zone_default_roles_cover_every_role(zone):
    assert zone.allowed_roles == ["buyer", "supplier", "both"]


def test_book_visit_of_another_edition_is_refused(visit):
    outsider = visitor(factories.make_edition(), "Olga")

    refusal = _refusal(services.book_visit, visit, participant=outsider, by=outsider.user)

    assert refusal == ("edition", "This visit is not part of your edition.")


def test_update_session_with_more_seats_promotes_the_first_waiting(
    send, mailoutbox, visit, trio, organiser_user
):
    for person in trio:
        services.book_visit(visit, participant=person, by=person.user)

    send(services.update_session, visit, by=organiser_user, seats=3)

    assert _statuses(visit)[2] == ("Carla", BookingStatus.CONFIRMED, None)
    assert [m.to for m in mailoutbox] == [["carla@example.com"]]


def test_update_session_keeps_the_seats_a_smaller_group_lowered_since_it_was_read(
    zone, organiser_user
):
    """An organiser moves a visit's end (their form sends its 12 seats as read) while another
    makes the zone's group smaller, which lowers the visit's seats to 6: the move wrote the 12
    seats back, over the group size, checked against the zone as read. Only the end is
    written."""
    visit = make_visit(zone, seats=12)
    read = session_for(zone.edition, visit.pk)  # as the session page's request read it
    services.update_zone(Zone.objects.get(pk=zone.pk), by=organiser_user, group_size=6)

    services.update_session(
        read, by=organiser_user, start=read.start, end=read.end + dt.timedelta(minutes=30),
        seats=12,
    )  # fmt: skip

    assert VisitSession.objects.values_list("seats", "end").get(pk=visit.pk) == (
        6,
        visit.end + dt.timedelta(minutes=30),
    )


def test_update_session_below_the_people_booked_is_refused(visit, trio, organiser_user):
    for person in trio:
        services.book_visit(visit, participant=person, by=person.user)

    refusal = _refusal(services.update_session, visit, by=organiser_user, seats=1)

    assert refusal == (
        "seats_below_booked",
        "2 people are booked: keep at least that many seats.",
    )


def test_update_session_new_times_refused_while_people_are_booked_or_waiting(
    visit, trio, organiser_user
):
    """They were told its time (agendas, calendar feeds, meetings placed around it)."""
    for person in trio:  # two seats: two booked, one waiting
        services.book_visit(visit, participant=person, by=person.user)
    start = visit.start

    refusal = _refusal(
        services.update_session,
        visit,
        by=organiser_user,
        start=start + dt.timedelta(minutes=15),
        end=visit.end + dt.timedelta(minutes=15),
    )

    assert refusal == (
        "visit_told",
        "3 people are booked or waiting for this visit and were told its time: to move it, "
        "cancel it (they are told) and add another visit.",
    )
    assert VisitSession.objects.get(pk=visit.pk).start == start


def test_update_session_new_times_without_people_and_new_seats_with_them_are_saved(
    visit, trio, organiser_user
):
    later = visit.start + dt.timedelta(minutes=15), visit.end + dt.timedelta(minutes=15)
    services.update_session(visit, by=organiser_user, start=later[0], end=later[1])
    services.book_visit(visit, participant=trio[0], by=trio[0].user)

    services.update_session(
        VisitSession.objects.get(pk=visit.pk), by=organiser_user, seats=3, start=later[0]
    )

    assert VisitSession.objects.values_list("start", "end", "seats").get(pk=visit.pk) == (
        *later,
        3,
    )
