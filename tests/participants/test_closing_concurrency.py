"""An invitation accepted, or a withdrawal undone, while an organiser closes the edition: each
waits for the closing's lock on the edition and, once it commits, is refused (`closed`), as
when it comes after. Before, each read the edition's status as the page had read it, and went
through after the close committed: someone registered in an edition that is over."""

import threading

import pytest
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.db import connections

from paddock.accounts import services as accounts
from paddock.accounts.enums import TokenPurpose
from paddock.accounts.models import User
from paddock.core.models import AuditEntry
from paddock.events.enums import EditionStatus
from paddock.events.models import Edition
from paddock.events.services import editions
from paddock.participants import registration
from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Participant
from paddock.participants.services import ParticipantError
from paddock.participants.withdrawal import undo_withdrawal, withdraw_participant
from tests import factories
from tests.concurrency import held
from tests.participants.registration_helpers import token_in

pytestmark = [pytest.mark.integration, pytest.mark.concurrency]


def _while_closing(monkeypatch, edition, attempt):
    """`attempt()` starts once the closing has saved the status and while it holds the
    edition's lock (a while, as under load); returns its outcome or the refusal's code."""
    holding = held(monkeypatch, editions, "drop_waiting_mail", seconds=1)
    organiser = factories.make_user()
    # Its own copy, as the organiser's request reads it.
    own = Edition.objects.get(pk=edition.pk)

    def close():
        try:
            editions.update_edition(own, by=organiser, status=EditionStatus.CLOSED)
        finally:
            connections.close_all()

    thread = threading.Thread(target=close)
    thread.start()
    holding.wait(10)
    try:
        return attempt()
    except (registration.RegistrationError, ParticipantError) as error:
        return error.code
    finally:
        thread.join()


@pytest.mark.django_db(transaction=True)
def test_an_invitation_accepted_while_the_edition_closes_is_refused(monkeypatch):
    edition = factories.make_edition(status=EditionStatus.LIVE)
    invited = registration.invite_participant(
        edition,
        by=factories.make_user(),
        email="jeanne@example.com",
        first_name="Jeanne",
        last_name="Martin",
        company=factories.make_company(edition),
        role="buyer",
        languages=["fr"],
        language="fr",
    )
    token = token_in(mail.outbox[-1])
    # The invitation's page read the edition open (`check_invitation_acceptable`) before the
    # organiser closed it; the form is sent with the edition as that request read it.
    registration.check_invitation_acceptable(edition)

    def accept():
        registration.register_from_invitation(
            edition,
            token=token,
            by=AnonymousUser(),
            password="paddock-tent-1957",
            first_name="Jeanne",
            last_name="Martin",
            job_title="",
            languages=["fr"],
            consent_version="default",
        )
        return "registered"

    outcome = _while_closing(monkeypatch, edition, accept)

    invited.refresh_from_db()
    edition.refresh_from_db()
    assert (outcome, invited.status, edition.status) == (
        "closed",
        ParticipantStatus.INVITED,
        EditionStatus.CLOSED,
    )
    assert not AuditEntry.objects.filter(action="participant.register").exists()


@pytest.mark.django_db(transaction=True)
def test_a_withdrawal_undone_while_the_edition_closes_is_refused(monkeypatch):
    edition = factories.make_edition(status=EditionStatus.LIVE)
    paul = factories.make_participant(edition)
    withdraw_participant(paul, by=paul.user)
    # As the organiser's page read the participant, with their edition still open.
    read = Participant.objects.select_related("user", "edition").get(pk=paul.pk)

    outcome = _while_closing(
        monkeypatch, edition, lambda: undo_withdrawal(read, by=None) and "undone"
    )

    paul.refresh_from_db()
    assert (outcome, paul.status) == ("closed", ParticipantStatus.WITHDRAWN)
    assert not AuditEntry.objects.filter(action="participant.undo_withdrawal").exists()


@pytest.mark.django_db(transaction=True)
def test_an_open_form_confirmed_while_the_edition_closes_is_refused(monkeypatch):
    edition = factories.make_edition(status=EditionStatus.LIVE, registration_open=True)
    registration.register_openly(
        edition,
        email="ana@example.pt",
        password="paddock-tent-1957",
        first_name="Ana",
        last_name="Costa",
        job_title="Buyer",
        company_fields={"name": "Costa Lda", "country": "PT", "sector": "plastics"},
        role="buyer",
        languages=["pt"],
        language="en",
        consent_version="default",
    )
    token = token_in(mail.outbox[-1])
    # The link's page read the edition open before the organiser closed it.
    pending = edition.pending_registrations.get()
    registration.check_pending_confirmable(edition, pending)

    def confirm():
        registration.confirm_registration(edition, token=token, password="paddock-tent-1957")
        return "registered"

    outcome = _while_closing(monkeypatch, edition, confirm)

    edition.refresh_from_db()
    assert (outcome, edition.participants.count(), edition.status) == (
        "closed",
        0,
        EditionStatus.CLOSED,
    )


@pytest.mark.django_db(transaction=True)
def test_an_earlier_registration_confirmed_while_the_edition_closes_is_refused(monkeypatch):
    # As the form wrote it before forms were kept: an inactive account, a participant
    # `invited`, and a link carrying the form's password.
    edition = factories.make_edition(status=EditionStatus.LIVE, registration_open=True)
    ada = User.objects.create_user("ada@example.com", "paddock-tent-1957", is_active=False)
    ada_there = factories.make_participant(edition, user=ada, status=ParticipantStatus.INVITED)
    secret = accounts.issue_token(
        ada,
        purpose=TokenPurpose.EMAIL_VERIFICATION,
        edition=edition,
        by=ada,
        password=make_password("paddock-tent-1957"),
    )
    registration.check_confirmable(edition)  # the link's page, before the closing

    def confirm():
        registration.verify_email(edition, token=secret, password="paddock-tent-1957")
        return "registered"

    outcome = _while_closing(monkeypatch, edition, confirm)

    ada_there.refresh_from_db()
    assert (outcome, ada_there.status) == ("closed", ParticipantStatus.INVITED)
