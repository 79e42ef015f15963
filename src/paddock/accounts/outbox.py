"""The outbox: mass mails, and mails nobody waits for on a page, written in the transaction
of the action that sends them (`queued_mail`), then sent by the task worker over one
connection, retried with back-off, never sent twice at once.

A mail is claimed for an attempt by pushing its `next_attempt_at` past the time the attempt
may take (a conditional UPDATE, as the webhooks' deliveries are claimed): the task worker and
the periodic job never send the same mail at once, and a mail whose sender died mid-send
falls due again. A temporary failure (4xx, the server down, a time-out) is retried after a
delay doubled each time, up to `MAIL_MAX_ATTEMPTS`; a permanent refusal (5xx,
`delivery.refused_for_good`) fails the mail for good at once. A mail sent keeps only what the
edition's mail page shows; rows go after `MAIL_KEEP_DAYS`. A restore holds the mails waiting
in the backup (`hold_waiting_mail`): no sender takes them until an operator releases them.
"""

import datetime as dt
import logging
import uuid
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from typing import Any, NamedTuple

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.message import make_msgid
from django.core.mail.utils import DNS_NAME
from django.db import transaction
from django.db.models import Count, F, Min, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone
from django_tasks import default_task_backend, task

from paddock.accounts.delivery import (
    MailConnection,
    _collector,
    _unsent,
    refused_for_good,
)
from paddock.accounts.enums import OutgoingMailKind, OutgoingMailStatus, TokenPurpose
from paddock.accounts.mail import _Email, _HtmlEmail, reachable
from paddock.accounts.models import AccountToken, OutgoingMail, User
from paddock.core.services import log_action

# The mail module's name: operators filter the log on it (docs/operations.md).
logger = logging.getLogger("paddock.accounts.mail")

CLAIM_CHUNK = 50  # mails one sender claims at a time
DUE_BATCH = 5000  # mails one run of the periodic job sends at most
_ROWS_PER_QUERY = 5000


class _Outbox:
    """The mails written within a `queued_mail` block, each with its block's kind and
    edition; written to the table when the outermost block ends."""

    def __init__(self, kind: str, edition: Any) -> None:
        self.kind, self.edition = kind, edition
        self.mails: list[tuple[EmailMessage, str, Any]] = []

    def add(self, message: EmailMessage) -> None:
        self.mails.append((message, self.kind, self.edition))

    def write(self) -> list[int]:
        """The rows, in one query per few thousand; their ids."""
        addresses = {message.to[0].lower() for message, _kind, _edition in self.mails}
        accounts: dict[str, int] = {}
        listed = sorted(addresses)
        for start in range(0, len(listed), _ROWS_PER_QUERY):
            chunk = listed[start : start + _ROWS_PER_QUERY]
            found = User.objects.filter(email__in=chunk).values_list("email", "pk")
            accounts.update((email.lower(), pk) for email, pk in found)
        now = timezone.now()
        rows = OutgoingMail.objects.bulk_create(
            (_row(message, kind, edition, accounts, now) for message, kind, edition in self.mails),
            batch_size=500,
        )
        return [row.pk for row in rows]


class _Discarded:
    """Takes the mails written within a `mail_discarded` block, and drops them."""

    def add(self, message: EmailMessage) -> None:
        return None


@contextmanager
def mail_discarded() -> Iterator[None]:
    """No mail leaves or is queued within the block, whatever sends it, those left for the
    commit and those of `queued_mail` blocks included: the demo's build, whose addresses are
    fictional (a queued mail would leave later, from the task worker, by the real server)."""
    token = _collector.set(_Discarded())
    try:
        yield
    finally:
        _collector.reset(token)


def _row(
    message: EmailMessage, kind: str, edition: Any, accounts: dict[str, int], now: dt.datetime
) -> OutgoingMail:
    (recipient,) = message.to
    html = [content for content, mimetype in getattr(message, "alternatives", []) or []]
    return OutgoingMail(
        edition=edition,
        user_id=accounts.get(recipient.lower()),
        kind=kind,
        recipient=recipient,
        subject=str(message.subject),
        body=str(message.body),
        html_body=str(html[0]) if html else "",
        headers=_with_message_id(message.extra_headers),
        next_attempt_at=now,
    )


def _with_message_id(headers: dict[str, Any]) -> dict[str, str]:
    """The mail's headers with a Message-ID of its own, written once: every attempt sends the
    same one, so a mail sent again after a lost answer or a dead worker is shown once by
    mail services that drop copies (Django gives each attempt a new one otherwise)."""
    written = {name: str(value) for name, value in headers.items()}
    if not any(name.lower() == "message-id" for name in written):
        written["Message-ID"] = make_msgid(domain=DNS_NAME)
    return written


