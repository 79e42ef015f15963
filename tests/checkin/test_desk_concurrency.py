"""Agents scan the same badge at the same place at once: one check-in.

The lock on the participant's row (on SQLite, the database's write lock) is what keeps the
second scan from recording a second arrival.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from paddock.checkin import services
from paddock.checkin.models import CheckIn
from paddock.events.enums import EditionRole
from tests import factories
from tests.concurrency import race, slowed

pytestmark = [
    pytest.mark.integration,
    pytest.mark.concurrency,
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


@pytest.mark.django_db(transaction=True)
def test_seven_agents_scanning_one_badge_at_once_get_one_arrival_and_six_refusals():
    edition = factories.make_edition()
    participant = factories.make_participant(edition)
    [badge] = services.issue_badges(edition, by=None, participants=[participant])
    agents = []
    for _ in range(7):
        agent = factories.make_user()
        factories.give_role(agent, edition, EditionRole.CHECKIN)
        client = Client(raise_request_exception=False)
        client.force_login(agent)
        agents.append(client)
    url = reverse("checkin:desk", args=[edition.slug])

    def scan(client):
        # The verdict is read from the page: the test client's captured context mixes the
        # templates rendered by every thread.
        response = client.post(url, {"code": badge.code, "place": ""})
        verdict = re.search(r'<p class="desk-verdict">([^<]*)</p>', response.content.decode())
        return (response.status_code, verdict[1] if verdict else None)

    outcomes = race(scan, [(client,) for client in agents], Exception, repr)

    assert (sorted(outcomes), CheckIn.objects.filter(participant=participant).count()) == (
        [(200, "Already checked in here.")] * 6 + [(200, "Checked in")],
        1,
    )
