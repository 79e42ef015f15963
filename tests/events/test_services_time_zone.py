"""Changing an edition's time zone keeps its local times: the grid, the visits and the wishes
deadline show the same day and time in the new zone (issue 16). People told a time keep it:
the change is refused while meetings are placed or visits booked."""

import datetime as dt

import pytest

from paddock.core.models import AuditEntry
from paddock.events.exceptions import EditionError, GridError
from paddock.events.models import Edition
from paddock.events.services.editions import update_edition
from paddock.meetings.enums import MeetingStatus
from paddock.visits.enums import BookingStatus, VisitStatus
from paddock.visits.models import Booking, VisitSettings
from tests import factories
from tests.scheduling.helpers import NINE_PARIS, make_meeting, make_slots, person, place
from tests.visits.factories import make_visit, make_zone

pytestmark = pytest.mark.integration


def _local(edition, moment):
    return moment.astimezone(Edition.objects.get(pk=edition.pk).tzinfo).strftime("%d %b %H:%M")


def _grid(edition):
    return [_local(edition, slot.start) for slot in edition.slots.order_by("start")]


def test_update_edition_new_time_zone_keeps_local_times_of_grid_visits_and_deadline(
    edition, organiser_user
):
    make_slots(edition, 6)  # 09:00 to 11:30 in Paris, back to back
    visit = make_visit(make_zone(edition), start=NINE_PARIS + dt.timedelta(hours=5))
    VisitSettings.objects.create(edition=edition, wishes_deadline=NINE_PARIS - dt.timedelta(days=2))

    update_edition(edition, by=organiser_user, timezone="Europe/London")

    visit.refresh_from_db()
    deadline = VisitSettings.objects.get(edition=edition).wishes_deadline
    assert (
        _grid(edition),
        _local(edition, visit.start),
        _local(edition, visit.end),
        _local(edition, deadline),
        AuditEntry.objects.filter(action="edition.timezone").values_list("data", flat=True).get(),
    ) == (
        [f"12 Jun {hour}" for hour in ("09:00", "09:30", "10:00", "10:30", "11:00", "11:30")],
        "12 Jun 14:00",
        "12 Jun 15:00",
        "10 Jun 09:00",
        {
            "old": "Europe/Paris",
            "new": "Europe/London",
            "slots": 6,
            "visits": 1,
            "deadline": True,
        },
    )


def test_update_edition_new_time_zone_and_dates_at_once_keeps_local_times(edition, organiser_user):
    make_slots(edition, 2)

    update_edition(
        edition,
        by=organiser_user,
        timezone="America/Montreal",
        start_date=dt.date(2031, 6, 19),
        end_date=dt.date(2031, 6, 19),
    )

    assert _grid(edition) == ["19 Jun 09:00", "19 Jun 09:30"]


def test_update_edition_new_time_zone_refused_while_a_meeting_is_placed(edition, organiser_user):
    slots = make_slots(edition, 2)
    table = factories.make_table(factories.make_room(edition))
    placed = place(make_meeting(person(edition, "Anna"), person(edition, "Bert")), slots[0], table)
    cancelled = place(
        make_meeting(person(edition, "Carl"), person(edition, "Dora")),
        slots[1],
        table,
        status=MeetingStatus.CANCELLED,
    )

    with pytest.raises(EditionError) as caught:
        update_edition(edition, by=organiser_user, timezone="Europe/London")

    edition.refresh_from_db()
    cancelled.refresh_from_db()
    assert (
        caught.value.field,
        caught.value.code,
        edition.timezone,
        _grid(edition),
        placed.slot_id,
        cancelled.sequence,
    ) == (
        "timezone",
        "place_held",
        "Europe/Paris",
        ["12 Jun 09:00", "12 Jun 09:30"],
        slots[0].pk,
        0,
    )


def test_update_edition_new_time_zone_raises_the_revision_of_cancelled_meetings(
    edition, organiser_user
):
    slots = make_slots(edition, 1)
    table = factories.make_table(factories.make_room(edition))
    cancelled = place(
        make_meeting(person(edition, "Carl"), person(edition, "Dora")),
        slots[0],
        table,
        status=MeetingStatus.CANCELLED,
    )
    before = cancelled.sequence

    update_edition(edition, by=organiser_user, timezone="Europe/London")

    cancelled.refresh_from_db()
    assert (cancelled.sequence, _grid(edition)) == (before + 1, ["12 Jun 09:00"])


def test_update_edition_new_time_zone_refused_while_people_are_booked_for_a_visit(
    edition, organiser_user
):
    visit = make_visit(make_zone(edition))
    Booking.objects.create(
        session=visit, participant=person(edition, "Anna"), status=BookingStatus.CONFIRMED
    )

    with pytest.raises(EditionError) as caught:
        update_edition(edition, by=organiser_user, timezone="Europe/London")

    visit.refresh_from_db()
    assert (caught.value.code, _local(edition, visit.start)) == ("visits_booked", "12 Jun 14:00")


