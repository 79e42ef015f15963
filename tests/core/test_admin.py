import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.integration

ADMIN_PAGES = [
    "admin:events_edition_changelist",
    "admin:events_room_changelist",
    "admin:events_session_changelist",
    "admin:participants_participant_changelist",
    "admin:participants_company_changelist",
    "admin:participants_category_changelist",
    "admin:core_auditentry_changelist",
    "admin:accounts_user_changelist",
]


def test_admin_pages_open_for_a_superuser(client, participant):
    client.force_login(factories.make_user(is_staff=True, is_superuser=True))

    statuses = {name: client.get(reverse(name)).status_code for name in ADMIN_PAGES}

    assert statuses == dict.fromkeys(ADMIN_PAGES, 200)


def test_admin_refuses_an_organiser_without_superuser_rights(client, organiser_user):
    client.force_login(organiser_user)

    response = client.get(reverse("admin:events_edition_changelist"))

    assert (response.status_code, response.url.startswith(reverse("admin:login"))) == (302, True)
