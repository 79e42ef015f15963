"""Fixtures of the participants tests: logged-in clients."""

import pytest


@pytest.fixture
def organiser_client(client, organiser_user):
    client.force_login(organiser_user)
    return client


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def open_edition(edition):
    """The edition, with its open registration form on."""
    edition.registration_open = True
    edition.save()
    return edition
