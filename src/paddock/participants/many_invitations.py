"""Many invitations at once, in a few queries whatever their number: the batch twin of
`registration.invite_participant`, as `batch.add_participants` is of
`services.add_participant`.

The same rules as one by one: each person is added `invited` (`batch.add_participants`,
which refuses an address that is in the edition in any status, a declined invitation
included), gets a new invitation link (the account's earlier unused ones for the edition
stop working), and receives the same invitation (`registration_emails.send_invitation`),
written to the outbox in the transaction and sent by the task worker (`accounts.outbox`):
in the account's language when it has a password, else in the language given, which an
account nobody has used keeps. One audit entry per person, as `invite_participant` writes it
(an organiser asks who invited a given person, and the person's export and erasure find the
entries about their participation), and one for the call.
"""

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from paddock.accounts.enums import OutgoingMailKind, TokenPurpose
from paddock.accounts.models import AccountToken, User
from paddock.accounts.outbox import queued_mail
from paddock.accounts.services import LIFETIMES, link_digest
from paddock.core.models import AuditEntry
from paddock.core.services import audit_entry, log_action
from paddock.events.models import Edition
from paddock.participants import batch
from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Company, Participant
from paddock.participants.registration_emails import editions_to_recall, send_invitation

# Accounts per query: PostgreSQL's protocol carries at most 65,535 parameters.
_USERS_PER_QUERY = 10_000


@dataclass(frozen=True)
class Invitee:
    """One person to invite, with `invite_participant`'s arguments."""

    email: str
    first_name: str
    last_name: str
    company: Company
    role: str
    languages: list[str] = field(default_factory=list)
    job_title: str = ""
    language: str = ""  # of the mail, unless the account has its own


@transaction.atomic
def invite_many(edition: Edition, *, by: Any, invitees: Sequence[Invitee]) -> list[Participant]:
    """Invite every one of `invitees` to the edition (see the module), all or nothing.

    Raises what `batch.add_participants` raises (ParticipantError `already_participating` on
    `email`, `wrong_edition` on `company`, ValidationError naming the field); then nothing is
    written and no mail leaves.
    """
    people = [
        {
            "email": invitee.email,
            "first_name": invitee.first_name,
            "last_name": invitee.last_name,
            "company": invitee.company,
            "job_title": invitee.job_title,
            "role": invitee.role,
            "languages": list(invitee.languages),
        }
        for invitee in invitees
    ]
    _lock_accounts([invitee.email for invitee in invitees])
    added = batch.add_participants(edition, by=by, people=people, status=ParticipantStatus.INVITED)
    languages = _mail_languages(added, invitees)
    links = _issue_links(edition, [participant.user for participant in added], by=by)
    # Up to 2,000 mails: a request would outlast its time-out sending them (docs/operations.md).
    earlier = editions_to_recall(edition, [participant.user_id for participant in added])
    with queued_mail(kind=OutgoingMailKind.INVITATION, edition=edition):
        for participant, secret, language in zip(added, links, languages, strict=True):
            send_invitation(
                participant,
                secret,
                language=language,
                earlier_edition=earlier.get(participant.user_id),
            )
    _log_each(edition, added, languages, by=by)
    log_action("participant.invite_many", by=by, edition=edition, count=len(added))
    return added


def _log_each(edition: Edition, added: list[Participant], languages: list[str], *, by: Any) -> None:
    """`invite_participant`'s entry for each person, written in bulk (`log_action` writes
    one row a query)."""
    AuditEntry.objects.bulk_create(
        (
            audit_entry(
                "participant.invite", by=by, edition=edition, obj=participant, language=language
            )
            for participant, language in zip(added, languages, strict=True)
        ),
        batch_size=1000,
    )


def _lock_accounts(emails: list[str]) -> None:
    """Lock the accounts of these addresses, as `services.add_participant` locks its one: an
    unused account may be deleted meanwhile (`unused_accounts.release_account`, which locks
    it too), and an invitation pointing at it then failed on commit. Once the deletion
    commits, `batch.add_participants` finds no account and makes a new one."""
    lowered = [email.strip().lower() for email in emails]
    for start in range(0, len(lowered), _USERS_PER_QUERY):
        chunk = lowered[start : start + _USERS_PER_QUERY]
        list(
            User.objects.select_for_update()
            .annotate(lower_email=Lower("email"))
            .filter(lower_email__in=chunk)
            .values_list("pk", flat=True)
        )


def _mail_languages(added: list[Participant], invitees: Sequence[Invitee]) -> list[str]:
    """Each mail's language, as `invite_participant` chooses it; an account nobody has used
    and without a language of its own keeps the one given."""
    languages, unused = [], []
    for participant, invitee in zip(added, invitees, strict=True):
        user = participant.user
        if user.has_usable_password():
            languages.append(user.preferred_language or invitee.language)
            continue
        if not user.preferred_language and invitee.language:
            user.preferred_language = invitee.language
            unused.append(user)
        languages.append(invitee.language)
    User.objects.bulk_update(unused, ["preferred_language"], batch_size=1000)
    return languages


def _issue_links(edition: Edition, users: list[User], *, by: Any) -> list[str]:
    """A new invitation link for each account, as `accounts.services.issue_token` makes one;
    the secrets, in the same order."""
    now = timezone.now()
    ids = [user.pk for user in users]
    for start in range(0, len(ids), _USERS_PER_QUERY):
        AccountToken.objects.filter(
            user_id__in=ids[start : start + _USERS_PER_QUERY],
            edition=edition,
            purpose=TokenPurpose.INVITATION,
            used_at=None,
            replaced_at=None,
        ).update(replaced_at=now)
    made = [secrets.token_urlsafe(32) for _user in users]
    AccountToken.objects.bulk_create(
        (
            AccountToken(
                user=user,
                edition=edition,
                purpose=TokenPurpose.INVITATION,
                digest=link_digest(secret),
                created_by=by if getattr(by, "is_authenticated", False) else None,
                expires_at=now + LIFETIMES[TokenPurpose.INVITATION],
            )
            for user, secret in zip(users, made, strict=True)
        ),
        batch_size=1000,
    )
    return made
