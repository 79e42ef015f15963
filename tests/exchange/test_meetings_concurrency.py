"""A meeting import racing the requests and the grid's moves of the people it names, on PostgreSQL
and SQLite."""

import time

import pytest

from paddock.exchange.mapping import Mapping
from paddock.exchange.meetings import MeetingKind, import_meetings
from paddock.exchange.reading import Row, Table
from paddock.meetings import services
from paddock.meetings.models import Meeting, MeetingRequest
from paddock.meetings.services import organiser
from paddock.meetings.services import requests as request_services
from tests import factories
from tests.concurrency import held, race
from tests.scheduling.helpers import movable_meeting, move_again, person

pytestmark = [pytest.mark.integration, pytest.mark.concurrency]


@pytest.mark.django_db(transaction=True)
def test_import_meetings_while_a_named_person_sends_a_request_both_succeed(monkeypatch):
    """The import locked each pair in the file's order; a request locks its two people in id
    order. With the file's second pair before its first in id order, a request between them
    held one person the import waited for while waiting for one the import held: on
    PostgreSQL "deadlock detected", a server error. Both now go through, one after the other."""
    edition = factories.make_edition()
    first, second, third, fourth = (factories.make_participant(edition) for _ in range(4))
    email = {person: person.user.email for person in (first, second, third, fourth)}
    table = Table(
        headers=("email 1", "email 2"),
        rows=(Row(2, (email[second], email[fourth])), Row(3, (email[first], email[third]))),
    )
    mapping = Mapping(("first_email", "second_email"), table.headers)
    organiser_user = factories.make_user()
    # The import holds its first pair a while, as under load; the request starts meanwhile.
    importing = held(monkeypatch, organiser, "lock_pair")

    def attempt(job):
        if job == "import":
            result = import_meetings(
                edition, by=organiser_user, table=table, mapping=mapping, kind=MeetingKind.WISHES
            )
            return ("imported", result.created, result.errors)
        importing.wait(10)
        services.request_meeting(first, recipient=fourth, by=first.user)
        return "sent"

    outcomes = race(attempt, [("import",), ("request",)], services.MeetingError, lambda e: e.code)

    assert sorted(outcomes, key=str) == [("imported", 2, []), "sent"]
    assert sorted(MeetingRequest.objects.values_list("requester_id", "recipient_id")) == sorted(
        [(second.pk, fourth.pk), (first.pk, third.pk), (first.pk, fourth.pk)]
    )


@pytest.mark.django_db(transaction=True)
def test_import_meetings_while_a_meeting_of_two_named_people_moves_both_succeed(monkeypatch):
    """The import locks every person of the file in id order; a move on the grid locks its
    meeting's first person, then its second, after the edition. For a meeting whose first
    comes after its second in id order, with a request holding a third person named in the
    file meanwhile, the import held the second and waited for the third, the move held the
    first and waited for the second, and the import then waited for the first: on PostgreSQL
    "deadlock detected", a server error. Both now go through, one after the other."""
    edition = factories.make_edition()
    anna, carl, bert, dora, emma = (
        person(edition, name) for name in ("Anna", "Carl", "Bert", "Dora", "Emma")
    )
    file = Table(
        headers=("email 1", "email 2"),
        rows=(
            Row(2, (anna.user.email, dora.user.email)),
            Row(3, (carl.user.email, bert.user.email)),
        ),
    )
    mapping = Mapping(("first_email", "second_email"), file.headers)
    meeting, free_slot, table = movable_meeting(bert, anna)
    organiser_user = factories.make_user()
    # Carl's request holds him a while; the import, then the move, start meanwhile.
    requesting = held(monkeypatch, request_services, "lock_pair", seconds=2)

    def attempt(job):
        if job == "request":
            services.request_meeting(carl, recipient=emma, by=carl.user)
            return "sent"
        requesting.wait(10)
        if job == "import":
            result = import_meetings(
                edition, by=organiser_user, table=file, mapping=mapping, kind=MeetingKind.WISHES
            )
            return ("imported", result.created, result.errors)
        time.sleep(0.5)
        return move_again(meeting, by=organiser_user, slot=free_slot, table=table)

    outcomes = race(
        attempt,
        [("request",), ("import",), ("move",)],
        services.MeetingError,
        lambda e: e.code,
    )

    assert sorted(outcomes, key=str) == [("imported", 2, []), "moved", "sent"]
    assert Meeting.objects.values_list("slot_id", flat=True).get(pk=meeting.pk) == free_slot.pk
