"""The password pages: Django's reset, the set-password link of people added by hand, and
login and password reset under repeated attempts (lock-outs and throttling)."""

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from paddock.accounts import services
from paddock.accounts.enums import TokenPurpose
from paddock.accounts.models import AccountToken, User
from tests import factories
from tests.logins import can_log_in

pytestmark = pytest.mark.integration

NEW_PASSWORD = "paddock-tent-1957"
NEW_PASSWORDS = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}


def _reset_link(message) -> str:
    """The path of the reset link in Django's reset email (on the site's address)."""
    links = re.findall(rf"{re.escape(settings.SITE_URL)}(/\S*)", message.body)
    assert len(links) == 1, links
    return urlsplit(links[0]).path


def _set_password_url(secret: str) -> str:
    return reverse("accounts:set-password", args=[secret])


def test_password_reset_mails_an_account_that_never_chose_a_password(
    db, client, mailoutbox, ask_reset
):
    User.objects.create_user("ada@example.com", None, first_name="Ada")

    sent = ask_reset(client, "Ada@Example.com")
    form_page = client.get(_reset_link(mailoutbox[0]), follow=True)
    saved = client.post(form_page.redirect_chain[-1][0], NEW_PASSWORDS)

    assert {
        "sent": sent.url,
        "mailed": [message.to for message in mailoutbox],
        "saved": saved.url,
        "logs in": can_log_in("ada@example.com", NEW_PASSWORD),
    } == {
        "sent": reverse("accounts:password_reset_done"),
        "mailed": [["ada@example.com"]],
        "saved": reverse("accounts:password_reset_complete"),
        "logs in": True,
    }


def test_password_reset_answers_alike_and_mails_nobody_for_unknown_or_inactive_addresses(
    db, client, mailoutbox, ask_reset
):
    User.objects.create_user("ina@example.com", None, is_active=False)

    answers = [ask_reset(client, email).url for email in ("nobody@example.com", "ina@example.com")]

    assert (answers, mailoutbox) == ([reverse("accounts:password_reset_done")] * 2, [])


@pytest.fixture
def ada(db):
    """An account an organiser made: no usable password yet."""
    return User.objects.create_user("ada@example.com", None, first_name="Ada")


@pytest.fixture
def ada_link(ada):
    """The secret of Ada's set-password link."""
    return services.issue_token(ada, purpose=TokenPurpose.PASSWORD, by=None)


def test_set_password_link_sets_the_password_and_logs_in(client, ada, ada_link):
    page = client.get(_set_password_url(ada_link))

    saved = client.post(_set_password_url(ada_link), NEW_PASSWORDS)

    ada.refresh_from_db()
    assert {
        "page": (page.status_code, list(page.context["form"].fields)),
        "saved": saved.url,
        "password": ada.check_password(NEW_PASSWORD),
        "logged in as": client.session["_auth_user_id"],
        "link used": AccountToken.objects.get().used_at is not None,
    } == {
        "page": (200, ["new_password1", "new_password2"]),
        "saved": reverse("accounts:after-login"),
        "password": True,
        "logged in as": str(ada.pk),
        "link used": True,
    }


def test_set_password_link_works_once(client, ada_link):
    client.post(_set_password_url(ada_link), NEW_PASSWORDS)
    client.logout()

    again = client.get(_set_password_url(ada_link))
    posted = client.post(_set_password_url(ada_link), NEW_PASSWORDS)

    assert [(r.status_code, r.context["message"]) for r in (again, posted)] == [
        (410, "This link was used already.")
    ] * 2


def test_set_password_link_shows_a_weak_password_on_its_field_and_still_works(
    client, ada, ada_link
):
    weak = client.post(
        _set_password_url(ada_link), {"new_password1": "12345678", "new_password2": "12345678"}
    )

    retried = client.post(_set_password_url(ada_link), NEW_PASSWORDS)

    assert (weak.context["form"].errors, retried.url) == (
        {
            "new_password2": [
                "This password is too common.",
                "This password is entirely numeric.",
            ]
        },
        reverse("accounts:after-login"),
    )


def test_set_password_link_of_an_account_with_a_password_sends_to_the_login(client, ada, ada_link):
    ada.set_password(factories.PASSWORD)
    ada.save()

    page = client.get(_set_password_url(ada_link))
    posted = client.post(_set_password_url(ada_link), NEW_PASSWORDS)

    ada.refresh_from_db()
    message = "Your password is chosen already: log in with it, or reset it if you forgot it."
    assert {
        "page": (page.status_code, page.context["message"]),
        "posted": (posted.status_code, posted.context["message"]),
        "password kept": ada.check_password(factories.PASSWORD),
    } == {
        "page": (410, message),
        "posted": (410, message),
        "password kept": True,
    }


