"""An invitation link used twice at once registers once, on PostgreSQL (the production
database); SQLite serialises writers by itself."""

import threading

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.db import connection

from paddock.accounts.services import TokenError
from paddock.core.models import AuditEntry
from paddock.participants import registration
from paddock.participants.enums import ParticipantStatus
from tests import factories
from tests.participants.registration_helpers import token_in

pytestmark = [
    pytest.mark.integration,
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
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
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def accept() -> None:
        barrier.wait()
        try:
            registration.register_from_invitation(
                edition,
                token=token,
                by=AnonymousUser(),
                password="paddock-tent-1957",
                first_name="Jeanne",
                last_name="Martin",
                job_title="",
                languages=["fr"],
            )
            outcomes.append("registered")
        except TokenError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    participant.refresh_from_db()
    assert (
        sorted(outcomes),
        participant.status,
        AuditEntry.objects.filter(action="participant.register").count(),
    ) == (["registered", "used", "used", "used"], ParticipantStatus.REGISTERED, 1)
