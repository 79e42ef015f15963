"""The links of open forms kept until their address is confirmed (`PendingRegistration`):
issuing one, finding it, whether it can still be used, and a new one for an expired link."""

import secrets

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from paddock.accounts.enums import TokenPurpose
from paddock.accounts.mail import send_after_commit
from paddock.accounts.models import User
from paddock.accounts.services import LIFETIMES, TokenError, link_digest
from paddock.events.models import Edition
from paddock.participants.models import PendingRegistration
from paddock.participants.registration_emails import never_confirmed, send_pending_verification
from paddock.participants.unused_accounts import unused_accounts


def waiting_forms(edition: Edition, email: str) -> QuerySet[PendingRegistration]:
    """The address's forms in the edition whose links still work."""
    return PendingRegistration.objects.filter(
        edition=edition, email=email.lower(), used_at=None, expires_at__gt=timezone.now()
    )


def issue_pending_link(pending: PendingRegistration, *, mail: bool = True) -> str:
    """Saves `pending` with a new link (three days, as an email verification's) and, with
    `mail`, mails it once the transaction commits. Returns the link's secret; only its digest
    is stored. A form kept without a mail of its own is confirmed through another form's link
    with its password (`forms_a_link_confirms`)."""
    secret = secrets.token_urlsafe(32)
    pending.digest = link_digest(secret)
    pending.expires_at = timezone.now() + LIFETIMES[TokenPurpose.EMAIL_VERIFICATION]
    pending.save()
    if mail:
        account = User.objects.filter(email__iexact=pending.email).first()
        send_after_commit(
            send_pending_verification, pending, secret, language=_mail_language(account, pending)
        )
    return secret


# The other forms of an address whose passwords a link's page tries, newest first: each try
# hashes the password once (PBKDF2, 0.3 to 0.8 s on two cores), and the forms are few unless a
# stranger sends many.
OTHER_FORMS_TRIED = 5


def forms_a_link_confirms(linked: PendingRegistration) -> list[PendingRegistration]:
    """The forms that the link of `linked` confirms, with the password typed on that form: its
    own, then the address's other usable forms in the edition, newest first, at most
    OTHER_FORMS_TRIED. Any link mailed to the address proves the mailbox; the password tells
    whose form it is. So the owner's form, kept without a mail when the hour's mail to the
    address went to a stranger's form (`register_openly`), is confirmed through the
    stranger's link."""
    others = waiting_forms(linked.edition, linked.email).exclude(pk=linked.pk)
    return [linked, *others.order_by("-pk")[:OTHER_FORMS_TRIED]]


def _mail_language(account: User | None, pending: PendingRegistration) -> str:
    """An account used already keeps its language; otherwise the form's."""
    if account is None or account_takes_form_password(account):
        return pending.language
    return account.preferred_language or pending.language


def account_takes_form_password(account: User | None) -> bool:
    """Whether confirming a form for this account's address sets the form's password and
    names (and so asks for the password on the link's page): no account yet, one whose
    address nobody confirmed, or one nobody used, held by nothing but invitations. An account
    someone uses keeps its own, and the link alone confirms the address."""
    return (
        account is None
        or never_confirmed(account)
        or unused_accounts(invitations_hold=False).filter(pk=account.pk).exists()
    )


def pending_for_link(edition: Edition, secret: str) -> PendingRegistration | None:
    """The kept form whose link has this secret, usable or not; None for a link that is not
    one (an email verification link of an earlier version, or nothing)."""
    return PendingRegistration.objects.filter(edition=edition, digest=link_digest(secret)).first()


def check_pending_usable(pending: PendingRegistration) -> None:
    """Raises accounts' TokenError `used` or `expired`."""
    if pending.used_at is not None:
        raise TokenError(_("This link was used already."), code="used")
    if pending.expires_at <= timezone.now():
        raise TokenError(_("This link has expired."), code="expired")
