"""The 403, 404 and 500 pages: in the site's layout, translated, with a way back."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.integration


@pytest.fixture(autouse=True)
def _production(settings):
    settings.DEBUG = False


def _page(response):
    html = response.content.decode()
    heading = re.search(r"<h1>(.*?)</h1>", html, re.S).group(1).strip()
    back = re.search(r'<a class="button" id="way-back" href="([^"]*)">(.*?)</a>', html)
    return response.status_code, heading, back.groups(), 'class="site-header"' in html


def test_forbidden_page_leads_a_check_in_agent_back_to_the_desk(client, checkin_user, edition):
    client.force_login(checkin_user)

    response = client.get(reverse("events:edition-update", args=[edition.slug]))

    assert _page(response) == (
        403,
        "You may not open this page",
        (reverse("checkin:desk", args=[edition.slug]), f"Back to {edition.name}"),
        True,
    )


def test_forbidden_page_leads_a_participant_back_to_their_portal(client, participant_user, edition):
    client.force_login(participant_user)

    response = client.get(reverse("events:edition-home", args=[edition.slug]))

    assert _page(response)[2] == (
        reverse("participants-portal:home", args=[edition.slug]),
        f"Back to {edition.name}",
    )


def test_forbidden_page_speaks_french(client, checkin_user, edition):
    client.force_login(checkin_user)
    client.cookies["django_language"] = "fr"

    response = client.get(reverse("events:edition-update", args=[edition.slug]))

    assert _page(response) == (
        403,
        "Vous ne pouvez pas ouvrir cette page",
        (reverse("checkin:desk", args=[edition.slug]), f"Retour à {edition.name}"),
        True,
    )


def test_not_found_page_of_an_unknown_edition_leads_home(client, db):
    response = client.get(reverse("events:edition-home", args=["no-such-edition"]))

    assert _page(response) == (
        404,
        "Page not found",
        (reverse("core:home"), "Back to the home page"),
        True,
    )


def test_not_found_page_inside_an_edition_leads_to_its_overview(client, organiser_user, edition):
    client.force_login(organiser_user)

    response = client.get(reverse("events:room-detail", args=[edition.slug, 999999]))

    assert _page(response)[::2] == (
        404,
        (reverse("events:edition-home", args=[edition.slug]), f"Back to {edition.name}"),
    )


def test_server_error_page_is_static_and_in_the_layout(settings, db):
    settings.ROOT_URLCONF = "tests.core.broken_urls"
    client = Client(raise_request_exception=False)
    client.force_login(factories.make_user())

    response = client.get("/broken/")

    assert _page(response) == (
        500,
        "Something went wrong on our side",
        (reverse("core:home"), "Back to the home page"),
        True,
    )
