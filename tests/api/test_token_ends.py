"""Tokens end: the length chosen at creation, 401 `expired` after it, the page showing each
token's end, and the periodic deletion of tokens revoked or ended long ago."""

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from paddock.api import services
from paddock.api.enums import RevokeReason
from paddock.api.models import ApiToken
from tests.api.conftest import bearer, new_token

pytestmark = pytest.mark.integration

EDITIONS = "/api/v1/editions"
URL = "/accounts/api-tokens/"
ENDED, FAR_OFF = (dt.datetime(year, 6, 12, 7, 5, tzinfo=dt.UTC) for year in (2025, 2041))
# The page's times are in the zone of the person's edition (the factories' Europe/Paris).
ENDED_IN_PARIS, FAR_OFF_IN_PARIS, ANY_END = "12/06/2025 09:05", "12/06/2041 09:05", "…"


def _days_of(token):
    """How many days a token works, from its creation to its end."""
    return round((token.expires_at - token.created_at).total_seconds() / 86400)


def _states(page):
    """Each token's name, its "Ends" cell (revoked tokens' aside) and what its last cell says."""
    states = {}
    for row in re.findall(r"<tr>\s*<td>.*?</tr>", page, re.S):
        cells = [
            " ".join(re.sub(r"<[^>]+>", " ", cell).split())
            for cell in re.findall(r"<td>(.*?)</td>", row, re.S)
        ]
        end = cells[-2] if not cells[-1].startswith("Revoked") else ANY_END
        states[cells[0]] = (end, cells[-1])
    return states


def _end_token(user, moment=ENDED):
    ApiToken.objects.filter(user=user).update(expires_at=moment)


def test_ended_token_answers_401_expired_saying_when_and_what_to_do(
    client, edition, participant_user
):
    text = new_token(participant_user, edition)
    _end_token(participant_user)

    response = client.get(EDITIONS, headers=bearer(text))

    assert (response.status_code, response["WWW-Authenticate"]) == (401, 'Bearer realm="paddock"')
    assert response.json() == {
        "type": "about:blank",
        "title": "Unauthorized",
        "status": 401,
        "detail": "This token ended on 2025-06-12 07:05 UTC: make a new one on the API tokens "
        "page (/accounts/api-tokens/).",
        "code": "expired",
        "errors": [],
    }


def test_ended_token_says_expired_in_french_when_asked(client, edition, participant_user):
    text = new_token(participant_user, edition)
    _end_token(participant_user)

    response = client.get(EDITIONS, headers={**bearer(text), "Accept-Language": "fr"})

    assert response.json()["detail"] == (
        "Ce jeton a pris fin le 2025-06-12 07:05 UTC\u00a0: créez-en un nouveau sur la page "
        "Jetons d’API (/accounts/api-tokens/)."
    )


def test_ended_token_with_a_wrong_secret_or_revoked_says_only_unauthenticated(
    client, edition, participant_user
):
    text = new_token(participant_user, edition)
    _end_token(participant_user)
    wrong = client.get(EDITIONS, headers=bearer(text.partition(".")[0] + ".wrong"))
    services.revoke_token(ApiToken.objects.get(), by=participant_user)

    revoked = client.get(EDITIONS, headers=bearer(text))

    assert [wrong.json()["code"], revoked.json()["code"]] == ["unauthenticated"] * 2


def test_token_works_until_its_end(client, edition, participant_user):
    text = new_token(participant_user, edition)
    _end_token(participant_user, timezone.now() + dt.timedelta(minutes=5))

    response = client.get(EDITIONS, headers=bearer(text))

    assert response.status_code == 200


def test_token_page_offers_30_90_or_365_days_90_chosen_and_no_token_without_an_end(
    client, edition, participant_user
):
    client.force_login(participant_user)

    form = client.get(URL).context["form"]

    assert (list(form.fields["valid_days"].choices), form["valid_days"].value()) == (
        [(30, "30 days"), (90, "90 days"), (365, "365 days")],
        90,
    )


