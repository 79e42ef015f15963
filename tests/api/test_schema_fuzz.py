"""Schemathesis against the served schema, in-process: every operation, with an organiser's
token and a participant's, on a small edition with visits and a rated meeting. No server
error, and every answer (status, content type, headers, body) as the schema declares it."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import bearer, new_token

pytestmark = pytest.mark.integration

EXAMPLES_PER_OPERATION = 15
OPERATIONS = 34
# 34 operations x 15 cases x 2 tokens: 1,020 requests (the bar is 1,000), about a minute
# and a half on SQLite on a loaded machine.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def _fuzz(schema, headers, slug):
    """Run every operation's generated cases; returns how many requests were sent."""
    sent = 0
    operations = [result.ok() for result in schema.get_all_operations()]
    for operation in operations:
        strategy = operation.as_strategy()

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def run(case):
            nonlocal sent
            if "slug" in (case.path_parameters or {}) and sent % 4:
                case.path_parameters["slug"] = slug  # mostly the real edition, sometimes not
            response = case.call(headers=headers)
            sent += 1
            case.validate_response(response, checks=CHECKS, headers=headers)

        run()
    return sent, len(operations)


@pytest.fixture
def wsgi_app(db):
    """Django's WSGI handler, keeping the test's database connection open between requests
    (Django's test client does the same: the handler closes it at the end of each request)."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield get_wsgi_application()
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def schema(wsgi_app, settings):
    settings.API_RATE_PER_TOKEN = "100000/m"
    settings.ALLOWED_HOSTS = ["*"]
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)


def test_schema_holds_for_organiser_token(schema, full_edition, organiser_user):
    headers = bearer(new_token(organiser_user, full_edition, write=True))

    sent, operations = _fuzz(schema, headers, full_edition.slug)

    assert (operations, sent) == (OPERATIONS, OPERATIONS * EXAMPLES_PER_OPERATION)


def test_schema_holds_for_participant_token(schema, full_edition, participant_user):
    headers = bearer(new_token(participant_user, full_edition, write=True))

    sent, operations = _fuzz(schema, headers, full_edition.slug)

    assert (operations, sent) == (OPERATIONS, OPERATIONS * EXAMPLES_PER_OPERATION)
