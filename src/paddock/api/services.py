"""Writes of API tokens: create (the secret is returned once), revoke, note their use, warn
their owners before they end, and delete the ones that ended long ago."""

import datetime as dt
import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable
from itertools import groupby
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from paddock.accounts.enums import OutgoingMailKind
from paddock.accounts.mail import reachable
from paddock.accounts.outbox import queued_mail
from paddock.api.emails import send_token_end_warning
from paddock.api.enums import DEFAULT_VALIDITY, RevokeReason, TokenValidity
from paddock.api.models import ApiToken
from paddock.api.queries import live_tokens_of
from paddock.core.exceptions import DomainError
from paddock.core.services import log_action
from paddock.events.models import Edition

TOKEN_START = "pdk_"  # noqa: S105  (the public start of every token, not a secret)
PREFIX_BYTES = 6  # 8 URL-safe characters: enough to tell tokens apart, and public
SECRET_BYTES = 32
# A token revoked or ended this long ago is deleted (periodic): until then its owner sees on
# the tokens page what became of it, and a tool still sending it is told it `expired`.
KEEP_DAYS = 90
# Days before a token's end when its owner is mailed, once each: a week leaves time to make
# a new token and put it in the tool, a weekend or a short absence included; the last day
# catches a first mail overlooked. The tokens page marks a token "ends soon" from the first.
END_WARNING_DAYS = (7, 1)


class TokenError(DomainError):
    code = "token_error"


class ExpiredTokenError(TokenError):
    """The token's text is right but its end has passed; `expires_at` says when."""

    code = "expired"

    def __init__(self, expires_at: dt.datetime) -> None:
        super().__init__(_("This token has ended."), code=self.code)
        self.expires_at = expires_at


def hash_secret(secret: str) -> str:
    """SHA-256 is enough: the secret is 32 random bytes, nothing a dictionary could guess."""
    return hashlib.sha256(secret.encode()).hexdigest()


# URL-safe base64 of the random bytes: anything else (a NUL byte, which PostgreSQL refuses
# in text, for one) is no token and never reaches the database.
_TOKEN = re.compile(re.escape(TOKEN_START) + r"([A-Za-z0-9_-]{1,16})\.([A-Za-z0-9_-]{1,100})")


def split_token(raw: str) -> tuple[str, str] | None:
    """(prefix, secret) of a token as shown to its owner, or None when it cannot be one."""
    found = _TOKEN.fullmatch(raw)
    return (found[1], found[2]) if found else None


@transaction.atomic
def create_token(
    user: Any,
    *,
    by: Any,
    name: str,
    editions: Iterable[Edition],
    can_write: bool = False,
    valid_days: int = DEFAULT_VALIDITY,
) -> tuple[ApiToken, str]:
    """A new token of `user` reaching `editions` for `valid_days` days (one of TokenValidity);
    returns it with the full token text, which is never stored nor shown again.

    Raises TokenError `no_edition` (field `editions`) when no edition is given, `name_required`
    (field `name`) for an empty name, `validity` (field `valid_days`) for another length.
    """
    chosen = list(editions)
    name = name.strip()
    if not name:
        raise TokenError(_("Give the token a name."), code="name_required", field="name")
    if not chosen:
        raise TokenError(
            _("Choose at least one edition the token may reach."),
            code="no_edition",
            field="editions",
        )
    if valid_days not in TokenValidity.values:
        raise TokenError(_("Choose how long the token works."), code="validity", field="valid_days")
    prefix = secrets.token_urlsafe(PREFIX_BYTES)
    secret = secrets.token_urlsafe(SECRET_BYTES)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=prefix,
        secret_hash=hash_secret(secret),
        can_write=can_write,
        expires_at=timezone.now() + dt.timedelta(days=valid_days),
    )
    token.editions.set(chosen)
    log_action(
        "api_token.create",
        by=by,
        obj=token,
        editions=sorted(edition.slug for edition in chosen),
        can_write=can_write,
        valid_days=valid_days,
    )
    return token, f"{TOKEN_START}{prefix}.{secret}"


