"""New dates for an edition carry its visits and wishes deadline along, as they carry the time
grid: same local times, as many days later as the first day moved (issue 16). Before, only the
grid moved and the visits stayed on the old days, outside the edition. People told a time keep
it: the change is refused while someone is booked or waiting for a visit that would move."""

import datetime as dt

import pytest

from paddock.events.exceptions import EditionError, GridError
from paddock.events.models import Edition, Session, TimeSlot
from paddock.events.services.editions import update_edition
from paddock.events.services.grid import delete_slot
from paddock.visits.enums import BookingStatus
from paddock.visits.models import Booking, VisitSession, VisitSettings
from tests.scheduling.helpers import NINE_PARIS, make_slots, person
from tests.visits.factories import make_visit, make_zone

pytestmark = pytest.mark.integration


def _local(edition, moment):
    return moment.astimezone(Edition.objects.get(pk=edition.pk).tzinfo).strftime("%d %b %H:%M")


def test_new_dates_move_the_visits_and_the_wishes_deadline_with_the_grid(edition, organiser_user):
    make_slots(edition, 1)  # 12 Jun 09:00 in Paris
    visit = make_visit(make_zone(edition))  # 12 Jun 14:00 to 15:00 in Paris
    VisitSettings.objects.create(edition=edition, wishes_deadline=NINE_PARIS - dt.timedelta(days=2))

    # Three weeks later, across no clock change; then back over the end of October's.
    update_edition(
        edition, by=organiser_user, start_date=dt.date(2031, 7, 3), end_date=dt.date(2031, 7, 3)
    )
    visit.refresh_from_db()
    july = (_local(edition, visit.start), _local(edition, visit.end))
    update_edition(
        edition, by=organiser_user, start_date=dt.date(2031, 11, 6), end_date=dt.date(2031, 11, 6)
    )

    visit.refresh_from_db()
    deadline = VisitSettings.objects.get(edition=edition).wishes_deadline
    assert (
        july,
        _local(edition, visit.start),
        _local(edition, visit.end),
        _local(edition, deadline),
        _local(edition, edition.slots.get().start),
    ) == (
        ("03 Jul 14:00", "03 Jul 15:00"),
        "06 Nov 14:00",
        "06 Nov 15:00",
        "04 Nov 09:00",
        "06 Nov 09:00",
    )


def test_new_dates_refused_while_someone_is_booked_for_a_visit_that_would_move(
    edition, organiser_user
):
    make_slots(edition, 1)
    visit = make_visit(make_zone(edition))
    Booking.objects.create(
        session=visit, participant=person(edition, "Anna"), status=BookingStatus.WAITING
    )

    with pytest.raises(EditionError) as caught:
        update_edition(
            edition,
            by=organiser_user,
            start_date=dt.date(2031, 6, 13),
            end_date=dt.date(2031, 6, 13),
        )

    edition.refresh_from_db()
    visit.refresh_from_db()
    assert (
        caught.value.code,
        caught.value.field,
        edition.start_date,
        _local(edition, visit.start),
        _local(edition, edition.slots.get().start),
    ) == ("visits_booked", "start_date", dt.date(2031, 6, 12), "12 Jun 14:00", "12 Jun 09:00")


def test_a_shorter_edition_refuses_to_leave_a_visit_after_its_last_day(edition, organiser_user):
    Edition.objects.filter(pk=edition.pk).update(end_date=dt.date(2031, 6, 13))
    edition.refresh_from_db()
    make_visit(make_zone(edition), start=NINE_PARIS + dt.timedelta(days=1))

    with pytest.raises(EditionError) as caught:
        update_edition(edition, by=organiser_user, end_date=dt.date(2031, 6, 12))

    assert (caught.value.code, caught.value.field, "13/06/2031" in caught.value.message) == (
        "visits_outside_dates",
        "end_date",
        True,
    )


def _three_day_edition(edition):
    """The edition over 12 to 14 June, a slot at 09:00 and a visit at 14:00 each day."""
    Edition.objects.filter(pk=edition.pk).update(end_date=dt.date(2031, 6, 14))
    edition.refresh_from_db()
    zone = make_zone(edition)
    for day in range(3):
        session = Session.objects.create(
            edition=edition, name=f"Day {day + 1}", date=dt.date(2031, 6, 12 + day)
        )
        start = NINE_PARIS + dt.timedelta(days=day)
        TimeSlot.objects.create(
            edition=edition, session=session, start=start, end=start + dt.timedelta(minutes=30)
        )
        make_visit(zone, start=start + dt.timedelta(hours=5))


