"""Erasure of a person: asked from the portal and confirmed by an organiser, or done when the
retention period of a series' past edition is over. Both go through `erase_person`. While it
waits, the person may withdraw the request and an organiser may decline it with a reason.

Erasing anonymises rather than deletes: the rows that the reports count (participations,
meeting requests, meetings, check-ins) stay, with nothing left that names the person.
"""

import datetime as dt
import json
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from paddock.accounts.mail import send_after_commit
from paddock.accounts.models import ERASED_DOMAIN, AccountToken, User
from paddock.accounts.outbox import forget_mail_to
from paddock.core.dates import add_months
from paddock.core.services import log_action
from paddock.events.enums import TeamInvitationStatus
from paddock.events.models import Edition, EditionMembership, EventSeries, TeamInvitation
from paddock.events.queries import by_local_day
from paddock.matchmaking.models import Recommendation
from paddock.meetings.models import AgendaFeed, MeetingRequest
from paddock.outcomes.models import Outcome
from paddock.participants.enums import JoinRequestStatus, ParticipantStatus
from paddock.participants.models import (
    Attachment,
    Company,
    JoinRequest,
    Need,
    Offer,
    Participant,
    PendingRegistration,
)
from paddock.participants.search import refresh_search_text
from paddock.privacy.access import check_organisers_left, take_away_access
from paddock.privacy.audit import audit_entries_about, is_about, rows_of
from paddock.privacy.emails import queue_erasure_requested, send_erasure_declined
from paddock.privacy.enums import ErasureOrigin, ErasureStatus
from paddock.privacy.exceptions import PrivacyError
from paddock.privacy.models import ErasureRequest
from paddock.privacy.queries import accepted_participations
from paddock.privacy.retention import (
    delete_old_kept_forms,
    delete_old_login_records,
    delete_old_task_results,
    forget_interpreters,
    forget_typed_invitations,
)
from paddock.scheduling.services.documents import forget_documents
from paddock.webhooks.services import scrub_deliveries_about


def erased_email(user: User) -> str:
    """The placeholder address of an erased account: unique, and no mail can reach it."""
    return f"erased-{user.pk}@{ERASED_DOMAIN}"


@transaction.atomic
def request_erasure(user: User, *, edition: Edition, by: Any) -> ErasureRequest:
    """Record the person's wish to be erased, for the organisers to confirm, and email the
    organisers (through the outbox, `accounts.outbox`).

    The caller checked that `user` takes part in `edition`. Locks the user's row so that two
    clicks make one request. Raises PrivacyError `erasure_already_requested` (field `confirm`)
    while an earlier request waits.
    """
    User.objects.select_for_update().filter(pk=user.pk).first()
    if ErasureRequest.objects.filter(user=user, status=ErasureStatus.PENDING).exists():
        raise PrivacyError(
            _(
                "You have already asked for the erasure of your data: the organisers will "
                "confirm it."
            ),
            code="erasure_already_requested",
            field="confirm",
        )
    erasure = ErasureRequest.objects.create(user=user, edition=edition)
    log_action("privacy.erasure_request", by=by, edition=edition, obj=erasure)
    queue_erasure_requested(erasure)
    return erasure


def _lock_pending(erasure: ErasureRequest) -> ErasureRequest:
    """The request's row, locked. Raises PrivacyError `erasure_done` when the person was
    erased, `erasure_answered` when the request was withdrawn or declined."""
    # Only this row: the edition is on the nullable side of an outer join (PostgreSQL).
    locked = ErasureRequest.objects.select_for_update(of=("self",)).select_related(
        "user", "edition"
    )
    erasure = locked.get(pk=erasure.pk)
    if erasure.status == ErasureStatus.DONE:
        raise PrivacyError(_("This person’s data has already been erased."), code="erasure_done")
    if erasure.status != ErasureStatus.PENDING:
        raise PrivacyError(
            _("This request was already answered: %(status)s.")
            % {"status": erasure.get_status_display()},
            code="erasure_answered",
        )
    return erasure


def _close(erasure: ErasureRequest, status: str, *, by: Any, **fields: str) -> None:
    erasure.status, erasure.done_at = status, timezone.now()
    erasure.done_by = by if getattr(by, "is_authenticated", False) else None
    for name, value in fields.items():
        setattr(erasure, name, value)
    erasure.save(update_fields=["status", "done_at", "done_by", *fields])


