"""The bare view that the load harness (bench/web.py) measures every page against."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.integration


def _bare(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/bench/bare/")
    return response.status_code, response.content, len(queries)


def test_bare_view_answers_without_the_database_when_turned_on(client, settings, participant):
    settings.PADDOCK_BENCH_BARE_VIEW = True
    anonymous = _bare(client)
    client.force_login(participant.user)

    logged_in = _bare(client)

    assert (anonymous, logged_in) == ((200, b"ok", 0), (200, b"ok", 0))


def test_bare_view_is_not_found_by_default(client, db):
    status, _content, _queries = _bare(client)

    assert status == 404
