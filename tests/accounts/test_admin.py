"""Accounts made or changed in the Django admin, and the password reset."""

import pytest
from django.urls import reverse
from django.utils import timezone

from paddock.accounts.models import User
from tests import factories

pytestmark = pytest.mark.integration


@pytest.fixture
def admin_client(db, client):
    client.force_login(factories.make_user(is_staff=True, is_superuser=True))
    return client


def test_account_added_in_the_admin_without_password_chooses_one_through_the_reset(
    admin_client, mailoutbox, ask_reset
):
    admin_client.post(
        reverse("admin:accounts_user_add"), {"email": "ada@example.com", "usable_password": "false"}
    )
    admin_client.logout()

    ask_reset(admin_client, "ada@example.com")

    ada = User.objects.get(email="ada@example.com")
    assert (ada.has_usable_password(), [m.to for m in mailoutbox]) == (
        False,
        [["ada@example.com"]],
    )


def test_password_disabled_in_the_admin_stays_disabled_by_the_reset(
    admin_client, mailoutbox, ask_reset
):
    ada = factories.make_user(email="ada@example.com", last_login=timezone.now())
    admin_client.post(
        reverse("admin:auth_user_password_change", args=[ada.pk]),
        {"usable_password": "false", "unset-password": "1"},
    )
    admin_client.logout()

    ask_reset(admin_client, "ada@example.com")

    ada.refresh_from_db()
    assert (ada.has_usable_password(), mailoutbox) == (False, [])
