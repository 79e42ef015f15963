"""The password pages: Django's reset, and the set-password link of people added by hand."""

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from paddock.accounts import services
from paddock.accounts.enums import TokenPurpose
from paddock.accounts.models import AccountToken, User
from tests import factories

pytestmark = pytest.mark.integration

NEW_PASSWORD = "paddock-tent-1957"
NEW_PASSWORDS = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}


def _reset_link(message) -> str:
    """The path of the reset link in Django's reset email (rendered with the request's host)."""
    links = re.findall(r"https?://testserver(/\S*)", message.body)
    assert len(links) == 1, links
    return urlsplit(links[0]).path


def _set_password_url(secret: str) -> str:
    return reverse("accounts:set-password", args=[secret])


def test_password_reset_mails_an_account_that_never_chose_a_password(db, client, mailoutbox):
    User.objects.create_user("ada@example.com", None, first_name="Ada")

    sent = client.post(reverse("accounts:password_reset"), {"email": "Ada@Example.com"})
    form_page = client.get(_reset_link(mailoutbox[0]), follow=True)
    saved = client.post(form_page.redirect_chain[-1][0], NEW_PASSWORDS)

    assert {
        "sent": sent.url,
        "mailed": [message.to for message in mailoutbox],
        "saved": saved.url,
        "logs in": client.login(username="ada@example.com", password=NEW_PASSWORD),
    } == {
        "sent": reverse("accounts:password_reset_done"),
        "mailed": [["ada@example.com"]],
        "saved": reverse("accounts:password_reset_complete"),
        "logs in": True,
    }


def test_password_reset_answers_alike_and_mails_nobody_for_unknown_or_inactive_addresses(
    db, client, mailoutbox
):
    User.objects.create_user("ina@example.com", None, is_active=False)

    answers = [
        client.post(reverse("accounts:password_reset"), {"email": email}).url
        for email in ("nobody@example.com", "ina@example.com")
    ]

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
