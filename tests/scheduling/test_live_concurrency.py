"""Two organisers booking walk-ins of one person into one slot at once: one is booked, the
other refused with its reason and leaves nothing behind (row locks; on SQLite, the write lock)."""

import datetime as dt

import pytest

from paddock.checkin.models import CheckIn
from paddock.meetings.models import Meeting, MeetingRequest
from paddock.scheduling.services import ScheduleConflictError, live
from tests import factories
from tests.concurrency import race, slowed
from tests.scheduling.helpers import make_slots, person

pytestmark = [
    pytest.mark.integration,
    pytest.mark.concurrency,
]


@pytest.mark.django_db(transaction=True)
def test_concurrent_walk_ins_of_one_person_are_served_one_at_a_time(monkeypatch):
    edition = factories.make_edition()
    organiser = factories.make_user()
    room = factories.make_room(edition, name="Tent", capacity=40)
    for label in ("A", "B"):
        factories.make_table(room, label=label)
    slot = make_slots(edition, 1)[0]
    now = slot.start - dt.timedelta(minutes=5)
    anna, bert, carl = (person(edition, name) for name in ("Anna", "Bert", "Carl"))
    for someone in (anna, bert, carl):
        CheckIn.objects.create(edition=edition, participant=someone, checked_in_at=now)
    slowed(monkeypatch, live, "choose_table")  # between choosing the table and booking it

    def book(other):
        live.book_walk_in(edition, by=organiser, first=anna, second=other, slot=slot, now=now)
        return "booked"

    calls = [(bert,), (carl,)]
    outcomes = race(book, calls, ScheduleConflictError, lambda error: error.conflicts)

    assert sorted(outcomes, key=str) == [
        ["Anna Test already has a meeting at that time."],
        "booked",
    ]
    assert (Meeting.objects.filter(slot=slot).count(), MeetingRequest.objects.count()) == (1, 1)
