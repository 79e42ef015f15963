"""The portal of someone who withdrew (issue 16): a home that says when and that the organisers
can undo it, a menu of the pages that still work for them (the people they met, their data),
and, for any other page reached by its address, a page that says why it is closed."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from paddock.participants.withdrawal import withdraw_participant
from tests import factories

pytestmark = pytest.mark.integration

# Every portal page a participant reaches without an object of their own in the URL.
STILL_OPEN = ["outcomes-portal:network", "privacy-portal:my-data", "privacy-portal:export"]
CLOSED = [
    "participants-portal:profile",
    "participants-portal:profile-company",
    "participants-portal:profile-person",
    "participants-portal:profile-availability",
    "participants-portal:catalogue",
    "participants-portal:join-requests",
    "matchmaking-portal:recommendations",
    "meetings-portal:request-list",
    "meetings-portal:agenda",
    "meetings-portal:agenda-pdf",
    "visits-portal:visits",
    "visits-portal:wishes",
    "outcomes-portal:to-rate",
]
WHY = "This page is for the edition's participants: since you withdrew, it is closed to you."


@pytest.fixture
def withdrawn(edition, participant, client):
    """The participant withdrew at 23:30 UTC on 3 March 2031: already the 4th in Paris, the
    edition's time zone."""
    edition.timezone = "Europe/Paris"
    edition.save(update_fields=["timezone"])
    withdraw_participant(participant, by=participant.user)
    moment = dt.datetime(2031, 3, 3, 23, 30, tzinfo=dt.UTC)
    participant.withdrawn_at = moment
    participant.save(update_fields=["withdrawn_at"])
    client.force_login(participant.user)
    return participant


def _url(edition, name):
    return reverse(name, args=[edition.slug])


def _menu(page: str) -> list[str]:
    nav = re.search(r'<nav class="edition-nav portal-nav".*?</nav>', page, re.S).group(0)
    return re.findall(r'href="([^"]+)"', nav)


def test_the_menu_of_a_withdrawn_person_lists_only_pages_that_work(client, edition, withdrawn):
    home = client.get(_url(edition, "participants-portal:home")).content.decode()

    links = _menu(home)
    answers = [client.get(link).status_code for link in links]

    assert links == [
        _url(edition, "outcomes-portal:network"),
        _url(edition, "privacy-portal:my-data"),
    ]
    assert answers == [200, 200]


def test_the_home_says_when_they_withdrew_and_that_the_organisers_can_undo_it(
    client, edition, withdrawn
):
    english = client.get(_url(edition, "participants-portal:home")).content.decode()
    french = client.get(
        _url(edition, "participants-portal:home"), headers={"accept-language": "fr"}
    ).content.decode()

    assert "You withdrew from this edition on 4 Mar 2031" in english
    assert "they can undo your withdrawal" in english
    assert re.findall(r'id="still-possible">(.*?)</p>', english, re.S)[0].count("href=") == 2
    assert "le 4 mars 2031" in french


@pytest.mark.parametrize("name", CLOSED)
def test_a_closed_page_reached_by_its_address_says_why_with_what_still_works(
    client, edition, withdrawn, name
):
    response = client.get(_url(edition, name))

    page = response.content.decode()
    assert (response.status_code, WHY in page, _menu(page)) == (
        403,
        True,
        [_url(edition, "outcomes-portal:network"), _url(edition, "privacy-portal:my-data")],
    )


@pytest.mark.parametrize("name", STILL_OPEN)
def test_the_pages_still_open_work_and_link_nowhere_closed(client, edition, withdrawn, name):
    response = client.get(_url(edition, name))

    page = response.content.decode() if name != "privacy-portal:export" else ""
    closed_links = [_url(edition, other) for other in CLOSED if _url(edition, other) in page]
    assert (response.status_code, closed_links) == (200, [])


def test_a_validated_participant_keeps_the_whole_menu(client, edition, participant):
    client.force_login(participant.user)

    home = client.get(_url(edition, "participants-portal:home")).content.decode()

    assert len(_menu(home)) == 8


def test_someone_else_of_the_edition_gets_no_withdrawn_page_for_a_profile(client, edition):
    invited = factories.make_participant(edition, status="invited")
    client.force_login(invited.user)

    response = client.get(_url(edition, "participants-portal:profile"))

    assert response.status_code == 404
