"""An invitation link used four times at once registers once, on PostgreSQL and SQLite."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail

from paddock.accounts.services import TokenError
from paddock.core.models import AuditEntry
from paddock.participants import registration
from paddock.participants.enums import ParticipantStatus
from tests import factories
from tests.concurrency import race
from tests.participants.registration_helpers import token_in

pytestmark = [
    pytest.mark.integration,
    pytest.mark.concurrency,
]


@pytest.mark.django_db(transaction=True)
def test_concurrent_acceptances_of_one_invitation_register_once():
    edition = factories.make_edition()
    organiser = factories.make_user()
    participant = registration.invite_participant(
        edition,
        by=organiser,
        email="jeanne@example.com",
        first_name="Jeanne",
        last_name="Martin",
        company=factories.make_company(edition),
        role="buyer",
        languages=["fr"],
        language="fr",
    )
    token = token_in(mail.outbox[-1])

    def accept() -> str:
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

    outcomes = race(accept, [()] * 4, TokenError, lambda error: error.code)

    participant.refresh_from_db()
    assert (
        sorted(outcomes),
        participant.status,
        AuditEntry.objects.filter(action="participant.register").count(),
    ) == (["registered", "used", "used", "used"], ParticipantStatus.REGISTERED, 1)
