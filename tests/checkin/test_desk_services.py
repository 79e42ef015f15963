"""The check-in service: by badge code or by name, refusals, health pass, presence and caps."""

import datetime as dt

import pytest
from django.utils import timezone

from paddock.checkin import presence
from paddock.checkin.models import CheckIn
from paddock.checkin.queries import day_of
from paddock.checkin.services import CheckInError, check_in, issue_badges
from paddock.core.models import AuditEntry
from paddock.events.enums import EditionStatus
from paddock.participants.enums import ParticipantStatus
from tests import factories

pytestmark = pytest.mark.integration


def badge_code(participant):
    """The participant's badge code, issued as the badge printing does it."""
    return issue_badges(participant.edition, by=None, participants=[participant])[0].code


def _refusal(edition, agent, **kwargs):
    with pytest.raises(CheckInError) as caught:
        check_in(edition, by=agent, **kwargs)
    return caught.value


def test_check_in_by_badge_code_records_entrance_and_audit(edition, participant, checkin_user):
    code = badge_code(participant)

    checkin = check_in(edition, by=checkin_user, code=f" {code.lower()} ")

    assert (checkin.participant, checkin.room, checkin.by, checkin.health_pass_checked) == (
        participant,
        None,
        checkin_user,
        False,
    )
    assert list(
        AuditEntry.objects.filter(action="checkin.check_in").values_list("actor", "data")
    ) == [(checkin_user.pk, {"room": None, "health_pass_checked": False})]


def test_check_in_by_participant_at_room(edition, participant, checkin_user):
    room = factories.make_room(edition, name="Tent")

    checkin = check_in(edition, by=checkin_user, participant=participant, room=room)

    assert (checkin.participant, checkin.room) == (participant, room)


def test_check_in_unknown_code_is_refused(edition, participant, checkin_user):
    badge_code(participant)

    error = _refusal(edition, checkin_user, code="NOPE")

    assert (error.code, error.message, CheckIn.objects.count()) == (
        "unknown_code",
        "Unknown badge code.",
        0,
    )


def test_check_in_code_of_another_edition_is_unknown(edition, checkin_user):
    other = factories.make_participant(factories.make_edition())
    code = badge_code(other)

    error = _refusal(edition, checkin_user, code=code)

    assert (error.code, CheckIn.objects.count()) == ("unknown_code", 0)


def test_check_in_participant_of_another_edition_is_unknown(edition, checkin_user):
    other = factories.make_participant(factories.make_edition())

    error = _refusal(edition, checkin_user, participant=other)

    assert (error.code, CheckIn.objects.count()) == ("unknown_code", 0)


def test_check_in_in_a_closed_edition_is_refused(edition, participant, checkin_user):
    edition.status = EditionStatus.CLOSED
    edition.save()

    error = _refusal(edition, checkin_user, participant=participant)

    assert (error.code, error.message, CheckIn.objects.count()) == (
        "edition_closed",
        "The edition is closed: check-ins are no longer recorded.",
        0,
    )


def test_check_in_not_validated_is_refused(edition, checkin_user):
    person = factories.make_participant(edition, status=ParticipantStatus.REGISTERED)

    error = _refusal(edition, checkin_user, participant=person)

    assert (error.code, error.participant, CheckIn.objects.count()) == (
        "not_validated",
        person,
        0,
    )


def test_check_in_twice_at_same_place_is_refused_with_when(edition, participant, checkin_user):
    first = check_in(edition, by=checkin_user, participant=participant)

    error = _refusal(edition, checkin_user, participant=participant)

    assert (error.code, error.previous, CheckIn.objects.count()) == (
        "already_checked_in",
        first,
        1,
    )


def test_check_in_at_a_room_after_the_entrance_is_a_move(edition, participant, checkin_user):
    room = factories.make_room(edition)
    check_in(edition, by=checkin_user, participant=participant)

    check_in(edition, by=checkin_user, participant=participant, room=room)

    assert list(CheckIn.objects.order_by("pk").values_list("room", flat=True)) == [None, room.pk]


def test_health_pass_required_at_entrance_refuses_without_check(edition, participant, checkin_user):
    edition.protocol.health_pass_required = True
    edition.protocol.save()

    error = _refusal(edition, checkin_user, participant=participant)

    assert (error.code, error.message, CheckIn.objects.count()) == (
        "health_pass_required",
        "A health pass check is required at the entrance: tick “Health pass checked”.",
        0,
    )


def test_health_pass_required_records_the_check(edition, participant, checkin_user):
    edition.protocol.health_pass_required = True
    edition.protocol.save()

    checkin = check_in(edition, by=checkin_user, participant=participant, health_pass_checked=True)

    assert (checkin.health_pass_checked, checkin.by) == (True, checkin_user)


def test_health_pass_not_asked_again_at_a_room(edition, participant, checkin_user):
    edition.protocol.health_pass_required = True
    edition.protocol.save()
    room = factories.make_room(edition)
    check_in(edition, by=checkin_user, participant=participant, health_pass_checked=True)

    checkin = check_in(edition, by=checkin_user, participant=participant, room=room)

    assert (checkin.room, checkin.health_pass_checked) == (room, False)


