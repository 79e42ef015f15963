"""Two organisers moving meetings into one slot at once: the second sees the first.

The slot's row and participants' row locks (on SQLite, the database's write lock) are what keep
people and rooms from being overbooked.
"""

import time

import pytest

from paddock.meetings import services as meeting_services
from paddock.meetings.models import Meeting, MeetingRequest
from paddock.meetings.services import requests as request_services
from paddock.scheduling import services
from paddock.scheduling.services import moves
from tests import factories
from tests.concurrency import held, race, slowed
from tests.scheduling.helpers import (
    make_meeting,
    make_slots,
    movable_meeting,
    move_again,
    person,
    place,
)

pytestmark = [
    pytest.mark.integration,
    pytest.mark.concurrency,
]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("names", "capacity", "refusal"),
    [
        (("Anna", "Bert", "Anna", "Carl"), 40, "Anna Test already has a meeting at that time."),
        (
            ("Anna", "Bert", "Carl", "Dora"),
            2,
            "Tent already holds its maximum of 1 meetings at that time.",
        ),
    ],
    ids=["same-person", "room-cap"],
)
def test_concurrent_moves_into_one_slot_are_served_one_at_a_time(
    monkeypatch, names, capacity, refusal
):
    edition = factories.make_edition()
    organiser = factories.make_user()
    room = factories.make_room(edition, name="Tent", capacity=capacity)
    tables = [factories.make_table(room, label=label) for label in ("A", "B")]
    slot = make_slots(edition, 1)[0]
    people = {name: person(edition, name) for name in dict.fromkeys(names)}
    meetings = [
        make_meeting(people[names[0]], people[names[1]]),
        make_meeting(people[names[2]], people[names[3]]),
    ]
    slowed(monkeypatch, moves, "conflicts_at")  # between reading the slot and writing to it

    def move(meeting, table):
        services.move_meeting(meeting, by=organiser, slot=slot, table=table)
        return "moved"

    pairs = list(zip(meetings, tables, strict=True))
    outcomes = race(move, pairs, services.ScheduleConflictError, lambda e: e.conflicts)

    placed = Meeting.objects.filter(edition=edition, slot=slot).count()
    assert (sorted(outcomes, key=str), placed) == (
        [[refusal], "moved"],
        1,
    )


@pytest.mark.django_db(transaction=True)
def test_move_meeting_while_one_of_its_pair_asks_the_other_both_get_an_answer(monkeypatch):
    """A move locked its meeting's first person, then its second, whatever their ids; a request
    locks its two people in id order. Bert (the meeting's first, created after Anna) asks Anna
    while Anna's own request to Carl holds her a while, as under load, and an organiser moves
    their meeting meanwhile: when Anna's request ended, Bert's held Anna and waited for Bert,
    the move held Bert and waited for Anna. On PostgreSQL "deadlock detected", a server error
    for one of them. Now each is answered, one after the other."""
    edition = factories.make_edition()
    anna, bert, carl = (person(edition, name) for name in ("Anna", "Bert", "Carl"))
    meeting, free_slot, table = movable_meeting(bert, anna)
    organiser = factories.make_user()
    # Anna's request to Carl holds her a while; Bert's request, then the move, start meanwhile.
    asking = held(monkeypatch, request_services, "lock_pair", seconds=2)

    def attempt(job):
        if job == "Anna asks Carl":
            meeting_services.request_meeting(anna, recipient=carl, by=anna.user)
            return "sent"
        asking.wait(10)
        if job == "Bert asks Anna":
            meeting_services.request_meeting(bert, recipient=anna, by=bert.user)
            return "sent"
        time.sleep(0.5)  # Bert's request waits for Anna first
        return move_again(meeting, by=organiser, slot=free_slot, table=table)

    outcomes = race(
        attempt,
        [("Anna asks Carl",), ("Bert asks Anna",), ("move",)],
        meeting_services.MeetingError,
        lambda e: e.code,
    )

    assert sorted(outcomes, key=str) == ["already_meeting", "moved", "sent"]
    assert list(MeetingRequest.objects.values_list("requester_id", "recipient_id")) == [
        (anna.pk, carl.pk)
    ]
    assert Meeting.objects.values_list("slot_id", flat=True).get(pk=meeting.pk) == free_slot.pk


@pytest.mark.django_db(transaction=True)
def test_swap_meetings_while_a_request_crosses_their_pairs_both_get_an_answer(monkeypatch):
    """A swap locked the people of its first meeting, then those of its second; a request
    between Anna (second meeting) and Carl (first meeting) locks Anna, then Carl. With Anna's
    request to Emma holding her a while, as under load, the swap held Carl and waited for Anna,
    the request held Anna and waited for Carl: on PostgreSQL "deadlock detected", a server
    error. Now each is answered, one after the other."""
    edition = factories.make_edition()
    anna, bert, carl, dora, emma = (
        person(edition, name) for name in ("Anna", "Bert", "Carl", "Dora", "Emma")
    )
    one, free_slot, table = movable_meeting(carl, dora)
    two = place(make_meeting(anna, bert), free_slot, table)
    organiser = factories.make_user()
    asking = held(monkeypatch, request_services, "lock_pair", seconds=2)

    def attempt(job):
        if job == "swap":
            asking.wait(10)
            time.sleep(0.5)  # Anna's request to Carl waits for Anna first
            fresh = Meeting.objects.in_bulk([one.pk, two.pk])
            services.swap_meetings(fresh[one.pk], fresh[two.pk], by=organiser)
            return "swapped"
        if job == carl:
            asking.wait(10)
        meeting_services.request_meeting(anna, recipient=job, by=anna.user)
        return f"Anna asked {job.user.first_name}"

    outcomes = race(
        attempt, [(emma,), (carl,), ("swap",)], meeting_services.MeetingError, lambda e: e.code
    )

    assert sorted(outcomes, key=str) == ["Anna asked Carl", "Anna asked Emma", "swapped"]
    assert dict(Meeting.objects.values_list("pk", "slot_id")) == {
        one.pk: free_slot.pk,
        two.pk: one.slot_id,
    }
