"""Fixtures shared by every web test: one edition and a person in each role."""

import pytest

from paddock.events.enums import EditionRole
from tests import factories


@pytest.fixture
def edition(db):
    return factories.make_edition()


@pytest.fixture
def organiser_user(edition):
    """A member of the organisation that runs the edition's series."""
    user = factories.make_user(email="organiser@example.com")
    edition.series.organiser.members.add(user)
    return user


@pytest.fixture
def staff_user(edition):
    user = factories.make_user(email="staff@example.com")
    factories.give_role(user, edition, EditionRole.STAFF)
    return user


@pytest.fixture
def checkin_user(edition):
    user = factories.make_user(email="checkin@example.com")
    factories.give_role(user, edition, EditionRole.CHECKIN)
    return user


@pytest.fixture
def participant(edition):
    return factories.make_participant(edition, user=factories.make_user(email="buyer@example.com"))


@pytest.fixture
def participant_user(participant):
    return participant.user
