"""The API's lists run the same number of queries whatever the number of rows."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from paddock.meetings import services
from paddock.participants.models import Category, Need, Offer
from tests import factories
from tests.api.conftest import bearer, new_token

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
    # The rate limit's counter (a new one each minute) and the token's last use (noted at most
    # once a minute) change with the clock, not with the rows.
    clocked = ("paddock_cache", 'UPDATE "api_apitoken"')
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
