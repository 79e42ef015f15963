"""Fixtures of the series tests: a logged-in organiser."""

import pytest


@pytest.fixture
def organiser(edition):
    return edition.series.organiser


@pytest.fixture
def organiser_client(client, organiser_user):
    client.force_login(organiser_user)
    return client
