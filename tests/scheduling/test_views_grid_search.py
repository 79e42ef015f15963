"""The schedule grid finds a participant by a search field rather than a list of everyone
(issue 16: a big edition listed 2,000 people on every grid page)."""

import re

import pytest
from django.urls import reverse

from paddock.participants.enums import ParticipantStatus
from paddock.scheduling.queries import grid_search
from tests import factories

pytestmark = pytest.mark.integration


@pytest.fixture
def grid(edition):
    return reverse("scheduling:grid", args=[edition.slug])


@pytest.mark.usefixtures("placed")
def test_grid_search_with_one_match_shows_that_persons_meetings(orga, grid, people, meetings):
    response = orga.get(grid, {"who": "anna"})

    focus = response.context["focus"]
    shown = [meeting.pk for meeting, _place in response.context["focus_meetings"]]
    assert (focus, shown, response.context["matches"]) == (
        people.anna,
        [meetings[0].pk, meetings[1].pk],
        [],
    )


@pytest.mark.usefixtures("placed")
def test_grid_search_with_several_matches_lists_them_to_choose_from(orga, grid, venue, people):
    response = orga.get(grid, {"who": "SAS", "day": "2031-06-12", "room": venue.room.pk})

    place = f"?day=2031-06-12&room={venue.room.pk}&participant="
    assert (response.context["focus"], response.context["matches"]) == (
        None,
        [
            ("Anna Test (Anna SAS)", f"{place}{people.anna.pk}"),
            ("Bert Test (Bert SAS)", f"{place}{people.bert.pk}"),
            ("Carl Test (Carl SAS)", f"{place}{people.carl.pk}"),
            ("Dora Test (Dora SAS)", f"{place}{people.dora.pk}"),
        ],
    )


@pytest.mark.usefixtures("placed")
def test_grid_search_without_a_match_names_the_field(orga, grid):
    response = orga.get(grid, {"who": "zorro"})

    assert (response.status_code, response.context["choice_form"].errors) == (
        200,
        {"who": ["No participant matches “zorro”."]},
    )


@pytest.mark.usefixtures("placed")
def test_grid_offers_only_days_and_rooms_to_choose_from(orga, grid):
    page = orga.get(grid).content.decode()

    assert re.findall(r"<option[^>]*>([^<]*)</option>", page) == ["Thursday 12 June", "Tent"]


@pytest.mark.usefixtures("placed")
def test_grid_keeps_the_chosen_participant_when_the_day_or_room_changes(orga, grid, people):
    page = orga.get(grid, {"participant": people.anna.pk}).content.decode()

    form = re.search(r'<form method="get".*?</form>', page, re.S)[0]
    assert re.findall(r'<input type="hidden" name="participant" value="(\d+)">', form) == [
        str(people.anna.pk)
    ]


def test_grid_search_names_an_invited_person_as_the_organisers_typed_them(edition):
    sam = factories.make_user(email="Sam@Example.com", first_name="Samuel", last_name="Secret")
    invited = factories.make_participant(
        edition, user=sam, status=ParticipantStatus.INVITED, invited_first_name="Ada",
        invited_last_name="Martin", invited_email="sam@example.com",
        company=factories.make_company(edition, name="Forges"),
    )  # fmt: skip

    found = [grid_search(edition, word, limit=5) for word in ("Forges", "Secret")]

    assert found == [[(invited.pk, "Ada Martin (Forges)")], []]
