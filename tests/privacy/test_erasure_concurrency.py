"""An erasure racing the admin site's Organiser page, which adds and removes an organiser's
members: the page locks the accounts it saves as members, as the erasure locks the account
before its checks, so one waits for the other."""

import datetime as dt
import threading

import pytest
from django.db import connections
from django.utils import timezone

from paddock.core.models import AuditEntry
from paddock.events.admin import OrganiserAdmin
from paddock.events.enums import EditionRole
from paddock.privacy import services as privacy
from paddock.privacy.enums import ErasureStatus
from paddock.privacy.exceptions import PrivacyError
from tests import factories
from tests.admin_pages import give_role_on_the_edition_page, save_account, save_members
from tests.concurrency import held, race

pytestmark = [pytest.mark.integration, pytest.mark.concurrency]


def _in_thread(outcome: list, function, *args):
    try:
        outcome.append(function(*args))
    finally:
        connections.close_all()


def _confirm(erasure):
    return privacy.confirm_erasure(erasure, by=None).status


@pytest.fixture
def expired_agent(db):
    """A check-in agent whose only role is in an edition past its series' period."""
    series = factories.make_series(retention_months=6)
    ended = timezone.localdate() - dt.timedelta(days=400)
    old = factories.make_edition(series=series, start_date=ended, end_date=ended)
    agent = factories.make_user(email="agent@example.com")
    factories.give_role(agent, old, EditionRole.CHECKIN)
    return agent


@pytest.mark.django_db(transaction=True)
def test_a_member_added_after_the_retention_job_s_check_waits_and_is_refused(
    monkeypatch, expired_agent
):
    # The job has checked the agent (no organiser membership) and holds their account; the
    # admin site adds them to an organiser meanwhile: the page waits, then says they are gone,
    # rather than tell of a member whom the job then erases.
    organiser = factories.make_organiser(name="Technoparc")
    checked = held(monkeypatch, privacy, "_locked_if_still_expired", seconds=1)
    erased: list[int] = []
    job = threading.Thread(target=_in_thread, args=(erased, privacy.erase_expired_personal_data))
    job.start()
    checked.wait(10)

    page = save_members(organiser, expired_agent)
    job.join()

    expired_agent.refresh_from_db()
    assert (erased, expired_agent.email, list(organiser.members.all())) == (
        [1],
        f"erased-{expired_agent.pk}@erased.invalid",
        [],
    )
    assert page == (
        200,
        {
            "members": [
                f"erased-{expired_agent.pk}@erased.invalid was erased: it can no longer "
                "organise. Take it out of the members."
            ]
        },
    )
    assert AuditEntry.objects.get(action="privacy.erase").data["organisers"] == 0


@pytest.mark.django_db(transaction=True)
def test_a_member_being_added_when_the_retention_job_checks_is_kept(monkeypatch, expired_agent):
    # The admin site is saving the agent as a member (not committed yet) when the job checks
    # them: the job waits for the page, then finds an organiser member, and keeps them.
    organiser = factories.make_organiser(name="Technoparc")
    saving = held(monkeypatch, OrganiserAdmin, "save_model", seconds=1)
    page: list[tuple] = []
    admin = threading.Thread(target=_in_thread, args=(page, save_members, organiser, expired_agent))
    admin.start()
    saving.wait(10)

    erased = privacy.erase_expired_personal_data()
    admin.join()

    expired_agent.refresh_from_db()
    assert (erased, page, expired_agent.email, list(organiser.members.all())) == (
        0,
        [(302, {})],
        "agent@example.com",
        [expired_agent],
    )


@pytest.mark.django_db(transaction=True)
def test_a_member_added_during_an_erasure_on_request_is_refused(monkeypatch, edition):
    # An organiser confirms Kim's erasure; the admin site adds Kim to another organiser at the
    # same moment: the page waits for the erasure, then refuses the erased account.
    kim = factories.make_participant(edition, user=factories.make_user(email="kim@example.com"))
    erasure = privacy.request_erasure(kim.user, edition=edition, by=kim.user)
    organiser = factories.make_organiser(name="Elsewhere")
    checked = held(monkeypatch, privacy, "check_organisers_left", seconds=1)
    done: list[object] = []
    confirm = threading.Thread(target=_in_thread, args=(done, _confirm, erasure))
    confirm.start()
    checked.wait(10)

    page = save_members(organiser, kim.user)
    confirm.join()

    kim.user.refresh_from_db()
    assert (done, kim.user.email, list(organiser.members.all()), page[0]) == (
        [ErasureStatus.DONE],
        f"erased-{kim.user.pk}@erased.invalid",
        [],
        200,
    )


@pytest.mark.django_db(transaction=True)
def test_the_two_members_of_an_organiser_erased_at_once_leave_one_of_them(edition):
    # Both members of the organiser that runs another series ask to be erased, and two
    # organisers confirm both at the same moment: the second waits for the first, then finds
    # its person alone, and is refused.
    theirs = factories.make_organiser(name="Pair Events")
    factories.make_series(organiser=theirs)
    people = []
    for email in ("one@example.com", "two@example.com"):
        person = factories.make_participant(edition, user=factories.make_user(email=email))
        theirs.members.add(person.user)
        people.append(person.user)
    erasures = [privacy.request_erasure(user, edition=edition, by=user) for user in people]

    outcomes = race(
        _confirm,
        [(erasure,) for erasure in erasures],
        PrivacyError,
        lambda error: error.code,
    )

    assert sorted(outcomes) == [ErasureStatus.DONE, "last_organiser"]
    assert theirs.members.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_role_given_on_the_edition_page_after_the_retention_job_s_check_waits_and_is_refused(
    monkeypatch, expired_agent
):
    # The job has checked the agent (no role in an edition still kept) and holds their
    # account; the admin site's Edition page gives them a role in the next edition meanwhile:
    # the page waits, then refuses, rather than give a role to an account being erased.
    upcoming = factories.make_edition(series=expired_agent.edition_memberships.get().edition.series)
    checked = held(monkeypatch, privacy, "_locked_if_still_expired", seconds=1)
    erased: list[int] = []
    job = threading.Thread(target=_in_thread, args=(erased, privacy.erase_expired_personal_data))
    job.start()
    checked.wait(10)

    status, _errors = give_role_on_the_edition_page(upcoming, expired_agent, EditionRole.CHECKIN)
    job.join()

    expired_agent.refresh_from_db()
    assert (erased, status, list(upcoming.memberships.all())) == ([1], 200, [])


@pytest.mark.django_db(transaction=True)
def test_the_account_s_admin_page_saved_while_the_retention_job_erases_it_brings_nothing_back(
    monkeypatch, expired_agent
):
    # The page, opened before, is saved after the job checked the agent and before it
    # committed: the page waits for the erasure, then refuses, rather than write the names and
    # address back over it.
    checked = held(monkeypatch, privacy, "_locked_if_still_expired", seconds=3)
    erased: list[int] = []
    job = threading.Thread(target=_in_thread, args=(erased, privacy.erase_expired_personal_data))
    job.start()
    checked.wait(10)

    status = save_account(expired_agent, first_name="Agnes")
    job.join()

    # Refused by the form (200) when the page reached the account's lock during the erasure,
    # as it does unless the machine is slow; by the permission (403) when it came after.
    expired_agent.refresh_from_db()
    assert (erased, status in {200, 403}, expired_agent.email, expired_agent.first_name) == (
        [1],
        True,
        f"erased-{expired_agent.pk}@erased.invalid",
        "",
    )
