"""Two organisers booking walk-ins of one person into one slot at once: one is booked, the
other refused with its reason and leaves nothing behind (PostgreSQL row locks)."""

import datetime as dt
import threading
import time

import pytest
from django.db import connection, connections

from paddock.checkin.models import CheckIn
from paddock.meetings.models import Meeting, MeetingRequest
from paddock.scheduling.services import ScheduleConflictError, live
from tests import factories
from tests.scheduling.helpers import make_slots, person

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
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
    start = threading.Barrier(2)
    real_choice = live.choose_table

    def slow_choice(*args, **kwargs):
        # Widen the window between choosing the table and booking it, as under load.
        found = real_choice(*args, **kwargs)
        time.sleep(0.5)
        return found

    monkeypatch.setattr(live, "choose_table", slow_choice)
    outcomes = []

    def book(other):
        start.wait()
        try:
            live.book_walk_in(edition, by=organiser, first=anna, second=other, slot=slot, now=now)
            outcomes.append("booked")
        except ScheduleConflictError as error:
            outcomes.append(error.conflicts)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=book, args=(other,)) for other in (bert, carl)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes, key=str) == [
        ["Anna Test already has a meeting at that time."],
        "booked",
    ]
    assert (Meeting.objects.filter(slot=slot).count(), MeetingRequest.objects.count()) == (1, 1)
