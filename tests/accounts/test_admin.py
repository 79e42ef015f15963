"""Accounts made or changed in the Django admin, and the password reset."""

import pytest
from django.urls import reverse
from django.utils import timezone

from paddock.accounts.models import User
from paddock.privacy.services import erase_person
from tests import factories
from tests.admin_pages import save_account

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


def test_account_page_saved_after_the_erasure_brings_nothing_back(db):
    # The page was opened before the person was erased, and saved after.
    ada = factories.make_user(email="ada@example.com", first_name="Ada", last_name="Byron")
    shown = User.objects.get(pk=ada.pk)  # as the page read it
    erase_person(ada, by=None, edition=None, origin="request")

    status = save_account(shown)

    ada.refresh_from_db()
    assert (status, ada.email, ada.first_name, ada.is_active) == (
        403,
        f"erased-{ada.pk}@erased.invalid",
        "",
        False,
    )


def test_account_page_still_saves_an_account_in_use(db):
    ada = factories.make_user(email="ada@example.com", first_name="Ada", last_name="Byron")

    status = save_account(ada, first_name="Augusta")

    ada.refresh_from_db()
    assert (status, ada.first_name) == (302, "Augusta")
