"""Requests to join a company that already takes part: the open registration form never makes
anyone a representative of an existing company on its own.

Status flow (JOIN_TRANSITIONS): the form creates the request `unconfirmed`; confirming the
email address makes it `pending`; the organisers or a validated representative of the company
accept it (the person becomes a `registered` participant of the company, then waits for the
organiser's validation as usual) or decline it. The person hears the answer by email. The
notices of a request and of its answer go through the outbox (`accounts.outbox`): nobody waits
for them on a page, and it retries them while the mail server fails.
"""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from paddock.accounts.enums import OutgoingMailKind
from paddock.accounts.models import User
from paddock.accounts.outbox import queued_mail
from paddock.core.exceptions import DomainError
from paddock.core.services import log_action
from paddock.events.models import Edition
from paddock.events.services.locking import lock_edition
from paddock.participants import services
from paddock.participants.enums import JoinRequestStatus, ParticipantStatus
from paddock.participants.models import Company, JoinRequest, Participant
from paddock.participants.registration_emails import send_join_answer, send_join_request_notice


class JoinRequestError(DomainError):
    code = "join_request_error"


# action -> (from, to): the only status changes of a join request.
JOIN_TRANSITIONS: dict[str, tuple[JoinRequestStatus, JoinRequestStatus]] = {
    "confirm": (JoinRequestStatus.UNCONFIRMED, JoinRequestStatus.PENDING),
    "accept": (JoinRequestStatus.PENDING, JoinRequestStatus.ACCEPTED),
    "decline": (JoinRequestStatus.PENDING, JoinRequestStatus.DECLINED),
}


def _locked_for(join: JoinRequest, action: str) -> JoinRequest:
    """The request's row locked, checked against JOIN_TRANSITIONS and moved to its new status
    (not saved yet)."""
    locked = (
        JoinRequest.objects.select_for_update().select_related("user", "company").get(pk=join.pk)
    )
    source, target = JOIN_TRANSITIONS[action]
    if locked.status != source:
        raise JoinRequestError(
            _("This request to join %(company)s has been answered already.")
            % {"company": locked.company}
            if locked.status in {JoinRequestStatus.ACCEPTED, JoinRequestStatus.DECLINED}
            else _("This request waits for its author to confirm their email address."),
            code="not_pending",
        )
    locked.status = target
    return locked


@transaction.atomic
def ask_to_join(
    company: Company,
    *,
    by: User,
    job_title: str,
    role: str,
    languages: list[str],
    consent: dict[str, Any] | None = None,
) -> JoinRequest:
    """`by` asks to represent `company`; the request stays `unconfirmed` until the email
    address is confirmed, and gives no right on the company. `consent` holds the privacy
    notice's `consent_version` accepted and `consented_at`, passed on when it is accepted.

    Raises ValidationError naming the field for invalid values.
    """
    join = JoinRequest(
        edition=company.edition,
        company=company,
        user=by,
        job_title=job_title,
        role=role,
        languages=list(languages),
        **(consent or {}),
    )
    join.full_clean()
    join.save()
    log_action("company.ask_to_join", by=by, edition=company.edition, obj=join)
    return join


def open_join_request(edition: Edition, user: User) -> JoinRequest | None:
    """The user's unconfirmed or pending request in the edition, locked, or None."""
    return (
        edition.join_requests.select_for_update()
        .select_related("user", "company")
        .filter(user=user, status__in=[JoinRequestStatus.UNCONFIRMED, JoinRequestStatus.PENDING])
        .first()
    )


@transaction.atomic
def confirm_join_request(join: JoinRequest, *, by: User) -> JoinRequest:
    """The address is confirmed: the request now waits for an answer, and those who may answer
    it hear of it by email.

    Locks the request's row. Raises JoinRequestError `not_pending` when it is not unconfirmed.
    """
    join = _locked_for(join, "confirm")
    join.save(update_fields=["status"])
    log_action("company.confirm_join_request", by=by, edition=join.edition, obj=join)
    # Nobody waits for it on a page: the outbox retries it while the mail server fails.
    with queued_mail(kind=OutgoingMailKind.JOIN_REQUEST, edition=join.edition):
        send_join_request_notice(join)
    return join


def _answer(join: JoinRequest, *, by: Any, action: str) -> JoinRequest:
    join = _locked_for(join, action)
    join.answered_at, join.answered_by = timezone.now(), by
    join.save(update_fields=["status", "answered_at", "answered_by"])
    log_action(f"company.{action}_join_request", by=by, edition=join.edition, obj=join)
    with queued_mail(kind=OutgoingMailKind.JOIN_REQUEST, edition=join.edition):
        send_join_answer(join)
    return join


@transaction.atomic
def accept_join_request(join: JoinRequest, *, by: Any) -> Participant:
    """The person becomes a `registered` representative of the company, for the organiser to
    validate; they are told by email in their language.

    The caller checked that `by` is of the organisers' team or a validated representative of
    the company. Locks the edition, then the request's row. Raises JoinRequestError `closed`
    once the edition is closed, `not_pending`, and what
    `services.add_participant` raises (ParticipantError `already_participating`).
    """
    if not lock_edition(join.edition).takes_new_people:  # before the request's row: lock order
        message = _("%(edition)s is closed: nobody can join a company in it any more.")
        raise JoinRequestError(message % {"edition": join.edition.name}, code="closed")
    join = _answer(join, by=by, action="accept")
    user = join.user
    participant = services.add_participant(
        join.edition,
        by=by,
        email=user.email,
        first_name=user.first_name,
        last_name=user.last_name,
        company=join.company,
        job_title=join.job_title,
        role=join.role,
        languages=join.languages,
        status=ParticipantStatus.REGISTERED,
    )
    participant.consent_version, participant.consented_at = join.consent_version, join.consented_at
    participant.save(update_fields=["consent_version", "consented_at"])
    return participant


@transaction.atomic
def decline_join_request(join: JoinRequest, *, by: Any) -> JoinRequest:
    """The person does not join the company; they are told by email in their language.

    Same caller's check and lock as `accept_join_request`. Raises JoinRequestError
    `not_pending`.
    """
    return _answer(join, by=by, action="decline")