@contextmanager
def queued_mail(*, kind: OutgoingMailKind, edition: Any = None) -> Iterator[None]:
    """Within the block, the mails written (`accounts.mail`'s senders, and those left for the
    commit by `send_after_commit`) go to the outbox, labelled `kind` and `edition`; they are
    written as rows when the outermost block ends, and handed to the task worker once the
    transaction commits. A block inside another only relabels its mails.

    Preconditions: the block runs inside the action's transaction (`transaction.atomic`), so
    that an action rolled back queues nothing; an exception leaving the block writes nothing.
    A savepoint rolled back inside the block, the block going on, would keep its mails: the
    batch senders that use savepoints fail whole."""
    outer = _collector.get()
    if isinstance(outer, _Discarded):
        yield
        return
    if isinstance(outer, _Outbox):
        labels = outer.kind, outer.edition
        outer.kind, outer.edition = kind, edition
        try:
            yield
        finally:
            outer.kind, outer.edition = labels
        return
    outbox = _Outbox(kind, edition)
    token = _collector.set(outbox)
    try:
        yield
    finally:
        _collector.reset(token)
    if outbox.mails:
        ids = outbox.write()
        _note_queued(len(ids))
        transaction.on_commit(partial(hand_to_worker, ids))


def _note_queued(count: int) -> None:
    found = _unsent.get()
    if found is not None:
        found.queued += count


def hand_to_worker(mail_ids: list[int], *, run_after: dt.datetime | None = None) -> None:
    """Queue a task sending these mails. A retry is left to the periodic job when the backend
    cannot run a task later (the immediate backend of development and tests); a queue that
    fails is logged: the mails wait in the table, and the periodic job sends them."""
    if run_after is not None and not default_task_backend.supports_defer:
        return
    runner = send_queued_mail if run_after is None else send_queued_mail.using(run_after=run_after)
    try:
        runner.enqueue(mail_ids)
    except Exception:
        logger.exception("Could not queue the sending of %d mails.", len(mail_ids))


@task()
def send_queued_mail(mail_ids: list[int]) -> int:
    """The background task: send those of these mails that are due. Returns how many left."""
    return send_mails(OutgoingMail.objects.filter(pk__in=mail_ids))


def send_due_mail(*, now: dt.datetime | None = None) -> int:
    """The periodic job: send the mails that are due (retries, mails no worker took, and those
    whose sender died mid-send). Returns how many left."""
    return send_mails(OutgoingMail.objects.all(), now=now, limit=DUE_BATCH)


def retry_delay(attempts: int) -> dt.timedelta:
    """Exponential back-off: the base delay, doubled after each failed attempt."""
    return dt.timedelta(seconds=settings.MAIL_RETRY_BASE_SECONDS * 2 ** (attempts - 1))


def _claim_lease() -> dt.timedelta:
    """How long a claimed chunk is its sender's: every mail of it timing out, and a margin."""
    return dt.timedelta(seconds=CLAIM_CHUNK * (settings.EMAIL_TIMEOUT + 5) + 60)


def claim_due(
    candidates: QuerySet[OutgoingMail],
    *,
    now: dt.datetime,
    due_by: dt.datetime | None = None,
    size: int = CLAIM_CHUNK,
) -> list[OutgoingMail]:
    """Take up to `size` of `candidates` due by `due_by` (default `now`) for this sender: a
    conditional UPDATE pushes their `next_attempt_at` past the lease from `now` and marks them
    with a new claim, which a concurrent sender's UPDATE, waiting on the same rows, no longer
    matches."""
    due = Q(status=OutgoingMailStatus.WAITING, next_attempt_at__lte=due_by or now)
    pks = list(
        candidates.filter(due).order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:size]
    )
    if not pks:
        return []
    claim = uuid.uuid4()
    OutgoingMail.objects.filter(due, pk__in=pks).update(
        claim=claim, next_attempt_at=now + _claim_lease()
    )
    return list(OutgoingMail.objects.filter(claim=claim).order_by("pk"))


