"""Fixtures of the accounts' tests."""

import pytest

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
