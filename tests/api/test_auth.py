"""Tokens on the wire: bearer authentication, problems for refusals, the rate limit."""

import re

import pytest
from django.urls import reverse

from paddock.api import services
from paddock.api.models import ApiToken
from tests import factories
from tests.api.conftest import bearer, new_token

pytestmark = pytest.mark.integration

EDITIONS = "/api/v1/editions"

UNAUTHENTICATED = {
    "type": "about:blank",
    "title": "Unauthorized",
    "status": 401,
    "detail": "Send a valid, unrevoked token: Authorization: Bearer <token>.",
    "code": "unauthenticated",
    "errors": [],
}


def test_editions_without_token_answer_401_problem(client, edition):
    response = client.get(EDITIONS)

    assert (response.status_code, response["Content-Type"]) == (401, "application/problem+json")
    assert response.json() == UNAUTHENTICATED
    assert response["WWW-Authenticate"] == 'Bearer realm="paddock"'


def test_editions_with_unknown_token_answer_401(client, edition):
    response = client.get(EDITIONS, headers=bearer("pdk_nothing.atall"))

    assert (response.status_code, response.json()) == (401, UNAUTHENTICATED)


def test_editions_with_wrong_secret_answer_401(client, edition, participant_user):
    text = new_token(participant_user, edition)
    prefix = text.partition(".")[0]

    response = client.get(EDITIONS, headers=bearer(f"{prefix}.wrong-secret"))

    assert (response.status_code, response.json()) == (401, UNAUTHENTICATED)


def test_revoked_token_answers_401(client, edition, participant_user):
    text = new_token(participant_user, edition)
    services.revoke_token(ApiToken.objects.get(user=participant_user), by=participant_user)

    response = client.get(EDITIONS, headers=bearer(text))

    assert (response.status_code, response.json()) == (401, UNAUTHENTICATED)


def test_token_of_deactivated_account_answers_401(client, edition, participant_user):
    text = new_token(participant_user, edition)
    participant_user.is_active = False
    participant_user.save()

    response = client.get(EDITIONS, headers=bearer(text))

    assert response.status_code == 401


def test_token_is_stored_hashed_and_notes_its_use(client, edition, participant_user):
    text = new_token(participant_user, edition)

    client.get(EDITIONS, headers=bearer(text))

    token = ApiToken.objects.get(user=participant_user)
    assert text.partition(".")[2] not in token.secret_hash
    assert (len(token.secret_hash), token.last_used_at is not None) == (64, True)


def test_read_token_cannot_write(client, edition, organiser_user):
    text = new_token(organiser_user, edition)

    response = client.post(
        f"/api/v1/editions/{edition.slug}/companies",
        {"name": "Usinage Sarthe", "country": "FR", "sector": "mechanical"},
        content_type="application/json",
        headers=bearer(text),
    )

    assert (response.status_code, response.json()["code"]) == (403, "read_only_token")
    assert list(edition.companies.values_list("name", flat=True)) == []


def test_rate_limit_answers_429_with_retry_after(client, edition, participant_user, settings):
    settings.API_RATE_PER_TOKEN = "3/h"  # an hour: no new window during the test
    text = new_token(participant_user, edition)

    statuses = [client.get(EDITIONS, headers=bearer(text)).status_code for _ in range(4)]
    refused = client.get(EDITIONS, headers=bearer(text))

    assert statuses == [200, 200, 200, 429]
    assert refused["Content-Type"] == "application/problem+json"
    assert refused.json()["code"] == "rate_limited"
    assert 1 <= int(refused["Retry-After"]) <= 3601


def test_rate_limit_counts_each_token_apart(client, edition, participant_user, settings):
    settings.API_RATE_PER_TOKEN = "1/h"
    first, second = new_token(participant_user, edition), new_token(participant_user, edition)

    statuses = [
        client.get(EDITIONS, headers=bearer(text)).status_code for text in (first, second, first)
    ]

    assert statuses == [200, 200, 429]


