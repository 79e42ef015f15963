"""Rooms, tables and slots that meetings hold: deleting them, or replacing the grid, is refused
with the number of meetings in the way while a live meeting holds them; cancelled meetings and
no-shows no longer hold their place and let it go."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.db.models import RestrictedError
from django.urls import reverse

from paddock.events import services
from paddock.events.models import Room, Table, TimeSlot
from paddock.meetings.enums import MeetingStatus
from paddock.meetings.models import Meeting
from tests import factories
from tests.edit_forms import post_as_opened
from tests.events import test_views_editions, test_views_grid
from tests.scheduling.helpers import make_meeting, make_slots, person, place

pytestmark = pytest.mark.integration

GRID = {**test_views_grid.GRID, "replace": "on"}


def _url(name, edition, *args):
    return reverse(f"events:{name}", args=[edition.slug, *args])


def _messages(response):
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def venue(edition):
    """A room with two tables and three slots; Anna meets Bert at T1 at 09:00, and a
    cancelled meeting of Anna and Carl stays at T1 at 09:30."""
    room = factories.make_room(edition, name="Tent", capacity=40)
    tables = [factories.make_table(room, label=label) for label in ["T1", "T2"]]
    slots = make_slots(edition, 3)
    anna, bert, carl = (person(edition, name) for name in ["Anna", "Bert", "Carl"])
    live = place(make_meeting(anna, bert), slots[0], tables[0])
    cancelled = place(make_meeting(anna, carl), slots[1], tables[0])
    cancelled.status = MeetingStatus.CANCELLED
    cancelled.save()
    return SimpleNamespace(room=room, tables=tables, slots=slots, live=live, cancelled=cancelled)


def _places(edition):
    return (
        sorted(Room.objects.filter(edition=edition).values_list("name", flat=True)),
        sorted(Table.objects.filter(room__edition=edition).values_list("label", flat=True)),
        TimeSlot.objects.filter(edition=edition).count(),
    )


def _meetings(edition):
    rows = Meeting.objects.filter(edition=edition).values_list("pk", "status", "slot", "table")
    return {pk: tuple(rest) for pk, *rest in rows}


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("room-delete", "The room Tent cannot be deleted: "),
        ("table-delete", "The table Tent · T1 cannot be deleted: "),
        ("slot-delete", "This slot cannot be deleted: "),
    ],
)
def test_place_delete_with_a_scheduled_meeting_is_refused_and_changes_nothing(
    organiser_client, edition, venue, name, message
):
    place = {"room-delete": venue.room, "table-delete": venue.tables[0]}.get(name, venue.slots[0])
    before = _meetings(edition)

    response = organiser_client.post(_url(name, edition, place.pk))

    assert (response.status_code, _messages(response)) == (
        409,
        [
            f"{message}1 scheduled meeting takes place there. Move it elsewhere or cancel it on "
            "the schedule page first."
        ],
    )
    assert (_places(edition), _meetings(edition)) == ((["Tent"], ["T1", "T2"], 3), before)


def test_table_delete_under_htmx_refusal_reloads_the_page_with_the_message(
    organiser_client, edition, venue
):
    response = organiser_client.post(
        _url("table-delete", edition, venue.tables[0].pk), headers={"HX-Request": "true"}
    )

    assert (response.status_code, response.headers.get("HX-Refresh")) == (200, "true")
    assert _places(edition) == (["Tent"], ["T1", "T2"], 3)


def test_slot_delete_holding_only_a_cancelled_meeting_detaches_it(organiser_client, edition, venue):
    response = organiser_client.post(_url("slot-delete", edition, venue.slots[1].pk))

    assert (response.status_code, _places(edition)) == (302, (["Tent"], ["T1", "T2"], 2))
    assert _meetings(edition) == {
        venue.live.pk: (MeetingStatus.SCHEDULED, venue.slots[0].pk, venue.tables[0].pk),
        venue.cancelled.pk: (MeetingStatus.CANCELLED, None, None),
    }


def test_table_delete_holding_only_a_no_show_detaches_it(organiser_client, edition, venue):
    Meeting.objects.filter(pk=venue.live.pk).update(status=MeetingStatus.NO_SHOW, absent="both")

    response = organiser_client.post(_url("table-delete", edition, venue.tables[0].pk))

    assert (response.status_code, _places(edition)) == (302, (["Tent"], ["T2"], 3))
    assert _meetings(edition) == {
        venue.live.pk: (MeetingStatus.NO_SHOW, None, None),
        venue.cancelled.pk: (MeetingStatus.CANCELLED, None, None),
    }


def test_grid_regenerate_with_a_scheduled_meeting_is_refused_next_to_replace(
    organiser_client, edition, venue
):
    response = organiser_client.post(_url("grid-generate", edition), GRID)

    assert (response.status_code, response.context["form"].errors) == (
        200,
        {
            "replace": [
                "The grid cannot be replaced: 1 scheduled meeting takes place there. Move it "
                "elsewhere or cancel it on the schedule page first."
            ]
        },
    )
    assert (_places(edition), TimeSlot.objects.filter(pk=venue.slots[0].pk).exists()) == (
        (["Tent"], ["T1", "T2"], 3),
        True,
    )


def test_grid_regenerate_with_only_cancelled_meetings_replaces_the_slots(
    organiser_client, edition, venue
):
    Meeting.objects.filter(pk=venue.live.pk).update(status=MeetingStatus.CANCELLED)

    response = organiser_client.post(_url("grid-generate", edition), GRID)

    starts = list(
        TimeSlot.objects.filter(edition=edition).order_by("start").values_list("start", flat=True)
    )
    assert (response.status_code, starts[0], len(starts)) == (
        302,
        dt.datetime(2031, 6, 12, 7, 0, tzinfo=dt.UTC),
        4,
    )
    assert _meetings(edition) == {
        venue.live.pk: (MeetingStatus.CANCELLED, None, None),
        venue.cancelled.pk: (MeetingStatus.CANCELLED, None, None),
    }


def _slot_times(edition):
    tz = edition.tzinfo
    return [
        (slot.session.name, slot.session.date, f"{slot.start.astimezone(tz):%Y-%m-%d %H:%M}")
        for slot in TimeSlot.objects.filter(edition=edition).select_related("session")
    ]


def _sequences(edition):
    return dict(Meeting.objects.filter(edition=edition).values_list("pk", "sequence"))


def test_slot_times_under_a_scheduled_meeting_cannot_change(organiser_client, edition, venue):
    slot = venue.slots[0]

    response = post_as_opened(
        organiser_client,
        _url("slot-update", edition, slot.pk),
        {"session": slot.session_id, "start": "08:30", "end": "09:00"},
    )

    assert (response.status_code, response.context["form"].errors) == (
        200,
        {
            "start": [
                "This slot’s times cannot change: 1 scheduled meeting takes place there. Move "
                "it elsewhere or cancel it on the schedule page first."
            ]
        },
    )
    assert (_slot_times(edition)[0], _sequences(edition)) == (
        ("Morning", dt.date(2031, 6, 12), "2031-06-12 09:00"),
        {venue.live.pk: 0, venue.cancelled.pk: 0},
    )


def test_slot_times_under_a_cancelled_meeting_change_and_its_calendar_revision_rises(
    organiser_client, edition, venue
):
    slot = venue.slots[2]
    place(make_meeting(venue.live.first, venue.live.second, status=MeetingStatus.CANCELLED),
          slot, venue.tables[1], status=MeetingStatus.CANCELLED)  # fmt: skip
    moved = Meeting.objects.get(slot=slot)

    response = post_as_opened(
        organiser_client,
        _url("slot-update", edition, slot.pk),
        {"session": slot.session_id, "start": "10:05", "end": "10:35"},
    )

    assert (response.status_code, _slot_times(edition)[2], _sequences(edition)) == (
        302,
        ("Morning", dt.date(2031, 6, 12), "2031-06-12 10:05"),
        {venue.live.pk: 0, venue.cancelled.pk: 0, moved.pk: 1},
    )


@pytest.fixture
def grid(edition):
    """Two generated days, 12 and 13 June 2031, with one 09:00 slot each, no meeting."""
    edition.end_date = dt.date(2031, 6, 13)
    edition.save()
    services.generate_time_grid(
        edition,
        by=None,
        days=edition.days,
        day_start=dt.time(9),
        day_end=dt.time(9, 30),
        meeting_minutes=30,
        pause_minutes=0,
    )
    return edition


def _update_edition(client, edition, **dates):
    """Post the edition's settings with new dates: (status, form errors or None, saved dates)."""
    data = test_views_editions._settings_data(edition, **dates)
    response = post_as_opened(client, _url("edition-update", edition), data)
    form = response.context["form"] if response.context else None
    edition.refresh_from_db()
    errors = dict(form.errors) if form is not None else None
    return response.status_code, errors, (edition.start_date, edition.end_date)