def test_token_page_says_how_long_ended_tokens_stay_as_the_clean_up_does(
    client, edition, participant_user, monkeypatch
):
    client.force_login(participant_user)
    monkeypatch.setattr(services, "KEEP_DAYS", 60)

    english = client.get(URL).content.decode()
    french = client.get(URL, HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert ("ended over 60 days ago leaves this list" in english, "plus de 60 jours" in french) == (
        True,
        True,
    )


def test_token_page_creates_a_token_for_the_days_chosen_and_says_its_end(
    client, edition, participant_user
):
    client.force_login(participant_user)

    created = client.post(URL, {"name": "CRM", "editions": [edition.pk], "valid_days": "30"})
    refused = client.post(URL, {"name": "CRM", "editions": [edition.pk], "valid_days": "0"})

    token = ApiToken.objects.get()
    assert (_days_of(token), 'id="new-token-end">It works until' in created.content.decode()) == (
        30,
        True,
    )
    assert (list(refused.context["form"].errors), ApiToken.objects.count()) == (["valid_days"], 1)


def test_create_token_refuses_a_length_not_offered(db, edition, participant_user):
    with pytest.raises(services.TokenError) as error:
        services.create_token(
            participant_user, by=participant_user, name="CRM", editions=[edition], valid_days=5000
        )

    assert (error.value.code, error.value.field) == ("validity", "valid_days")


def test_token_page_shows_each_token_s_end_and_marks_ended_and_revoked_ones(
    client, edition, participant_user
):
    for name in ("live", "ended", "revoked", "reset"):
        services.create_token(participant_user, by=participant_user, name=name, editions=[edition])
    ApiToken.objects.filter(name="live").update(expires_at=FAR_OFF)
    ApiToken.objects.filter(name="ended").update(expires_at=ENDED)
    tokens = {token.name: token for token in ApiToken.objects.all()}
    services.revoke_token(tokens["revoked"], by=participant_user)
    services.revoke_token(tokens["reset"], by=participant_user, reason=RevokeReason.PASSWORD_RESET)
    client.force_login(participant_user)

    page = client.get(URL).content.decode()

    assert _states(page) == {
        "live": (FAR_OFF_IN_PARIS, "Revoke"),
        "ended": (ENDED_IN_PARIS, "Ended"),
        "revoked": (ANY_END, "Revoked"),
        "reset": (ANY_END, "Revoked by a password reset"),
    }


def test_api_token_command_makes_a_token_for_the_days_asked(edition, organiser_user):
    err = io.StringIO()

    call_command(
        "api_token", organiser_user.email, "--days", "365", stdout=io.StringIO(), stderr=err
    )

    token = ApiToken.objects.get()
    assert (
        _days_of(token),
        f"ends on {token.expires_at:%Y-%m-%d %H:%M} UTC" in err.getvalue(),
    ) == (
        365,
        True,
    )


def test_old_revoked_or_ended_tokens_are_deleted_after_90_days(db, edition, participant_user):
    now = timezone.now()
    for name in ("revoked long ago", "ended long ago", "revoked lately", "ended lately", "live"):
        services.create_token(participant_user, by=participant_user, name=name, editions=[edition])
    long_ago, lately = now - dt.timedelta(days=91), now - dt.timedelta(days=89)
    ApiToken.objects.filter(name="revoked long ago").update(revoked_at=long_ago)
    ApiToken.objects.filter(name="revoked lately").update(revoked_at=lately)
    ApiToken.objects.filter(name="ended long ago").update(expires_at=long_ago)
    ApiToken.objects.filter(name="ended lately").update(expires_at=lately)

    deleted = services.delete_old_tokens(now)

    assert (deleted, set(ApiToken.objects.values_list("name", flat=True))) == (
        2,
        {"revoked lately", "ended lately", "live"},
    )
