"""Writes about accounts: the single-use links sent by email (invitations, verifications,
choosing a password)."""

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from paddock.accounts.enums import MailKind, TokenPurpose
from paddock.accounts.mail import read_unsubscribe_token
from paddock.accounts.models import AccountToken, User
from paddock.accounts.outbox import drop_waiting_invitations
from paddock.api import services as api_tokens
from paddock.api.enums import RevokeReason
from paddock.core.exceptions import DomainError
from paddock.core.services import log_action

LIFETIMES = {
    TokenPurpose.INVITATION: dt.timedelta(days=14),
    TokenPurpose.TEAM_INVITATION: dt.timedelta(days=14),
    TokenPurpose.EMAIL_VERIFICATION: dt.timedelta(days=3),
    TokenPurpose.PASSWORD: dt.timedelta(days=7),
}


class TokenError(DomainError):
    """A link that cannot be used; `token` is the stored link when it is known at all."""

    code = "invalid"

    def __init__(self, message: str, *, code: str, token: AccountToken | None = None) -> None:
        super().__init__(message, code=code)
        self.token = token


def link_digest(secret: str) -> str:
    """What is stored of a link's secret (`AccountToken.digest`)."""
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def issue_token(
    user: User, *, purpose: TokenPurpose, edition: Any = None, by: Any, password: str = ""
) -> str:
    """A new link for `user`, replacing the unused ones of the same purpose and edition (an
    invitation waiting in the outbox with the link replaced goes: `drop_waiting_invitations`);
    `password`, a hash, is the one an open form chose, which confirming the link sets.

    Returns the secret to put in the link; only its digest is stored.
    """
    now = timezone.now()
    AccountToken.objects.filter(
        user=user, edition=edition, purpose=purpose, used_at=None, replaced_at=None
    ).update(replaced_at=now)
    if purpose == TokenPurpose.INVITATION:
        drop_waiting_invitations(user, edition)
    secret = secrets.token_urlsafe(32)
    AccountToken.objects.create(
        user=user,
        edition=edition,
        purpose=purpose,
        digest=link_digest(secret),
        created_by=by if getattr(by, "is_authenticated", False) else None,
        expires_at=now + LIFETIMES[purpose],
        password=password,
    )
    return secret


def find_token(secret: str, *, purpose: TokenPurpose, edition: Any = None) -> AccountToken:
    """The usable link with this secret; reads only.

    Raises TokenError `invalid` (unknown, other purpose or edition), `used`, `replaced` or
    `expired`; the last three carry the token, so that the page can offer a new link.
    """
    token = (
        AccountToken.objects.select_related("user")
        .filter(digest=link_digest(secret), purpose=purpose, edition=edition)
        .first()
    )
    return _usable(token)


def _usable(token: AccountToken | None) -> AccountToken:
    if token is None:
        raise TokenError(
            _("This link is not valid. Check that it was copied whole."), code="invalid"
        )
    if token.used_at is not None:
        raise TokenError(_("This link was used already."), code="used", token=token)
    if token.replaced_at is not None:
        raise TokenError(
            _("A newer link was sent since this one: use the most recent email."),
            code="replaced",
            token=token,
        )
    if token.expires_at <= timezone.now():
        raise TokenError(_("This link has expired."), code="expired", token=token)
    return token


def has_usable_token(user: User, *, purpose: TokenPurpose, edition: Any = None) -> bool:
    """Whether a link of this purpose sent to the user still works (not used, replaced or
    expired)."""
    return AccountToken.objects.filter(
        user=user,
        edition=edition,
        purpose=purpose,
        used_at=None,
        replaced_at=None,
        expires_at__gt=timezone.now(),
    ).exists()


def use_token(secret: str, *, purpose: TokenPurpose, edition: Any = None) -> AccountToken:
    """Marks the link used, once: the caller's transaction holds the token's row locked.

    Must run inside a transaction (the caller's service); raises what `find_token` raises.
    """
    token = (
        AccountToken.objects.select_for_update()
        .filter(digest=link_digest(secret), purpose=purpose, edition=edition)
        .first()
    )
    token = _usable(token)
    token.used_at = timezone.now()
    token.save(update_fields=["used_at"])
    return token


# The links of taking part in an edition, which registration's end retires.
REGISTRATION_PURPOSES = (TokenPurpose.INVITATION, TokenPurpose.EMAIL_VERIFICATION)


def retire_tokens(
    user: User, *, edition: Any, purposes: Iterable[TokenPurpose] = REGISTRATION_PURPOSES
) -> int:
    """Marks the user's unused links of these purposes for this edition replaced (registration
    is done, by default; a team invitation's links are retired by the team's services)."""
    return AccountToken.objects.filter(
        user=user, edition=edition, purpose__in=list(purposes), used_at=None, replaced_at=None
    ).update(replaced_at=timezone.now())