def send_mails(
    candidates: QuerySet[OutgoingMail], *, now: dt.datetime | None = None, limit: int | None = None
) -> int:
    """Send those of `candidates` that are due, claimed a chunk at a time, over one
    connection; record each outcome. Returns how many left."""
    sent = tried = 0
    retries: dict[dt.datetime, list[int]] = defaultdict(list)
    # Due when the run began: a mail failing in this run is not tried again by it.
    started = now or timezone.now()
    connection = MailConnection()  # one for every chunk: a TLS handshake costs
    try:
        while limit is None or tried < limit:
            moment = now or timezone.now()
            size = CLAIM_CHUNK if limit is None else min(CLAIM_CHUNK, limit - tried)
            claimed = claim_due(candidates, now=moment, due_by=started, size=size)
            if not claimed:
                break
            tried += len(claimed)
            for mail in claimed:
                retry_at = _attempt(mail, connection, now=moment)
                if retry_at is None:
                    sent += mail.status == OutgoingMailStatus.SENT
                else:
                    retries[retry_at].append(mail.pk)
    finally:
        connection.close()
    for retry_at, ids in retries.items():
        hand_to_worker(ids, run_after=retry_at)
    return sent


def _attempt(
    mail: OutgoingMail, connection: MailConnection, *, now: dt.datetime
) -> dt.datetime | None:
    """One attempt at `mail`, recorded; the time of its next attempt, or None."""
    try:
        connection.send(_message(mail))
    except Exception as error:
        return _record_failure(mail, error, now=now)
    mail.status = OutgoingMailStatus.SENT
    # Sent: only what the mail page shows stays (docs/privacy.md).
    _still_claimed(mail).update(
        status=OutgoingMailStatus.SENT,
        sent_at=now,
        attempts=F("attempts") + 1,
        subject="",
        body="",
        html_body="",
        headers={},
        last_error="",
        claim=None,
        next_attempt_at=None,
    )
    return None


def _record_failure(
    mail: OutgoingMail, error: Exception, *, now: dt.datetime
) -> dt.datetime | None:
    """A failed attempt at `mail`, recorded: the time of its next attempt, or None when it is
    given up (refused for good, or the last attempt allowed)."""
    attempts = mail.attempts + 1
    for_good = refused_for_good(error)
    given_up = for_good or attempts >= settings.MAIL_MAX_ATTEMPTS
    logger.error(
        "The mail to %s could not be sent (%s); %s.",
        mail.recipient,
        error,
        "given up" if given_up else "it will be tried again",
    )
    mail.status = OutgoingMailStatus.FAILED if given_up else OutgoingMailStatus.WAITING
    retry_at = None if given_up else now + retry_delay(attempts)
    _still_claimed(mail).update(
        status=mail.status,
        attempts=attempts,
        last_error=f"{type(error).__name__}: {error}"[:300],
        refused_for_good=for_good,
        claim=None,
        next_attempt_at=retry_at,
    )
    return retry_at


def _still_claimed(mail: OutgoingMail) -> QuerySet[OutgoingMail]:
    """The row of `mail` while this sender's claim is on it: a restore run during the attempt
    replaced it with the backup's row, held (`hold_waiting_mail`), which the attempt's outcome
    must not set waiting again nor mark sent."""
    return OutgoingMail.objects.filter(pk=mail.pk, claim=mail.claim)


def _message(mail: OutgoingMail) -> EmailMessage:
    """The mail as it was written: the same subject, bodies and headers."""
    if mail.html_body:
        message = _HtmlEmail(mail.subject, mail.body, to=[mail.recipient], headers=mail.headers)
        message.attach_alternative(mail.html_body, "text/html")
        return message
    return _Email(mail.subject, mail.body, to=[mail.recipient], headers=mail.headers)


class SentAgain(NamedTuple):
    """What `send_again` did with the failed mails it was given."""

    queued: int  # wait again
    dead_invitations: int  # left failed: the invitation's link no longer works
    unreachable: int  # left failed: the account was turned off (used or not) or erased


