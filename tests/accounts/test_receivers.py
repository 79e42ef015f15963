"""Logins, logouts, failed logins and lock-outs end up in the audit log."""

from collections import Counter

import pytest
from django.urls import reverse

from paddock.core.models import AuditEntry
from tests import factories

pytestmark = pytest.mark.integration

ADDRESS = "198.51.100.4"


def _log_in(client, email, password):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR=ADDRESS
    )


def _entries():
    return list(
        AuditEntry.objects.order_by("pk").values_list(
            "action", "actor__email", "object_repr", "data"
        )
    )


def test_login_is_recorded_with_the_client_address(client, participant_user):
    _log_in(client, participant_user.email, factories.PASSWORD)

    assert _entries() == [
        ("account.login", participant_user.email, participant_user.email, {"ip": ADDRESS})
    ]


def test_logout_is_recorded(client, participant_user):
    _log_in(client, participant_user.email, factories.PASSWORD)

    client.post(reverse("accounts:logout"), REMOTE_ADDR=ADDRESS)

    assert _entries() == [
        ("account.login", participant_user.email, participant_user.email, {"ip": ADDRESS}),
        ("account.logout", participant_user.email, participant_user.email, {"ip": ADDRESS}),
    ]


def test_failed_login_records_the_login_name_and_address_never_the_password(
    client, participant_user
):
    _log_in(client, " Buyer@Example.com", "my-secret-guess")

    assert _entries() == [
        (
            "account.login_failed",
            None,
            "buyer@example.com",
            {"login": "buyer@example.com", "ip": ADDRESS},
        )
    ]


def test_lock_out_is_recorded_once_with_the_failed_logins(client, participant_user):
    for _ in range(7):
        _log_in(client, participant_user.email, "wrong password")

    assert Counter(action for action, *_ in _entries()) == {
        "account.login_failed": 7,
        "account.locked_out": 1,
    }
