"""Fixtures of the events tests: a logged-in organiser client."""

import pytest


@pytest.fixture
def organiser_client(client, organiser_user):
    client.force_login(organiser_user)
    return client