def test_token_creation_and_revocation_are_audited(db, edition, participant_user):
    token, _text = services.create_token(
        participant_user, by=participant_user, name="CRM", editions=[edition], can_write=True
    )
    services.revoke_token(token, by=participant_user)

    from paddock.core.models import AuditEntry

    entries = AuditEntry.objects.order_by("pk").values_list("action", "actor", "data")
    assert list(entries) == [
        (
            "api_token.create",
            participant_user.pk,
            {"editions": [edition.slug], "can_write": True, "valid_days": 90},
        ),
        ("api_token.revoke", participant_user.pk, {}),
    ]


def test_token_without_edition_is_refused(db, participant_user):
    with pytest.raises(services.TokenError) as error:
        services.create_token(participant_user, by=participant_user, name="CRM", editions=[])

    assert (error.value.code, error.value.field) == ("no_edition", "editions")
    assert list(ApiToken.objects.all()) == []


def test_docs_page_loads_nothing_from_outside(client, db):
    response = client.get("/api/v1/docs")

    page = response.content.decode()
    assert response.status_code == 200
    assert "//" not in page.replace("http://testserver", "")
    assert '<script src="/static/ninja/swagger-ui-bundle.js"></script>' in page
    policy = set(response["Content-Security-Policy"].split("; "))
    assert {"script-src 'self'", "style-src 'self'"} <= policy


def test_openapi_schema_is_served(client, db):
    response = client.get("/api/v1/openapi.json")

    schema = response.json()
    assert (response.status_code, schema["openapi"], schema["info"]["version"]) == (
        200,
        "3.1.0",
        "1",
    )
    assert reverse("api:openapi-json") == "/api/v1/openapi.json"


def test_openapi_description_points_at_pages_the_server_serves_not_at_repository_files(
    client, participant_user
):
    client.force_login(participant_user)

    description = client.get("/api/v1/openapi.json").json()["info"]["description"]

    paths = re.findall(r"(?<![\w.])/[\w./-]+", description)
    assert ({path: client.get(path).status_code for path in paths}, "docs/" in description) == (
        {reverse("api-tokens:list"): 200},
        False,
    )


def test_unknown_edition_answers_404_problem(client, edition, organiser_user):
    factories.make_edition(slug="elsewhere")
    text = new_token(organiser_user, edition)

    response = client.get("/api/v1/editions/elsewhere", headers=bearer(text))

    assert (response.status_code, response["Content-Type"]) == (404, "application/problem+json")
    assert response.json() == {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": "Nothing here, or not for you.",
        "code": "not_found",
        "errors": [],
    }


def test_invalid_query_answers_422_with_field_errors(client, edition, organiser_user):
    text = new_token(organiser_user, edition)

    response = client.get(f"{EDITIONS}?limit=5000&offset=-1", headers=bearer(text))

    assert (response.status_code, response["Content-Type"]) == (422, "application/problem+json")
    assert response.json()["errors"] == [
        {"field": "limit", "message": "limit has an invalid value."},
        {"field": "offset", "message": "offset has an invalid value."},
    ]


def test_body_that_is_not_json_answers_400(client, edition, organiser_user):
    text = new_token(organiser_user, edition, write=True)

    response = client.post(
        f"/api/v1/editions/{edition.slug}/companies",
        "{not json",
        content_type="application/json",
        headers=bearer(text),
    )

    assert (response.status_code, response.json()["code"]) == (400, "bad_request")


def test_errors_speak_french_when_asked(client, edition):
    response = client.get(EDITIONS, headers={"Accept-Language": "fr"})

    assert response.json()["detail"] == (
        "Envoyez un jeton valide et non révoqué\u00a0: Authorization: Bearer <token>."
    )


@pytest.mark.parametrize("text", ["pdk_ab\x00cd.secret", "pdk_abcd.sec\x7fret", "pdk_" + "a" * 300])
def test_token_with_control_bytes_or_too_long_answers_401(client, edition, text):
    response = client.get(EDITIONS, headers=bearer(text))

    assert (response.status_code, response.json()["code"]) == (401, "unauthenticated")
