"""`periodic`: the jobs cron runs, in one command."""

import datetime as dt
import io
import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from paddock.meetings import services
from paddock.meetings.enums import RequestStatus
from paddock.meetings.models import MeetingRequest
from paddock.operations.management.commands import periodic
from paddock.participants.enums import ParticipantRole
from paddock.scheduling.models import StoredDocument
from tests import factories

pytestmark = pytest.mark.integration


@pytest.fixture
def overdue(db):
    edition = factories.make_edition()
    buyer = factories.make_participant(edition, role=ParticipantRole.BUYER)
    supplier = factories.make_participant(edition)
    sent = services.request_meeting(buyer, recipient=supplier, by=buyer.user)
    MeetingRequest.objects.filter(pk=sent.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    return sent


def test_periodic_runs_every_job_and_says_what_each_did(overdue):
    out = io.StringIO()

    call_command("periodic", stdout=out)

    overdue.refresh_from_db()
    assert overdue.status == RequestStatus.EXPIRED
    assert out.getvalue() == (
        "expire_requests: 1 request expired.\n"
        "mark_no_shows: 0 meetings marked as no-shows.\n"
        "delete_old_import_files: 0 files to import deleted.\n"
        "delete_orphan_document_files: 0 orphaned document files deleted.\n"
        "outcome_mails: 0 outcome emails sent.\n"
        "agenda_reminders: 0 agenda reminders sent.\n"
        "send_webhooks: 0 webhook deliveries attempted.\n"
        "delete_old_webhook_deliveries: 0 old webhook deliveries deleted.\n"
        "warn_of_api_token_ends: 0 emails about API tokens ending soon written.\n"
        "send_queued_emails: 0 queued emails sent.\n"
        "delete_old_email_records: 0 old email records deleted.\n"
        "delete_old_api_tokens: 0 old API tokens deleted.\n"
        "delete_unused_accounts: 0 unused accounts deleted.\n"
        "erase_expired_personal_data: 0 people erased.\n"
    )


def test_periodic_goes_on_after_a_failed_job_and_fails_at_the_end(overdue, monkeypatch):
    def broken() -> str:
        raise RuntimeError("the mail server is down")

    monkeypatch.setattr(periodic, "JOBS", [("broken", broken), *periodic.JOBS])
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(CommandError) as failed:
        call_command("periodic", stdout=out, stderr=err)

    overdue.refresh_from_db()
    assert overdue.status == RequestStatus.EXPIRED
    assert (str(failed.value), err.getvalue()) == (
        "Failed: broken.",
        "broken failed: see the log.\n",
    )


def test_periodic_erases_personal_data_after_every_other_job_even_one_added_last(db, monkeypatch):
    monkeypatch.setattr(periodic, "JOBS", [*periodic.JOBS, ("added_later", lambda: "done.")])
    out = io.StringIO()

    call_command("periodic", stdout=out)

    assert out.getvalue().splitlines()[-2:] == [
        "added_later: done.",
        "erase_expired_personal_data: 0 people erased.",
    ]


def _aged(name: str, hours: int) -> str:
    path = default_storage.path(name)
    when = (timezone.now() - dt.timedelta(hours=hours)).timestamp()
    os.utime(path, (when, when))
    return name


def test_periodic_deletes_old_document_files_that_no_stored_document_points_at(db):
    edition = factories.make_edition()
    kept = _aged(default_storage.save("documents/kept.pdf", ContentFile(b"%PDF-")), 2)
    StoredDocument.objects.create(edition=edition, kind="badges", language="en", file=kept)
    _aged(default_storage.save("documents/orphan.pdf", ContentFile(b"%PDF-")), 2)
    default_storage.save("documents/being-saved.pdf", ContentFile(b"%PDF-"))
    out = io.StringIO()

    call_command("periodic", stdout=out)

    assert (out.getvalue().splitlines()[3], sorted(default_storage.listdir("documents")[1])) == (
        "delete_orphan_document_files: 1 orphaned document file deleted.",
        ["being-saved.pdf", "kept.pdf"],
    )
