"""Two agents scan the same badge at the same place at once: one check-in (PostgreSQL).

The lock on the participant's row is what keeps the second scan from recording a second arrival.
"""

import pytest
from django.db import connection

from paddock.checkin import services
from paddock.checkin.models import CheckIn
from tests import factories
from tests.concurrency import race, slowed

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


@pytest.mark.django_db(transaction=True)
def test_concurrent_scans_of_one_badge_make_one_checkin(monkeypatch):
    edition = factories.make_edition()
    participant = factories.make_participant(edition)
    [badge] = services.issue_badges(edition, by=None, participants=[participant])
    agents = [factories.make_user(), factories.make_user()]
    slowed(monkeypatch, services, "_locked_participant")  # between the lock and the write

    def scan(agent):
        services.check_in(edition, by=agent, code=badge.code)
        return "checked in"

    outcomes = race(scan, [(agent,) for agent in agents], services.CheckInError, lambda e: e.code)

    assert (sorted(outcomes), CheckIn.objects.filter(participant=participant).count()) == (
        ["already_checked_in", "checked in"],
        1,
    )