def _days(edition):
    visits = VisitSession.objects.filter(zone__edition=edition).order_by("start")
    return (
        [_local(edition, slot.start) for slot in edition.slots.order_by("start")],
        [_local(edition, visit.start) for visit in visits],
        list(edition.sessions.order_by("date").values_list("name", "date")),
    )


def test_a_day_added_before_the_edition_leaves_the_grid_and_the_visits_on_their_days(
    edition, organiser_user
):
    # Before, the whole grid and every visit moved a day earlier, the last day left empty.
    _three_day_edition(edition)
    before = _days(edition)

    update_edition(edition, by=organiser_user, start_date=dt.date(2031, 6, 11))

    assert (Edition.objects.get(pk=edition.pk).start_date, _days(edition)) == (
        dt.date(2031, 6, 11),
        before,
    )


def test_a_first_day_removed_is_refused_while_it_has_slots_and_then_leaves_the_others(
    edition, organiser_user
):
    # Before, the refusal named the last day (the grid would have moved a day later), and
    # emptying the first day did not help.
    _three_day_edition(edition)

    with pytest.raises(GridError) as caught:
        update_edition(edition, by=organiser_user, start_date=dt.date(2031, 6, 13))
    refused = (caught.value.field, caught.value.message)
    edition.refresh_from_db()
    edition.sessions.filter(date=dt.date(2031, 6, 12)).delete()
    VisitSession.objects.filter(start__date=dt.date(2031, 6, 12)).delete()
    update_edition(edition, by=organiser_user, start_date=dt.date(2031, 6, 13))

    assert (refused, _days(edition)) == (
        (
            "start_date",
            "The grid has slots outside these dates, on 12/06/2031: delete them or regenerate "
            "the grid first.",
        ),
        (
            ["13 Jun 09:00", "14 Jun 09:00"],
            ["13 Jun 14:00", "14 Jun 14:00"],
            [("Day 2", dt.date(2031, 6, 13)), ("Day 3", dt.date(2031, 6, 14))],
        ),
    )


def test_an_edition_moved_in_two_saves_last_day_first_takes_its_grid_along(edition, organiser_user):
    make_slots(edition, 1)  # 12 Jun 09:00
    make_visit(make_zone(edition))  # 12 Jun 14:00

    update_edition(edition, by=organiser_user, end_date=dt.date(2031, 6, 19))
    update_edition(edition, by=organiser_user, start_date=dt.date(2031, 6, 19))

    assert _days(edition)[:2] == (["19 Jun 09:00"], ["19 Jun 14:00"])


def _empty_days(edition, *days):
    """Delete the slots and visits of these days of the three-day edition, as the grid and
    visit pages do: the days' sessions stay, empty (no page deletes a session)."""
    for slot in edition.slots.filter(session__date__in=days):
        delete_slot(slot, by=None)
    VisitSession.objects.filter(start__date__in=days).delete()


def test_an_edition_shortened_at_either_end_once_those_days_are_emptied(edition, organiser_user):
    # Before, the empty sessions left by deleting the slots were "slots outside these
    # dates" (only regenerating the whole grid removed them), and an edition shortened at
    # both ends in one save moved its grid a day later, out of the new dates.
    _three_day_edition(edition)
    _empty_days(edition, dt.date(2031, 6, 12), dt.date(2031, 6, 14))

    update_edition(
        edition, by=organiser_user, start_date=dt.date(2031, 6, 13), end_date=dt.date(2031, 6, 13)
    )

    assert _days(edition) == (
        ["13 Jun 09:00"],
        ["13 Jun 14:00"],
        [("Day 2", dt.date(2031, 6, 13))],
    )


def test_an_edition_longer_at_both_ends_leaves_the_grid_and_the_visits_on_their_days(
    edition, organiser_user
):
    _three_day_edition(edition)
    before = _days(edition)

    update_edition(
        edition, by=organiser_user, start_date=dt.date(2031, 6, 11), end_date=dt.date(2031, 6, 15)
    )

    assert _days(edition) == before


def test_an_edition_moved_a_week_and_made_longer_takes_its_grid_along(edition, organiser_user):
    _three_day_edition(edition)

    update_edition(
        edition, by=organiser_user, start_date=dt.date(2031, 6, 19), end_date=dt.date(2031, 6, 22)
    )

    assert _days(edition)[:2] == (
        ["19 Jun 09:00", "20 Jun 09:00", "21 Jun 09:00"],
        ["19 Jun 14:00", "20 Jun 14:00", "21 Jun 14:00"],
    )
