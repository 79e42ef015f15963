"""Two agents scan the same badge at the same place at once: one check-in (PostgreSQL).

SQLite serialises every write anyway, so this runs on PostgreSQL only, where the lock on the
participant's row is what keeps the second scan from recording a second arrival.
"""

import threading
import time

import pytest
from django.db import connection, connections

from paddock.checkin import services
from paddock.checkin.models import CheckIn
from tests import factories

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
    start = threading.Barrier(2)
    real_lock = services._locked_participant

    def slow_lock(*args, **kwargs):
        # Widen the window between taking the lock and writing, as under load.
        found = real_lock(*args, **kwargs)
        time.sleep(0.5)
        return found

    monkeypatch.setattr(services, "_locked_participant", slow_lock)
    outcomes = []

    def scan(agent):
        start.wait()
        try:
            services.check_in(edition, by=agent, code=badge.code)
            outcomes.append("checked in")
        except services.CheckInError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=scan, args=[agent]) for agent in agents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert (sorted(outcomes), CheckIn.objects.filter(participant=participant).count()) == (
        ["already_checked_in", "checked in"],
        1,
    )
