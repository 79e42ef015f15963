"""`import_participants --invite` with a mail server that refuses a mail (issue 16): the
people are imported and invited, and the command counts only the invitations mailed. The
mails leave when the transaction commits: this test commits for real."""

from io import StringIO

import pytest
from django.core.management import call_command

from paddock.participants.models import Participant
from tests.exchange.files import FRENCH_EXCEL

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_import_participants_invite_names_the_invitations_not_mailed(
    edition, tmp_path, refused_mail
):
    path = tmp_path / "export.csv"
    path.write_bytes(FRENCH_EXCEL)
    refused_mail.add("helene.lefevre@example.fr")
    out, err = StringIO(), StringIO()

    call_command("import_participants", edition.slug, str(path), "--invite", stdout=out, stderr=err)

    assert (Participant.objects.count(), out.getvalue().splitlines()[-1], err.getvalue()) == (
        2,
        "1 invitation sent.",
        "1 invitation could not be mailed (the mail server failed): helene.lefevre@example.fr.\n",
    )