@transaction.atomic
def withdraw_erasure(erasure: ErasureRequest, *, by: Any) -> ErasureRequest:
    """The person no longer wants their data erased. The caller checked that `by` is the
    person. Locks the request's row; raises PrivacyError as `_lock_pending` unless it waits."""
    erasure = _lock_pending(erasure)
    _close(erasure, ErasureStatus.WITHDRAWN, by=by)
    log_action("privacy.erasure_withdraw", by=by, edition=erasure.edition, obj=erasure)
    return erasure


@transaction.atomic
def decline_erasure(
    erasure: ErasureRequest, *, by: Any, reason: str, edition: Edition | None = None
) -> ErasureRequest:
    """Refuse the erasure (a legal duty to keep the data, say) and email the person the
    reason once it commits. The caller checked that `by` organises `edition` (logged there;
    default: the edition asked from), where the person takes part. Locks the request's row.

    Raises PrivacyError `decline_reason_required` (field `reason`) without a reason, and as
    `_lock_pending` unless the request waits."""
    reason = reason.strip()
    if not reason:
        raise PrivacyError(
            _("Give the reason: the person receives it by email."),
            code="decline_reason_required",
            field="reason",
        )
    erasure = _lock_pending(erasure)
    _close(erasure, ErasureStatus.DECLINED, by=by, decline_reason=reason)
    # In the answering edition's log: another organiser's need not learn who answered.
    log_action("privacy.erasure_decline", by=by, edition=edition or erasure.edition, obj=erasure)
    send_after_commit(send_erasure_declined, erasure)
    return erasure


@transaction.atomic
def confirm_erasure(
    erasure: ErasureRequest, *, by: Any, edition: Edition | None = None
) -> ErasureRequest:
    """Erase the person who asked (`erase_person`). The caller checked that `by` organises
    `edition` (logged there; default: the edition asked from), which the person took part
    in, or is a superuser.

    Locks the request's row, then the person's account, which whoever gives the person a way
    in takes too (a team invitation, a registration, a membership on the admin site's Organiser
    page): none commits between the checks and the erasure. Raises PrivacyError `erasure_done`
    when it was already done, `erasure_answered` when it was withdrawn or declined, and
    `last_organiser` (`privacy.access.check_organisers_left`); nothing changes then.
    """
    erasure = _lock_pending(erasure)
    # Read again under the lock: the erasure saves the account, over no change made meanwhile.
    erasure.user = User.objects.select_for_update().get(pk=erasure.user_id)
    check_organisers_left(erasure.user)
    erase_person(
        erasure.user, by=by, edition=edition or erasure.edition, origin=ErasureOrigin.REQUEST
    )
    _close(erasure, ErasureStatus.DONE, by=by)
    return erasure


def _sole_companies(user: User) -> list[Company]:
    """Companies of the person's participations that no one else represents."""
    theirs = Participant.objects.filter(user=user).values("company")
    others = Count("participants", filter=~Q(participants__user=user))
    return list(Company.objects.filter(pk__in=theirs).annotate(others=others).filter(others=0))


def _delete_attachments(user: User, companies: list[Company]) -> int:
    """Delete the person's uploads and the files of `companies`; the files go after commit."""
    attachments = Attachment.objects.filter(Q(uploaded_by=user) | Q(company__in=companies))
    names = [(a.file.storage, a.file.name) for a in attachments if a.file.name]
    count = attachments.delete()[0]
    # Only once the rows are surely gone: a rolled-back erasure must keep its files.
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in names])
    return count


def _empty_free_text(user: User, companies: list[Company]) -> None:
    Participant.objects.filter(user=user).update(
        job_title="",
        phone="",
        show_email=False,
        show_phone=False,
        show_job_title=False,
        # An organiser's note on why the person could not come: maybe their health.
        withdrawal_reason="",
    )
    # What organisers typed when inviting; an invitation not accepted keeps showing it, as
    # anything else would tell its organisers of the account.
    accepted_participations(user).update(
        invited_first_name="", invited_last_name="", invited_email=""
    )
    MeetingRequest.objects.filter(requester__user=user).update(message="")
    MeetingRequest.objects.filter(recipient__user=user).update(decline_reason="")
    Outcome.objects.filter(participant__user=user).update(comment="")
    JoinRequest.objects.filter(user=user).update(job_title="")
    # An earlier refusal's reason may say anything about the person; the rows stay, as proof.
    ErasureRequest.objects.filter(user=user).update(decline_reason="")
    Company.objects.filter(pk__in=[c.pk for c in companies]).update(
        city="", website="", description=""
    )
    for model in (Offer, Need):
        items = model.objects.filter(company__in=companies)
        items.filter(category__isnull=True).delete()  # free text only: nothing left to keep
        items.update(text="")
    refresh_search_text(Company.objects.filter(pk__in=[c.pk for c in companies]))


