"""Events reach the endpoints: check-ins, publication, moves on the day, cancellations.

Each test posts to a real HTTP server on 127.0.0.1 (conftest.py) once the transaction commits.
"""

import hashlib
import hmac
import json
import uuid

import pytest
from django.core.serializers.json import DjangoJSONEncoder

from paddock.checkin.models import CheckIn
from paddock.checkin.services import CheckInError
from paddock.meetings import services as meetings
from paddock.meetings.enums import Absence
from paddock.participants.enums import ParticipantRole
from paddock.scheduling import services as scheduling
from paddock.scheduling.services.live import (
    book_meeting,
    mark_all_no_shows,
    mark_no_show,
    undo_no_show,
)
from paddock.webhooks import services
from paddock.webhooks.enums import DeliveryStatus, WebhookEvent
from paddock.webhooks.models import Delivery
from tests import factories
from tests.scheduling.helpers import at, make_meeting, make_slots, person, place
from tests.scheduling.live_day import make_today

pytestmark = pytest.mark.integration

SMALL = {"time_limit_s": 10, "seed": 0, "workers": 1}  # a run of the real solver


def verified(secret: str, received) -> bool:
    """What a receiver does (docs/api.md): HMAC-SHA256 of "<timestamp>.<body>"."""
    timestamp = received.headers["X-Paddock-Timestamp"]
    signed = timestamp.encode() + b"." + received.body
    expected = "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, received.headers["X-Paddock-Signature"])


