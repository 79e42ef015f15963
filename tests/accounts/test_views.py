"""Login and password reset under repeated attempts: lock-outs and throttling."""

import pytest
from django.core import mail
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.integration

LOCKED_OUT = (
    "Too many failed attempts to log in: logging in is blocked for 15 minutes. Try again later."
)
TOO_MANY_RESETS = "Too many requests for a new password: please try again later."


def _log_in(client, email, password, **meta):
    return client.post(reverse("accounts:login"), {"username": email, "password": password}, **meta)


def _outcome(client, response):
    """(status, lock-out message or None, who is logged in)."""
    message = response.context.get("lockout_message") if response.context else None
    return (response.status_code, message, client.session.get("_auth_user_id"))


def test_login_locked_out_account_refuses_the_right_password(client, participant_user):
    for _ in range(5):
        _log_in(client, participant_user.email, "wrong password")

    response = _log_in(client, participant_user.email, factories.PASSWORD)

    assert _outcome(client, response) == (429, LOCKED_OUT, None)


def test_login_lock_out_page_uses_the_site_layout(client, participant_user):
    for _ in range(5):
        _log_in(client, participant_user.email, "wrong password")

    response = _log_in(client, participant_user.email, factories.PASSWORD)

    assert [template.name for template in response.templates][-2:] == [
        "accounts/locked_out.html",
        "base.html",
    ]


def test_login_lock_out_follows_the_account_across_addresses(client, participant_user):
    for number in range(5):
        _log_in(client, participant_user.email, "wrong", REMOTE_ADDR=f"198.51.100.{number}")

    response = _log_in(
        client, participant_user.email, factories.PASSWORD, REMOTE_ADDR="198.51.100.99"
    )

    assert _outcome(client, response) == (429, LOCKED_OUT, None)


def test_login_lock_out_follows_the_address_across_accounts(client, participant_user):
    for number in range(5):
        _log_in(client, f"nobody{number}@example.com", "wrong", REMOTE_ADDR="198.51.100.7")

    response = _log_in(
        client, participant_user.email, factories.PASSWORD, REMOTE_ADDR="198.51.100.7"
    )

    assert _outcome(client, response) == (429, LOCKED_OUT, None)


def test_login_four_wrong_passwords_do_not_lock_out(client, participant_user):
    for _ in range(4):
        _log_in(client, participant_user.email, "wrong password")

    response = _log_in(client, participant_user.email, factories.PASSWORD)

    assert _outcome(client, response) == (302, None, str(participant_user.pk))


def test_login_behind_a_proxy_locks_out_the_forwarded_address(client, settings, participant_user):
    settings.PADDOCK_BEHIND_PROXY = True
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for number in range(5):
        _log_in(
            client,
            f"nobody{number}@example.com",
            "wrong",
            HTTP_X_FORWARDED_FOR="203.0.113.7",
            **proxy,
        )

    statuses = [
        _log_in(
            client, participant_user.email, factories.PASSWORD, HTTP_X_FORWARDED_FOR=ip, **proxy
        ).status_code
        for ip in ("203.0.113.7", "203.0.113.8")
    ]

    assert statuses == [429, 302]


def _ask_reset(client, email, **meta):
    return client.post(reverse("accounts:password_reset"), {"email": email}, **meta)


def test_password_reset_sends_three_emails_an_hour_per_address(client, participant_user):
    statuses = [_ask_reset(client, participant_user.email).status_code for _ in range(10)]

    assert (statuses, len(mail.outbox)) == ([302] * 3 + [429] * 7, 3)


def test_password_reset_over_the_limit_says_so_in_the_page(client, participant_user):
    for _ in range(3):
        _ask_reset(client, participant_user.email)

    response = _ask_reset(client, participant_user.email.upper())

    assert (response.status_code, response.context["form"].errors, len(mail.outbox)) == (
        429,
        {"email": [TOO_MANY_RESETS]},
        3,
    )


def test_password_reset_answers_an_unknown_address_like_a_known_one(client, participant_user):
    known = [_ask_reset(client, participant_user.email).status_code for _ in range(5)]
    unknown = [_ask_reset(client, "nobody@example.com").status_code for _ in range(5)]

    assert (known, unknown) == ([302] * 3 + [429] * 2, [302] * 3 + [429] * 2)


def test_password_reset_limits_one_address_asking_for_many_accounts(client, db):
    users = [factories.make_user() for _ in range(12)]

    statuses = [
        _ask_reset(client, user.email, REMOTE_ADDR="198.51.100.7").status_code for user in users
    ]

    assert (statuses, len(mail.outbox)) == ([302] * 10 + [429] * 2, 10)


def test_login_lock_out_also_closes_the_admin_login_whatever_the_case(client, db):
    admin_user = factories.make_user(email="root@example.com", is_staff=True, is_superuser=True)
    for _ in range(5):
        _log_in(client, admin_user.email, "wrong password")

    response = client.post(
        reverse("admin:login"), {"username": "ROOT@example.com", "password": factories.PASSWORD}
    )

    assert _outcome(client, response) == (429, LOCKED_OUT, None)
