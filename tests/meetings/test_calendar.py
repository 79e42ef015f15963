"""The calendar feed: parsed by icalendar, stable UIDs, SEQUENCE raised, cancellations kept."""

import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from paddock.events.enums import EditionStatus
from paddock.events.models import Edition, TimeSlot
from paddock.events.services.editions import update_edition
from paddock.events.services.grid import delete_slot, update_slot
from paddock.events.services.venue import delete_room, delete_table
from paddock.meetings import services
from paddock.meetings.feed_services import agenda_feed_for
from paddock.meetings.models import Meeting
from paddock.scheduling import services as scheduling
from tests import factories
from tests.meetings.helpers import accepted_meeting, other_participant, place

pytestmark = pytest.mark.integration

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.fixture
def published(edition):
    edition.status = EditionStatus.SCHEDULED
    edition.save()
    return edition


def _feed(client, participant):
    token = agenda_feed_for(participant).token
    response = client.get(
        reverse("meetings-portal:agenda-feed", args=[participant.edition.slug, token])
    )
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def _events(calendar):
    return {
        str(event["UID"]): (int(event["SEQUENCE"]), str(event["STATUS"]), event.decoded("DTSTART"))
        for event in calendar.walk("VEVENT")
    }


def test_feed_needs_no_login_and_describes_the_meeting(client, published, buyer, placed_meeting):
    calendar = _feed(client, buyer)

    (event,) = calendar.walk("VEVENT")
    assert (
        str(event["UID"]),
        str(event["SUMMARY"]),
        str(event["LOCATION"]),
        event.decoded("DTSTART"),
        event.decoded("DTEND"),
        event["DTSTART"].params["TZID"],
    ) == (
        f"meeting-{placed_meeting.pk}@127.0.0.1",
        "Meeting with Sophie Laser (Impression 3D Ouest)",
        f"{placed_meeting.table.room.name}, table 12",
        dt.datetime(2031, 6, 12, 9, 0, tzinfo=PARIS),
        dt.datetime(2031, 6, 12, 9, 30, tzinfo=PARIS),
        "Europe/Paris",
    )
    assert "They offer: Metal additive manufacturing" in str(event["DESCRIPTION"])
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]


def test_feed_keeps_uids_raises_sequence_and_keeps_the_cancelled_event(
    client, published, buyer, supplier, placed_meeting
):
    kept = place(
        accepted_meeting(buyer, other_participant(published)),
        slot=placed_meeting.slot,
        table=_another_table(placed_meeting),
    )
    before = _events(_feed(client, buyer))

    services.cancel_request(placed_meeting.request, by=supplier.user)

    after = _events(_feed(client, buyer))
    start = dt.datetime(2031, 6, 12, 9, 0, tzinfo=PARIS)
    uid, kept_uid = (f"meeting-{m.pk}@127.0.0.1" for m in (placed_meeting, kept))
    assert before == {uid: (0, "CONFIRMED", start), kept_uid: (0, "CONFIRMED", start)}
    assert after == {uid: (1, "CANCELLED", start), kept_uid: (0, "CONFIRMED", start)}


def _another_table(meeting: Meeting):
    return factories.make_table(meeting.table.room, label="13")


def test_feed_leaves_out_meetings_not_yet_placed(client, published, buyer, supplier):
    accepted_meeting(buyer, supplier)

    assert _events(_feed(client, buyer)) == {}


def test_feed_is_empty_until_the_schedule_is_published(client, buyer, placed_meeting):
    assert _events(_feed(client, buyer)) == {}


def test_feed_with_a_wrong_token_is_404(client, published, buyer):
    url = reverse("meetings-portal:agenda-feed", args=[published.slug, "not-a-token"])

    assert client.get(url).status_code == 404


def test_feed_token_of_another_edition_is_404(client, published, buyer):
    other = factories.make_edition()
    token = agenda_feed_for(buyer).token

    response = client.get(reverse("meetings-portal:agenda-feed", args=[other.slug, token]))

    assert response.status_code == 404


@pytest.mark.parametrize("token", ["ab%00cd", "ab%01cd", "ab%7Fcd"])
def test_feed_token_with_a_control_character_is_404(client, published, buyer, token):
    response = client.get(f"/e/{published.slug}/agenda/{token}.ics")

    assert (response.status_code, response["Content-Type"]) == (404, "text/html; charset=utf-8")


def test_feed_in_french_has_no_english_text(client, published, buyer, placed_meeting):
    buyer.user.preferred_language = "fr"
    buyer.user.save()

    (event,) = _feed(client, buyer).walk("VEVENT")

    assert str(event["DESCRIPTION"]).splitlines()[:3] == [
        "Sophie Laser",
        "Impression 3D Ouest",
        "Ils proposent\u00a0: Fabrication additive métal",
    ]


def test_feed_names_the_meetings_interpreter(client, published, buyer, placed_meeting):
    placed_meeting.interpreter = factories.make_interpreter(published, name="Yuki Tanaka")
    placed_meeting.save()

    (event,) = _feed(client, buyer).walk("VEVENT")

    lines = str(event["DESCRIPTION"]).splitlines()
    assert [line for line in lines if "Yuki" in line] == ["Interpreter: Yuki Tanaka"]


