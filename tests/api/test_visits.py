"""Visits through the API: zones and sessions as the web shows them, bookings through the
portal's services, the people booked for the zone hosts and organisers."""

import datetime as dt

import pytest
from django.core import mail
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from paddock.core.models import AuditEntry
from paddock.events.models import SanitaryProtocol
from paddock.visits.enums import BookingStatus
from paddock.visits.models import Booking
from tests import factories
from tests.api.conftest import bearer, new_token
from tests.visits.factories import make_visit, make_zone

pytestmark = pytest.mark.integration


def _url(edition, path=""):
    return f"/api/v1/editions/{edition.slug}{path}"


def _get(client, text, url, **headers):
    return client.get(url, headers={**bearer(text), **headers})


def _post(client, text, url):
    return client.post(url, content_type="application/json", headers=bearer(text))


def _visit_ids(client, text, edition):
    return [item["id"] for item in _get(client, text, _url(edition, "/visits")).json()["results"]]


ALPINE = {
    "name": "Team Alpine paddock",
    "name_en": "Team Alpine paddock",
    "name_fr": "Paddock de l’équipe Alpine",
    "kind": "paddock",
    "host": "",
    "meeting_point": "Gate 4",
    "description": "",
    "allowed_roles": ["buyer", "supplier", "both"],
    "health_pass_required": False,
    "safety_notes": "Closed shoes",
    "guide_languages": ["en"],
    "group_size": 12,
}


def test_visit_shows_seats_conditions_and_own_booking(
    client, small_edition, participant, guided_visit
):
    text = new_token(participant.user, small_edition)
    own = Booking.objects.get(participant=participant)

    body = _get(client, text, _url(small_edition, f"/visits/{guided_visit.pk}")).json()

    assert body == {
        "id": guided_visit.pk,
        "zone": {"id": guided_visit.zone_id, **ALPINE},
        "start": "2031-06-12T12:00:00Z",
        "end": "2031-06-12T13:00:00Z",
        "seats": 1,
        "booked": 1,
        "waiting": 1,
        "seats_left": 0,
        "status": "open",
        "cancel_reason": "",
        "travel_before_minutes": 10,
        "travel_after_minutes": 10,
        "mine": {"id": own.pk, "status": "confirmed", "position": None},
    }


def test_zones_list_counts_the_protocols_health_pass(
    client, small_edition, participant, guided_visit
):
    SanitaryProtocol.objects.filter(edition=small_edition).update(health_pass_required=True)
    text = new_token(participant.user, small_edition)

    body = _get(client, text, _url(small_edition, "/zones")).json()

    assert body["results"] == [{"id": guided_visit.zone_id, **ALPINE, "health_pass_required": True}]


def test_visits_list_filters_by_zone_and_day(
    client, small_edition, organiser_user, guided_visit, garage_visit
):
    text = new_token(organiser_user, small_edition)

    def ids(query):
        body = _get(client, text, _url(small_edition, f"/visits?{query}")).json()
        return [item["id"] for item in body["results"]]

    assert ids("") == [guided_visit.pk, garage_visit.pk]
    assert ids(f"zone={garage_visit.zone_id}") == [garage_visit.pk]
    assert ids("day=2031-06-12") == [guided_visit.pk, garage_visit.pk]
    assert ids("day=2031-06-13") == []
    assert ids("status=cancelled") == []


def test_visits_list_on_the_first_or_last_day_of_the_calendar_is_empty(
    client, small_edition, organiser_user, guided_visit
):
    text = new_token(organiser_user, small_edition)

    answers = [
        _get(client, text, _url(small_edition, f"/visits?day={day}"))
        for day in ("0001-01-01", "9999-12-31")
    ]

    assert [(a.status_code, a.json()["results"]) for a in answers] == [(200, []), (200, [])]


