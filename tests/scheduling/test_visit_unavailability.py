"""A confirmed booking of a visit makes its participant unavailable for the meeting slots it
overlaps, travel included: in the solver's problem, in hand moves and in live repair.

Slots are 09:00, 09:30, 10:00 and 10:30 (Paris) on 12 June 2031; the visit runs 09:40-10:10
with 5 minutes' travel each way, so its visitors are away 09:35-10:15."""

import pytest

from paddock.checkin.models import CheckIn
from paddock.scheduling import services
from paddock.scheduling.problem import build_problem, participant_id, slot_id
from paddock.scheduling.services import live
from paddock.visits.enums import BookingStatus, VisitStatus
from paddock.visits.models import Booking
from tests.scheduling.helpers import at, make_meeting, short_visit, state
from tests.visits.factories import make_visit

pytestmark = pytest.mark.integration

AWAY = "Anna Test is on the visit of Team Alpine paddock at that time (travel included)."


@pytest.fixture
def visit(edition):
    return short_visit(edition)


def book(visit, person, status=BookingStatus.CONFIRMED):
    return Booking.objects.create(session=visit, participant=person, status=status)


def test_build_problem_confirmed_visit_makes_the_overlapped_slots_unavailable(
    edition, venue, people, meetings, visit
):
    book(visit, people.anna)
    book(visit, people.bert, status=BookingStatus.WAITING)
    cancelled = make_visit(visit.zone, status=VisitStatus.CANCELLED)
    book(cancelled, people.carl)

    problem = build_problem(edition)

    unavailable = {p.id: p.unavailable for p in problem.participants}
    assert unavailable == {
        participant_id(people.anna.pk): (slot_id(venue.slots[1].pk), slot_id(venue.slots[2].pk)),
        participant_id(people.bert.pk): (),
        participant_id(people.carl.pk): (),
        participant_id(people.dora.pk): (),
    }


def test_build_problem_visit_and_own_unavailability_are_merged_in_slot_order(
    edition, venue, people, meetings, visit
):
    people.anna.unavailable_slots.add(venue.slots[3], venue.slots[1])
    book(visit, people.anna)

    problem = build_problem(edition)

    (anna,) = [p for p in problem.participants if p.id == participant_id(people.anna.pk)]
    assert anna.unavailable == tuple(slot_id(s.pk) for s in venue.slots[1:])


def test_move_meeting_into_a_slot_during_a_booked_visit_is_refused_with_the_reason(
    organiser_user, venue, people, meetings, visit
):
    book(visit, people.anna)
    before = state(visit.zone.edition)

    with pytest.raises(services.ScheduleConflictError) as refused:
        services.move_meeting(
            meetings[0], by=organiser_user, slot=venue.slots[2], table=venue.tables[0]
        )

    assert (refused.value.conflicts, state(visit.zone.edition)) == ([AWAY], before)


def test_move_meeting_outside_the_visit_and_its_travel_is_allowed(
    organiser_user, venue, people, meetings, visit
):
    book(visit, people.anna)

    moved = services.move_meeting(
        meetings[0], by=organiser_user, slot=venue.slots[3], table=venue.tables[0]
    )

    assert moved.slot == venue.slots[3]


def test_live_booking_during_a_booked_visit_is_refused_with_the_reason(
    edition, organiser_user, venue, people, visit
):
    for person in (people.anna, people.carl):
        CheckIn.objects.create(edition=edition, participant=person, checked_in_at=at(8, 45))
    book(visit, people.anna)
    anna_carl = make_meeting(people.anna, people.carl)
    before = state(edition)

    with pytest.raises(services.ScheduleConflictError) as refused:
        live.book_meeting(anna_carl, by=organiser_user, slot=venue.slots[2], now=at(9, 20))

    assert (refused.value.conflicts, state(edition)) == ([AWAY], before)
