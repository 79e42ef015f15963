"""The calendar feed read as a subscribed calendar reads it, over a convention's changes
(publish, move, withdraw, undo, republish, delete a slot, a room, regenerate the grid): for
each UID, SEQUENCE never goes down, an event cancelled comes back only with a higher
SEQUENCE, any change of time or status comes with a higher SEQUENCE, and no event a calendar
shows as taking place leaves the feed."""

import datetime as dt

import pytest
from django.urls import reverse
from icalendar import Calendar

from paddock.events.enums import EditionStatus
from paddock.events.models import TimeSlot
from paddock.events.services.editions import update_edition
from paddock.events.services.grid import delete_slot, generate_time_grid
from paddock.events.services.venue import delete_room
from paddock.meetings.feed_services import agenda_feed_for
from paddock.meetings.models import Meeting
from paddock.meetings.services.organiser import cancel_meeting
from paddock.participants.withdrawal import undo_withdrawal, withdraw_participant
from paddock.scheduling import services as scheduling
from tests import factories
from tests.meetings.helpers import accepted_meeting, other_participant

pytestmark = pytest.mark.integration

RUN = {"time_limit_s": 10, "seed": 0, "workers": 1}


class SubscribedCalendar:
    """What a calendar keeps of a feed (RFC 5546's rules as calendars apply them): an event
    replaces the kept one only with a higher SEQUENCE. `faults` lists each read that broke a
    rule."""

    def __init__(self, client, participant):
        self.client, self.participant = client, participant
        self.kept: dict[str, tuple[int, str, dt.datetime]] = {}
        self.faults: list[str] = []

    def read(self, step: str) -> None:
        token = agenda_feed_for(self.participant).token
        url = reverse("meetings-portal:agenda-feed", args=[self.participant.edition.slug, token])
        response = self.client.get(url)
        assert response.status_code == 200
        served = {
            str(event["UID"]): (
                int(event["SEQUENCE"]),
                str(event["STATUS"]),
                event.decoded("DTSTART"),
            )
            for event in Calendar.from_ical(response.content).walk("VEVENT")
        }
        for uid, (sequence, status, start) in served.items():
            if uid not in self.kept:
                self.kept[uid] = (sequence, status, start)
                continue
            old_sequence, old_status, old_start = self.kept[uid]
            if sequence < old_sequence:
                self.faults.append(f"{step}: {uid} SEQUENCE {old_sequence} -> {sequence}")
            elif (status, start) != (old_status, old_start) and sequence == old_sequence:
                self.faults.append(f"{step}: {uid} changed with SEQUENCE {sequence} kept")
            elif sequence > old_sequence:
                self.kept[uid] = (sequence, status, start)
        for uid, (_sequence, status, _start) in self.kept.items():
            if uid not in served and status != "CANCELLED":
                self.faults.append(f"{step}: {uid} left the feed while shown {status}")


@pytest.fixture
def convention(edition, organiser_user, buyer, supplier):
    """Two rooms of two tables, a grid of a morning, three meetings of the buyer's accepted."""
    edition.status = EditionStatus.SCHEDULED
    edition.save()
    for name in ("Tent", "Hall"):
        room = factories.make_room(edition, name=name)
        for label in ("1", "2"):
            factories.make_table(room, label=f"{name[0]}{label}")
    _grid(edition, organiser_user)
    others = [other_participant(edition) for _ in range(2)]
    return [accepted_meeting(buyer, other) for other in [supplier, *others]]


def _grid(edition, by):
    generate_time_grid(
        edition,
        by=by,
        days=[edition.start_date],
        day_start=dt.time(9),
        day_end=dt.time(11),
        meeting_minutes=30,
        pause_minutes=0,
    )


def _publish(edition, by):
    scheduling.start_schedule_run(edition, by=by, **RUN)
    scheduling.publish_schedule(edition, by=by)