def test_visit_booking_confirms_a_seat_through_the_service(client, small_edition, participant):
    visit = make_visit(make_zone(small_edition), seats=3)
    text = new_token(participant.user, small_edition, write=True)

    response = _post(client, text, _url(small_edition, f"/visits/{visit.pk}/book"))

    booking = Booking.objects.get(session=visit)
    assert (response.status_code, response.json()) == (
        201,
        {
            "id": booking.pk,
            "visit": visit.pk,
            "zone": "Team Alpine paddock",
            "start": "2031-06-12T12:00:00Z",
            "end": "2031-06-12T13:00:00Z",
            "status": "confirmed",
            "position": None,
            "created_at": DjangoJSONEncoder().default(booking.created_at),
            "cancelled_at": None,
        },
    )
    assert list(AuditEntry.objects.filter(action="visits.book").values_list("actor", "data")) == [
        (participant.user_id, {"status": "confirmed"})
    ]


def test_visit_booking_joins_the_waiting_list_when_full(client, small_edition, guided_visit):
    late = factories.make_participant(small_edition)
    text = new_token(late.user, small_edition, write=True)

    body = _post(client, text, _url(small_edition, f"/visits/{guided_visit.pk}/book")).json()

    assert (body["status"], body["position"]) == ("waiting", 2)


def test_visit_booking_refused_by_the_zones_roles(client, small_edition, participant, garage_visit):
    text = new_token(participant.user, small_edition, write=True)

    response = _post(client, text, _url(small_edition, f"/visits/{garage_visit.pk}/book"))

    assert (response.status_code, response.json()) == (
        409,
        {
            "type": "about:blank",
            "title": "Conflict",
            "status": 409,
            "detail": "Visits of Garage are not open to participants with the role supplier.",
            "code": "role_not_allowed",
            "errors": [],
        },
    )
    assert list(Booking.objects.filter(session=garage_visit)) == []


def test_visit_booking_refusal_in_french(client, small_edition, participant, guided_visit):
    text = new_token(participant.user, small_edition, write=True)

    body = client.post(
        _url(small_edition, f"/visits/{guided_visit.pk}/book"),
        content_type="application/json",
        headers={**bearer(text), "Accept-Language": "fr"},
    ).json()

    assert (body["code"], body["detail"]) == (
        "already_booked",
        "Vous êtes déjà inscrit ou en attente pour cette visite.",
    )


def test_visit_booking_needs_a_write_token(client, small_edition, participant, garage_visit):
    text = new_token(participant.user, small_edition)

    response = _post(client, text, _url(small_edition, f"/visits/{garage_visit.pk}/book"))

    assert (response.status_code, response.json()["code"]) == (403, "read_only_token")


def test_booking_cancel_promotes_the_first_waiting(
    client, participant, guided_visit, django_capture_on_commit_callbacks
):
    edition = guided_visit.zone.edition
    own = Booking.objects.get(participant=participant)
    waiting = Booking.objects.get(status=BookingStatus.WAITING)
    text = new_token(participant.user, edition, write=True)

    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, text, _url(edition, f"/bookings/{own.pk}/cancel"))

    statuses = dict(Booking.objects.values_list("participant", "status"))
    assert (response.status_code, response.json()["status"]) == (200, "cancelled")
    assert statuses == {participant.pk: "cancelled", waiting.participant_id: "confirmed"}
    assert [message.to for message in mail.outbox] == [["seller@example.com"]]


def test_booking_cancel_refused_after_the_deadline(client, small_edition, participant):
    soon = timezone.now() + dt.timedelta(hours=2)
    visit = make_visit(make_zone(small_edition), start=soon)
    booking = Booking.objects.create(
        session=visit, participant=participant, status=BookingStatus.CONFIRMED
    )
    text = new_token(participant.user, small_edition, write=True)

    response = _post(client, text, _url(small_edition, f"/bookings/{booking.pk}/cancel"))

    booking.refresh_from_db()
    assert (response.status_code, response.json()["code"]) == (409, "deadline")
    assert booking.status == BookingStatus.CONFIRMED


def test_own_bookings_list_only_the_readers(client, small_edition, other_participant, guided_visit):
    theirs = Booking.objects.get(participant=other_participant)
    text = new_token(other_participant.user, small_edition)

    body = _get(client, text, _url(small_edition, "/bookings")).json()

    assert [(item["id"], item["status"], item["position"]) for item in body["results"]] == [
        (theirs.pk, "waiting", 1)
    ]


