"""The outbox (issue 16): mass mails are written in the action's transaction, sent by the task
worker, retried with back-off when the server fails for now, given up at once when it refuses
for good, never sent twice; sent mails keep no body, and old rows go.

The mail server is `tests.mail_server.RefusingBackend` behind the `refused_mail` fixture."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from paddock.accounts import outbox
from paddock.accounts.enums import OutgoingMailKind, OutgoingMailStatus
from paddock.accounts.models import OutgoingMail
from paddock.accounts.outbox import (
    claim_due,
    delete_old_mail,
    forget_mail_to,
    send_again,
    send_due_mail,
)
from paddock.events.enums import EditionStatus
from paddock.events.services import update_edition
from paddock.participants.enums import ParticipantStatus
from paddock.participants.many_invitations import Invitee, invite_many
from paddock.participants.models import Participant
from paddock.participants.services import validate_participants
from paddock.participants.withdrawal import withdraw_participant
from paddock.privacy.enums import ErasureOrigin
from paddock.privacy.services import erase_person
from tests import factories
from tests.concurrency import race, slowed
from tests.mail_server import EVERY_ADDRESS, FOR_NOW

pytestmark = pytest.mark.integration

LATER = dt.timedelta(hours=1)


def _invitees(edition, count, *, start=0):
    company = factories.make_company(edition, name=f"Forges {start}")
    return [
        Invitee(f"p{number:03d}@example.com", "Ann", f"P{number}", company, "buyer", ["fr"])
        for number in range(start, start + count)
    ]


def _statuses():
    return sorted(OutgoingMail.objects.values_list("recipient", "status", "attempts"))


def test_invitations_are_written_to_the_outbox_in_the_transaction(
    edition, organiser_user, worker, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite_many(edition, by=organiser_user, invitees=_invitees(edition, 3))
        written = _statuses()

    assert (written, worker.pending(), mailoutbox) == (
        [(f"p00{n}@example.com", OutgoingMailStatus.WAITING, 0) for n in range(3)],
        ["send_queued_mail"],
        [],
    )
    assert worker.run() == [3]
    assert sorted(message.to[0] for message in mailoutbox) == [
        "p000@example.com",
        "p001@example.com",
        "p002@example.com",
    ]


def test_an_action_rolled_back_queues_nothing(
    edition, organiser_user, worker, django_capture_on_commit_callbacks
):
    def fails_after_inviting():
        with transaction.atomic():
            invite_many(edition, by=organiser_user, invitees=_invitees(edition, 3))
            raise ZeroDivisionError  # the action's failure after its mails were written

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ZeroDivisionError):
        fails_after_inviting()

    assert (_statuses(), worker.pending()) == ([], [])


def test_a_mail_keeps_its_headers_and_body_until_sent_then_only_what_the_page_shows(
    edition, organiser_user, worker, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite_many(edition, by=organiser_user, invitees=_invitees(edition, 1))
    queued = OutgoingMail.objects.get()
    written = (queued.kind, queued.edition, bool(queued.subject), "/invitation/" in queued.body)

    worker.run()

    sent = OutgoingMail.objects.get()
    (message,) = mailoutbox
    assert written == (OutgoingMailKind.INVITATION, edition, True, True)
    assert (message.subject, message.body, message.extra_headers) == (
        queued.subject,
        queued.body,
        queued.headers,
    )
    assert (sent.status, sent.subject, sent.body, sent.html_body, sent.headers) == (
        OutgoingMailStatus.SENT,
        "",
        "",
        "",
        {},
    )
    assert (sent.recipient, sent.kind, sent.sent_at is not None) == (
        "p000@example.com",
        OutgoingMailKind.INVITATION,
        True,
    )


def test_a_server_down_leaves_the_mails_waiting_until_the_periodic_job_sends_them(
    edition, organiser_user, refused_mail, mailoutbox, commit
):
    refused_mail.add(EVERY_ADDRESS)

    invited, unsent = commit(
        invite_many, edition, by=organiser_user, invitees=_invitees(edition, 2)
    )

    assert (len(invited), unsent, unsent.queued, mailoutbox) == (2, [], 2, [])
    assert _statuses() == [
        ("p000@example.com", OutgoingMailStatus.WAITING, 1),
        ("p001@example.com", OutgoingMailStatus.WAITING, 1),
    ]
    assert send_due_mail() == 0  # not due yet: the first retry waits a minute
    refused_mail.clear()

    assert send_due_mail(now=timezone.now() + LATER) == 2
    assert _statuses() == [
        ("p000@example.com", OutgoingMailStatus.SENT, 2),
        ("p001@example.com", OutgoingMailStatus.SENT, 2),
    ]
    assert sorted(message.to[0] for message in mailoutbox) == [
        "p000@example.com",
        "p001@example.com",
    ]


def test_a_refusal_for_good_fails_the_mail_at_once(
    edition, organiser_user, refused_mail, mailoutbox, commit
):
    refused_mail.add("p001@example.com")

    commit(invite_many, edition, by=organiser_user, invitees=_invitees(edition, 2))

    failed = OutgoingMail.objects.get(recipient="p001@example.com")
    assert _statuses() == [
        ("p000@example.com", OutgoingMailStatus.SENT, 1),
        ("p001@example.com", OutgoingMailStatus.FAILED, 1),
    ]
    assert (failed.refused_for_good, failed.next_attempt_at, bool(failed.body)) == (
        True,
        None,
        True,
    )
    assert "550" in failed.last_error
    assert send_due_mail(now=timezone.now() + LATER) == 0


def test_a_refusal_for_now_is_retried_after_a_delay_doubled_each_time(
    edition, organiser_user, refused_mail, commit, settings
):
    refused_mail.add(FOR_NOW + "p000@example.com")
    settings.MAIL_MAX_ATTEMPTS = 3
    commit(invite_many, edition, by=organiser_user, invitees=_invitees(edition, 1))
    first = OutgoingMail.objects.get()
    now = first.next_attempt_at + dt.timedelta(seconds=1)

    send_due_mail(now=now)

    second = OutgoingMail.objects.get()
    send_due_mail(now=second.next_attempt_at)
    third = OutgoingMail.objects.get()
    assert (first.status, first.attempts, first.next_attempt_at - first.created_at) == (
        OutgoingMailStatus.WAITING,
        1,
        pytest.approx(dt.timedelta(seconds=60), abs=dt.timedelta(seconds=5)),
    )
    assert (second.status, second.attempts, second.next_attempt_at - now) == (
        OutgoingMailStatus.WAITING,
        2,
        dt.timedelta(seconds=120),
    )
    assert (third.status, third.attempts, third.refused_for_good, third.next_attempt_at) == (
        OutgoingMailStatus.FAILED,
        3,
        False,
        None,
    )
    assert mail.outbox == []


def test_a_mail_whose_sender_died_falls_due_again(edition, organiser_user, worker, mailoutbox):
    with transaction.atomic():
        invite_many(edition, by=organiser_user, invitees=_invitees(edition, 1))
    now = timezone.now()
    claimed = claim_due(OutgoingMail.objects.all(), now=now)  # its sender then died

    sent_meanwhile = send_due_mail(now=now + dt.timedelta(minutes=1))
    sent_later = send_due_mail(now=now + dt.timedelta(hours=2))

    assert (len(claimed), sent_meanwhile, sent_later, len(mailoutbox)) == (1, 0, 1, 1)


def test_send_again_makes_a_failed_mail_wait_for_the_accounts_current_address(
    edition, organiser_user, refused_mail, commit, django_capture_on_commit_callbacks
):
    refused_mail.add("p000@example.com")
    (invited,), _unsent = commit(
        invite_many, edition, by=organiser_user, invitees=_invitees(edition, 1)
    )
    invited.user.email = "ann@example.org"
    invited.user.save()
    failed = OutgoingMail.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        count, _dead, _unreachable = send_again(edition, [failed.pk], by=organiser_user)

    assert (count, _statuses()) == (1, [("ann@example.org", OutgoingMailStatus.SENT, 1)])
    assert [message.to for message in mail.outbox] == [["ann@example.org"]]


def test_send_again_touches_no_other_editions_mail(
    edition, organiser_user, refused_mail, commit, django_capture_on_commit_callbacks
):
    refused_mail.add("p000@example.com")
    commit(invite_many, edition, by=organiser_user, invitees=_invitees(edition, 1))
    failed = OutgoingMail.objects.get()

    result = send_again(factories.make_edition(), [failed.pk], by=organiser_user)

    assert (result, _statuses()) == (
        (0, 0, 0),
        [("p000@example.com", OutgoingMailStatus.FAILED, 1)],
    )


def test_rows_go_after_the_retention_period(edition, organiser_user, mailoutbox, commit, settings):
    settings.MAIL_KEEP_DAYS = 30
    commit(invite_many, edition, by=organiser_user, invitees=_invitees(edition, 2))
    now = timezone.now()

    kept = delete_old_mail(now=now + dt.timedelta(days=29))
    deleted = delete_old_mail(now=now + dt.timedelta(days=31))

    assert (kept, deleted, OutgoingMail.objects.count()) == (0, 2, 0)


def test_forgetting_a_person_deletes_their_waiting_mails(
    edition, organiser_user, worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invited = invite_many(edition, by=organiser_user, invitees=_invitees(edition, 2))

    deleted = forget_mail_to(invited[0].user)

    assert (deleted, _statuses()) == (1, [("p001@example.com", OutgoingMailStatus.WAITING, 0)])


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_two_senders_at_once_never_send_a_mail_twice(edition, organiser_user, worker, monkeypatch):
    with transaction.atomic():
        invite_many(edition, by=organiser_user, invitees=_invitees(edition, 20))
    # Both senders read the same due mails before either claims them.
    slowed(monkeypatch, outbox, "_claim_lease", seconds=0.5)
    mail.outbox = []

    outcomes = race(send_due_mail, [(), ()], RuntimeError, str)

    recipients = sorted(message.to[0] for message in mail.outbox)
    assert (sorted(outcomes), len(recipients), len(set(recipients))) == ([0, 20], 20, 20)
    assert {status for _address, status, _attempts in _statuses()} == {OutgoingMailStatus.SENT}


def test_a_password_reset_with_the_server_down_answers_alike_and_is_sent_later(
    db, client, refused_mail, ask_reset
):
    factories.make_user(email="ada@example.com")
    refused_mail.add(EVERY_ADDRESS)

    response = ask_reset(client, "ada@example.com")

    assert (response.status_code, mail.outbox, _statuses()) == (
        302,
        [],
        [("ada@example.com", OutgoingMailStatus.WAITING, 1)],
    )
    refused_mail.clear()
    assert send_due_mail(now=timezone.now() + LATER) == 1
    assert [message.to for message in mail.outbox] == [["ada@example.com"]]
    assert "/accounts/password-reset/" in mail.outbox[0].body


def test_an_erasure_deletes_the_persons_waiting_mails(edition, organiser_user, worker):
    with transaction.atomic():
        invited = invite_many(edition, by=organiser_user, invitees=_invitees(edition, 2))

    erase_person(invited[0].user, by=organiser_user, edition=edition, origin=ErasureOrigin.REQUEST)

    assert _statuses() == [("p001@example.com", OutgoingMailStatus.WAITING, 0)]


def test_the_periodic_command_sends_the_mails_that_waited_for_the_server(
    edition, organiser_user, refused_mail, commit, settings
):
    settings.MAIL_RETRY_BASE_SECONDS = 0  # due again at once
    refused_mail.add(EVERY_ADDRESS)
    commit(invite_many, edition, by=organiser_user, invitees=_invitees(edition, 2))
    refused_mail.clear()
    out = io.StringIO()

    call_command("periodic", stdout=out)

    assert "send_queued_emails: 2 queued emails sent." in out.getvalue().splitlines()
    assert sorted(message.to[0] for message in mail.outbox) == [
        "p000@example.com",
        "p001@example.com",
    ]


def test_closing_the_edition_drops_its_invitations_still_waiting(
    edition, organiser_user, worker, mailoutbox
):
    with transaction.atomic():
        invite_many(edition, by=organiser_user, invitees=_invitees(edition, 2))
    waiting = len(_statuses())

    update_edition(edition, by=organiser_user, status=EditionStatus.CLOSED)

    assert (waiting, _statuses(), send_due_mail(), mailoutbox) == (2, [], 0, [])


def test_a_withdrawal_drops_the_persons_mails_still_waiting(
    edition, organiser_user, worker, mailoutbox
):
    ann, bob = (
        factories.make_participant(
            edition, user=factories.make_user(email=email), status=ParticipantStatus.REGISTERED
        )
        for email in ("ann@example.com", "bob@example.com")
    )
    with transaction.atomic():
        validate_participants(edition, by=organiser_user, participant_ids=[ann.pk, bob.pk])

    withdraw_participant(Participant.objects.get(pk=ann.pk), by=organiser_user)

    assert _statuses() == [("bob@example.com", OutgoingMailStatus.WAITING, 0)]
