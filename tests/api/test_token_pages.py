"""The "API tokens" page: create (the secret shown once), list, revoke."""

import pytest
from django.urls import reverse

from paddock.api.models import ApiToken
from tests import factories
from tests.api.conftest import bearer

pytestmark = pytest.mark.integration

URL = "/accounts/api-tokens/"


def test_token_page_shows_the_new_secret_once(client, edition, participant_user):
    client.force_login(participant_user)

    created = client.post(URL, {"name": "CRM", "editions": [edition.pk], "can_write": "on"})
    later = client.get(URL)

    secret = created.context["secret"]
    token = ApiToken.objects.get()
    assert (created.status_code, secret.startswith(f"pdk_{token.prefix}.")) == (200, True)
    assert secret in created.content.decode()
    assert secret not in later.content.decode()
    assert client.get("/api/v1/editions", headers=bearer(secret)).status_code == 200


def test_token_page_offers_only_the_person_s_editions(client, edition, participant_user):
    other = factories.make_edition(slug="not-mine")
    client.force_login(participant_user)

    refused = client.post(URL, {"name": "CRM", "editions": [other.pk]})

    assert list(refused.context["form"].fields["editions"].queryset) == [edition]
    assert list(refused.context["form"].errors) == ["editions"]
    assert list(ApiToken.objects.all()) == []


def test_token_page_revokes_own_token_only(client, edition, participant_user, organiser_user):
    client.force_login(participant_user)
    client.post(URL, {"name": "CRM", "editions": [edition.pk]})
    token = ApiToken.objects.get()
    client.force_login(organiser_user)

    refused = client.post(reverse("api-tokens:revoke", args=[token.pk]))
    client.force_login(participant_user)
    revoked = client.post(reverse("api-tokens:revoke", args=[token.pk]))

    token.refresh_from_db()
    assert (refused.status_code, revoked.status_code) == (404, 302)
    assert token.revoked_at is not None


def test_token_page_needs_login(client, db):
    response = client.get(URL)

    assert (response.status_code, response["Location"]) == (302, f"/accounts/login/?next={URL}")


def test_account_menu_links_the_token_page(client, participant_user):
    client.force_login(participant_user)

    page = client.get(reverse("events:dashboard")).content.decode()

    assert f'<a href="{URL}">API tokens</a>' in page