def _forget_traces(user: User, participations: list[Participant]) -> None:
    """Links, login records, webhook deliveries and audit entries that name the person."""
    rows = rows_of(user, participations)
    names = {user.email, str(user)} | {str(p) for p in participations}
    for entry in audit_entries_about(user, participations):
        if is_about(entry, rows, names):
            entry.object_repr = f"user #{user.pk}"
        entry.data = {k: v for k, v in entry.data.items() if k not in {"ip", "login"}}
        entry.save(update_fields=["object_repr", "data"])
    AgendaFeed.objects.filter(participant__user=user).delete()
    forget_documents([p.edition_id for p in participations])  # stored PDFs print the name
    AccountToken.objects.filter(user=user).delete()
    scrub_deliveries_about(  # webhook bodies name the person
        [p.pk for p in participations], editions=[p.edition_id for p in participations]
    )
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__iexact=user.email).delete()
    # Open forms kept with the address (anyone's, confirmed or not): what was typed about it.
    PendingRegistration.objects.filter(email__iexact=user.email).delete()
    _forget_site_records(user, participations)


def _forget_site_records(user: User, participations: list[Participant]) -> None:
    """The admin site's history about the person and the suggestions made to or about them.
    Their sessions end on their own: the new password changes the hash that signs them."""
    about_them = Q(content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk))
    about_them |= Q(
        content_type=ContentType.objects.get_for_model(Participant),
        object_id__in=[str(p.pk) for p in participations],
    )
    # The change message names inline rows (a membership, say) as they print.
    LogEntry.objects.filter(about_them).update(object_repr=f"user #{user.pk}", change_message="")
    # Another row's history naming one of theirs as an inline row: a role given on the
    # edition's page prints as the person's name, an en dash, the role and the edition,
    # JSON-escaped as the admin stores it.
    named = json.dumps(f"{user} \u2013 ")[1:-1]  # without its quotes
    LogEntry.objects.filter(change_message__contains=f'"object": "{named}').update(
        change_message=""
    )
    Recommendation.objects.filter(
        Q(participant__in=participations) | Q(other__in=participations)
    ).delete()


def erase_person(user: User, *, by: Any, edition: Edition | None, origin: str) -> None:
    """Anonymise `user` everywhere; call inside a transaction, the account's row locked.

    Names and email become a placeholder, the password unusable and the account inactive;
    participations, requests, join requests and answers about meetings lose their free text;
    companies that only the person represents lose their contact details, texts and files; the
    person's uploads are deleted (files after commit), and the mails to them in the outbox
    (`accounts.outbox.forget_mail_to`). Their roles, organiser memberships, team invitations,
    API tokens and site flags go (`privacy.access.take_away_access`); the audit entry counts
    them, naming nobody. Meetings, requests, answers and check-ins stay, for the reports.
    """
    participations = list(Participant.objects.select_for_update().filter(user=user))
    companies = _sole_companies(user)
    files = _delete_attachments(user, companies)
    _empty_free_text(user, companies)
    _forget_traces(user, participations)
    forget_mail_to(user)  # before the address goes: mails are found by it too
    access = take_away_access(user)
    user.first_name = user.last_name = user.preferred_language = ""
    user.email = erased_email(user)
    user.set_unusable_password()
    user.is_active = False
    user.save()
    log_action(
        "privacy.erase",
        by=by,
        edition=edition,
        obj=f"user #{user.pk}",
        origin=str(origin),
        participations=len(participations),
        files=files,
        **access,
    )


def _expired_editions() -> list[int]:
    """Editions whose series' retention period is over: more months have passed since their
    last day than the series keeps, counted to today where each edition was held."""
    expired: list[int] = []
    for series in EventSeries.objects.filter(retention_months__isnull=False):
        if series.retention_months is None:  # read without: never
            continue

        def past_period(today: dt.date, months: int = series.retention_months) -> dict[str, Any]:
            return {"end_date__lt": add_months(today, -months)}

        editions = by_local_day(Edition.objects.filter(series=series), past_period)
        expired += editions.values_list("pk", flat=True)
    return expired


# What links an account to an edition: each row of an expired edition makes the account a
# candidate for erasure, and the first one's edition is where the erasure is recorded.
Link = Participant | JoinRequest | EditionMembership | TeamInvitation


