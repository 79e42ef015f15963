"""Logging in as a person does: through the login form, which django-axes watches (the test
client's `login()` bypasses the request and axes refuses it)."""

from django.test import Client
from django.urls import reverse


def can_log_in(email: str, password: str) -> bool:
    """Whether the login form, in a fresh browser session, accepts this email and password."""
    client = Client()
    client.post(reverse("accounts:login"), {"username": email, "password": password})
    return "_auth_user_id" in client.session
