"""The "API tokens" page: create (the secret shown once), list, revoke."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from paddock.api import services
from paddock.api.models import ApiToken
from tests import factories
from tests.api.conftest import bearer

pytestmark = pytest.mark.integration

URL = "/accounts/api-tokens/"


def test_token_page_shows_the_new_secret_once(client, edition, participant_user):
    client.force_login(participant_user)

    created = client.post(
        URL, {"name": "CRM", "editions": [edition.pk], "can_write": "on", "valid_days": "90"}
    )
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

    refused = client.post(URL, {"name": "CRM", "editions": [other.pk], "valid_days": "90"})

    assert list(refused.context["form"].fields["editions"].queryset) == [edition]
    assert list(refused.context["form"].errors) == ["editions"]
    assert list(ApiToken.objects.all()) == []


def test_token_page_revokes_own_token_only(client, edition, participant_user, organiser_user):
    client.force_login(participant_user)
    client.post(URL, {"name": "CRM", "editions": [edition.pk], "valid_days": "90"})
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


def _times_of_the_token(client):
    """The "Created", "Last used" and "Ends" cells of the page's one token, and the page's
    note on its time zone."""
    page = client.get(URL).content.decode()
    cells = re.findall(r"<td>([^<]*)</td>", page)
    note = re.search(r'<p class="muted" id="time-zone">([^<]*)</p>', page)
    return cells[-3:], note.group(1) if note else None


def _token_used_at(user, edition, moment):
    token, _text = services.create_token(user, by=user, name="CRM", editions=[edition])
    ApiToken.objects.filter(pk=token.pk).update(
        created_at=moment, last_used_at=moment, expires_at=moment
    )


def test_token_page_shows_times_in_the_zone_of_the_person_s_edition_of_the_day(client, db):
    user = factories.make_user()
    today = timezone.localdate()
    for zone, start in (
        ("America/New_York", today - dt.timedelta(days=400)),  # long over
        ("Asia/Tokyo", today + dt.timedelta(days=30)),  # the next one: theirs now
    ):
        edition = factories.make_edition(
            name=f"IBD {zone}", timezone=zone, start_date=start, end_date=start
        )
        factories.make_participant(edition, user=user)
    _token_used_at(user, edition, dt.datetime(2031, 6, 1, 12, 0, tzinfo=dt.UTC))
    client.force_login(user)

    shown = _times_of_the_token(client)

    assert shown == (
        ["01/06/2031 21:00", "01/06/2031 21:00", "01/06/2031 21:00"],
        "Times are in the Asia/Tokyo time zone, that of IBD Asia/Tokyo.",
    )


def test_token_page_of_a_person_of_no_edition_names_the_server_s_zone(client, settings, db):
    settings.TIME_ZONE = "Europe/Lisbon"
    user = factories.make_user(is_superuser=True, is_staff=True)
    _token_used_at(user, factories.make_edition(), dt.datetime(2031, 6, 1, 12, 0, tzinfo=dt.UTC))
    client.force_login(user)

    shown = _times_of_the_token(client)

    assert shown == (
        ["01/06/2031 13:00", "01/06/2031 13:00", "01/06/2031 13:00"],
        "Times are in the Europe/Lisbon time zone, the server’s.",
    )
