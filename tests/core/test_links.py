"""Links in emails: on the address the site is reached at, opening pages in the email's
language (`paddock.core.links`)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from paddock.events import services
from tests import factories

pytestmark = pytest.mark.integration


@pytest.fixture
def organiser_client(client, organiser_user):
    client.force_login(organiser_user)
    return client


def _html_lang(response) -> str:
    return re.search(r'<html lang="(\w+)">', response.content.decode()).group(1)


def _links(message) -> list[str]:
    return re.findall(r"https?://\S+", message.body)


def test_link_language_parameter_opens_the_page_and_the_next_ones_in_it(client, db):
    first = client.get("/?lang=fr", HTTP_ACCEPT_LANGUAGE="en")
    later = client.get("/", HTTP_ACCEPT_LANGUAGE="en")

    assert (_html_lang(first), _html_lang(later)) == ("fr", "fr")


def test_link_language_parameter_unknown_is_ignored(client, db):
    response = client.get("/?lang=xx", HTTP_ACCEPT_LANGUAGE="en")

    assert (_html_lang(response), "django_language" in response.cookies) == ("en", False)


def _add_agent(client, edition, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("events:team", args=[edition.slug]),
            {"email": "agent@example.com", "role": "checkin"},
        )


def test_email_link_opens_the_page_in_the_email_language(
    organiser_client, edition, mailoutbox, django_capture_on_commit_callbacks
):
    agent = factories.make_user(email="agent@example.com", preferred_language="fr")
    _add_agent(organiser_client, edition, django_capture_on_commit_callbacks)
    link = _links(mailoutbox[0])[0]  # the invitation's, to accept it
    reader = Client()
    reader.force_login(agent)

    page = reader.get(link.removeprefix("http://127.0.0.1:8000"), HTTP_ACCEPT_LANGUAGE="en")

    assert (link.endswith("/?lang=fr"), page.status_code, _html_lang(page)) == (True, 200, "fr")


@pytest.mark.django_db(transaction=True)
def test_email_link_in_development_uses_the_request_address(
    organiser_user, edition, mailoutbox, settings
):
    """A real commit (no test transaction around it): the email leaves during the request."""
    settings.SITE_URL_FROM_REQUEST = True
    factories.make_user(email="agent@example.com", preferred_language="en")
    client = Client(HTTP_HOST="localhost:8123")
    client.force_login(organiser_user)

    client.post(
        reverse("events:team", args=[edition.slug]),
        {"email": "agent@example.com", "role": "checkin"},
    )

    join = f"/e/{edition.slug}/team/join/"  # the invitation's links: accept, decline
    assert [link.split(join)[0] for link in _links(mailoutbox[0])] == ["http://localhost:8123"] * 2


def test_email_link_outside_a_request_uses_the_configured_address(
    edition, organiser_user, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL_FROM_REQUEST = True
    factories.make_user(email="agent@example.com", preferred_language="en")

    with django_capture_on_commit_callbacks(execute=True):
        services.invite_team_member(
            edition, by=organiser_user, email="agent@example.com", role="checkin"
        )

    join = f"/e/{edition.slug}/team/join/"  # the invitation's links: accept, decline
    assert [link.split(join)[0] for link in _links(mailoutbox[0])] == ["http://127.0.0.1:8000"] * 2
