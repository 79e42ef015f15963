"""A meeting import racing the requests of the people it names, on PostgreSQL and SQLite."""

import pytest

from paddock.exchange.mapping import Mapping
from paddock.exchange.meetings import MeetingKind, import_meetings
from paddock.exchange.reading import Row, Table
from paddock.meetings import services
from paddock.meetings.models import MeetingRequest
from paddock.meetings.services import organiser
from tests import factories
from tests.concurrency import held, race

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