@pytest.mark.usefixtures("table")
def test_feed_cancels_a_published_meeting_that_a_new_run_leaves_out(
    client, organiser_user, buyer, supplier, slot
):
    edition, meeting = buyer.edition, accepted_meeting(buyer, supplier)
    run = {"time_limit_s": 10, "seed": 0, "workers": 1}
    scheduling.start_schedule_run(edition, by=organiser_user, **run)
    scheduling.publish_schedule(edition, by=organiser_user)
    before = _events(_feed(client, buyer))
    supplier.unavailable_slots.add(slot)

    scheduling.start_schedule_run(edition, by=organiser_user, **run)

    after = _events(_feed(client, buyer))
    uid, start = f"meeting-{meeting.pk}@127.0.0.1", dt.datetime(2031, 6, 12, 9, 0, tzinfo=PARIS)
    assert (before, after) == (
        {uid: (1, "CONFIRMED", start)},
        {uid: (2, "CANCELLED", start)},
    )


def _move(change, edition, slot, by):
    """Move the slot an hour later by hand, or the grid with a new time zone or new dates."""
    if change == "slot":
        hour = dt.timedelta(hours=1)
        update_slot(slot, by=by, start=slot.start + hour, end=slot.end + hour, session=slot.session)
    elif change == "timezone":
        update_edition(edition, by=by, timezone="Europe/London")
    else:
        week = dt.timedelta(days=7)
        update_edition(
            edition, by=by, start_date=edition.start_date + week, end_date=edition.end_date + week
        )


MOVED = {
    "slot": dt.datetime(2031, 6, 12, 10, 0, tzinfo=PARIS),
    "timezone": dt.datetime(2031, 6, 12, 9, 0, tzinfo=zoneinfo.ZoneInfo("Europe/London")),
    "dates": dt.datetime(2031, 6, 19, 9, 0, tzinfo=PARIS),
}


@pytest.mark.parametrize("change", list(MOVED))
@pytest.mark.usefixtures("table", "slot")
def test_feed_raises_the_sequence_of_a_left_out_meeting_whose_published_slot_moves(
    client, organiser_user, buyer, supplier, change
):
    # Before, the cancelled event moved with the slot it was published in, its SEQUENCE kept:
    # a calendar may ignore the change, or keep two versions of one revision.
    edition, meeting = buyer.edition, accepted_meeting(buyer, supplier)
    slot = edition.slots.get()
    run = {"time_limit_s": 10, "seed": 0, "workers": 1}
    scheduling.start_schedule_run(edition, by=organiser_user, **run)
    scheduling.publish_schedule(edition, by=organiser_user)
    supplier.unavailable_slots.add(slot)
    scheduling.start_schedule_run(edition, by=organiser_user, **run)
    before = _events(_feed(client, buyer))

    _move(change, Edition.objects.get(pk=edition.pk), slot, organiser_user)

    after = _events(_feed(client, buyer))
    uid, start = f"meeting-{meeting.pk}@127.0.0.1", dt.datetime(2031, 6, 12, 9, 0, tzinfo=PARIS)
    assert (before, after) == (
        {uid: (2, "CANCELLED", start)},
        {uid: (3, "CANCELLED", MOVED[change])},
    )


def _locations(client, participant):
    return [str(event["LOCATION"]) for event in _feed(client, participant).walk("VEVENT")]


@pytest.mark.usefixtures("table")
def test_feed_keeps_a_left_out_meeting_cancelled_once_its_published_slot_is_deleted(
    client, organiser_user, buyer, supplier, slot
):
    # Before, its event left the feed: a calendar that missed the cancellation kept it.
    edition, meeting = buyer.edition, accepted_meeting(buyer, supplier)
    run = {"time_limit_s": 10, "seed": 0, "workers": 1}
    scheduling.start_schedule_run(edition, by=organiser_user, **run)
    scheduling.publish_schedule(edition, by=organiser_user)
    supplier.unavailable_slots.add(slot)
    scheduling.start_schedule_run(edition, by=organiser_user, **run)
    before = (_events(_feed(client, buyer)), _locations(client, buyer))

    delete_slot(TimeSlot.objects.get(pk=slot.pk), by=organiser_user)

    after = (_events(_feed(client, buyer)), _locations(client, buyer))
    uid, start = f"meeting-{meeting.pk}@127.0.0.1", dt.datetime(2031, 6, 12, 9, 0, tzinfo=PARIS)
    assert before == ({uid: (2, "CANCELLED", start)}, before[1])
    assert after == before


@pytest.mark.usefixtures("published")
@pytest.mark.parametrize("place", ["slot", "table", "room"])
def test_feed_keeps_a_cancelled_meeting_whose_place_is_deleted(
    client, organiser_user, buyer, placed_meeting, place
):
    services.cancel_request(placed_meeting.request, by=buyer.user)
    before = (_events(_feed(client, buyer)), _locations(client, buyer))

    if place == "slot":
        delete_slot(placed_meeting.slot, by=organiser_user)
    elif place == "table":
        delete_table(placed_meeting.table, by=organiser_user)
    else:
        delete_room(placed_meeting.table.room, by=organiser_user)

    after = (_events(_feed(client, buyer)), _locations(client, buyer))
    uid = f"meeting-{placed_meeting.pk}@127.0.0.1"
    start = dt.datetime(2031, 6, 12, 9, 0, tzinfo=PARIS)
    # Its revision is raised as it lets its place go: the place it shows may have changed.
    assert before == ({uid: (1, "CANCELLED", start)}, [f"{placed_meeting.table.room}, table 12"])
    assert after == ({uid: (2, "CANCELLED", start)}, before[1])
