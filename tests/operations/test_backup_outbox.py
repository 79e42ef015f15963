"""`backup` and `restore` keep the outbox (issue 16): a mail still waiting comes back as it
was, headers included, but held (`operations.held`): a copy of the server sends nothing to
real people until an operator says it is the production server. The same for the webhook
deliveries pending in the backup."""

import io
import json
import uuid

import pytest
from django.core.management import call_command
from django.utils import timezone

from paddock.accounts import outbox
from paddock.accounts.enums import OutgoingMailKind, OutgoingMailStatus
from paddock.accounts.models import OutgoingMail, User
from paddock.accounts.outbox import send_due_mail
from paddock.events.models import Edition
from paddock.operations.backup import skipped_labels
from paddock.webhooks import sending
from paddock.webhooks.enums import DeliveryStatus
from paddock.webhooks.models import Attempt, Delivery, Endpoint
from paddock.webhooks.sending import send_due_deliveries
from tests import factories
from tests.mail_server import FOR_NOW

pytestmark = pytest.mark.integration


def _outbox_rows() -> list[dict]:
    out = io.StringIO()
    call_command("dumpdata", "accounts.OutgoingMail", natural_foreign=True, stdout=out)
    return sorted(json.loads(out.getvalue()), key=lambda row: row["pk"])


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_a_backup_gives_back_the_outbox_its_waiting_mails_held(db, tmp_path, settings):
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

    waiting, sent = before
    held = {**waiting, "fields": {**waiting["fields"], "status": "held", "claim": None}}
    assert (_outbox_rows(), "accounts.outgoingmail" in skipped_labels()) == ([held, sent], False)


@pytest.fixture
def waiting_in_backup(db, tmp_path, settings):
    """A backup holding a mail waiting in the outbox and a webhook delivery pending, both due,
    on a database emptied since: the backup's file."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.WEBHOOK_ALLOW_LOCAL = True  # the endpoint below: a closed port of this machine
    edition = factories.make_edition()
    user = factories.make_user(email="ann@example.com")
    OutgoingMail.objects.create(
        edition=edition,
        user=user,
        kind=OutgoingMailKind.SCHEDULE,
        recipient="ann@example.com",
        subject="Your agenda",
        body="Hello Ann",
        next_attempt_at=timezone.now(),
    )
    endpoint = Endpoint.objects.create(edition=edition, url="http://127.0.0.1:9/hook", secret="s")
    Delivery.objects.create(
        endpoint=endpoint, event_type="meeting.scheduled", body="{}", next_attempt_at=timezone.now()
    )
    backup = tmp_path / "backup.zip"
    _run("backup", str(backup))
    Edition.objects.all().delete()
    User.objects.all().delete()
    return backup


def _statuses() -> tuple[list[str], list[str]]:
    return (
        list(OutgoingMail.objects.values_list("status", flat=True)),
        list(Delivery.objects.values_list("status", flat=True)),
    )


def test_restore_holds_the_waiting_mails_and_deliveries_and_says_how_many(
    waiting_in_backup, mailoutbox
):
    said = _run("restore", str(waiting_in_backup))
    sent = (send_due_mail(), send_due_deliveries())

    assert (sent, mailoutbox, _statuses()) == ((0, 0), [], (["held"], ["held"]))
    assert said.splitlines()[1] == (
        "Held, as they were waiting in the backup: 1 email and 1 webhook delivery. Nothing "
        "sends or runs them. On the production server, send them with `python -m paddock "
        "held_outgoing --send`; on a staging or test copy, drop them with `python -m paddock "
        "held_outgoing --drop`."
    )


def test_restore_with_send_waiting_sends_them_as_they_would_have_left(
    waiting_in_backup, mailoutbox
):
    said = _run("restore", str(waiting_in_backup), "--send-waiting")
    sent = send_due_mail()

    assert (sent, [m.to for m in mailoutbox], len(said.splitlines())) == (
        1,
        [["ann@example.com"]],
        1,
    )
    assert Delivery.objects.get().status == DeliveryStatus.PENDING


def test_held_outgoing_send_releases_them(
    waiting_in_backup, mailoutbox, django_capture_on_commit_callbacks
):
    _run("restore", str(waiting_in_backup))
    counted = _run("held_outgoing")

    with django_capture_on_commit_callbacks(execute=True):
        said = _run("held_outgoing", "--send")

    assert counted.startswith("Held: 1 email and 1 webhook delivery. Nothing sends or runs them.")
    assert said == "Queued for sending: 1 email and 1 webhook delivery.\n"
    assert ([m.to for m in mailoutbox], _run("held_outgoing")) == (
        [["ann@example.com"]],
        "Nothing is held.\n",
    )
    assert Delivery.objects.get().attempts.count() == 1  # the port is closed: it failed


def test_held_outgoing_drop_deletes_them_unsent(waiting_in_backup, mailoutbox):
    _run("restore", str(waiting_in_backup))

    said = _run("held_outgoing", "--drop")

    assert (said, _statuses(), mailoutbox) == (
        "Deleted unsent: 1 email and 1 webhook delivery.\n",
        ([], []),
        [],
    )


def _restored_meanwhile(monkeypatch, owner, name, backup):
    """`owner.name` (the mail server's or the endpoint's answer) comes back only once the
    backup was restored again, over the rows being sent: a restore run while the worker sends."""
    real = getattr(owner, name)

    def answered_after_a_restore(*args, **kwargs):
        try:
            return real(*args, **kwargs)
        finally:
            _run("restore", str(backup), "--replace")

    monkeypatch.setattr(owner, name, answered_after_a_restore)


def test_a_mail_being_sent_during_a_restore_stays_held(
    waiting_in_backup, refused_mail, monkeypatch
):
    _run("restore", str(waiting_in_backup), "--send-waiting")  # the server ran on, sending
    refused_mail.add(FOR_NOW + "ann@example.com")  # this attempt fails for now
    _restored_meanwhile(monkeypatch, outbox.MailConnection, "send", waiting_in_backup)

    send_due_mail()

    # Before, the attempt's outcome was written over the restored row: waiting again, and
    # sent by this server without the operator's word.
    assert _statuses() == (["held"], ["held"])


def test_a_webhook_delivery_being_sent_during_a_restore_stays_held(waiting_in_backup, monkeypatch):
    _run("restore", str(waiting_in_backup), "--send-waiting")
    _restored_meanwhile(monkeypatch, sending, "_post", waiting_in_backup)

    send_due_deliveries()

    assert (_statuses(), Attempt.objects.count()) == ((["held"], ["held"]), 0)
