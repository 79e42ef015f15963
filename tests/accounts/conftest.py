"""Fixtures of the accounts' tests."""

import pytest
from django.urls import reverse

from paddock.accounts.mail import unsent_mail


@pytest.fixture
def commit(db, django_capture_on_commit_callbacks):
    """Runs a service, then the mails it left for the commit, as a view does: returns what
    the service returned and the addresses `unsent_mail` read."""

    def run(function, *args, **kwargs):
        with unsent_mail() as unsent, django_capture_on_commit_callbacks(execute=True):
            result = function(*args, **kwargs)
        return result, unsent

    return run


@pytest.fixture
def ask_reset(django_capture_on_commit_callbacks):
    """Posts the password reset form for `email`, then runs what its commit hands to the task
    worker, as a request does: the reset mail goes through the outbox (accounts.outbox)."""

    def run(client, email, **meta):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("accounts:password_reset"), {"email": email}, **meta)

    return run
