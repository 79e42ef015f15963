"""Wishes mode: ranking zones under the zones' conditions, closing and reopening the wishes,
and booking the seats a scheduling run gave (seats respected)."""

import datetime as dt

import pytest
from django.utils import timezone

from paddock.checkin.models import CheckIn
from paddock.events.models import SanitaryProtocol
from paddock.participants.enums import ParticipantRole, ParticipantStatus
from paddock.participants.services import withdraw_validation
from paddock.visits import services, wishes
from paddock.visits.enums import BookingStatus, VisitStatus
from paddock.visits.models import Booking, VisitSettings, VisitWish
from paddock.visits.queries import wishes_open
from tests.visits.factories import TWO_PM

pytestmark = pytest.mark.integration


def _wishes(person):
    return [(w.zone.name_en, w.rank) for w in VisitWish.objects.filter(participant=person)]


def _refusal(function, *args, **kwargs):
    with pytest.raises(services.VisitError) as caught:
        function(*args, **kwargs)
    return caught.value.code, caught.value.field, caught.value.message


def test_rank_zones_replaces_the_wishes_first_choice_first(wishes_mode, zone, garage, anna):
    wishes.rank_zones(anna, zones=[zone], by=anna.user)

    wishes.rank_zones(anna, zones=[garage, zone], by=anna.user)

    assert _wishes(anna) == [("Garage 7", 1), ("Team Alpine paddock", 2)]


def test_rank_zones_in_first_come_mode_is_refused(edition, visit, zone, anna):
    refusal = _refusal(wishes.rank_zones, anna, zones=[zone], by=anna.user)

    assert (refusal, _wishes(anna)) == (
        (
            "not_wishes_mode",
            None,
            "Visits of this edition are booked first come, first served.",
        ),
        [],
    )


def test_rank_zones_role_not_allowed_names_the_zone_and_changes_nothing(
    wishes_mode, zone, garage, anna
):
    wishes.rank_zones(anna, zones=[garage], by=anna.user)
    zone.allowed_roles = [ParticipantRole.BUYER]
    zone.save()

    refusal = _refusal(wishes.rank_zones, anna, zones=[zone, garage], by=anna.user)

    assert (refusal, _wishes(anna)) == (
        (
            "role_not_allowed",
            f"zone_{zone.pk}",
            "Visits of Team Alpine paddock are not open to participants with the role supplier.",
        ),
        [("Garage 7", 1)],
    )


def test_rank_zones_health_pass_needs_the_entrance_check_on_a_visit_day(
    wishes_mode, edition, zone, visit, anna
):
    zone.health_pass_required = True
    zone.save()
    refusal = _refusal(wishes.rank_zones, anna, zones=[zone], by=anna.user)
    CheckIn.objects.create(
        edition=edition,
        participant=anna,
        checked_in_at=TWO_PM - dt.timedelta(hours=5),
        health_pass_checked=True,
    )

    wishes.rank_zones(anna, zones=[zone], by=anna.user)

    assert (refusal[:2], _wishes(anna)) == (
        ("health_pass_required", f"zone_{zone.pk}"),
        [("Team Alpine paddock", 1)],
    )


def test_rank_zones_zone_without_open_session_is_refused(wishes_mode, zone, visit, anna):
    visit.status = VisitStatus.CANCELLED
    visit.save()

    refusal = _refusal(wishes.rank_zones, anna, zones=[zone], by=anna.user)

    assert refusal == ("no_session", f"zone_{zone.pk}", "Team Alpine paddock has no visit open.")


def test_rank_zones_by_a_participant_not_validated_is_refused(wishes_mode, zone, visit, anna):
    anna.status = ParticipantStatus.REGISTERED
    anna.save()

    refusal = _refusal(wishes.rank_zones, anna, zones=[zone], by=anna.user)

    assert refusal[0] == "not_validated"


def test_rank_zones_after_the_deadline_is_refused(wishes_mode, zone, visit, anna):
    wishes_mode.wishes_deadline = timezone.now() - dt.timedelta(minutes=1)
    wishes_mode.save()

    refusal = _refusal(wishes.rank_zones, anna, zones=[zone], by=anna.user)

    assert refusal == (
        "wishes_closed",
        None,
        "Wishes are closed: the organisers are placing the visits.",
    )