def test_organiser_reads_the_people_booked(
    client, organiser_user, participant, other_participant, guided_visit
):
    edition = guided_visit.zone.edition
    text = new_token(organiser_user, edition)

    body = _get(client, text, _url(edition, f"/visits/{guided_visit.pk}/bookings")).json()

    assert [
        (item["participant"]["id"], item["status"], item["position"]) for item in body["results"]
    ] == [(participant.pk, "confirmed", None), (other_participant.pk, "waiting", 1)]


# Permissions ------------------------------------------------------------------------------


def test_participant_token_never_reads_visits_of_another_edition(
    client, small_edition, participant, guided_visit
):
    elsewhere = factories.make_edition(slug="elsewhere")
    factories.make_participant(elsewhere, user=participant.user)
    theirs = make_visit(make_zone(elsewhere))
    text = new_token(participant.user, small_edition, write=True)

    statuses = [
        _get(client, text, f"/api/v1/editions/elsewhere{path}").status_code
        for path in ("/zones", "/visits", f"/visits/{theirs.pk}", "/bookings")
    ]
    in_own = _get(client, text, _url(small_edition, f"/visits/{theirs.pk}")).status_code
    booked = _post(client, text, _url(small_edition, f"/visits/{theirs.pk}/book")).status_code
    own = _visit_ids(client, text, small_edition)

    assert (statuses, in_own, booked, own) == ([404] * 4, 404, 404, [guided_visit.pk])


def test_participant_never_reads_who_else_is_booked(
    client, small_edition, participant, other_participant, guided_visit
):
    theirs = Booking.objects.get(participant=other_participant)
    text = new_token(participant.user, small_edition, write=True)

    people = _get(client, text, _url(small_edition, f"/visits/{guided_visit.pk}/bookings"))
    cancel = _post(client, text, _url(small_edition, f"/bookings/{theirs.pk}/cancel"))
    own = _get(client, text, _url(small_edition, "/bookings")).json()["results"]

    assert (people.status_code, people.json()["code"]) == (403, "forbidden")
    assert cancel.status_code == 404
    assert [item["id"] for item in own] == [Booking.objects.get(participant=participant).pk]
    assert Booking.objects.get(pk=theirs.pk).status == BookingStatus.WAITING


def test_zone_host_sees_only_their_sessions(
    client, zone_host, participant, guided_visit, garage_visit
):
    edition = guided_visit.zone.edition
    text = new_token(zone_host, edition)

    listed = _visit_ids(client, text, edition)
    zones = _get(client, text, _url(edition, "/zones")).json()["results"]
    other = _get(client, text, _url(edition, f"/visits/{garage_visit.pk}")).status_code
    others_people = _get(client, text, _url(edition, f"/visits/{garage_visit.pk}/bookings"))
    people = _get(client, text, _url(edition, f"/visits/{guided_visit.pk}/bookings"))

    assert (listed, [zone["id"] for zone in zones]) == ([guided_visit.pk], [guided_visit.zone_id])
    assert (other, others_people.status_code) == (404, 404)
    assert [item["participant"]["name"] for item in people.json()["results"]] == [
        participant.user.get_full_name() or str(participant.user),
        "Sam Seller",
    ]


def test_checkin_agent_and_unvalidated_see_no_visits(
    client, small_edition, checkin_user, guided_visit
):
    waiting = factories.make_participant(small_edition, status="registered")
    tokens = [new_token(checkin_user, small_edition), new_token(waiting.user, small_edition)]

    statuses = [
        _get(client, text, _url(small_edition, path)).status_code
        for text in tokens
        for path in ("/zones", "/visits", f"/visits/{guided_visit.pk}/bookings")
    ]

    assert statuses == [403] * 6


def test_participant_sees_no_visits_when_the_protocol_turns_them_off(
    client, small_edition, participant, guided_visit
):
    SanitaryProtocol.objects.filter(edition=small_edition).update(visits_allowed=False)
    text = new_token(participant.user, small_edition)

    assert _visit_ids(client, text, small_edition) == []