def test_a_calendar_follows_the_feed_through_a_conventions_changes(
    client, organiser_user, buyer, supplier, convention
):
    edition, calendar = buyer.edition, SubscribedCalendar(client, buyer)
    _publish(edition, organiser_user)
    calendar.read("published")

    first = Meeting.objects.get(pk=convention[0].pk)
    free = TimeSlot.objects.exclude(meetings__isnull=False).order_by("start").first()
    scheduling.move_meeting(first, by=organiser_user, slot=free, table=first.table)
    calendar.read("moved")

    supplier.unavailable_slots.add(*TimeSlot.objects.all())  # the next run leaves it out
    _publish(edition, organiser_user)
    calendar.read("republished")

    second, third = (Meeting.objects.get(pk=meeting.pk) for meeting in convention[1:])
    cancel_meeting(second, by=organiser_user)
    calendar.read("cancelled")
    delete_slot(second.slot, by=organiser_user)  # the cancelled meeting lets it go
    calendar.read("slot deleted")
    cancel_meeting(third, by=organiser_user)
    delete_room(third.table.room, by=organiser_user)
    calendar.read("room deleted")
    withdraw_participant(buyer, by=buyer.user)
    calendar.read("withdrawn")
    undo_withdrawal(buyer, by=organiser_user)
    calendar.read("undone")
    _grid(edition, organiser_user)
    calendar.read("grid regenerated")

    assert calendar.faults == []


def test_a_calendar_keeps_a_meeting_placed_by_an_unpublished_run_then_left_out(
    client, organiser_user, buyer, convention
):
    # Once a schedule is published the feed shows every run's places; before, a meeting that
    # no publication had and that a later run left out left the feed, shown CONFIRMED still.
    edition, calendar = buyer.edition, SubscribedCalendar(client, buyer)
    _publish(edition, organiser_user)
    late = accepted_meeting(buyer, other_participant(edition))
    scheduling.start_schedule_run(edition, by=organiser_user, **RUN)  # not published
    calendar.read("placed, not published")

    late.second.unavailable_slots.add(*TimeSlot.objects.all())
    scheduling.start_schedule_run(edition, by=organiser_user, **RUN)
    calendar.read("left out, not published")

    uid = f"meeting-{late.pk}@127.0.0.1"
    assert (calendar.faults, calendar.kept[uid][:2]) == ([], (2, "CANCELLED"))


def test_a_calendar_sees_a_kept_cancellation_move_with_the_grid(
    client, organiser_user, buyer, convention
):
    # The cancelled event of a meeting whose slot was deleted sits at the place kept then
    # (`Meeting.kept_place`); it stayed at the old day and instant when the grid moved with
    # new dates or kept its local times in a new zone, where nothing of the grid was.
    edition, calendar = buyer.edition, SubscribedCalendar(client, buyer)
    _publish(edition, organiser_user)
    meetings = [Meeting.objects.get(pk=meeting.pk) for meeting in convention]
    for meeting in meetings:
        cancel_meeting(meeting, by=organiser_user)
    delete_slot(meetings[0].slot, by=organiser_user)
    uid = f"meeting-{meetings[0].pk}@127.0.0.1"
    wall_clock = f"{meetings[0].slot.start.astimezone(edition.tzinfo):%H:%M}"
    shown = []

    for step, change in [
        ("slot deleted", {}),
        ("dates moved", {"start_date": dt.date(2031, 6, 19), "end_date": dt.date(2031, 6, 19)}),
        ("zone changed", {"timezone": "America/Montreal"}),
    ]:
        if change:
            update_edition(edition, by=organiser_user, **change)
        calendar.read(step)
        start = calendar.kept[uid][2]
        shown.append(f"{start:%d %b %H:%M} {start.tzinfo}")

    assert (calendar.faults, shown) == (
        [],
        [
            f"12 Jun {wall_clock} Europe/Paris",
            f"19 Jun {wall_clock} Europe/Paris",
            f"19 Jun {wall_clock} America/Montreal",
        ],
    )


def test_a_calendar_follows_a_published_schedule_into_a_corrected_time_zone(
    client, organiser_user, buyer, convention
):
    # The zone was wrong, the times shown right: the organiser confirms, and every event keeps
    # its wall-clock time in the new zone, at another instant, with a higher SEQUENCE.
    edition, calendar = buyer.edition, SubscribedCalendar(client, buyer)
    _publish(edition, organiser_user)
    calendar.read("published")
    shown = {uid: f"{start:%H:%M}" for uid, (_sequence, _status, start) in calendar.kept.items()}

    update_edition(edition, by=organiser_user, timezone="Europe/London", keep_told_times=True)
    calendar.read("zone corrected")

    assert (
        calendar.faults,
        {uid: f"{start:%H:%M} {start.tzinfo}" for uid, (*_, start) in calendar.kept.items()},
    ) == ([], {uid: f"{time} Europe/London" for uid, time in shown.items()})