@pytest.mark.usefixtures("wishes_mode")
def test_close_wishes_stops_ranking_until_the_organiser_reopens(
    edition, organiser_user, zone, visit, anna
):
    closed = wishes.close_wishes(edition, by=organiser_user)
    refusal = _refusal(wishes.rank_zones, anna, zones=[zone], by=anna.user)

    services.update_visit_settings(edition, by=organiser_user, reopen_wishes=True)

    assert (closed, refusal[0], wishes_open(edition, timezone.now())) == (
        True,
        "wishes_closed",
        True,
    )


def test_close_wishes_in_first_come_mode_does_nothing(edition, organiser_user):
    assert (wishes.close_wishes(edition, by=organiser_user), VisitSettings.objects.count()) == (
        False,
        0,
    )


def test_wishes_are_closed_when_the_protocol_turns_visits_off(wishes_mode, edition):
    SanitaryProtocol.objects.filter(edition=edition).update(visits_allowed=False)

    assert wishes_open(edition, timezone.now()) is False


def test_book_visit_in_wishes_mode_is_refused(wishes_mode, visit, anna):
    refusal = _refusal(services.book_visit, visit, participant=anna, by=anna.user)

    assert (refusal, Booking.objects.count()) == (
        (
            "wishes_mode",
            None,
            "Visits of this edition are placed from wishes: rank the zones you would like to "
            "visit instead of booking.",
        ),
        0,
    )


@pytest.mark.usefixtures("wishes_mode")
def test_book_placed_wishes_respects_the_seats_and_says_why(
    edition, organiser_user, garage, anna, bruno
):
    (session,) = garage.sessions.all()
    placements = []
    for person in (anna, bruno):
        (wish,) = wishes.rank_zones(person, zones=[garage], by=person.user)
        placements.append((wish.pk, session.pk))

    booked, refused = wishes.book_placed_wishes(edition, placements=placements, by=organiser_user)

    assert [(b.participant, b.status) for b in booked] == [(anna, BookingStatus.CONFIRMED)]
    assert [(w.participant, why) for w, why in refused] == [(bruno, "This visit is full.")]


@pytest.mark.usefixtures("wishes_mode")
def test_book_placed_wishes_refuses_someone_no_longer_validated(
    edition, organiser_user, garage, anna
):
    """Their validation withdrawn between the run and the publication, which books its seats."""
    (session,) = garage.sessions.all()
    (wish,) = wishes.rank_zones(anna, zones=[garage], by=anna.user)
    withdraw_validation(anna, by=organiser_user)

    booked, refused = wishes.book_placed_wishes(
        edition, placements=[(wish.pk, session.pk)], by=organiser_user
    )

    assert (booked, [(w.participant, why) for w, why in refused]) == (
        [],
        [(anna, "Anna Test is no longer validated.")],
    )


@pytest.mark.usefixtures("wishes_mode")
def test_book_placed_wishes_keeps_a_seat_already_held(edition, organiser_user, zone, visit, anna):
    (wish,) = wishes.rank_zones(anna, zones=[zone], by=anna.user)
    held = Booking.objects.create(session=visit, participant=anna, status=BookingStatus.CONFIRMED)

    result = wishes.book_placed_wishes(edition, placements=[(wish.pk, visit.pk)], by=organiser_user)

    assert (result, list(Booking.objects.all())) == (([], []), [held])


@pytest.mark.usefixtures("wishes_mode")
def test_book_placed_wishes_in_a_cancelled_session_is_refused(
    edition, organiser_user, zone, visit, anna
):
    (wish,) = wishes.rank_zones(anna, zones=[zone], by=anna.user)
    services.cancel_session(visit, by=organiser_user, reason="Rain")

    booked, refused = wishes.book_placed_wishes(
        edition, placements=[(wish.pk, visit.pk)], by=organiser_user
    )

    assert (booked, [why for _w, why in refused]) == ([], ["This visit is cancelled."])
