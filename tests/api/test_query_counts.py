"""The API's lists run the same number of queries whatever the number of rows."""

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from paddock.meetings import services
from paddock.meetings.enums import MeetingStatus
from paddock.meetings.models import Meeting
from paddock.outcomes.services import record_outcome
from paddock.participants.models import Category, Need, Offer
from paddock.visits.models import Zone
from paddock.visits.services import book_visit
from tests import factories
from tests.api.conftest import bearer, make_slot, new_token
from tests.visits.factories import make_visit, make_zone

pytestmark = pytest.mark.integration

LISTS = ["/companies", "/participants", "/requests", "/meetings", "/checkins"]


def _add_rows(edition, times, partner=None):
    """`times` companies with an offer and a need, each with a validated participant who
    asked the next one (or `partner`) for a meeting, accepted."""
    category = Category.objects.create(
        code=f"q-{times}", kind="process", label_en="Milling", label_fr="Fraisage"
    )
    people = []
    for _ in range(times + 1):
        person = factories.make_participant(edition)
        Offer.objects.create(company=person.company, category=category, text="5-axis")
        Need.objects.create(company=person.company, text="Titanium")
        people.append(person)
    pairs = [(person, partner) for person in people] if partner else itertools.pairwise(people)
    for first, second in pairs:
        request = services.request_meeting(first, recipient=second, by=first.user)
        services.accept_request(request, by=second.user)


def _queries(client, edition, token, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/api/v1/editions/{edition.slug}{path}", headers=bearer(token))
    assert response.status_code == 200
    # The rate limit's counter (a new one each minute, written in savepoints of its own) and
    # the token's last use (noted at most once a minute) change with the clock, not the rows.
    clocked = ("paddock_cache", 'UPDATE "api_apitoken"', "SAVEPOINT")
    return len([query for query in captured if not any(part in query["sql"] for part in clocked)])


@pytest.mark.parametrize("path", LISTS)
def test_organiser_lists_run_bounded_queries(client, edition, organiser_user, path):
    token = new_token(organiser_user, edition)
    _queries(client, edition, token, path)  # the first use of a token notes it
    _add_rows(edition, 1)
    one = _queries(client, edition, token, path)
    _add_rows(edition, 3)

    three = _queries(client, edition, token, path)

    assert three == one


@pytest.mark.parametrize(
    "path", ["/companies", "/participants", "/requests", "/meetings", "/agenda"]
)
def test_participant_lists_run_bounded_queries(client, edition, participant, path):
    token = new_token(participant.user, edition)
    _queries(client, edition, token, path)  # the first use of a token notes it
    _add_rows(edition, 1)
    one = _queries(client, edition, token, path)
    _add_rows(edition, 3)

    three = _queries(client, edition, token, path)

    assert three == one


def _add_visits(edition, times, participant, guide):
    """`times` zones, each with a one-seat visit that `participant` booked and someone else
    waits for, guided by `guide`; and `times` meetings of `participant` held and rated by
    both sides."""
    first = Zone.objects.filter(edition=edition).count()
    for number in range(first, first + times):
        visit = make_visit(
            make_zone(edition, host_company=factories.make_company(edition)),
            seats=1,
            guide=guide,
            start=dt.datetime(2031, 6, 12, 8 + number, tzinfo=dt.UTC),
            end=dt.datetime(2031, 6, 12, 8 + number, 30, tzinfo=dt.UTC),
        )
        book_visit(visit, participant=participant, by=participant.user)
        other = factories.make_participant(edition)
        book_visit(visit, participant=other, by=other.user)
        slot = make_slot(edition, hour=8 + number, day=dt.date(2025, 6, 12))
        meeting = Meeting.objects.create(
            edition=edition,
            first=participant,
            second=other,
            slot=slot,
            table=factories.make_table(factories.make_room(edition)),
            status=MeetingStatus.SCHEDULED,
        )
        for side in (participant, other):
            record_outcome(meeting, participant=side, by=side.user, took_place=True, interest=3)


VISIT_LISTS = ["/zones", "/visits", "/bookings", "/outcomes"]


@pytest.mark.parametrize(
    "case",
    [("participant", path) for path in VISIT_LISTS]
    + [("organiser", path) for path in ("/zones", "/visits", "/outcomes")]
    + [("host", path) for path in ("/zones", "/visits")],
)
def test_visit_and_outcome_lists_run_bounded_queries(
    client, edition, participant, organiser_user, case
):
    who, path = case
    host = factories.make_user(email="host@example.com")
    factories.give_role(host, edition, "zone_host")
    reader = {"participant": participant.user, "organiser": organiser_user, "host": host}[who]
    token = new_token(reader, edition)
    _add_visits(edition, 1, participant, host)
    # The first read with rows notes the token's use and fills the process's caches.
    _queries(client, edition, token, path)
    one = _queries(client, edition, token, path)
    _add_visits(edition, 3, participant, host)

    three = _queries(client, edition, token, path)

    assert three == one


def test_people_of_a_visit_run_bounded_queries(client, edition, participant, organiser_user):
    token = new_token(organiser_user, edition)
    visit = make_visit(make_zone(edition), seats=2)
    path = f"/visits/{visit.pk}/bookings"
    _queries(client, edition, token, path)  # the first use of a token notes it
    for _ in range(1):
        book_visit(visit, participant=factories.make_participant(edition), by=None)
    one = _queries(client, edition, token, path)
    for _ in range(3):
        book_visit(visit, participant=factories.make_participant(edition), by=None)

    three = _queries(client, edition, token, path)

    assert three == one