def test_health_pass_required_room_refuses_without_entrance_check(
    edition, participant, checkin_user
):
    edition.protocol.health_pass_required = True
    edition.protocol.save()
    room = factories.make_room(edition)

    error = _refusal(edition, checkin_user, participant=participant, room=room)

    assert (error.code, error.message, CheckIn.objects.count()) == (
        "entrance_first",
        f"{participant.user} has not been checked in at the entrance with a health pass today: "
        "check them in at the entrance first.",
        0,
    )


def test_health_pass_required_room_refuses_a_pass_checked_another_day(
    edition, participant, checkin_user
):
    edition.protocol.health_pass_required = True
    edition.protocol.save()
    room = factories.make_room(edition)
    yesterday = timezone.now() - dt.timedelta(days=1)
    CheckIn.objects.create(
        edition=edition, participant=participant, health_pass_checked=True, checked_in_at=yesterday
    )

    error = _refusal(edition, checkin_user, participant=participant, room=room)

    assert (error.code, CheckIn.objects.filter(room=room).count()) == ("entrance_first", 0)


def test_health_pass_rule_turned_on_checks_the_pass_of_someone_already_in(
    edition, participant, checkin_user
):
    room = factories.make_room(edition)
    check_in(edition, by=checkin_user, participant=participant)
    edition.protocol.health_pass_required = True
    edition.protocol.save()
    refused = _refusal(edition, checkin_user, participant=participant, room=room)

    check_in(edition, by=checkin_user, participant=participant, health_pass_checked=True)
    at_room = check_in(edition, by=checkin_user, participant=participant, room=room)

    assert (refused.code, at_room.room) == ("entrance_first", room)
    assert list(CheckIn.objects.order_by("pk").values_list("room", "health_pass_checked")) == [
        (None, False),
        (None, True),
        (room.pk, False),
    ]


def test_room_of_another_edition_is_refused(edition, participant, checkin_user):
    room = factories.make_room(factories.make_edition())

    error = _refusal(edition, checkin_user, participant=participant, room=room)

    assert (error.code, CheckIn.objects.count()) == ("unknown_room", 0)


def test_presence_places_people_where_they_last_checked_in(edition, checkin_user):
    room = factories.make_room(edition, name="Tent", capacity=10)
    ana, bob = factories.make_participant(edition), factories.make_participant(edition)
    check_in(edition, by=checkin_user, participant=ana)
    check_in(edition, by=checkin_user, participant=bob)
    check_in(edition, by=checkin_user, participant=ana, room=room)

    places = presence.presence_of(edition)

    assert [(p.room, [c.participant for c in p.checkins], p.cap) for p in places] == [
        (None, [bob], None),
        (room, [ana], 10),
    ]


def test_place_counts_who_is_there_now_without_loading_each_check_in(edition, checkin_user):
    room = factories.make_room(edition, name="Tent", capacity=10)
    ana, bob = factories.make_participant(edition), factories.make_participant(edition)
    check_in(edition, by=checkin_user, participant=ana, room=room)
    check_in(edition, by=checkin_user, participant=bob, room=room)
    check_in(edition, by=checkin_user, participant=bob)  # back at the entrance

    protocol = edition.protocol
    tent = presence.place_of(edition, room, protocol=protocol)
    entrance = presence.place_of(edition, None, protocol=protocol)

    assert [(p.room, p.count, p.checkins) for p in (tent, entrance)] == [
        (room, 1, []),
        (None, 1, []),
    ]


def test_a_second_day_starts_empty_and_everyone_comes_in_again(edition, checkin_user):
    # Yesterday Ana went from the entrance to the Tent and Bob stayed at the entrance.
    room = factories.make_room(edition, name="Tent", capacity=1)
    ana, bob = factories.make_participant(edition), factories.make_participant(edition)
    yesterday = day_of(edition, timezone.now())[0] - dt.timedelta(hours=1)
    for person, place in ((ana, None), (ana, room), (bob, None)):
        CheckIn.objects.create(
            edition=edition, participant=person, room=place, checked_in_at=yesterday
        )
    morning = [(p.room, p.count, p.at_cap) for p in presence.presence_of(edition)]

    at_entrance = check_in(edition, by=checkin_user, participant=bob)
    at_tent = check_in(edition, by=checkin_user, participant=ana, room=room)

    assert morning == [(None, 0, False), (room, 0, False)]
    assert (at_entrance.room, at_tent.room) == (None, room)
    assert [(p.room, p.count) for p in presence.presence_of(edition)] == [(None, 1), (room, 1)]
    places = [presence.place_of(edition, at, protocol=edition.protocol) for at in (None, room)]
    assert [place.count for place in places] == [1, 1]


def test_room_cap_warning_uses_the_protocol_cap(edition, checkin_user):
    edition.protocol.max_persons_per_room = 2
    edition.protocol.save()
    room = factories.make_room(edition, capacity=40)
    people = [factories.make_participant(edition) for _ in range(2)]
    check_in(edition, by=checkin_user, participant=people[0], room=room)
    below = presence.place_of(edition, room, protocol=edition.protocol)

    check_in(edition, by=checkin_user, participant=people[1], room=room)

    reached = presence.place_of(edition, room, protocol=edition.protocol)
    assert [
        (below.count, below.cap, below.at_cap),
        (reached.count, reached.cap, reached.at_cap),
    ] == [
        (1, 2, False),
        (2, 2, True),
    ]


def test_room_cap_is_the_capacity_without_protocol_cap(edition):
    room = factories.make_room(edition, capacity=3)

    assert presence.room_cap(room, edition.protocol) == 3
