"""The retention job racing someone's way back into an edition still kept: an invitation that
commits after the job listed the person, and before it erased them, keeps them."""

import datetime as dt
import threading

import pytest
from django.db import connections
from django.utils import timezone

from paddock.events.enums import EditionRole
from paddock.events.services.team import invite_team_member
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


@pytest.mark.django_db(transaction=True)
def test_a_team_invitation_made_while_retention_runs_keeps_a_past_team_member(
    monkeypatch, mailoutbox
):
    # A check-in agent whose only role is in an expired edition, asked back for the next one
    # after the job listed them for erasure: kept, with their past role.
    series = factories.make_series(retention_months=6)
    ended = timezone.localdate() - dt.timedelta(days=400)
    old = factories.make_edition(series=series, start_date=ended, end_date=ended)
    upcoming = factories.make_edition(series=series)
    agent = factories.make_user(email="agent@example.com")
    factories.give_role(agent, old, EditionRole.CHECKIN)
    listed = held(monkeypatch, privacy, "_expired_people", seconds=1)
    erased: list[int] = []
    job = threading.Thread(target=_in_thread, args=(erased, privacy.erase_expired_personal_data))
    job.start()
    listed.wait(10)

    invite_team_member(upcoming, by=None, email="agent@example.com", role=EditionRole.CHECKIN)
    job.join()

    agent.refresh_from_db()
    assert (erased, agent.email, old.memberships.count(), upcoming.team_invitations.count()) == (
        [0],
        "agent@example.com",
        1,
        1,
    )


@pytest.mark.django_db(transaction=True)
def test_people_made_organisers_or_superusers_while_retention_runs_are_kept(monkeypatch):
    # A past check-in agent hired into the organiser's staff, and a past participant made a
    # site administrator, after the job listed them: neither may be erased, nor their flag
    # written back by the erasure's save of the account it read before.
    series = factories.make_series(retention_months=6)
    ended = timezone.localdate() - dt.timedelta(days=400)
    old = factories.make_edition(series=series, start_date=ended, end_date=ended)
    agent = factories.make_user(email="agent@example.com")
    factories.give_role(agent, old, EditionRole.CHECKIN)
    root = factories.make_participant(old, user=factories.make_user(email="root@example.com"))
    listed = held(monkeypatch, privacy, "_expired_people", seconds=1)
    erased: list[int] = []
    job = threading.Thread(target=_in_thread, args=(erased, privacy.erase_expired_personal_data))
    job.start()
    listed.wait(10)

    series.organiser.members.add(agent)
    type(root.user).objects.filter(pk=root.user_id).update(is_superuser=True)
    job.join()

    agent.refresh_from_db()
    root.user.refresh_from_db()
    assert (erased, agent.email, root.user.email, root.user.is_superuser) == (
        [0],
        "agent@example.com",
        "root@example.com",
        True,
    )
    assert old.memberships.count() == 1