@transaction.atomic
def revoke_token(
    token: ApiToken, *, by: Any, reason: RevokeReason = RevokeReason.OWNER
) -> ApiToken:
    """Revoke the token for good; revoking it again changes nothing. Locks its row."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_because = reason
        token.save(update_fields=["revoked_at", "revoked_because"])
        extra = {} if reason == RevokeReason.OWNER else {"reason": str(reason)}
        log_action("api_token.revoke", by=by, obj=token, **extra)
    return token


@transaction.atomic
def revoke_tokens_of(user: Any, *, by: Any, reason: RevokeReason) -> int:
    """Revoke every token of `user` not yet revoked nor ended; one `api_token.revoke` entry
    each, with the reason. Returns how many. Locks their rows; call it in the transaction that
    saves the password.

    Called wherever a password is set by someone who did not prove they hold the account with
    its current password: "Forgotten password?" (`PASSWORD_RESET`), an administrator in the
    Django admin or with `changepassword` (`ADMIN_PASSWORD`), and a password chosen through a
    link an organiser's action mailed, an invitation, a team invitation, a set-password link
    or an open form's confirmation (`PASSWORD_LINK`). Whoever held the account before, or
    made a token for it, may not be who holds it now. The owner's own change while logged in
    keeps the tokens."""
    live = live_tokens_of(user).select_for_update().order_by("pk")
    revoked = [revoke_token(token, by=by, reason=reason) for token in live]
    return len(revoked)


def warn_of_token_ends(now: dt.datetime | None = None) -> int:
    """The periodic job: mail the owners of live tokens (neither revoked nor ended) that
    reached one of `END_WARNING_DAYS` before their end, one mail per owner listing them. Each
    warning goes once: the mail is written to the outbox in the transaction that records it
    (`ApiToken.end_warnings_sent`), and a token already within a later warning gets that one
    only. Nothing to an account inactive, erased or that no mail reaches. Returns how many
    mails."""
    now = now or timezone.now()
    candidates = (
        ApiToken.objects.filter(
            revoked_at__isnull=True,
            expires_at__gt=now,
            expires_at__lte=now + dt.timedelta(days=max(END_WARNING_DAYS)),
            end_warnings_sent__lt=len(END_WARNING_DAYS),
            user__is_active=True,
        )
        .select_related("user")
        .order_by("user_id", "expires_at", "pk")
    )
    due = [(token, _warning_due(token, now)) for token in candidates]
    due = [(token, stage) for token, stage in due if stage > token.end_warnings_sent]
    return sum(
        _warn_owner(list(pairs))
        for _user_id, pairs in groupby(due, key=lambda pair: pair[0].user_id)
    )


def _warning_due(token: ApiToken, now: dt.datetime) -> int:
    """How many of `END_WARNING_DAYS` the token's end is within."""
    left = token.expires_at - now
    return sum(left <= dt.timedelta(days=days) for days in END_WARNING_DAYS)


@transaction.atomic
def _warn_owner(due: list[tuple[ApiToken, int]]) -> int:
    """Record the warnings of one owner's tokens and write their mail; 1 when it is written.
    A token another run warned meanwhile, or revoked since it was read, is left out: the
    conditional UPDATE matches it no more."""
    owner = due[0][0].user
    if not reachable(owner):
        return 0
    claimed = [
        token
        for token, stage in due
        if ApiToken.objects.filter(
            pk=token.pk, end_warnings_sent=token.end_warnings_sent, revoked_at__isnull=True
        ).update(end_warnings_sent=stage)
    ]
    if not claimed:
        return 0
    with queued_mail(kind=OutgoingMailKind.API_TOKEN_END):
        send_token_end_warning(owner, claimed)
    return 1


def delete_old_tokens(now: dt.datetime | None = None) -> int:
    """Delete the tokens revoked or ended more than KEEP_DAYS ago (their owner's name for
    them goes with them; the audit log keeps their creation and revocation). Returns how
    many."""
    limit = (now or timezone.now()) - dt.timedelta(days=KEEP_DAYS)
    old = ApiToken.objects.filter(Q(revoked_at__lt=limit) | Q(expires_at__lt=limit))
    return int(old.delete()[1].get(ApiToken._meta.label, 0))


def token_for(raw: str) -> ApiToken | None:
    """The live token whose text this is (its user loaded), else None. The secret's hash is
    compared in constant time; the last use is noted at most once a minute.

    Raises ExpiredTokenError for the right text of a token whose end has passed (not revoked,
    of an active account): only its holder learns that it ended."""
    parts = split_token(raw.strip())
    if parts is None:
        return None
    prefix, secret = parts
    token = (
        ApiToken.objects.select_related("user")
        .filter(prefix=prefix, revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None or not hmac.compare_digest(token.secret_hash, hash_secret(secret)):
        return None
    now = timezone.now()
    if token.expires_at <= now:
        raise ExpiredTokenError(token.expires_at)
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
