"""The retention job racing someone's way back into an edition still kept: an invitation that
commits after the job listed the person, and before it erased them, keeps them."""

import datetime as dt
import threading

import pytest
from django.db import connections
from django.utils import timezone

from paddock.participants import registration
from paddock.participants.enums import ParticipantRole, ParticipantStatus
from paddock.privacy import services as privacy
from tests import factories
from tests.concurrency import held

pytestmark = [pytest.mark.integration, pytest.mark.concurrency]


def _in_thread(outcome: list, function, *args):
    try:
        outcome.append(function(*args))
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_an_invitation_made_while_retention_runs_keeps_the_person(monkeypatch, mailoutbox):
    series = factories.make_series(retention_months=6)
    ended = timezone.localdate() - dt.timedelta(days=400)
    old = factories.make_edition(series=series, start_date=ended, end_date=ended)
    upcoming = factories.make_edition(series=series)
    back = factories.make_participant(old, user=factories.make_user(email="back@example.com"))
    listed = held(monkeypatch, privacy, "_expired_people", seconds=1)
    erased: list[int] = []
    job = threading.Thread(target=_in_thread, args=(erased, privacy.erase_expired_personal_data))
    job.start()
    listed.wait(10)

    invited = registration.invite_participant(
        upcoming,
        by=None,
        email="back@example.com",
        first_name="Bea",
        last_name="Back",
        company=factories.make_company(upcoming),
        role=ParticipantRole.BUYER,
        languages=["en"],
        language="en",
    )
    job.join()

    back.user.refresh_from_db()
    invited.refresh_from_db()
    assert (erased, back.user.email, invited.status) == (
        [0],
        "back@example.com",
        ParticipantStatus.INVITED,
    )
