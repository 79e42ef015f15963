"""Zone hosts: their sessions and the people expected (web and PDF), and the check-in of
their group by badge code or name, under the protocol's health pass rule."""

import pytest
from django.urls import reverse

from paddock.checkin.models import CheckIn
from paddock.checkin.services import issue_badges
from paddock.events.enums import EditionRole
from paddock.events.models import SanitaryProtocol
from paddock.visits import services
from paddock.visits.enums import BookingStatus
from paddock.visits.models import Booking
from tests import factories
from tests.visits.factories import TWO_PM, make_visit, make_zone, visitor

pytestmark = pytest.mark.integration


def _url(name, edition, *args):
    return reverse(f"visits:{name}", args=[edition.slug, *args])


@pytest.fixture
def host(edition):
    user = factories.make_user(email="host@example.com", first_name="Hugo", last_name="Host")
    factories.give_role(user, edition, EditionRole.ZONE_HOST)
    return user


@pytest.fixture
def host_client(client, host):
    client.force_login(host)
    return client


@pytest.fixture
def guided(zone, host, trio):
    """Hugo guides a visit of two seats: Anna and Bruno booked, Carla waits."""
    visit = make_visit(zone, seats=2, guide=host)
    for person in trio:
        services.book_visit(visit, participant=person, by=person.user)
    return visit


def test_host_page_lists_only_the_sessions_they_guide_with_the_people_expected(
    host_client, edition, guided
):
    make_visit(make_zone(edition, name_en="Workshop"), start=TWO_PM)  # someone else's

    response = host_client.get(_url("host", edition))

    assert [
        (visit.pk, [b.participant.user.first_name for b in visit.expected])
        for visit in response.context["visits"]
    ] == [(guided.pk, ["Anna", "Bruno"])]


def test_host_visit_of_another_guide_is_forbidden(host_client, edition, zone):
    other = make_visit(zone)

    response = host_client.get(_url("host-visit", edition, other.pk))

    assert response.status_code == 403


def test_host_visit_pdf_is_a_pdf(host_client, edition, guided):
    response = host_client.get(_url("host-visit-pdf", edition, guided.pk))

    assert (response.status_code, response["Content-Type"], response.content[:4]) == (
        200,
        "application/pdf",
        b"%PDF",
    )


def _checked_in(visit):
    return sorted(
        b.participant.user.first_name
        for b in Booking.objects.filter(session=visit, checked_in_at__isnull=False)
    )


def test_zone_check_in_by_badge_code(host_client, edition, guided, anna):
    [badge] = issue_badges(edition, by=None, participants=[anna])

    response = host_client.post(
        _url("host-visit", edition, guided.pk), {"code": badge.code.lower()}, follow=True
    )

    assert [str(m) for m in response.context["messages"]] == ["Anna Test checked in."]
    assert _checked_in(guided) == ["Anna"]


def test_zone_check_in_by_name(host_client, edition, guided, bruno):
    host_client.post(_url("host-visit", edition, guided.pk), {"participant": bruno.pk})

    assert _checked_in(guided) == ["Bruno"]


def test_zone_check_in_of_someone_waiting_is_refused(host_client, edition, guided, carla):
    response = host_client.post(
        _url("host-visit", edition, guided.pk), {"participant": carla.pk}, follow=True
    )

    assert [str(m) for m in response.context["messages"]] == [
        "Carla Test is on the waiting list, not booked for this visit."
    ]
    assert _checked_in(guided) == []


def test_zone_check_in_without_the_entrance_health_pass_is_refused(
    host_client, edition, guided, anna, bruno
):
    SanitaryProtocol.objects.filter(edition=edition).update(health_pass_required=True)
    CheckIn.objects.create(
        edition=edition, participant=bruno, checked_in_at=TWO_PM, health_pass_checked=True
    )

    refused = host_client.post(
        _url("host-visit", edition, guided.pk), {"participant": anna.pk}, follow=True
    )
    host_client.post(_url("host-visit", edition, guided.pk), {"participant": bruno.pk})

    assert [str(m) for m in refused.context["messages"]] == [
        "Anna Test has not been checked in at the entrance with a health pass today: "
        "send them to the entrance first."
    ]
    assert _checked_in(guided) == ["Bruno"]


def test_zone_check_in_twice_says_so(host_client, edition, guided, anna):
    host_client.post(_url("host-visit", edition, guided.pk), {"participant": anna.pk}, follow=True)

    response = host_client.post(
        _url("host-visit", edition, guided.pk), {"participant": anna.pk}, follow=True
    )

    assert [str(m) for m in response.context["messages"]] == [
        "Anna Test is already checked in for this visit."
    ]


def test_staff_see_every_session_on_the_host_page(client, staff_user, edition, guided, zone):
    other = make_visit(zone, start=guided.end)
    client.force_login(staff_user)

    response = client.get(_url("host", edition))

    assert [visit.pk for visit in response.context["visits"]] == [guided.pk, other.pk]


def test_booking_statuses_unchanged_by_check_in(host_client, edition, guided, anna):
    host_client.post(_url("host-visit", edition, guided.pk), {"participant": anna.pk})

    assert Booking.objects.get(session=guided, participant=anna).status == BookingStatus.CONFIRMED


def test_zone_check_in_with_an_unknown_badge_says_so(host_client, edition, guided):
    response = host_client.post(
        _url("host-visit", edition, guided.pk), {"code": "NOPE"}, follow=True
    )

    assert [str(m) for m in response.context["messages"]] == ["Unknown badge code."]


def test_zone_check_in_of_someone_outside_the_group_by_id_names_nobody(
    host_client, edition, guided
):
    # The id in the form is the host's to change: any participant of the edition would be
    # named, and a zone host may not read the participant list.
    stranger = visitor(edition, "Stranger")

    response = host_client.post(
        _url("host-visit", edition, guided.pk), {"participant": stranger.pk}, follow=True
    )

    assert [str(m) for m in response.context["messages"]] == [
        "This person is not booked for this visit."
    ]
