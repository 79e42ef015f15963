"""New dates for an edition carry its visits and wishes deadline along, as they carry the time
grid: same local times, as many days later as the first day moved (issue 16). Before, only the
grid moved and the visits stayed on the old days, outside the edition. People told a time keep
it: the change is refused while someone is booked or waiting for a visit that would move."""

import datetime as dt

import pytest

from paddock.events.exceptions import EditionError
from paddock.events.models import Edition
from paddock.events.services.editions import update_edition
from paddock.visits.enums import BookingStatus
from paddock.visits.models import Booking, VisitSettings
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
