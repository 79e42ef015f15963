"""The protocol review: a lower cap per room lists the slots over it, proposes a held
re-optimisation that changes nothing, and its confirmation moves only what it listed, telling
only the people concerned, with the new times and SEQUENCE raised in their calendar."""

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from paddock.events import services as events_services
from paddock.events.models import TimeSlot
from paddock.meetings.feed_services import agenda_feed_for
from paddock.meetings.models import Meeting
from paddock.scheduling import services
from paddock.scheduling.conflicts import (
    moves_key,
    proposal_of,
    proposed_moves,
    protocol_conflicts,
)
from paddock.scheduling.enums import RunStatus
from paddock.scheduling.services import ScheduleError
from tests.scheduling.helpers import make_meeting, place, state

pytestmark = pytest.mark.integration

SMALL = {"time_limit_s": 10, "workers": 1}
OPEN = {"health_pass_required": False, "visits_allowed": True}


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


@pytest.fixture
def crowded(edition, venue, people, organiser_user):
    """Anna meets Bert at T1 and Carl meets Dora at T2, both at 09:00, published (its mails are
    not sent: the test's transaction never commits); Anna and Bert are away the rest of the
    morning. Then the protocol allows two persons per room."""
    first = place(make_meeting(people.anna, people.bert), venue.slots[0], venue.tables[0])
    second = place(make_meeting(people.carl, people.dora), venue.slots[0], venue.tables[1])
    for slot in venue.slots[1:]:
        people.anna.unavailable_slots.add(slot)
        people.bert.unavailable_slots.add(slot)
    services.publish_schedule(edition, by=organiser_user)
    events_services.update_protocol(edition, by=organiser_user, max_persons_per_room=2, **OPEN)
    return first, second


def test_protocol_conflicts_list_the_slot_over_the_new_room_cap(edition, venue, crowded):
    conflicts = protocol_conflicts(edition, now=timezone.now())

    assert [(c.slot, c.room.name, c.cap, [m.pk for m in c.meetings]) for c in conflicts.rooms] == [
        (venue.slots[0], "Tent", 1, [crowded[0].pk, crowded[1].pk])
    ]
    assert (conflicts.sessions, conflicts.health_pass, conflicts.without_pass) == ([], False, [])


def test_propose_reoptimisation_changes_nothing_until_confirmed(
    edition, crowded, organiser_user, send, mailoutbox
):
    before = state(edition)

    run = send(services.propose_reoptimisation, edition, by=organiser_user, **SMALL)

    run.refresh_from_db()
    assert (run.status, run.hold, run.reoptimise, run.applied) == (
        RunStatus.PROPOSED,
        True,
        True,
        False,
    )
    assert [move.meeting.pk for move in proposed_moves(run)] == [crowded[1].pk]
    assert (state(edition), mailoutbox) == (before, [])


def test_confirm_protocol_review_moves_only_the_meeting_in_conflict_and_tells_its_people(
    edition, crowded, organiser_user, send, mailoutbox
):
    first, second = crowded
    slots = list(TimeSlot.objects.filter(edition=edition).order_by("start"))
    run = services.propose_reoptimisation(edition, by=organiser_user, **SMALL)
    (move,) = proposed_moves(run)

    done = send(
        services.confirm_protocol_review, edition, by=organiser_user, listed=moves_key([move])
    )

    first.refresh_from_db()
    second.refresh_from_db()
    run.refresh_from_db()
    assert [m.pk for m in done.moved] == [second.pk]
    assert (first.slot, first.table, first.sequence) == (slots[0], crowded[0].table, 0)
    assert (second.slot, second.table, second.sequence) == (move.to_slot, move.to_table, 1)
    assert move.to_slot in slots[1:]
    assert (run.status, run.applied) == (RunStatus.SUCCEEDED, True)
    assert sorted((m.to[0], m.subject) for m in mailoutbox) == [
        ("carl@example.com", f"Votre agenda pour l’édition {edition.name} a changé"),
        ("dora@example.com", f"Votre agenda pour l’édition {edition.name} a changé"),
    ]
    assert protocol_conflicts(edition, now=timezone.now()).rooms == []


def test_confirm_protocol_review_feed_shows_the_new_time_with_sequence_raised(
    client, edition, crowded, organiser_user, people
):
    services.propose_reoptimisation(edition, by=organiser_user, **SMALL)

    services.confirm_protocol_review(edition, by=organiser_user)

    moved = Meeting.objects.select_related("slot").get(pk=crowded[1].pk)
    token = agenda_feed_for(people.carl).token
    response = client.get(reverse("meetings-portal:agenda-feed", args=[edition.slug, token]))
    events = [
        (int(event["SEQUENCE"]), event.decoded("DTSTART"))
        for event in Calendar.from_ical(response.content).walk("VEVENT")
    ]
    assert events == [(1, moved.slot.start)]


def test_confirm_protocol_review_refuses_a_proposal_outdated_by_a_new_meeting(
    edition, crowded, organiser_user, people, mailoutbox
):
    run = services.propose_reoptimisation(edition, by=organiser_user, **SMALL)
    listed = moves_key(proposed_moves(run))
    make_meeting(people.bert, people.carl)
    before = state(edition)

    with pytest.raises(ScheduleError) as caught:
        services.confirm_protocol_review(edition, by=organiser_user, listed=listed)

    assert (caught.value.code, state(edition), mailoutbox) == ("proposal_outdated", before, [])
    assert proposal_of(edition).status == RunStatus.PROPOSED


def test_confirm_protocol_review_refuses_moves_other_than_listed(
    edition, crowded, organiser_user, mailoutbox
):
    services.propose_reoptimisation(edition, by=organiser_user, **SMALL)
    before = state(edition)

    with pytest.raises(ScheduleError) as caught:
        services.confirm_protocol_review(edition, by=organiser_user, listed="")

    assert (caught.value.code, state(edition), mailoutbox) == ("proposal_outdated", before, [])


def test_confirm_protocol_review_without_a_proposal_is_refused(
    edition, crowded, organiser_user, mailoutbox
):
    before = state(edition)

    with pytest.raises(ScheduleError) as caught:
        services.confirm_protocol_review(edition, by=organiser_user)

    assert (caught.value.code, state(edition), mailoutbox) == ("no_proposal", before, [])


def test_propose_reoptimisation_without_a_room_over_its_cap_is_refused(
    edition, crowded, organiser_user
):
    events_services.update_protocol(edition, by=organiser_user, max_persons_per_room=4, **OPEN)

    with pytest.raises(ScheduleError) as caught:
        services.propose_reoptimisation(edition, by=organiser_user, **SMALL)

    assert (caught.value.code, proposal_of(edition)) == ("no_room_conflict", None)
