"""Sessions read with a query compiled once (issue 16) keep Django's rules: an expired session,
a deactivated account or a changed password logs the person out at once."""

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.integration


@pytest.fixture
def home(client, participant_user, edition):
    client.force_login(participant_user)
    url = reverse("participants-portal:home", args=[edition.slug])
    assert client.get(url).status_code == 200
    return url


def _login_redirect(url):
    return f"{reverse('accounts:login')}?next={url}"


def test_session_store_refuses_an_expired_session(client, home):
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))

    response = client.get(home)

    assert (response.status_code, response.url) == (302, _login_redirect(home))


def test_session_store_refuses_a_deactivated_account(client, home, participant_user):
    participant_user.is_active = False
    participant_user.save()

    response = client.get(home)

    assert (response.status_code, response.url) == (302, _login_redirect(home))


def test_session_store_refuses_a_session_after_a_password_change(client, home, participant_user):
    participant_user.set_password("another secret 2026")
    participant_user.save()

    response = client.get(home)

    assert (response.status_code, response.url) == (302, _login_redirect(home))


def test_session_store_keeps_a_live_session(client, home):
    response = client.get(home)

    assert (response.status_code, response.context["user"].email) == (200, "buyer@example.com")


@pytest.mark.parametrize("key", ["abcdefgh\x00ijkl", "²" * 40, "k" * 5000])
def test_session_store_takes_an_unreadable_cookie_for_no_session(client, home, key):
    client.cookies["sessionid"] = key

    response = client.get(home)

    assert (response.status_code, response.url) == (302, _login_redirect(home))
