"""Two forms replacing one registration that nobody confirmed, at the same instant (issue
16), on PostgreSQL and SQLite."""

import pytest
from django.core import mail

from paddock.accounts.enums import TokenPurpose
from paddock.accounts.models import AccountToken
from paddock.core.exceptions import DomainError
from paddock.participants import registration
from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Participant
from paddock.participants.registration import open_form
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
    return "registered"


@pytest.mark.django_db(transaction=True)
def test_two_forms_replacing_one_unconfirmed_registration_leave_one(monkeypatch):
    edition = factories.make_edition(registration_open=True)
    _register(edition, "Strangers-pass-2026", "Curious Ltd")
    slowed(monkeypatch, open_form, "_unconfirmed_registration")
    # The owner's mail limit would otherwise let only one of them through.
    monkeypatch.setattr(open_form, "TAKING_PART_MAIL_RATE", "100/h")

    outcomes = race(
        _register,
        [
            (edition, "Owners-own-pass-2026", "Ada Works"),
            (edition, "Owners-new-pass-2026", "Ada Co"),
        ],
        DomainError,
        lambda error: error.code,
    )

    links = AccountToken.objects.filter(
        purpose=TokenPurpose.EMAIL_VERIFICATION, used_at=None, replaced_at=None
    )
    assert {
        "outcomes": sorted(map(str, outcomes)),
        "registrations": Participant.objects.count(),
        "live links": links.count(),
        "mails": len(mail.outbox),  # the stranger's form's, then each owner's form's
    } == {"outcomes": ["registered", "registered"], "registrations": 1, "live links": 1, "mails": 3}


@pytest.mark.django_db(transaction=True)
def test_a_form_replacing_a_registration_being_confirmed_replaces_or_waits(monkeypatch):
    """The stranger confirms his registration of Ada's address while Ada's form replaces it:
    one of them happens, never a confirmed registration deleted."""
    edition = factories.make_edition(registration_open=True)
    _register(edition, "Strangers-pass-2026", "Curious Ltd")
    link = token_in(mail.outbox[-1])
    slowed(monkeypatch, open_form, "_unconfirmed_registration")

    def confirm() -> str:
        registration.verify_email(edition, token=link, password="Strangers-pass-2026")
        return "confirmed"

    def replace() -> str:
        return _register(edition, "Owners-own-pass-2026", "Ada Works")

    outcomes = race(
        lambda action: action(), [(confirm,), (replace,)], DomainError, lambda e: e.code
    )

    assert sorted(map(str, outcomes)) in (
        ["confirmed", "registered"],  # confirmed first: the form is answered as taken
        ["invalid", "registered"],  # replaced first: the stranger's link is gone
    )
    assert list(Participant.objects.values_list("status", "company__name")) in (
        [(ParticipantStatus.REGISTERED, "Curious Ltd")],
        [(ParticipantStatus.INVITED, "Ada Works")],
    )