def api_time(value) -> str:
    """A time as the REST API writes it (Django's JSON encoder: milliseconds, "Z")."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def person_data(participant) -> dict:
    return {
        "id": participant.pk,
        "name": participant.user.get_full_name(),
        "company": participant.company.name,
    }


def meeting_data(meeting) -> dict:
    return {
        "id": meeting.pk,
        "first": person_data(meeting.first),
        "second": person_data(meeting.second),
        "status": meeting.status,
        "slot": meeting.slot_id,
        "start": meeting.slot.start.isoformat().replace("+00:00", "Z"),
        "end": meeting.slot.end.isoformat().replace("+00:00", "Z"),
        "room": meeting.table.room_id,
        "room_name": meeting.table.room.name,
        "table": meeting.table_id,
        "table_label": meeting.table.label,
    }


def events_received(receiver) -> list[tuple[str, int]]:
    return [(got.json["type"], got.json["data"]["meeting"]["id"]) for got in receiver.received]


@pytest.fixture
def grid(edition):
    room = factories.make_room(edition, name="Tent", capacity=40)
    tables = [factories.make_table(room, label=f"T{n}", position=n) for n in (1, 2)]
    anna, bert, carl = (person(edition, name) for name in ("Anna", "Bert", "Carl"))
    first, second = make_meeting(anna, bert), make_meeting(anna, carl)
    return tables, make_slots(edition, 3), [first, second]


def test_check_in_posts_a_signed_event_to_the_endpoint(
    edition, participant, endpoint, receiver, checked_in
):
    checkin = checked_in()

    delivery = Delivery.objects.get()
    (got,) = receiver.received
    assert got.json == {
        "id": str(delivery.event_id),
        "type": "participant.checked_in",
        "occurred_at": got.json["occurred_at"],
        "edition": edition.slug,
        "data": {
            "checkin": {
                "id": checkin.pk,
                "participant": person_data(participant),
                "room": None,
                "room_name": None,
                "checked_in_at": api_time(checkin.checked_in_at),
                "health_pass_checked": False,
            }
        },
    }
    assert (
        verified(endpoint.secret, got),
        got.headers["X-Paddock-Event"],
        got.headers["X-Paddock-Delivery"],
        got.headers["Content-Type"],
    ) == (True, "participant.checked_in", str(delivery.event_id), "application/json")
    assert list(delivery.attempts.values_list("status_code", "error")) == [(200, "")]
    assert (delivery.status, delivery.failures) == (DeliveryStatus.SUCCEEDED, 0)


def test_a_server_set_to_hold_webhooks_writes_deliveries_held_and_calls_nobody(
    settings, endpoint, receiver, checked_in, organiser_user
):
    """A staging or test copy (PADDOCK_WEBHOOKS_HOLD): the customers' endpoints are never
    called, not even by "send again"; `held_outgoing` sends or drops what was held."""
    settings.WEBHOOKS_HOLD = True
    checked_in()
    held = Delivery.objects.get()
    # One that failed before the copy was made: "send again" would call its endpoint.
    failed = Delivery.objects.create(
        endpoint=endpoint, event_id=uuid.uuid4(), event_type=held.event_type, body=held.body
    )
    Delivery.objects.filter(pk=failed.pk).update(status=DeliveryStatus.FAILED)

    with pytest.raises(services.WebhookError) as refused:
        services.send_again(failed, by=organiser_user)

    failed.refresh_from_db()
    assert (held.status, failed.status, refused.value.code, receiver.received) == (
        DeliveryStatus.HELD,
        DeliveryStatus.FAILED,
        "held",
        [],
    )


def test_check_in_refused_sends_nothing(endpoint, receiver, checked_in):
    checked_in()

    with pytest.raises(CheckInError):
        checked_in()

    assert (Delivery.objects.count(), len(receiver.received)) == (1, 1)


def test_publication_posts_meeting_scheduled_then_moved_after_a_hand_move(
    organiser_user, grid, endpoint, receiver, committed
):
    edition = endpoint.edition
    tables, slots, (first, second) = grid
    place(first, slots[0], tables[0])
    place(second, slots[1], tables[0])
    with committed():
        scheduling.publish_schedule(edition, by=organiser_user)
    scheduled = [got.json["data"]["meeting"] for got in receiver.received]

    scheduling.move_meeting(second, by=organiser_user, slot=slots[2], table=tables[1])
    sent_before_publication = len(receiver.received)
    with committed():
        scheduling.publish_schedule(edition, by=organiser_user)

    first.refresh_from_db()
    second.refresh_from_db()
    moved = receiver.received[-1]
    assert events_received(receiver) == [
        ("meeting.scheduled", first.pk),
        ("meeting.scheduled", second.pk),
        ("meeting.moved", second.pk),
    ]
    assert sent_before_publication == 2
    assert scheduled[0] == meeting_data(first)
    assert moved.json["data"]["meeting"] == meeting_data(second)
    assert verified(endpoint.secret, moved)


def test_organiser_cancellation_posts_meeting_cancelled(
    organiser_user, grid, endpoint, receiver, committed
):
    tables, slots, (first, _second) = grid
    place(first, slots[0], tables[0])
    scheduling.publish_schedule(endpoint.edition, by=organiser_user)  # its event is not sent here

    with committed():
        meetings.cancel_meeting(first, by=organiser_user)

    (got,) = receiver.received
    assert (got.json["type"], got.json["data"]["meeting"]["id"]) == ("meeting.cancelled", first.pk)
    assert got.json["data"]["meeting"]["status"] == "cancelled"


def test_cancelling_a_meeting_never_published_posts_nothing(
    organiser_user, grid, endpoint, receiver, committed
):
    tables, slots, (first, second) = grid
    place(first, slots[0], tables[0])
    scheduling.publish_schedule(endpoint.edition, by=organiser_user)  # first only
    place(second, slots[1], tables[0])

    with committed():
        meetings.cancel_meeting(second, by=organiser_user)

    assert (Delivery.objects.filter(event_type="meeting.cancelled").count(), receiver.received) == (
        0,
        [],
    )


@pytest.fixture
def both_published(organiser_user, grid, endpoint):
    """Both meetings of the grid placed and published (their events are not sent here)."""
    tables, slots, (first, second) = grid
    place(first, slots[0], tables[0])
    place(second, slots[1], tables[0])
    scheduling.publish_schedule(endpoint.edition, by=organiser_user)
    return slots, first, second


def test_publication_leaving_out_a_published_meeting_posts_meeting_cancelled(
    organiser_user, both_published, endpoint, receiver, committed
):
    edition, (slots, _first, second) = endpoint.edition, both_published
    second.second.unavailable_slots.set(slots)  # Carl can no longer come: a run leaves it out
    scheduling.start_schedule_run(edition, by=organiser_user, **SMALL)

    with committed():
        scheduling.publish_schedule(edition, by=organiser_user)

    cancelled = [got.json for got in receiver.received if got.json["type"] == "meeting.cancelled"]
    assert [(c["data"]["meeting"]["id"], c["data"]["meeting"]["status"]) for c in cancelled] == [
        (second.pk, "to_schedule")
    ]


def test_meeting_cancelled_after_publication_is_announced_once(
    organiser_user, both_published, endpoint, receiver, committed
):
    edition, (_slots, _first, second) = endpoint.edition, both_published
    with committed():
        meetings.cancel_meeting(second, by=organiser_user)

    with committed():
        scheduling.publish_schedule(edition, by=organiser_user)

    assert events_received(receiver) == [("meeting.cancelled", second.pk)]


def test_participant_cancelling_an_accepted_request_posts_meeting_cancelled(
    organiser_user, grid, endpoint, receiver, committed
):
    edition, (tables, slots, _meetings) = endpoint.edition, grid
    buyer = factories.make_participant(edition, role=ParticipantRole.BUYER)
    supplier = factories.make_participant(edition)
    sent = meetings.request_meeting(buyer, recipient=supplier, by=buyer.user)
    meeting = place(meetings.accept_request(sent, by=supplier.user), slots[0], tables[0])
    scheduling.publish_schedule(edition, by=organiser_user)  # its event is not sent here

    with committed():
        meetings.cancel_request(sent, by=buyer.user)

    assert [(got.json["type"], got.json["data"]["meeting"]["id"]) for got in receiver.received] == [
        ("meeting.cancelled", meeting.pk)
    ]


def test_events_go_only_to_active_endpoints_that_chose_them(
    edition, organiser_user, receiver, checked_in
):
    services.create_endpoint(
        edition, by=organiser_user, url=receiver.url, events=[WebhookEvent.MEETING_MOVED]
    )
    services.create_endpoint(
        edition,
        by=organiser_user,
        url=receiver.url,
        events=[WebhookEvent.PARTICIPANT_CHECKED_IN],
        active=False,
    )
    other = factories.make_edition()
    services.create_endpoint(
        other, by=organiser_user, url=receiver.url, events=[WebhookEvent.PARTICIPANT_CHECKED_IN]
    )

    checked_in()

    assert (Delivery.objects.count(), receiver.received) == (0, [])


def test_booking_on_the_day_posts_meeting_scheduled_at_once(organiser_user, receiver, committed):
    day = make_today(names=("Anna", "Bert", "Carl"), present=("Anna", "Bert"))
    endpoint = services.create_endpoint(
        day.edition, by=organiser_user, url=receiver.url, events=[WebhookEvent.MEETING_SCHEDULED]
    )
    place(make_meeting(day.people.anna, day.people.carl), day.slots[2], day.tables[0])
    scheduling.publish_schedule(day.edition, by=organiser_user)  # its event is not sent here
    waiting = make_meeting(day.people.anna, day.people.bert)

    with committed():
        book_meeting(waiting, by=organiser_user, slot=day.slots[1], now=day.now)

    waiting.refresh_from_db()
    (got,) = receiver.received
    assert (got.json["type"], got.json["data"]["meeting"]) == (
        "meeting.scheduled",
        meeting_data(waiting),
    )
    assert verified(endpoint.secret, got)


@pytest.fixture
def first_published(organiser_user, grid, endpoint):
    """Anna meets Bert at 09:00 at T1, published (its event is not sent here)."""
    tables, slots, (first, _second) = grid
    place(first, slots[0], tables[0])
    scheduling.publish_schedule(endpoint.edition, by=organiser_user)
    return first


def test_no_show_marked_by_hand_posts_meeting_missed_with_who_did_not_come(
    organiser_user, first_published, endpoint, receiver, committed
):
    meeting = first_published

    with committed():
        mark_no_show(meeting, by=organiser_user, absent=Absence.SECOND, now=at(9, 10))

    meeting.refresh_from_db()
    (got,) = receiver.received
    assert (got.json["type"], got.json["data"]) == (
        "meeting.missed",
        {"meeting": meeting_data(meeting), "absent": [meeting.second_id]},
    )
    assert (got.json["data"]["meeting"]["status"], verified(endpoint.secret, got)) == (
        "no_show",
        True,
    )


def test_no_show_job_posts_meeting_missed_for_each_meeting_it_marks(
    first_published, endpoint, receiver, committed
):
    edition, meeting = endpoint.edition, first_published
    edition.no_show_after_minutes = 10
    edition.save(update_fields=["no_show_after_minutes"])
    CheckIn.objects.create(edition=edition, participant=meeting.first, checked_in_at=at(8, 45))

    with committed():
        marked = mark_all_no_shows(now=at(9, 15))

    assert marked == [meeting]
    assert [(got.json["type"], got.json["data"]["absent"]) for got in receiver.received] == [
        ("meeting.missed", [meeting.second_id])
    ]


def test_no_show_of_both_names_both(organiser_user, first_published, receiver, committed):
    meeting = first_published

    with committed():
        mark_no_show(meeting, by=organiser_user, now=at(9, 10))  # nobody checked in

    (got,) = receiver.received
    assert got.json["data"]["absent"] == [meeting.first_id, meeting.second_id]


def test_undone_no_show_posts_meeting_scheduled_again(
    organiser_user, first_published, receiver, committed
):
    meeting = first_published
    with committed():
        mark_no_show(meeting, by=organiser_user, absent=Absence.SECOND, now=at(9, 10))

    with committed():
        undo_no_show(meeting, by=organiser_user, now=at(9, 12))

    meeting.refresh_from_db()
    assert events_received(receiver) == [
        ("meeting.missed", meeting.pk),
        ("meeting.scheduled", meeting.pk),
    ]
    assert receiver.received[-1].json["data"] == {"meeting": meeting_data(meeting)}


def test_no_show_of_a_meeting_never_published_posts_nothing(
    organiser_user, grid, first_published, receiver, committed
):
    tables, slots, (_first, second) = grid
    place(second, slots[1], tables[0])  # after the publication: never announced

    with committed():
        mark_no_show(second, by=organiser_user, absent=Absence.BOTH, now=at(9, 40))

    assert (Delivery.objects.filter(event_type="meeting.missed").count(), receiver.received) == (
        0,
        [],
    )


def test_no_show_goes_only_to_endpoints_that_chose_it(organiser_user, grid, receiver, committed):
    tables, slots, (first, _second) = grid
    edition = first.edition
    before = [e for e in WebhookEvent.values if e != WebhookEvent.MEETING_MISSED]
    services.create_endpoint(edition, by=organiser_user, url=receiver.url, events=before)
    place(first, slots[0], tables[0])
    scheduling.publish_schedule(edition, by=organiser_user)  # its event is not sent here

    with committed():
        mark_no_show(first, by=organiser_user, absent=Absence.SECOND, now=at(9, 10))

    assert (Delivery.objects.filter(event_type="meeting.missed").count(), receiver.received) == (
        0,
        [],
    )
