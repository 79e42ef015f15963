"""`import_participants --invite` with a mail server that refuses a mail (issue 16): the
people are imported and invited, and the command counts the invitations queued in the outbox,
whose failure the edition's Emails page shows. The mails are handed to the task worker
(immediate in tests) when the transaction commits: this test commits for real."""

from io import StringIO

import pytest
from django.core.management import call_command

from paddock.accounts.enums import OutgoingMailStatus
from paddock.accounts.models import OutgoingMail
from paddock.participants.models import Participant
from tests.exchange.files import FRENCH_EXCEL

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_import_participants_invite_counts_the_invitations_queued(edition, tmp_path, refused_mail):
    path = tmp_path / "export.csv"
    path.write_bytes(FRENCH_EXCEL)
    refused_mail.add("helene.lefevre@example.fr")
    out, err = StringIO(), StringIO()

    call_command("import_participants", edition.slug, str(path), "--invite", stdout=out, stderr=err)

    assert (Participant.objects.count(), out.getvalue().splitlines()[-1], err.getvalue()) == (
        2,
        "2 invitations queued for sending.",
        "",
    )
    assert sorted(OutgoingMail.objects.values_list("recipient", "status")) == [
        ("francois.noel@example.fr", OutgoingMailStatus.SENT),
        ("helene.lefevre@example.fr", OutgoingMailStatus.FAILED),
    ]
