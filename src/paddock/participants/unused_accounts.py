"""Accounts made for an invitation and never used: deleted once nothing waits for them, so
that an address someone typed leaves no account behind when its owner says no (issue 16).

An account is unused when it has no usable password and never logged in; it is held while
anything names it: a participation (whatever its status), a team role or invitation, a request
to join a company, an erasure request, an organiser's membership, an API token, or staff
rights.
"""

import datetime as dt
from typing import Any

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from paddock.accounts.enums import TokenPurpose
from paddock.accounts.models import User
from paddock.accounts.services import LIFETIMES
from paddock.core.services import log_action
from paddock.participants.enums import AWAITING_CONSENT
from paddock.participants.models import Participant

# Reverse relations whose rows hold an account: the apps that own them sit above this one, so
# they are named, not imported.
_HOLDERS = (
    "edition_memberships",
    "team_invitations",
    "join_requests",
    "erasure_requests",
    "organisers",
    "api_tokens",
)


def unused_accounts(
    *, besides: Participant | None = None, invitations_hold: bool = True
) -> QuerySet[User]:
    """Accounts nobody used that nothing holds, `besides` (a participation about to let go of
    its account) aside; without `invitations_hold`, participations not accepted (invited,
    declined) do not count either."""
    participations = Participant.objects.all()
    if besides is not None:
        participations = participations.exclude(pk=besides.pk)
    if not invitations_hold:
        participations = participations.exclude(status__in=AWAITING_CONSENT)
    return (
        User.objects.filter(password__startswith=UNUSABLE_PASSWORD_PREFIX, last_login=None)
        .filter(is_staff=False, is_superuser=False)
        .exclude(pk__in=participations.filter(user__isnull=False).values("user"))
        .filter(**{f"{holder}__isnull": True for holder in _HOLDERS})
    )


def release_account(participant: Participant, *, by: Any) -> bool:
    """Delete the account of a participation that gave it up (a declined invitation, an
    open registration that replaces it) when the account was made for it and never used: the
    participation stays, without account, showing what the organisers typed. Call inside the
    transaction that changed the participation; locks the account's row, which every
    addition by address locks too (`services.add_participant`), so that none attaches it
    meanwhile. Returns whether the account went."""
    user = participant.user
    if user is None:
        return False
    User.objects.select_for_update().filter(pk=user.pk).first()
    if not unused_accounts(besides=participant).filter(pk=user.pk).exists():
        return False
    participant.user = None
    participant.save(update_fields=["user"])
    log_action("account.delete_unused", by=by, edition=participant.edition, obj=f"user #{user.pk}")
    user.delete()
    return True


def delete_unused_accounts(*, now: dt.datetime | None = None) -> int:
    """Delete the accounts that nobody used and nothing holds any more, made longer ago than
    an invitation's link lasts (a team invitation withdrawn, say). Returns how many went."""
    made_before = (now or timezone.now()) - LIFETIMES[TokenPurpose.INVITATION]
    doomed = list(
        unused_accounts().filter(date_joined__lt=made_before).values_list("pk", flat=True)
    )
    deleted = 0
    for pk in doomed:
        with transaction.atomic():
            # Locked, then asked again: an invitation may have taken the account meanwhile.
            User.objects.select_for_update().filter(pk=pk).first()
            if unused_accounts().filter(pk=pk).delete()[1].get(User._meta.label, 0):
                log_action("account.delete_unused", by=None, obj=f"user #{pk}")
                deleted += 1
    return deleted