def test_moving_the_edition_carries_its_grid_along(organiser_client, grid):
    result = _update_edition(organiser_client, grid, start_date="2031-10-30", end_date="2031-10-31")

    # 09:00 stays 09:00 in Paris across the clocks' change on 26 October.
    assert (result, _slot_times(grid)) == (
        (302, None, (dt.date(2031, 10, 30), dt.date(2031, 10, 31))),
        [
            ("Thu 30 Oct morning", dt.date(2031, 10, 30), "2031-10-30 09:00"),
            ("Fri 31 Oct morning", dt.date(2031, 10, 31), "2031-10-31 09:00"),
        ],
    )


def test_moving_the_edition_under_scheduled_meetings_is_refused(organiser_client, edition, venue):
    result = _update_edition(
        organiser_client, edition, start_date="2031-06-19", end_date="2031-06-19"
    )

    message = (
        "The grid cannot move with these dates: 1 scheduled meeting takes place there. Move it "
        "elsewhere or cancel it on the schedule page first."
    )
    june_12 = dt.date(2031, 6, 12)
    assert (result, _slot_times(edition)[0][1]) == (
        (200, {"start_date": [message]}, (june_12, june_12)),
        june_12,
    )


def test_shortening_the_edition_under_its_slots_is_refused(organiser_client, grid):
    result = _update_edition(organiser_client, grid, end_date="2031-06-12")

    message = (
        "The grid has slots outside these dates, on 13/06/2031: delete them or regenerate the "
        "grid first."
    )
    assert (result, len(_slot_times(grid))) == (
        (200, {"end_date": [message]}, (dt.date(2031, 6, 12), dt.date(2031, 6, 13))),
        2,
    )


def test_an_edition_goes_with_its_placed_meetings_slots_and_tables(edition, venue):
    # Only a place deleted on its own is held by its meetings; an edition deleted whole (the
    # admin, the demo's reset) takes them all.
    edition.delete()

    assert (Meeting.objects.count(), TimeSlot.objects.count(), Table.objects.count()) == (0, 0, 0)


def test_a_slot_deleted_directly_under_a_live_meeting_is_still_refused_by_the_database(venue):
    with pytest.raises(RestrictedError):
        venue.slots[0].delete()
