"""Two organisers confirming the same held re-optimisation at once: it is applied once, each
meeting moved once (SEQUENCE raised once) and each person told once."""

import pytest
from django.core import mail

from paddock.events import services as events_services
from paddock.meetings.models import Meeting
from paddock.scheduling import services
from paddock.scheduling.conflicts import moves_key, proposed_moves
from paddock.scheduling.services import protocol
from tests.concurrency import race, slowed
from tests.scheduling.helpers import make_meeting, place

pytestmark = [
    pytest.mark.integration,
    pytest.mark.concurrency,
]

OPEN = {"health_pass_required": False, "visits_allowed": True}


@pytest.mark.django_db(transaction=True)
def test_confirm_protocol_review_twice_at_once_moves_and_tells_once(
    monkeypatch, edition, venue, people, organiser_user
):
    place(make_meeting(people.anna, people.bert), venue.slots[0], venue.tables[0])
    moved = place(make_meeting(people.carl, people.dora), venue.slots[0], venue.tables[1])
    for slot in venue.slots[1:]:
        people.anna.unavailable_slots.add(slot)
        people.bert.unavailable_slots.add(slot)
    services.publish_schedule(edition, by=organiser_user)
    events_services.update_protocol(edition, by=organiser_user, max_persons_per_room=2, **OPEN)
    run = services.propose_reoptimisation(edition, by=organiser_user, time_limit_s=10, workers=1)
    listed = moves_key(proposed_moves(run))
    mail.outbox = []
    slowed(monkeypatch, protocol, "proposal_of")  # between reading the proposal and applying it

    def confirm():
        done = services.confirm_protocol_review(edition, by=organiser_user, listed=listed)
        return [meeting.pk for meeting in done.moved]

    outcomes = race(confirm, [(), ()], services.ScheduleError, lambda error: error.code)

    moved.refresh_from_db()
    assert (sorted(outcomes, key=str), moved.sequence) == ([[moved.pk], []], 1)
    assert sorted(message.to[0] for message in mail.outbox) == [
        "carl@example.com",
        "dora@example.com",
    ]
    assert Meeting.objects.filter(edition=edition, slot=venue.slots[0]).count() == 1
