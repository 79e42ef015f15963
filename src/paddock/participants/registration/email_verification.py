"""Confirming the address of an open registration: the verification links, their password,
`verify_earlier_registration`, sending a link again and asking for a new one."""

from django.db import transaction
from django.utils.translation import gettext as _

from paddock.accounts import services as accounts
from paddock.accounts.enums import TokenPurpose
from paddock.accounts.mail import send_after_commit
from paddock.accounts.models import AccountToken, User
from paddock.core.services import log_action
from paddock.events.models import Edition
from paddock.events.services.locking import lock_edition
from paddock.participants import join_requests
from paddock.participants.enums import JoinRequestStatus, ParticipantStatus
from paddock.participants.models import JoinRequest, Participant
from paddock.participants.registration.common import (
    RegistrationError,
    check_form_password,
    mark_registered,
    registration_of,
)
from paddock.participants.registration.invitations import invitations_open, tell_organisers
from paddock.participants.registration_emails import never_confirmed, send_verification


def send_verification_on_commit(
    participant: Participant | JoinRequest, *, password: str = ""
) -> None:
    """`password`: the hash confirming the link sets (an open form's), or none."""
    secret = accounts.issue_token(
        participant.user,
        purpose=TokenPurpose.EMAIL_VERIFICATION,
        edition=participant.edition,
        by=participant.user,
        password=password,
    )
    send_after_commit(send_verification, participant, secret)


def _password_to_confirm(user: User, link_password: str) -> str:
    """The hash of the password that confirming the address asks for, empty when none: the
    one given with the link's form (else, for a link older than that, the account's), while
    nobody confirmed the account's address. A click alone would otherwise hand whoever filled
    the form in the account of the address's owner; an account active already keeps its own
    password, which the link never changes."""
    if not never_confirmed(user):
        return ""
    return link_password or user.password


def check_confirmable(edition: Edition) -> None:
    """Refuses to confirm an open registration, or a request to join, sent before the edition
    closed, once it is closed: as an invitation, it would let someone into an edition that is
    over. Raises RegistrationError `closed`."""
    if not invitations_open(edition):
        message = _("%(edition)s is closed: its registrations can no longer be confirmed.")
        raise RegistrationError(message % {"edition": edition.name}, code="closed")


def confirmation_asks_password(token: AccountToken) -> bool:
    """Whether the confirmation link's page asks for the password given on the form."""
    return bool(_password_to_confirm(token.user, token.password))


@transaction.atomic
def verify_earlier_registration(
    edition: Edition, *, token: str, password: str = ""
) -> Participant | JoinRequest:
    """Confirm the address of an open registration made before forms were kept (its account,
    participant and link exist already): the account becomes active and the
    participant `registered`, waiting for the organiser's validation; or the request to join a
    company `pending`, waiting for an answer. While the account's address was never confirmed,
    `password` must be the one given on the form (`_password_to_confirm`): the link alone is
    worth nothing, nor the password alone.

    Uses the link once and locks the user's and the participant's (or request's) rows. Raises
    accounts' TokenError (`turned_off` for an account the site's administrators turned off,
    which the link leaves as it is), RegistrationError `wrong_password` (field `password`; the
    link stays usable, and the caller counts a failed login), `removed`, `already_registered`,
    and JoinRequestError `not_pending`; RegistrationError `closed` once the edition is closed
    (`check_confirmable`), read under the edition's lock, taken first (`lock_edition`): a
    confirmation racing the closing waits for it, then is refused.
    """
    check_confirmable(lock_edition(edition))
    used = accounts.use_token(token, purpose=TokenPurpose.EMAIL_VERIFICATION, edition=edition)
    user = User.objects.select_for_update().get(pk=used.user_id)
    accounts.check_not_turned_off(user)
    expected = _password_to_confirm(user, used.password)
    if expected:
        check_form_password(password, expected)
    join = join_requests.open_join_request(edition, user)
    participant = None if join is not None else registration_of(edition, user)
    if used.password and never_confirmed(user):
        # The password given with this link: a form sent since, by anyone, changed nothing.
        user.password, user.is_active = used.password, True
        user.save(update_fields=["password", "is_active"])
        accounts.revoke_tokens_for_link_password(user)
    elif not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    # The address is confirmed: no link needs a form's password any more (no hash kept).
    user.tokens.filter(purpose=TokenPurpose.EMAIL_VERIFICATION).exclude(password="").update(
        password=""
    )
    if join is not None:
        accounts.retire_tokens(user, edition=edition)
        return join_requests.confirm_join_request(join, by=user)
    assert participant is not None  # noqa: S101 -- registration_of returned or raised
    mark_registered(participant, by=user, via="email_verification")
    return participant


@transaction.atomic
def resend_verification(edition: Edition, *, email: str) -> bool:
    """A new verification link for an open registration still waiting for it, for someone
    who lost the first mail and fills in the form again; False when there is none to resend.

    Locks the participant's (or the request to join's) row.
    """
    user = User.objects.filter(email__iexact=email.strip()).first()
    waiting = awaiting_confirmation(edition, user) if user is not None else None
    if (
        waiting is None
        or not waiting.user.tokens.filter(
            edition=edition, purpose=TokenPurpose.EMAIL_VERIFICATION
        ).exists()
    ):
        return False
    # The password of the form that made this registration, not the one typed now, nor one a
    # later form (anyone's) put on the unconfirmed account.
    send_verification_on_commit(waiting, password=_link_password(edition, waiting.user))
    log_action("participant.new_verification_link", by=waiting.user, edition=edition)
    return True


def _link_password(edition: Edition, user: User) -> str:
    """The hash of the password given on the form that made the user's registration in the
    edition (kept on its latest confirmation link), empty for none."""
    return (
        user.tokens.filter(edition=edition, purpose=TokenPurpose.EMAIL_VERIFICATION)
        .exclude(password="")
        .order_by("-created_at")
        .values_list("password", flat=True)
        .first()
        or ""
    )


def awaiting_confirmation(edition: Edition, user: User) -> Participant | JoinRequest | None:
    """The user's open registration or request to join still waiting for its email
    confirmation, locked; None otherwise."""
    participant = (
        edition.participants.select_for_update(of=("self",))
        .select_related("user")
        .filter(user=user, status=ParticipantStatus.INVITED)
        .first()
    )
    if participant is not None:
        return participant
    join = join_requests.open_join_request(edition, user)
    return join if join is not None and join.status == JoinRequestStatus.UNCONFIRMED else None


@transaction.atomic
def ask_for_new_token_link(edition: Edition, *, token: str, purpose: TokenPurpose) -> str:
    """Someone holds a link (an invitation's, or the verification link of a registration made
    before forms were kept) that no longer works: a new verification link goes to their
    address (`"sent"`), or the organisers hear that they want a new invitation
    (`"organisers_told"`).

    Raises RegistrationError `invalid` for an unknown link, `already_registered` and `removed`,
    and `closed` once the edition is closed (`check_confirmable`, `tell_organisers`).
    """
    try:
        stored = accounts.find_token(token, purpose=purpose, edition=edition)
    except accounts.TokenError as error:
        stored = error.token
    if stored is None:
        raise RegistrationError(_("This link is not valid."), code="invalid")
    if purpose == TokenPurpose.EMAIL_VERIFICATION:
        check_confirmable(edition)
        waiting = awaiting_confirmation(edition, stored.user)
        send_verification_on_commit(
            waiting or registration_of(edition, stored.user), password=stored.password
        )
        log_action("participant.new_verification_link", by=stored.user, edition=edition)
        return "sent"
    tell_organisers(registration_of(edition, stored.user))
    return "organisers_told"