def test_update_edition_new_time_zone_moves_a_cancelled_visit_with_its_former_bookings(
    edition, organiser_user
):
    visit = make_visit(make_zone(edition), status=VisitStatus.CANCELLED)
    Booking.objects.create(
        session=visit, participant=person(edition, "Anna"), status=BookingStatus.CANCELLED
    )

    update_edition(edition, by=organiser_user, timezone="Europe/London")

    visit.refresh_from_db()
    assert _local(edition, visit.start) == "12 Jun 14:00"


def test_update_edition_same_offsets_moves_nothing_and_refuses_nothing(edition, organiser_user):
    slots = make_slots(edition, 1)
    place(
        make_meeting(person(edition, "Anna"), person(edition, "Bert")),
        slots[0],
        factories.make_table(factories.make_room(edition)),
    )

    update_edition(edition, by=organiser_user, timezone="Europe/Berlin")

    assert (Edition.objects.get(pk=edition.pk).timezone, _grid(edition)) == (
        "Europe/Berlin",
        ["12 Jun 09:00"],
    )


def test_update_edition_new_time_zone_where_a_slot_time_does_not_exist_is_refused(
    organiser_user,
):
    # 02:30 on Sunday 28 March 2027 exists in Tokyo, not in Paris (the clocks go forward).
    edition = factories.make_edition(
        start_date=dt.date(2027, 3, 28), end_date=dt.date(2027, 3, 28), timezone="Asia/Tokyo"
    )
    session = edition.sessions.create(name="Night", date=edition.start_date)
    start = dt.datetime(2027, 3, 28, 2, 30, tzinfo=edition.tzinfo)
    edition.slots.create(session=session, start=start, end=start + dt.timedelta(minutes=20))

    with pytest.raises(GridError) as caught:
        update_edition(edition, by=organiser_user, timezone="Europe/Paris")

    assert (
        caught.value.field,
        caught.value.message,
        Edition.objects.get(pk=edition.pk).timezone,
    ) == (
        "timezone",
        "The slot Night 02:30–02:50 cannot keep its local time: 02:30 does not exist on "
        "28/03/2027 in Europe/Paris: the clocks go forward then.",
        "Asia/Tokyo",
    )


def test_update_edition_new_time_zone_and_dates_at_once_keep_local_times_of_the_new_days(
    organiser_user,
):
    # 02:30 on 28 March 2027 exists in New York (summer time since 14 March), not in Paris
    # (the clocks go forward that night); on 4 April it exists in both. The edition moves to
    # Paris and a week later at once: 02:30 on 4 April, nothing refused on the way.
    edition = factories.make_edition(
        start_date=dt.date(2027, 3, 28), end_date=dt.date(2027, 3, 28), timezone="America/New_York"
    )
    session = edition.sessions.create(name="Night", date=edition.start_date)
    start = dt.datetime(2027, 3, 28, 2, 30, tzinfo=edition.tzinfo)
    edition.slots.create(session=session, start=start, end=start + dt.timedelta(minutes=30))
    visit = make_visit(make_zone(edition), start=start, end=start + dt.timedelta(hours=1))
    VisitSettings.objects.create(edition=edition, wishes_deadline=start)

    update_edition(
        edition,
        by=organiser_user,
        timezone="Europe/Paris",
        start_date=dt.date(2027, 4, 4),
        end_date=dt.date(2027, 4, 4),
    )

    visit.refresh_from_db()
    assert (
        _grid(edition),
        _local(edition, visit.start),
        _local(edition, visit.end),
        _local(edition, VisitSettings.objects.get(edition=edition).wishes_deadline),
        AuditEntry.objects.filter(action="edition.timezone").values_list("data", flat=True).get(),
    ) == (
        ["04 Apr 02:30"],
        "04 Apr 02:30",
        "04 Apr 03:30",
        "04 Apr 02:30",
        {"old": "America/New_York", "new": "Europe/Paris", "slots": 1, "visits": 1, "days": 7},
    )


def test_update_edition_new_time_zone_moves_a_kept_place_even_to_a_skipped_time(organiser_user):
    # A cancelled meeting's calendar event kept at a deleted slot's place, 02:30 on 28 March
    # 2027 in Tokyo: in Paris the clocks skip from 02:00 to 03:00 that night. The event goes
    # to 03:00, the first moment past it, keeping its length, and the change is not refused
    # for a cancellation.
    edition = factories.make_edition(
        start_date=dt.date(2027, 3, 28), end_date=dt.date(2027, 3, 28), timezone="Asia/Tokyo"
    )
    start = dt.datetime(2027, 3, 28, 2, 30, tzinfo=edition.tzinfo)
    kept = {"start": start.isoformat(), "end": (start + dt.timedelta(minutes=30)).isoformat()}
    cancelled = make_meeting(
        person(edition, "Carl"),
        person(edition, "Dora"),
        status=MeetingStatus.CANCELLED,
        sequence=2,
        kept_place={**kept, "room": "Tent", "table": "T1"},
    )

    update_edition(edition, by=organiser_user, timezone="Europe/Paris")

    cancelled.refresh_from_db()
    assert (cancelled.kept_place, cancelled.sequence) == (
        {
            "start": "2027-03-28T01:00:00+00:00",
            "end": "2027-03-28T01:30:00+00:00",
            "room": "Tent",
            "table": "T1",
        },
        3,
    )
