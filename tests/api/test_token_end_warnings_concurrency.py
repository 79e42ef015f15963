"""Two runs of the periodic job at once (two cron lines, a run outlasting its minute) warn the
owner of a token once."""

import datetime as dt

import pytest

from paddock.accounts.models import OutgoingMail
from paddock.api import services
from tests import factories
from tests.api.conftest import new_token
from tests.concurrency import race, slowed

pytestmark = [pytest.mark.integration, pytest.mark.concurrency]


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_write_one_mail(monkeypatch, mailoutbox):
    edition = factories.make_edition()
    owner = factories.make_participant(edition).user
    new_token(owner, edition)
    week_before = owner.api_tokens.get().expires_at - dt.timedelta(days=6)
    # Both runs read the token before either records its warning.
    slowed(monkeypatch, services, "_warning_due", seconds=0.5)

    outcomes = race(services.warn_of_token_ends, [(week_before,), (week_before,)], Exception, str)

    assert (sorted(outcomes), OutgoingMail.objects.count(), len(mailoutbox)) == ([0, 1], 1, 1)
    assert owner.api_tokens.get().end_warnings_sent == 1
