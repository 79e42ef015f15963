"""Rooms, tables and slots that meetings hold: deleting them, or replacing the grid, is refused
with the number of meetings in the way while a live meeting holds them; cancelled meetings and
no-shows no longer hold their place and let it go."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.urls import reverse

from paddock.events.models import Room, Table, TimeSlot
from paddock.meetings.enums import MeetingStatus
from paddock.meetings.models import Meeting
from tests import factories
from tests.events import test_views_grid
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
