"""Fixtures of the series tests: fast password hashing, a logged-in organiser."""

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def organiser(edition):
    return edition.series.organiser


@pytest.fixture
def organiser_client(client, organiser_user):
    client.force_login(organiser_user)
    return client
