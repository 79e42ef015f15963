"""An address's kept forms confirmed at the same instant, and a form sent while one is being
confirmed (issue 16), on PostgreSQL and SQLite."""

import pytest
from django.core import mail

from paddock.accounts.models import User
from paddock.core.exceptions import DomainError
from paddock.participants import registration
from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Company, Participant
from paddock.participants.registration import confirmation, open_form
from tests import factories
from tests.concurrency import race, slowed
from tests.participants.registration_helpers import token_in

pytestmark = [
    pytest.mark.integration,
    pytest.mark.concurrency,
]


def _register(edition, password, company):
    registration.register_openly(
        edition, email="ada@example.com", password=password, first_name="Ada",
        last_name="Martin", job_title="", role="buyer", languages=["en"], language="en",
        company_fields={"name": company, "country": "FR", "sector": "metalwork"},
        consent_version="default",
    )  # fmt: skip
    return "sent"


def _confirm(edition, link, password):
    registration.verify_email(edition, token=link, password=password)
    return "confirmed"


@pytest.mark.django_db(transaction=True)
def test_two_links_of_one_address_confirmed_at_once_register_it_once(monkeypatch):
    edition = factories.make_edition(registration_open=True)
    # The owner's mail limit would otherwise keep the second form.
    monkeypatch.setattr(open_form, "TAKING_PART_MAIL_RATE", "100/h")
    _register(edition, "Strangers-pass-2026", "Curious Ltd")
    strangers = token_in(mail.outbox[-1])
    _register(edition, "Owners-own-pass-2026", "Ada Works")
    owners = token_in(mail.outbox[-1])
    slowed(monkeypatch, confirmation, "company_to_join")

    outcomes = race(
        _confirm,
        [(edition, strangers, "Strangers-pass-2026"), (edition, owners, "Owners-own-pass-2026")],
        DomainError,
        lambda error: error.code,
    )

    assert {
        "outcomes": sorted(map(str, outcomes)),
        "registrations": list(Participant.objects.values_list("status", flat=True)),
        "accounts": User.objects.count(),
        "companies": Company.objects.count(),
    } == {
        "outcomes": ["already_registered", "confirmed"],
        "registrations": [ParticipantStatus.REGISTERED],
        "accounts": 1,
        "companies": 1,
    }


@pytest.mark.django_db(transaction=True)
def test_a_form_sent_while_a_link_is_being_confirmed_is_answered_or_kept(monkeypatch):
    """The stranger confirms his form with Ada's address while Ada sends hers: his
    confirmation happens, and her form is answered as for a taken address, or kept beside
    (its link then says the address is registered already); never an error."""
    edition = factories.make_edition(registration_open=True)
    _register(edition, "Strangers-pass-2026", "Curious Ltd")
    link = token_in(mail.outbox[-1])
    slowed(monkeypatch, confirmation, "company_to_join")

    outcomes = race(
        lambda action: action(),
        [
            (lambda: _confirm(edition, link, "Strangers-pass-2026"),),
            (lambda: _register(edition, "Owners-own-pass-2026", "Ada Works"),),
        ],
        DomainError,
        lambda error: error.code,
    )

    assert (
        sorted(map(str, outcomes)),
        list(Participant.objects.values_list("status", "company__name")),
    ) == (["confirmed", "sent"], [(ParticipantStatus.REGISTERED, "Curious Ltd")])
