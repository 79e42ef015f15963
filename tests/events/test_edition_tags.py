"""The edition's tabs: each person sees only the tabs whose pages they may open."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.integration


def _tabs(response):
    nav = re.search(r'<nav class="edition-nav".*?</nav>', response.content.decode(), re.S)
    return re.findall(r"<a [^>]*>([^<]*)</a>", nav.group(0))


def test_edition_tabs_of_a_check_in_agent_are_the_desk_only(client, checkin_user, edition):
    client.force_login(checkin_user)

    response = client.get(reverse("checkin:desk", args=[edition.slug]))

    assert _tabs(response) == ["Check-in"]


STAFF_TABS = [
    "Overview",
    "Participants",
    "Meeting requests",
    "Outcomes",
    "Documents",
    "Live",
    "Exports",
    "Reports",
    "Visits",
    "Check-in",
]
ORGANISER_TABS = [
    "Overview",
    "Settings",
    "Rooms and tables",
    "Time grid",
    "Sanitary protocol",
    "Privacy notice",
    "Erasure requests",
    "Webhooks",
    "Emails",
    "Team",
    "Participants",
    "Meeting requests",
    "Outcomes",
    "Schedule",
    "Documents",
    "Live",
    "Exports",
    "Reports",
    "Visits",
    "Check-in",
]


@pytest.mark.parametrize(
    ("person", "tabs"),
    [
        ("staff_user", STAFF_TABS),
        ("organiser_user", ORGANISER_TABS),
    ],
)
def test_edition_tabs_of_the_team_are_the_pages_their_role_opens(
    client, edition, request, person, tabs
):
    client.force_login(request.getfixturevalue(person))

    response = client.get(reverse("events:edition-home", args=[edition.slug]))

    assert _tabs(response) == tabs


def test_edition_nav_marks_the_current_page_in_the_readers_language(
    client, organiser_user, edition
):
    client.force_login(organiser_user)
    client.get(reverse("events:room-list", args=[edition.slug]))
    edition.name = "Renamed <edition>"
    edition.save()
    client.cookies["django_language"] = "fr"

    response = client.get(reverse("events:room-list", args=[edition.slug]))

    nav = re.search(r'<nav class="edition-nav".*?</nav>', response.content.decode(), re.S)
    lines = [line.strip() for line in nav.group(0).splitlines()]
    assert (lines[1], [line for line in lines if "aria-current" in line]) == (
        '<span class="title">Renamed &lt;edition&gt; '
        '<span class="badge registration">Inscriptions ouvertes</span></span>',
        [f'<a href="/orga/e/{edition.slug}/rooms/" aria-current="page">Salles et tables</a>'],
    )


def test_outcomes_tab_in_french_names_them_as_their_page_does(client, organiser_user, edition):
    client.force_login(organiser_user)
    client.cookies["django_language"] = "fr"

    response = client.get(reverse("outcomes:outcome-list", args=[edition.slug]))

    html = response.content.decode()
    assert (
        re.findall(r'<a href="[^"]*" aria-current="page">(.*?)</a>', html),
        re.findall(r"<h1[^>]*>(.*?)</h1>", html),
    ) == (["Suites des rendez-vous"], ["Suites des rendez-vous"])
