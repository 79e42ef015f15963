"""Organiser pages: zones, sessions with their counts, cancelling, the people booked."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from paddock.events.enums import EditionRole
from paddock.visits import services
from paddock.visits.enums import BookingStatus, VisitStatus
from paddock.visits.models import Booking, VisitSession, Zone
from paddock.visits.queries import settings_of
from tests import factories
from tests.edit_forms import post_as_opened
from tests.visits.factories import ZONE_POST, make_visit, make_zone, visitor

pytestmark = pytest.mark.integration


def _url(name, edition, *args):
    return reverse(f"visits:{name}", args=[edition.slug, *args])


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def test_zone_create_saves_the_zone(staff_client, edition):
    response = staff_client.post(_url("zone-create", edition), ZONE_POST)

    zone = Zone.objects.get()
    assert (response.status_code, response.url) == (302, _url("zone-detail", edition, zone.pk))
    assert (zone.name_fr, zone.allowed_roles, zone.guide_languages, zone.group_size) == (
        "Centre technique",
        ["buyer", "both"],
        ["fr", "en"],
        10,
    )


def test_zone_create_without_a_role_names_the_field(staff_client, edition):
    response = staff_client.post(_url("zone-create", edition), {**ZONE_POST, "allowed_roles": []})

    assert (response.status_code, response.context["form"].errors) == (
        200,
        {"allowed_roles": ["This field is required."]},
    )
    assert Zone.objects.count() == 0


def test_zone_update_page_names_the_zone(staff_client, edition, zone):
    response = staff_client.get(_url("zone-update", edition, zone.pk))

    assert response.context["heading"] == "Edit the zone Team Alpine paddock"


def test_zone_update_smaller_group_with_people_booked_leads_the_organiser_to_the_review(
    client, organiser_user, edition, zone, trio
):
    visit = make_visit(zone, seats=12)
    for person in trio:
        services.book_visit(visit, participant=person, by=person.user)
    client.force_login(organiser_user)

    response = post_as_opened(
        client, _url("zone-update", edition, zone.pk), {**ZONE_POST, "group_size": "2"}
    )

    visit.refresh_from_db()
    assert response.url == reverse("scheduling:protocol-review", args=[edition.slug])
    assert (visit.seats, visit.bookings.filter(status=BookingStatus.CONFIRMED).count()) == (2, 3)


def test_zone_update_smaller_group_by_staff_says_an_organiser_confirms(
    staff_client, edition, zone, trio
):
    visit = make_visit(zone, seats=12)
    for person in trio:
        services.book_visit(visit, participant=person, by=person.user)

    response = post_as_opened(
        staff_client,
        _url("zone-update", edition, zone.pk),
        {**ZONE_POST, "group_size": "2"},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        "Some visits now have more people booked than seats: an organiser confirms who goes "
        "back to the waiting list, on the protocol review.",
        "Zone saved.",
    ]


def test_zone_delete_with_bookings_is_refused_with_the_count(staff_client, edition, zone, anna):
    visit = make_visit(zone)
    services.book_visit(visit, participant=anna, by=anna.user)

    response = staff_client.post(_url("zone-delete", edition, zone.pk))

    assert (response.status_code, [str(m) for m in response.context["messages"]]) == (
        409,
        ["1 person is booked or waiting for a visit of this zone: cancel its sessions first."],
    )
    assert Zone.objects.count() == 1


def test_zone_delete_without_bookings_deletes_it(staff_client, edition, zone):
    make_visit(zone)

    response = staff_client.post(_url("zone-delete", edition, zone.pk))

    assert (response.status_code, Zone.objects.count(), VisitSession.objects.count()) == (302, 0, 0)


def test_zone_detail_counts_booked_and_waiting(staff_client, edition, zone, trio):
    visit = make_visit(zone, seats=2)
    for person in trio:
        services.book_visit(visit, participant=person, by=person.user)

    response = staff_client.get(_url("zone-detail", edition, zone.pk))

    assert [(s.pk, s.seats, s.booked, s.waiting) for s in response.context["sessions"]] == [
        (visit.pk, 2, 2, 1)
    ]


def test_visit_pages_write_the_day_as_the_rest_of_the_site_in_french(staff_client, edition, zone):
    visit = make_visit(zone)  # Thursday 12 June 2031, 14:00 in Paris
    pages = [
        _url("zone-detail", edition, zone.pk),
        _url("visit-people", edition, visit.pk),
        _url("visit-cancel", edition, visit.pk),
    ]

    shown = [staff_client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode() for url in pages]

    assert ["jeu. 12 juin, 14:00" in html for html in shown] == [True, True, True]
    assert ["Jui" in html for html in shown] == [False, False, False]


def test_session_create_adds_it_in_the_editions_time_zone(staff_client, edition, zone):
    response = staff_client.post(
        _url("zone-detail", edition, zone.pk),
        {
            "day": "2031-06-12",
            "start": "14:00",
            "end": "15:30",
            "seats": "12",
            "guide": "",
            "travel_before_minutes": "10",
            "travel_after_minutes": "15",
        },
    )

    visit = VisitSession.objects.get()
    assert response.status_code == 302
    assert (visit.start.isoformat(), visit.end.isoformat(), visit.seats) == (
        "2031-06-12T12:00:00+00:00",
        "2031-06-12T13:30:00+00:00",
        12,
    )


def test_session_create_with_more_seats_than_the_group_names_the_field(staff_client, edition, zone):
    response = staff_client.post(
        _url("zone-detail", edition, zone.pk),
        {
            "day": "2031-06-12",
            "start": "14:00",
            "end": "15:00",
            "seats": "20",
            "travel_before_minutes": "10",
            "travel_after_minutes": "10",
        },
    )

    assert response.context["form"].errors == {
        "seats": ["At most 12 seats: the zone's group size."]
    }


def test_session_guide_choices_are_the_zone_hosts(staff_client, edition, zone):
    host = factories.make_user(email="host@example.com")
    factories.give_role(host, edition, EditionRole.ZONE_HOST)

    response = staff_client.get(_url("zone-detail", edition, zone.pk))

    assert list(response.context["form"].fields["guide"].queryset) == [host]


def test_session_cancel_tells_everyone_and_says_how_many(
    send, staff_client, visit, trio, mailoutbox
):
    for person in trio:
        services.book_visit(visit, participant=person, by=person.user)
    url = _url("visit-cancel", visit.zone.edition, visit.pk)

    response = send(staff_client.post, url, {"reason": "Storm"}, follow=True)

    visit.refresh_from_db()
    assert visit.status == VisitStatus.CANCELLED
    assert [str(m) for m in response.context["messages"]] == [
        "Session cancelled. 3 people have been told by email."
    ]
    assert sorted(m.to[0] for m in mailoutbox) == [
        "anna@example.com",
        "bruno@example.com",
        "carla@example.com",
    ]


def test_session_cancel_without_a_reason_names_the_field(staff_client, edition, visit):
    response = staff_client.post(_url("visit-cancel", edition, visit.pk), {"reason": ""})

    assert response.context["form"].errors == {"reason": ["This field is required."]}


def test_session_people_lists_the_booked_then_the_waiting(staff_client, edition, visit, trio):
    for person in reversed(trio):
        services.book_visit(visit, participant=person, by=person.user)

    response = staff_client.get(_url("visit-people", edition, visit.pk))

    assert [
        (b.participant.user.first_name, b.status, b.position) for b in response.context["people"]
    ] == [
        ("Carla", BookingStatus.CONFIRMED, None),
        ("Bruno", BookingStatus.CONFIRMED, None),
        ("Anna", BookingStatus.WAITING, 1),
    ]


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_zone_list_queries_do_not_grow_with_zones(staff_client, edition):
    make_zone(edition)
    one = _count(staff_client, _url("zone-list", edition))
    for _ in range(2):
        make_visit(make_zone(edition))

    assert _count(staff_client, _url("zone-list", edition)) == one


def test_zone_detail_queries_do_not_grow_with_sessions(staff_client, edition, zone):
    make_visit(zone)
    one = _count(staff_client, _url("zone-detail", edition, zone.pk))
    guide = factories.make_user()
    factories.give_role(guide, edition, EditionRole.ZONE_HOST)
    for _ in range(2):
        make_visit(zone, guide=guide)

    assert _count(staff_client, _url("zone-detail", edition, zone.pk)) == one


def test_session_people_queries_do_not_grow_with_people(staff_client, edition, visit):
    person = visitor(edition, "Eve")
    Booking.objects.create(session=visit, participant=person, status=BookingStatus.CONFIRMED)
    one = _count(staff_client, _url("visit-people", edition, visit.pk))
    for name in ("Fay", "Gus"):
        Booking.objects.create(
            session=visit, participant=visitor(edition, name), status=BookingStatus.CONFIRMED
        )

    assert _count(staff_client, _url("visit-people", edition, visit.pk)) == one


def test_visit_settings_saves_the_cancellation_deadline(staff_client, edition):
    response = post_as_opened(
        staff_client, _url("settings", edition), {"cancellation_deadline_hours": "48"}
    )

    assert (response.status_code, settings_of(edition).cancellation_deadline_hours) == (302, 48)


def test_visit_settings_above_the_bound_names_the_field(staff_client, edition):
    response = post_as_opened(
        staff_client, _url("settings", edition), {"cancellation_deadline_hours": "100000"}
    )

    assert list(response.context["form"].errors) == ["cancellation_deadline_hours"]


def test_visit_settings_wishes_deadline_out_of_the_plausible_years_names_the_field(
    staff_client, edition
):
    answers = [
        post_as_opened(
            staff_client,
            _url("settings", edition),
            {"cancellation_deadline_hours": "48", "wishes_deadline": moment},
        )
        for moment in ("0001-01-01T00:00", "9999-12-31T23:00")
    ]

    assert [(a.status_code, a.context["form"].errors) for a in answers] == [
        (200, {"wishes_deadline": ["Choose a year between 1990 and 2100."]}),
        (200, {"wishes_deadline": ["Choose a year between 1990 and 2100."]}),
    ]
    assert settings_of(edition).wishes_deadline is None
