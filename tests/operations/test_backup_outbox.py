"""`backup` and `restore` keep the outbox (issue 16): a mail still waiting is sent after a
restore as it would have been, headers and claim included."""

import io
import json
import uuid

import pytest
from django.core.management import call_command
from django.utils import timezone

from paddock.accounts.enums import OutgoingMailKind, OutgoingMailStatus
from paddock.accounts.models import OutgoingMail, User
from paddock.events.models import Edition
from paddock.operations.backup import skipped_labels
from tests import factories

pytestmark = pytest.mark.integration


def _outbox_rows() -> list[dict]:
    out = io.StringIO()
    call_command("dumpdata", "accounts.OutgoingMail", natural_foreign=True, stdout=out)
    return sorted(json.loads(out.getvalue()), key=lambda row: row["pk"])


def test_a_backup_gives_back_the_outbox(db, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    edition = factories.make_edition()
    user = factories.make_user(email="ann@example.com")
    common = {"edition": edition, "user": user, "kind": OutgoingMailKind.INVITATION}
    OutgoingMail.objects.create(
        **common,
        recipient="ann@example.com",
        subject="Invitation à « IBD »",
        body="Bonjour Ann,\nhttps://paddock.example.org/e/x/invitation/abc/",
        headers={"Content-Language": "fr", "List-Unsubscribe": "<https://x.example/u/>"},
        next_attempt_at=timezone.now(),
        claim=uuid.uuid4(),
        attempts=2,
        last_error="SMTPRecipientsRefused: 450",
    )
    OutgoingMail.objects.create(
        **common,
        recipient="ann@example.com",
        status=OutgoingMailStatus.SENT,
        sent_at=timezone.now(),
    )
    before = _outbox_rows()
    call_command("backup", str(tmp_path / "backup.zip"), stdout=io.StringIO())
    Edition.objects.all().delete()
    User.objects.all().delete()

    call_command("restore", str(tmp_path / "backup.zip"), stdout=io.StringIO())

    assert (_outbox_rows(), "accounts.outgoingmail" in skipped_labels()) == (before, False)
    assert len(before) == 2