@transaction.atomic
def send_again(edition: Any, mail_ids: list[int], *, by: Any) -> SentAgain:
    """The edition's failed mails among `mail_ids` wait again, for a new round of attempts,
    to the account's current address when the recipient has one (a mailbox that did not exist
    is worth retrying only once the address changed). Left failed: a mail to an account no
    longer `reachable` (turned off by the site's administrators, before its first use too, or
    erased), as a single mail would not be sent to it, and an invitation whose link no longer
    works (`_dead_invitations`). An account inactive only because nobody used it yet (an
    invitation's) is mailed again. Handed to the worker on commit."""
    failed = OutgoingMail.objects.select_for_update(of=("self",)).filter(
        edition=edition, pk__in=mail_ids, status=OutgoingMailStatus.FAILED
    )
    mails = list(failed.select_related("user"))
    unreachable = {mail.pk for mail in mails if mail.user is not None and not reachable(mail.user)}
    now, again = timezone.now(), []
    dead = _dead_invitations(
        edition, [mail for mail in mails if mail.pk not in unreachable], now=now
    )
    for mail in mails:
        if mail.pk in dead or mail.pk in unreachable:
            continue
        if mail.user is not None:
            mail.recipient = mail.user.email
        mail.status, mail.attempts, mail.next_attempt_at = OutgoingMailStatus.WAITING, 0, now
        mail.refused_for_good, mail.claim = False, None
        again.append(mail)
    fields = ["recipient", "status", "attempts", "next_attempt_at", "refused_for_good", "claim"]
    OutgoingMail.objects.bulk_update(again, fields)
    ids = [mail.pk for mail in again]
    if ids:
        log_action("mail.send_again", by=by, edition=edition, count=len(ids))
        transaction.on_commit(partial(hand_to_worker, ids))
    return SentAgain(len(ids), len(dead), len(unreachable))


def _dead_invitations(edition: Any, mails: list[OutgoingMail], *, now: dt.datetime) -> set[int]:
    """The ids of the invitations among `mails` whose link no longer works: no invitation link
    of the person's for the edition made by the time the mail was written is still usable
    (it expired, was used, or a newer one replaced it). One query."""
    invitations = [mail for mail in mails if mail.kind == OutgoingMailKind.INVITATION]
    if not invitations:
        return set()
    usable = AccountToken.objects.filter(
        edition=edition,
        purpose=TokenPurpose.INVITATION,
        user_id__in={mail.user_id for mail in invitations},
        used_at=None,
        replaced_at=None,
        expires_at__gt=now,
    ).values_list("user_id", "created_at")
    made: dict[int, dt.datetime] = {}
    for user_id, created_at in usable:
        made[user_id] = min(created_at, made.get(user_id, created_at))
    return {
        mail.pk
        for mail in invitations
        if mail.user_id not in made or made[mail.user_id] > mail.created_at
    }


def drop_waiting_invitations(user: User, edition: Any) -> int:
    """A new invitation link replaced the person's earlier ones for the edition: the
    invitations still waiting in the outbox carry a link that no longer works, and go.
    Returns how many."""
    return drop_waiting_mail(edition, user=user, kind=OutgoingMailKind.INVITATION)


def drop_waiting_mail(edition: Any, *, user: User | None = None, kind: str | None = None) -> int:
    """The edition's mails still waiting in the outbox, or held there (`hold_waiting_mail`),
    that no longer hold (to `user` only, of `kind` only, when given) go: an invitation to a
    closed edition, a validation or a schedule notice to someone who withdrew. Returns how
    many."""
    waiting = OutgoingMail.objects.filter(
        edition=edition, status__in=[OutgoingMailStatus.WAITING, OutgoingMailStatus.HELD]
    )
    if user is not None:
        waiting = waiting.filter(user=user)
    if kind is not None:
        waiting = waiting.filter(kind=kind)
    return waiting.delete()[0]


def hold_waiting_mail() -> int:
    """Every mail waiting in the outbox is held: no sender takes it until `release_held_mail`.
    For a backup restored (`operations.held`): the copy must not send, to real people, the
    mails it holds from another server. Run it in the restore's transaction, so that no sender
    claims a mail first. Returns how many."""
    waiting = OutgoingMail.objects.filter(status=OutgoingMailStatus.WAITING)
    return waiting.update(status=OutgoingMailStatus.HELD, claim=None)


def release_held_mail() -> int:
    """The held mails wait again, due now, with the attempts they had; handed to the worker
    on commit. Returns how many."""
    held = OutgoingMail.objects.filter(status=OutgoingMailStatus.HELD)
    ids = list(held.values_list("pk", flat=True))
    for start in range(0, len(ids), _ROWS_PER_QUERY):
        chunk = ids[start : start + _ROWS_PER_QUERY]
        OutgoingMail.objects.filter(pk__in=chunk, status=OutgoingMailStatus.HELD).update(
            status=OutgoingMailStatus.WAITING, next_attempt_at=timezone.now(), claim=None
        )
        transaction.on_commit(partial(hand_to_worker, chunk))
    return len(ids)


def drop_held_mail() -> int:
    """The held mails go, unsent: a copy's, which nobody is to receive. Returns how many."""
    return OutgoingMail.objects.filter(status=OutgoingMailStatus.HELD).delete()[0]