def _expired_people(expired: list[int]) -> list[Link]:
    """The participations, requests to join, team roles and team invitations of the `expired`
    editions (their series' retention period is over) whose accounts nothing spares
    (`_spared_accounts`), the earliest edition first."""
    found: list[Link] = []
    for model in (Participant, JoinRequest, EditionMembership, TeamInvitation):
        # Without the participations left without account (a declined invitation's): a NULL
        # in NOT IN would keep everyone.
        rows = model.objects.filter(edition__in=expired, user__isnull=False)
        for accounts in _spared_accounts(expired):
            rows = rows.exclude(user__in=accounts)
        found += rows.select_related("user", "edition").order_by("edition__end_date", "pk")
    # Stable: within an edition, participations first, then requests, roles and invitations.
    return sorted(found, key=lambda row: row.edition.end_date)


def _spared_accounts(expired: list[int], *, only: int | None = None) -> list[QuerySet[Any, Any]]:
    """Ids of the accounts that retention leaves (`only`: among that one): organiser members,
    site staff, superusers, those erased already, and those that an edition still kept (by
    its own series' rule, whoever organises it) needs: a part in it (a declined invitation is
    none), a role or an invitation to its team not answered yet, a request to join one of its
    companies that waits for an answer, or an open form to it whose link the address has not
    followed yet."""

    def ids(rows: QuerySet[Any], column: str = "user") -> QuerySet[Any, Any]:
        return (rows if only is None else rows.filter(**{column: only})).values(column)

    taking_part = Participant.objects.filter(user__isnull=False).exclude(
        status=ParticipantStatus.DECLINED
    )
    waiting = JoinRequest.objects.filter(
        status__in=[JoinRequestStatus.UNCONFIRMED, JoinRequestStatus.PENDING]
    )
    # Anyone may type an address on the form; a form is kept a few weeks at most, though
    # (`retention.delete_old_kept_forms`), and the next run after it goes erases the account.
    forms = PendingRegistration.objects.filter(
        email__iexact=OuterRef("email"), used_at__isnull=True
    ).exclude(edition__in=expired)
    exempt = Q(is_staff=True) | Q(is_superuser=True) | Q(organisers__isnull=False)
    return [
        ids(User.objects.filter(exempt | Exists(forms)), "pk"),
        ids(ErasureRequest.objects.filter(status=ErasureStatus.DONE)),
        ids(taking_part.exclude(edition__in=expired)),
        ids(EditionMembership.objects.exclude(edition__in=expired)),
        ids(
            TeamInvitation.objects.filter(status=TeamInvitationStatus.PENDING).exclude(
                edition__in=expired
            )
        ),
        ids(waiting.exclude(edition__in=expired)),
    ]


def _locked_if_still_expired(user_id: int, expired: list[int]) -> User | None:
    """The account, read again under its lock, when nothing spares it now: an invitation, a
    registration or a team invitation that committed since the job listed the person (each
    locks the account) keeps it, and one that comes after waits for the erasure; so does an
    account made an organiser, staff or superuser since. Read again, too, so that the erasure
    saves nothing of what it listed over what changed since."""
    user = User.objects.select_for_update().filter(pk=user_id).first()
    if user is None or any(ids.exists() for ids in _spared_accounts(expired, only=user_id)):
        return None
    return user


def erase_expired_personal_data() -> int:
    """Erase, one person per transaction, the people whose data the retention periods no
    longer allow to keep, participants and team members alike; the ErasureRequest rows record
    it. Returns how many were erased.

    Also removes what names people without being theirs to erase in the expired editions
    (interpreters, invitations never accepted), and old login records (privacy.retention)."""
    expired = _expired_editions()
    delete_old_login_records()
    delete_old_task_results()
    delete_old_kept_forms()
    forget_interpreters(expired)
    # What organisers typed for invitations never accepted (which erase_person leaves).
    forget_typed_invitations(expired)
    erased: set[int] = set()
    for row in _expired_people(expired):
        if row.user_id is None or row.user_id in erased:  # read with an account: never None
            continue
        with transaction.atomic():
            user = _locked_if_still_expired(row.user_id, expired)
            if user is None:
                continue
            ErasureRequest.objects.filter(user=user, status=ErasureStatus.PENDING).delete()
            ErasureRequest.objects.create(
                user=user,
                edition=row.edition,
                origin=ErasureOrigin.RETENTION,
                status=ErasureStatus.DONE,
                done_at=timezone.now(),
            )
            # Every role the person holds is in an expired edition (`_locked_if_still_expired`),
            # and goes with the rest: an expired edition may be left with no organiser role of
            # its own, its series' organiser members and the site administrators reaching it.
            erase_person(user, by=None, edition=row.edition, origin=ErasureOrigin.RETENTION)
        erased.add(user.pk)
    return len(erased)
