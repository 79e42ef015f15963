"""Kept open forms confirmed while something else changes the edition (issue 16, review of the
rewrite): two addresses' forms naming one new company, a confirmation racing the closing, and
one address confirming its forms of two editions. On PostgreSQL and SQLite."""

import threading

import pytest
from django.core import mail
from django.db import connections

from paddock.accounts.models import User
from paddock.core.exceptions import DomainError
from paddock.events.enums import EditionStatus
from paddock.events.models import Edition
from paddock.events.services import editions
from paddock.participants import registration, services
from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Company, Participant
from paddock.participants.registration import confirmation
from tests import factories
from tests.concurrency import held, race, slowed
from tests.participants.registration_helpers import token_in

pytestmark = [pytest.mark.integration, pytest.mark.concurrency]

PASSWORD = "A-long-pass-phrase-9"


def _link(edition, email, company):
    registration.register_openly(
        edition, email=email, password=PASSWORD, first_name="Ada", last_name="Martin",
        job_title="", role="buyer", languages=["en"], language="en",
        company_fields={"name": company, "country": "FR", "sector": "metalwork"},
        consent_version="default",
    )  # fmt: skip
    return token_in(mail.outbox[-1])


def _confirm(edition, link):
    registration.verify_email(edition, token=link, password=PASSWORD)
    return "confirmed"


@pytest.mark.django_db(transaction=True)
def test_two_forms_naming_one_new_company_confirmed_at_once_make_it_once(monkeypatch):
    """Neither name was taken when the forms were sent: the first confirmed makes the
    company, the second is told that the name was taken since (never a second "RivalCo A")."""
    edition = factories.make_edition(registration_open=True)
    adas = _link(edition, "ada@example.com", "RivalCo A")
    bobs = _link(edition, "bob@example.com", "rivalco  a")
    slowed(monkeypatch, confirmation, "company_to_join")

    outcomes = race(
        _confirm, [(edition, adas), (edition, bobs)], DomainError, lambda error: error.code
    )

    assert (sorted(map(str, outcomes)), Company.objects.count(), Participant.objects.count()) == (
        ["company_exists", "confirmed"],
        1,
        1,
    )


@pytest.mark.django_db(transaction=True)
def test_a_link_followed_while_the_edition_closes_is_refused(monkeypatch):
    """As an invitation accepted then (test_closing_concurrency): the confirmation waits for
    the closing's lock on the edition and is refused once it commits."""
    edition = factories.make_edition(status=EditionStatus.LIVE, registration_open=True)
    link = _link(edition, "ada@example.com", "Ada Works")
    holding = held(monkeypatch, editions, "drop_waiting_mail", seconds=1)
    own = Edition.objects.get(pk=edition.pk)

    def close():
        try:
            editions.update_edition(own, by=factories.make_user(), status=EditionStatus.CLOSED)
        finally:
            connections.close_all()

    thread = threading.Thread(target=close)
    thread.start()
    holding.wait(10)
    try:
        # The edition as the link's page read it, open.
        outcome = _confirm(edition, link)
    except DomainError as error:
        outcome = error.code
    finally:
        thread.join()

    assert (
        outcome,
        Participant.objects.count(),
        User.objects.filter(email="ada@example.com").count(),
    ) == ("closed", 0, 0)


@pytest.mark.django_db(transaction=True)
def test_one_address_confirming_its_forms_of_two_editions_at_once_gets_one_account(
    monkeypatch,
):
    first = factories.make_edition(registration_open=True)
    second = factories.make_edition(first.series, registration_open=True)
    links = [
        _link(first, "ada@example.com", "Ada Works"),
        _link(second, "ada@example.com", "Ada Works"),
    ]
    slowed(monkeypatch, confirmation, "company_to_join")

    outcomes = race(
        _confirm, [(first, links[0]), (second, links[1])], DomainError, lambda e: e.code
    )

    assert (
        outcomes,
        User.objects.filter(email="ada@example.com").count(),
        sorted(Participant.objects.values_list("edition", "status")),
    ) == (
        ["confirmed", "confirmed"],
        1,
        [(first.pk, ParticipantStatus.REGISTERED), (second.pk, ParticipantStatus.REGISTERED)],
    )


@pytest.mark.django_db(transaction=True)
def test_a_password_tried_on_a_link_holds_no_lock_while_it_is_hashed(monkeypatch):
    """A link's page tries the typed password on up to six forms, a PBKDF2 hash each (0.8 s
    under load): done under the edition's lock, anyone holding a link of their own would stall
    every company made in the edition, and every other confirmation, with wrong passwords.
    An organiser's company is made while the password is being hashed."""
    edition = factories.make_edition(registration_open=True)
    link = _link(edition, "eve@example.com", "Eve Works")
    hashing = held(monkeypatch, confirmation, "check_password", seconds=2)
    finished = []

    def wrong_password():
        try:
            registration.verify_email(edition, token=link, password="Not-the-password-1")
        except DomainError as error:
            finished.append(error.code)
        finally:
            connections.close_all()

    thread = threading.Thread(target=wrong_password)
    thread.start()
    hashing.wait(10)
    try:
        services.create_company(
            edition, by=factories.make_user(), name="Acme", country="FR", sector="metalwork"
        )
        finished.append("company made")
    finally:
        thread.join()

    assert finished == ["company made", "wrong_password"]
