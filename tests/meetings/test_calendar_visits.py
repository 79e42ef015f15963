"""Visits in a participant's calendar feed and agenda: a confirmed seat is an event at once
(no publication needed); a seat cancelled since stays as a cancelled event with its SEQUENCE
raised; a place in a waiting list is no event."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from icalendar import Calendar

from paddock.events.models import Edition
from paddock.events.services.editions import update_edition
from paddock.meetings import documents, ics
from paddock.participants.models import Participant
from paddock.visits import services
from paddock.visits.enums import BookingStatus
from paddock.visits.models import Booking, VisitSession
from paddock.visits.queries import agenda_visits
from tests.compilations import compiled_models
from tests.scheduling.test_documents import _text_of
from tests.visits.factories import TWO_PM, make_visit, make_zone, visitor

pytestmark = pytest.mark.integration


def _events(feed: bytes) -> list[tuple[str, str, str]]:
    text = feed.decode().replace("\r\n ", "")
    blocks = re.findall(r"BEGIN:VEVENT\r\n(.*?)END:VEVENT", text, re.S)
    fields = [dict(re.findall(r"^([A-Z-]+)[^:\r\n]*:(.*?)\r$", b, re.M)) for b in blocks]
    return [(f["SUMMARY"], f["STATUS"], f["SEQUENCE"]) for f in fields]


def test_feed_has_my_visits_with_the_cancelled_ones_marked(edition, organiser_user):
    anna = visitor(edition, "Anna", preferred_language="en")
    zone = make_zone(edition)
    kept, dropped = make_visit(zone), make_visit(make_zone(edition, name_en="Garage 7"))
    waited = make_visit(make_zone(edition, name_en="Workshop"))
    Booking.objects.create(session=kept, participant=anna, status=BookingStatus.CONFIRMED)
    Booking.objects.create(session=dropped, participant=anna, status=BookingStatus.CONFIRMED)
    Booking.objects.create(
        session=waited, participant=anna, status=BookingStatus.WAITING, position=1
    )
    services.cancel_session(dropped, by=organiser_user, reason="Rain")

    feed = ics.agenda_ics(anna)

    assert sorted(_events(feed)) == [
        ("Visit: Garage 7", "CANCELLED", "1"),
        ("Visit: Team Alpine paddock", "CONFIRMED", "0"),
    ]


def test_agenda_lists_my_confirmed_visits_only(client, edition):
    anna = visitor(edition, "Anna", preferred_language="en")
    kept = make_visit(make_zone(edition))
    waited = make_visit(make_zone(edition, name_en="Workshop"))
    Booking.objects.create(session=kept, participant=anna, status=BookingStatus.CONFIRMED)
    Booking.objects.create(
        session=waited, participant=anna, status=BookingStatus.WAITING, position=1
    )
    client.force_login(anna.user)

    response = client.get(reverse("meetings-portal:agenda", args=[edition.slug]))

    assert [b.session for b in response.context["visits"]] == [kept]
    assert "Meeting point: Gate 4" in re.sub(r"\s+", " ", response.content.decode())


def test_agenda_pdf_lists_my_confirmed_visits(edition):
    anna = visitor(edition, "Anna", preferred_language="en")
    visit = make_visit(make_zone(edition))
    Booking.objects.create(session=visit, participant=anna, status=BookingStatus.CONFIRMED)
    context = {"edition": edition, "participant": anna, "visits": agenda_visits(anna)}

    text = " ".join(_text_of(documents.agenda_document(context)).split())

    assert text.split(" SAS ")[1] == (
        "My visits • Thursday 12 June, 14:00–15:00 Team Alpine paddock · Meeting point: Gate 4 "
        "No accepted meeting yet. 1 / 1"
    )


def test_agenda_visits_are_the_bookings_read_by_a_query_compiled_once(edition):
    # Issue 16: on every agenda and feed, building this query cost more than reading it.
    anna = visitor(edition, "Anna", preferred_language="en")
    bruno = visitor(edition, "Bruno", preferred_language="en")
    later = make_visit(make_zone(edition, name_en="Garage 7"), start=TWO_PM + dt.timedelta(hours=2))
    first = make_visit(make_zone(edition))
    mine = [
        Booking.objects.create(session=session, participant=anna, status=BookingStatus.CONFIRMED)
        for session in (first, later)
    ][::-1]
    agenda_visits(bruno, include_cancelled=True)
    agenda_visits(bruno)

    with compiled_models() as compiled:
        seen = [agenda_visits(anna), agenda_visits(anna, include_cancelled=True)]

    assert (compiled, seen) == ([], [mine[::-1], mine[::-1]])
    assert [b.session.zone.name for b in seen[0]] == ["Team Alpine paddock", "Garage 7"]


def _times(participant) -> list[tuple[str, str, str]]:
    """Each event's STATUS, SEQUENCE and DTSTART (local, as written) in the person's feed, read
    as a new request reads it (the edition's time zone as saved now)."""
    feed = ics.agenda_ics(Participant.objects.select_related("edition").get(pk=participant.pk))
    text = feed.decode().replace("\r\n ", "")
    blocks = re.findall(r"BEGIN:VEVENT\r\n(.*?)END:VEVENT", text, re.S)
    fields = [dict(re.findall(r"^([A-Z-]+)[^:\r\n]*:(.*?)\r$", b, re.M)) for b in blocks]
    return [(f["STATUS"], f["SEQUENCE"], f["DTSTART"]) for f in fields]


def _move(change, session, by):
    """Move the visit an hour later on its page, or with the edition's new time zone or dates."""
    edition = Edition.objects.get(pk=session.zone.edition_id)
    if change == "visit":
        hour = dt.timedelta(hours=1)
        services.update_session(session, by=by, start=session.start + hour, end=session.end + hour)
    elif change == "timezone":
        update_edition(edition, by=by, timezone="Europe/London")
    else:
        week = dt.timedelta(days=7)
        update_edition(
            edition, by=by, start_date=edition.start_date + week, end_date=edition.end_date + week
        )


MOVED = {"visit": "20310612T150000", "timezone": "20310612T140000", "dates": "20310619T140000"}


@pytest.mark.parametrize("change", list(MOVED))
def test_feed_raises_the_sequence_of_a_cancelled_seat_whose_visit_moves(
    edition, organiser_user, change
):
    # Before, the cancelled seat's event moved with its visit under the same SEQUENCE (1): a
    # calendar may ignore the change. Nobody booked or waiting, the visit may move.
    anna = visitor(edition, "Anna", preferred_language="en")
    session = make_visit(make_zone(edition))
    booking = services.book_visit(session, participant=anna, by=anna.user)
    services.cancel_booking(booking, by=anna.user)
    before = _times(anna)

    _move(change, VisitSession.objects.get(pk=session.pk), organiser_user)

    assert (before, _times(anna)) == (
        [("CANCELLED", "1", "20310612T140000")],
        [("CANCELLED", "2", MOVED[change])],
    )


def _visit_events(participant) -> dict[str, tuple[int, str]]:
    """UID to (SEQUENCE, STATUS) of the visits in the participant's feed, parsed by icalendar."""
    calendar = Calendar.from_ical(ics.agenda_ics(participant))
    return {
        str(event["UID"]): (int(event["SEQUENCE"]), str(event["STATUS"]))
        for event in calendar.walk("VEVENT")
    }


def test_feed_cancels_a_seat_moved_back_to_the_waiting_list_and_confirms_it_again(
    edition, organiser_user
):
    # Before, the seat left the feed when the group was made smaller: calendars kept it.
    anna, bruno = visitor(edition, "Anna"), visitor(edition, "Bruno")
    session = make_visit(make_zone(edition), seats=2)
    first = services.book_visit(session, participant=anna, by=anna.user)
    seat = services.book_visit(session, participant=bruno, by=bruno.user)
    uid = f"visit-{seat.pk}@127.0.0.1"
    booked = _visit_events(bruno)
    VisitSession.objects.filter(pk=session.pk).update(seats=1)  # the group made smaller

    services.trim_sessions(edition, by=organiser_user)
    waiting = _visit_events(bruno)
    services.cancel_booking(first, by=anna.user)  # Bruno gets the seat back
    promoted = _visit_events(bruno)

    assert (booked, waiting, promoted) == (
        {uid: (0, "CONFIRMED")},
        {uid: (1, "CANCELLED")},
        {uid: (2, "CONFIRMED")},
    )


def test_feed_keeps_a_seat_moved_back_to_the_waiting_list_then_left_cancelled(
    edition, organiser_user
):
    anna, bruno = visitor(edition, "Anna"), visitor(edition, "Bruno")
    session = make_visit(make_zone(edition), seats=2)
    services.book_visit(session, participant=anna, by=anna.user)
    seat = services.book_visit(session, participant=bruno, by=bruno.user)
    VisitSession.objects.filter(pk=session.pk).update(seats=1)
    services.trim_sessions(edition, by=organiser_user)

    services.cancel_booking(Booking.objects.get(pk=seat.pk), by=bruno.user)

    assert _visit_events(bruno) == {f"visit-{seat.pk}@127.0.0.1": (2, "CANCELLED")}