def check_not_turned_off(user: User | None, *, token: AccountToken | None = None) -> None:
    """Refuses a link followed for an account the site's administrators turned off
    (`User.is_turned_off`): their decision wins over an organiser's invitation, and a link
    neither makes the account active again nor does anything in its name. Raised before
    anything changes, inside the caller's transaction, so the link stays unused and works if
    they turn the account on again within its validity. Raises TokenError `turned_off`."""
    if user is not None and user.is_turned_off:
        raise TokenError(
            _("This account was turned off by the site's administrators: ask the organisers."),
            code="turned_off",
            token=token,
        )


def not_disabled(token: AccountToken) -> AccountToken:
    """The link, unless the site's administrators turned its account off
    (`check_not_turned_off`) or disabled its password (`User.is_password_disabled`): a link
    never gives either back. Raises TokenError `turned_off` or `disabled`."""
    check_not_turned_off(token.user, token=token)
    if token.user.is_password_disabled:
        raise TokenError(
            _("This account is disabled: ask the site's administrators."),
            code="disabled",
            token=token,
        )
    return token


def without_password(token: AccountToken) -> AccountToken:
    """The link, when its account has no password yet: a link alone never replaces one, nor
    gives back a disabled one or an account turned off (`not_disabled`). Raises TokenError
    `password_set`, `disabled` or `turned_off` otherwise."""
    not_disabled(token)
    if token.user.has_usable_password():
        raise TokenError(
            _("Your password is chosen already: log in with it, or reset it if you forgot it."),
            code="password_set",
            token=token,
        )
    return token


def find_password_link(secret: str) -> AccountToken:
    """The usable set-password link with this secret, of an account with no password yet.

    Reads only. Raises what `find_token` raises, TokenError `password_set` once the account
    has a password (chosen through another link or a password reset), and what `not_disabled`
    raises.
    """
    return without_password(find_token(secret, purpose=TokenPurpose.PASSWORD))


@transaction.atomic
def set_password_from_link(secret: str, *, password: str) -> User:
    """Give the link's account its first password, and use the link.

    Locks the link's and the user's rows; revokes the account's API tokens
    (`revoke_tokens_for_link_password`). Raises what `find_password_link` raises, and
    ValidationError on `password` when Django's password validators refuse it; the link stays
    usable after an error.
    """
    token = use_token(secret, purpose=TokenPurpose.PASSWORD)
    user = User.objects.select_for_update().get(pk=token.user_id)
    token.user = user
    without_password(token)
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}, code="weak_password") from error
    user.set_password(password)
    user.save(update_fields=["password"])
    log_action("account.set_password", by=user, obj=user, via="link")
    revoke_tokens_for_link_password(user)
    return user


def revoke_tokens_for_link_password(user: User) -> int:
    """A password chosen through a link mailed by an organiser's action (a set-password
    link, an invitation, a team invitation, an open form's confirmation) revokes the account's
    tokens (`api.services.revoke_tokens_of`): whoever holds the link proved they read the
    address's mail, not that they held the account. Call it in the transaction that saves the
    password. Returns how many."""
    return api_tokens.revoke_tokens_of(user, by=user, reason=RevokeReason.PASSWORD_LINK)


class UnsubscribeError(DomainError):
    code = "invalid_unsubscribe_link"


def unsubscribe_link_owner(token: str) -> tuple[User, MailKind]:
    """The user and the kind of email of a signed unsubscribe link. Reads only.

    Raises UnsubscribeError `invalid_unsubscribe_link` for a link tampered with, of an unknown
    kind or of a user who no longer exists."""
    try:
        user_id, kind = read_unsubscribe_token(token)
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise UnsubscribeError(_("This unsubscribe link is not valid.")) from error
    user = User.objects.filter(pk=user_id).first()
    if user is None or kind not in MailKind.values:
        raise UnsubscribeError(_("This unsubscribe link is not valid."))
    return user, MailKind(kind)


@transaction.atomic
def set_mail_opt_outs(user: User, *, by: Any, opt_outs: Iterable[str]) -> User:
    """Store the kinds of non-essential emails the user no longer receives (the others they
    receive again), and log the change.

    Locks the user's row. Raises ValidationError on `opt_outs` for an unknown kind."""
    wanted_out = sorted(set(opt_outs))
    unknown = [kind for kind in wanted_out if kind not in MailKind.values]
    if unknown:
        raise ValidationError(
            {"opt_outs": _("Unknown kind of email: %(kinds)s.") % {"kinds": ", ".join(unknown)}},
            code="unknown_mail_kind",
        )
    locked = User.objects.select_for_update().get(pk=user.pk)
    before = sorted(locked.mail_opt_outs)
    locked.mail_opt_outs = wanted_out
    locked.save(update_fields=["mail_opt_outs"])
    log_action("account.mail_preferences", by=by, obj=locked, before=before, after=wanted_out)
    user.mail_opt_outs = wanted_out
    return locked


def unsubscribe(user: User, *, by: Any, kinds: Iterable[str]) -> User:
    """Add `kinds` to the user's opt-outs, through `set_mail_opt_outs` (same locks, errors)."""
    with transaction.atomic():
        current = User.objects.select_for_update().get(pk=user.pk).mail_opt_outs
        return set_mail_opt_outs(user, by=by, opt_outs=[*current, *kinds])
