"""A publication and a change of the schedule at once (issue 16): the change is never lost.

A change told on the day goes into the latest published snapshot (`record_told`); a
publication writes a new one from the meetings it reads. The publication holds the edition's
lock (thread A) while the change runs (thread B): B either waits for that lock (the fix) or,
without it, writes into the snapshot about to be replaced while A reads the meeting's old
place, so the grid counts the change as unpublished and the next publication tells its
people again. A grid move of a meeting not yet published deadlocked with the publication.
"""

import datetime as dt
import threading
from collections.abc import Callable
from types import SimpleNamespace

import pytest
from django.core import mail
from django.db import connections, transaction

from paddock.checkin.models import CheckIn
from paddock.events.models import Edition
from paddock.scheduling.queries import latest_snapshot, unpublished_count
from paddock.scheduling.services import live, move_meeting, moves, publish_schedule
from paddock.scheduling.services.publishing import current_snapshot
from tests.concurrency import signalled
from tests.scheduling.helpers import NINE_PARIS, make_meeting, place

pytestmark = [
    pytest.mark.integration,
    pytest.mark.concurrency,
]

NOW = NINE_PARIS + dt.timedelta(minutes=35)  # 09:35 in Paris, the day of the slots


def publish_during(change: Callable[[], str], *, edition, by, reached: threading.Event):
    """Thread A locks the edition as `publish_schedule` does and holds it while thread B runs
    `change`; once B got as far as `reached` (or after a second: B waits for the lock), A
    publishes and commits. Each outcome is what its thread returned, or "Error: message"."""
    locked = threading.Event()
    outcomes = {}

    def publish():
        with transaction.atomic():
            Edition.objects.select_for_update().get(pk=edition.pk)
            locked.set()
            reached.wait(timeout=1)
            publish_schedule(edition, by=by)
        return "published"

    def run(name, function):
        try:
            outcomes[name] = function()
        except Exception as error:  # the test asserts on it, e.g. "deadlock detected"
            outcomes[name] = f"{type(error).__name__}: {error}"
        finally:
            connections.close_all()

    a = threading.Thread(target=run, args=("publication", publish))
    a.start()
    locked.wait(timeout=10)
    b = threading.Thread(target=run, args=("change", change))
    b.start()
    a.join()
    b.join()
    return outcomes


@pytest.fixture
def day(edition, venue, people, organiser_user):
    """Anna meets Bert at 09:30 at T1, Carl meets Dora at 10:00 at T2, published; Anna and
    Carl wait for a meeting to place. Everyone but Bert came in before 9."""
    for person in (people.anna, people.carl, people.dora):
        CheckIn.objects.create(
            edition=edition, participant=person, checked_in_at=NINE_PARIS - dt.timedelta(minutes=15)
        )
    found = SimpleNamespace(
        edition=edition,
        people=people,
        slots=venue.slots,
        tables=venue.tables,
        anna_bert=place(make_meeting(people.anna, people.bert), venue.slots[1], venue.tables[0]),
        carl_dora=place(make_meeting(people.carl, people.dora), venue.slots[2], venue.tables[1]),
        anna_carl=make_meeting(people.anna, people.carl, weight=3),
    )
    publish_schedule(edition, by=organiser_user)
    mail.outbox = []
    return found


# Each change on the day that its people are told of at once, as the live page makes it.
CHANGES = {
    "book": lambda day, by: live.book_meeting(day.anna_carl, by=by, slot=day.slots[3], now=NOW),
    "walk-in": lambda day, by: live.book_walk_in(
        day.edition,
        by=by,
        first=day.people.anna,
        second=day.people.dora,
        slot=day.slots[3],
        now=NOW,
    ),
    "no-show": lambda day, by: live.mark_no_show(day.anna_bert, by=by, now=NOW),
    "undo": lambda day, by: live.undo_no_show(day.anna_bert, by=by, now=NOW),
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("change", list(CHANGES))
def test_change_on_the_day_during_a_publication_stays_published(
    monkeypatch, edition, organiser_user, day, change
):
    if change == "undo":
        live.mark_no_show(day.anna_bert, by=organiser_user, now=NOW)
    reached = threading.Event()
    signalled(monkeypatch, live, "record_told", reached)  # the snapshot written, not committed

    def act():
        CHANGES[change](day, organiser_user)
        return "changed"

    outcomes = publish_during(act, edition=edition, by=organiser_user, reached=reached)

    assert (outcomes, latest_snapshot(edition), unpublished_count(edition)) == (
        {"publication": "published", "change": "changed"},
        current_snapshot(edition),
        0,
    )
    mail.outbox = []
    publish_schedule(edition, by=organiser_user)
    assert [message.to for message in mail.outbox] == []


@pytest.mark.django_db(transaction=True)
def test_grid_move_during_a_publication_is_published_next_time(
    monkeypatch, edition, organiser_user, day
):
    place(day.anna_carl, day.slots[0], day.tables[2])  # not published yet
    reached = threading.Event()
    signalled(monkeypatch, moves, "_place", reached)  # the meeting written, not committed

    def act():
        move_meeting(day.anna_carl, by=organiser_user, slot=day.slots[3], table=day.tables[2])
        return "moved"

    outcomes = publish_during(act, edition=edition, by=organiser_user, reached=reached)

    assert (outcomes, unpublished_count(edition)) == (
        {"publication": "published", "change": "moved"},
        1,
    )
    mail.outbox = []
    publish_schedule(edition, by=organiser_user)
    assert (sorted(message.to[0] for message in mail.outbox), unpublished_count(edition)) == (
        ["anna@example.com", "carl@example.com"],
        0,
    )
