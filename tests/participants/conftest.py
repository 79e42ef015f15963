"""Fixtures of the participants tests: fast password hashing, logged-in clients."""

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # Factories create users with a password; the default hasher is deliberately slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def organiser_client(client, organiser_user):
    client.force_login(organiser_user)
    return client


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client
