"""The scheduling pages' menu, written by a template tag rather than an included template
(issue 16): links, the current page, and the warning of meetings changed since publication."""

import re

import pytest
from django.urls import reverse

from paddock.scheduling import services
from tests.scheduling.helpers import place

pytestmark = pytest.mark.integration


def _nav(response):
    page = response.content.decode()
    return re.search(r'<link rel="stylesheet" href="[^"]*scheduling\.css">\n.*?\n\n', page, re.S)[0]


def test_schedule_nav_in_french_marks_the_page_and_counts_one_changed_meeting(
    orga, edition, venue, meetings, organiser_user
):
    place(meetings[0], venue.slots[0], venue.tables[0])
    services.publish_schedule(edition, by=organiser_user)
    place(meetings[1], venue.slots[1], venue.tables[1])
    base = f"/orga/e/{edition.slug}/schedule/"

    response = orga.get(
        reverse("scheduling:grid", args=[edition.slug]), headers={"Accept-Language": "fr"}
    )

    assert re.sub(r'href="[^"]*scheduling\.css"', 'href="CSS"', _nav(response)) == (
        '<link rel="stylesheet" href="CSS">\n'
        '<nav class="actions schedule-nav" aria-label="Planning">\n'
        f'  <a href="{base}">Calculs</a>\n'
        f'  <a href="{base}grid/" aria-current="page">Grille</a>\n'
        f'  <a href="{base}publish/">Publier</a>\n'
        "</nav>\n"
        '<p class="message warning">1 rendez-vous modifié depuis la dernière publication\xa0; '
        "ses participants le voient dans leur agenda mais n’ont pas été prévenus. "
        f'<a href="{base}publish/">Publier pour les prévenir</a></p>\n\n'
    )


def test_schedule_nav_in_english_counts_changed_meetings_on_every_scheduling_page(
    orga, edition, venue, meetings, organiser_user
):
    place(meetings[0], venue.slots[0], venue.tables[0])
    services.publish_schedule(edition, by=organiser_user)
    place(meetings[1], venue.slots[1], venue.tables[1])
    place(meetings[2], venue.slots[2], venue.tables[2])
    names = ["run-list", "grid", "publish"]

    warnings = [
        re.findall(
            r'<p class="message warning">([^<]*)<',
            _nav(orga.get(reverse(f"scheduling:{n}", args=[edition.slug]))),
        )
        for n in names
    ]

    assert (
        warnings
        == [
            [
                "2 meetings changed since the last publication; their participants see them on "
                "their agenda but were not told. "
            ]
        ]
        * 3
    )
