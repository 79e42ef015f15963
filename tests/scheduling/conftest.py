"""Fixtures of the scheduling tests: a tent with three tables, four slots, four people."""

from types import SimpleNamespace

import pytest

from paddock.events.enums import EditionStatus
from tests import factories
from tests.scheduling.helpers import make_meeting, make_slots, person, place


@pytest.fixture
def orga(client, organiser_user):
    """The test client, logged in as the edition's organiser."""
    client.force_login(organiser_user)
    return client


@pytest.fixture
def venue(edition):
    room = factories.make_room(edition, name="Tent", capacity=40)
    tables = [factories.make_table(room, label=f"T{n}", position=n) for n in (1, 2, 3)]
    return SimpleNamespace(room=room, tables=tables, slots=make_slots(edition, 4))


@pytest.fixture
def people(edition):
    return SimpleNamespace(
        anna=person(edition, "Anna", languages=["fr"]),
        bert=person(edition, "Bert", languages=["fr", "en"]),
        carl=person(edition, "Carl", languages=["en"]),
        dora=person(edition, "Dora", languages=["de"]),
    )


@pytest.fixture
def meetings(venue, people):
    """Anna meets Bert, Carl and Dora; Bert meets Carl: four meetings to place."""
    return [
        make_meeting(people.anna, people.bert, weight=3),
        make_meeting(people.anna, people.carl, weight=2),
        make_meeting(people.anna, people.dora, weight=1),
        make_meeting(people.bert, people.carl, weight=2),
    ]


@pytest.fixture
def placed(edition, venue, people, meetings):
    """Anna meets Bert at T1 in the first slot and Carl at T2 in the second; published."""
    place(meetings[0], venue.slots[0], venue.tables[0])
    place(meetings[1], venue.slots[1], venue.tables[1])
    edition.status = EditionStatus.SCHEDULED
    edition.save()
    return meetings