def delete_old_mail(*, now: dt.datetime | None = None) -> int:
    """The periodic job: rows written more than `MAIL_KEEP_DAYS` ago go, whatever their
    status, but for a mail waiting for an attempt planned within that period: sent again
    near its end (`send_again`), it keeps its round of attempts. Returns how many."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.MAIL_KEEP_DAYS)
    retried = Q(status=OutgoingMailStatus.WAITING, next_attempt_at__gte=cutoff)
    return OutgoingMail.objects.filter(created_at__lt=cutoff).exclude(retried).delete()[0]


def forget_mail_to(user: User) -> int:
    """An erasure: every mail to the person goes, those waiting (their bodies hold the person's
    name and links) and the record of those sent. Returns how many."""
    return OutgoingMail.objects.filter(Q(user=user) | Q(recipient__iexact=user.email)).delete()[0]


@dataclass(frozen=True)
class MailDay:
    """The edition's mails of one kind written on one day, by status."""

    day: dt.date
    kind: str
    label: str
    waiting: int
    sent: int
    failed: int
    held: int


def mail_days(edition: Any) -> list[MailDay]:
    """Per day (in the edition's time zone) and kind, how many of the edition's mails wait,
    left, failed, are held: newest day first. One query."""
    rows = (
        OutgoingMail.objects.filter(edition=edition)
        .annotate(day=TruncDate("created_at", tzinfo=edition.tzinfo))
        .values("day", "kind")
        .annotate(
            waiting=Count("pk", filter=Q(status=OutgoingMailStatus.WAITING)),
            sent=Count("pk", filter=Q(status=OutgoingMailStatus.SENT)),
            failed=Count("pk", filter=Q(status=OutgoingMailStatus.FAILED)),
            held=Count("pk", filter=Q(status=OutgoingMailStatus.HELD)),
        )
        .order_by("-day", "kind")
    )
    labels = dict(OutgoingMailKind.choices)
    return [
        MailDay(
            day=row["day"],
            kind=row["kind"],
            label=str(labels.get(row["kind"], row["kind"])),
            waiting=row["waiting"],
            sent=row["sent"],
            failed=row["failed"],
            held=row["held"],
        )
        for row in rows
    ]


# A mail not tried this long after it was written waits for a worker that is not running.
STUCK_AFTER = dt.timedelta(minutes=10)


@dataclass(frozen=True)
class WaitingMail:
    """Why the edition's waiting mails wait: `retried` failed for now (the latest error
    `last_error`), `stuck` were never tried `STUCK_AFTER` after being written; and how many
    are `held` (`hold_waiting_mail`)."""

    count: int
    oldest: dt.datetime | None
    retried: int
    stuck: int
    held: int
    last_error: str


def waiting_mail(edition: Any, *, now: dt.datetime | None = None) -> WaitingMail:
    """The edition's waiting mails, for the Emails page. One query, two when some failed."""
    now = now or timezone.now()
    waiting = OutgoingMail.objects.filter(edition=edition, status=OutgoingMailStatus.WAITING)
    is_waiting = Q(status=OutgoingMailStatus.WAITING)
    counts = OutgoingMail.objects.filter(
        edition=edition, status__in=[OutgoingMailStatus.WAITING, OutgoingMailStatus.HELD]
    ).aggregate(
        count=Count("pk", filter=is_waiting),
        oldest=Min("created_at", filter=is_waiting),
        retried=Count("pk", filter=is_waiting & Q(attempts__gt=0)),
        stuck=Count("pk", filter=is_waiting & Q(attempts=0, created_at__lt=now - STUCK_AFTER)),
        held=Count("pk", filter=Q(status=OutgoingMailStatus.HELD)),
    )
    last_error = ""
    if counts["retried"]:
        latest = waiting.filter(attempts__gt=0).order_by("-created_at", "-pk")
        last_error = latest.values_list("last_error", flat=True).first() or ""
    return WaitingMail(last_error=last_error, **counts)


FAILED_SHOWN = 500  # failed mails the page lists at most


def failed_mails(edition: Any) -> list[OutgoingMail]:
    """The edition's mails failed for good, newest first, without their bodies."""
    return list(
        OutgoingMail.objects.filter(edition=edition, status=OutgoingMailStatus.FAILED)
        .only("pk", "kind", "recipient", "last_error", "refused_for_good", "created_at", "attempts")
        .order_by("-created_at", "-pk")[:FAILED_SHOWN]
    )