def test_set_password_link_expired_or_unknown_is_refused(client, ada_link):
    AccountToken.objects.update(expires_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))

    expired = client.get(_set_password_url(ada_link))
    unknown = client.get(_set_password_url("x"))

    assert [(r.status_code, r.context["message"]) for r in (expired, unknown)] == [
        (410, "This link has expired."),
        (404, "This link is not valid. Check that it was copied whole."),
    ]


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


def test_password_reset_sends_three_emails_an_hour_per_address(client, participant_user, ask_reset):
    statuses = [ask_reset(client, participant_user.email).status_code for _ in range(10)]

    assert (statuses, len(mail.outbox)) == ([302] * 3 + [429] * 7, 3)


def test_password_reset_over_the_limit_says_so_in_the_page(client, participant_user, ask_reset):
    for _ in range(3):
        ask_reset(client, participant_user.email)

    response = ask_reset(client, participant_user.email.upper())

    assert (response.status_code, response.context["form"].errors, len(mail.outbox)) == (
        429,
        {"email": [TOO_MANY_RESETS]},
        3,
    )


def test_password_reset_answers_an_unknown_address_like_a_known_one(
    client, participant_user, ask_reset
):
    known = [ask_reset(client, participant_user.email).status_code for _ in range(5)]
    unknown = [ask_reset(client, "nobody@example.com").status_code for _ in range(5)]

    assert (known, unknown) == ([302] * 3 + [429] * 2, [302] * 3 + [429] * 2)


def test_password_reset_limits_one_address_asking_for_many_accounts(client, db, ask_reset):
    users = [factories.make_user() for _ in range(12)]

    statuses = [
        ask_reset(client, user.email, REMOTE_ADDR="198.51.100.7").status_code for user in users
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


def test_password_reset_link_opens_in_the_language_of_the_email(db, client, mailoutbox, ask_reset):
    User.objects.create_user("ada@example.com", "old-password-1957", first_name="Ada")

    ask_reset(client, "ada@example.com", HTTP_ACCEPT_LANGUAGE="fr")
    link = re.findall(rf"{re.escape(settings.SITE_URL)}(/\S*)", mailoutbox[0].body)[0]
    page = Client().get(link, follow=True)

    assert (link.endswith("?lang=fr"), page.headers["Content-Language"]) == (True, "fr")


def test_password_reset_mail_is_in_the_accounts_chosen_language(db, client, mailoutbox, ask_reset):
    # Whoever asks, the mail goes to the address's owner, who chose French.
    User.objects.create_user(
        "ada@example.com", "old-password-1957", first_name="Ada", preferred_language="fr"
    )

    ask_reset(client, "ada@example.com", HTTP_ACCEPT_LANGUAGE="en")

    (message,) = mailoutbox
    with translation.override("fr"):
        subject = gettext("Your Paddock password")
    assert (message.subject, re.findall(r"\?lang=\w+", message.body)) == (subject, ["?lang=fr"])
    assert subject != "Your Paddock password"  # the test means something


def test_password_reset_link_is_on_the_site_address_not_the_requests_host(
    db, client, mailoutbox, settings, ask_reset
):
    # The host a request names is the client's to choose (among ALLOWED_HOSTS); every other
    # mail links to PADDOCK_SITE_URL.
    settings.SITE_URL = "https://paddock.example.org"
    settings.ALLOWED_HOSTS = ["paddock.example.org", "old-name.example.org"]
    User.objects.create_user("ada@example.com", "old-password-1957", first_name="Ada")

    ask_reset(client, "ada@example.com", HTTP_HOST="old-name.example.org")

    assert re.findall(r"https?://[^/\s]+", mailoutbox[0].body) == ["https://paddock.example.org"]


def test_password_reset_link_is_on_the_requests_address_while_developing(
    db, client, mailoutbox, settings, ask_reset
):
    # As every other mail when PADDOCK_SITE_URL is unset in development (core.links).
    settings.SITE_URL_FROM_REQUEST = True
    User.objects.create_user("ada@example.com", "old-password-1957", first_name="Ada")

    ask_reset(client, "ada@example.com")

    assert re.findall(r"https?://[^/\s]+", mailoutbox[0].body) == ["http://testserver"]
