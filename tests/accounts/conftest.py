"""Fixtures of the accounts tests: fast password hashing."""

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # Factories create users with a password; the default hasher is deliberately slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
