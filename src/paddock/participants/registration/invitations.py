"""Organisers' invitations: inviting, sending the link again, accepting, declining (and the
declined invitation's links), and asking the organisers for a new invitation."""

from collections.abc import Sequence
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from paddock.accounts import services as accounts
from paddock.accounts.enums import OutgoingMailKind, TokenPurpose
from paddock.accounts.mail import language_for, send_after_commit
from paddock.accounts.models import AccountToken, User
from paddock.accounts.outbox import queued_mail
from paddock.core.services import log_action
from paddock.events.models import Edition
from paddock.events.services.locking import lock_edition
from paddock.participants import services
from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Company, DeclinedInvitationLink, Participant
from paddock.participants.registration.common import (
    RegistrationError,
    accepted_consent,
    check_chosen_password,
    mark_registered,
    registration_of,
)
from paddock.participants.registration_emails import send_invitation, send_new_link_request
from paddock.participants.unused_accounts import release_account


def _set_language_if_blank(user: User, language: str) -> None:
    if not user.preferred_language and language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])


def invitations_open(edition: Edition) -> bool:
    """Whether the edition takes invitations: not once closed. For the pages, which offer the
    button only then; the services check again under the edition's lock."""
    return edition.takes_new_people


def check_invitations_open(edition: Edition) -> None:
    """Refuses an invitation, or a new invitation link, into a closed edition: the
    convention is over, and the link would ask someone to take part in it. Locks the edition
    (`lock_edition`, so that a closing waits or is seen; call it before locking any account or
    participant). Raises RegistrationError `closed`."""
    if not invitations_open(lock_edition(edition)):
        raise RegistrationError(invitations_closed_message(edition), code="closed")


def invitations_closed_message(edition: Edition) -> str:
    return _("%(edition)s is closed: nobody can be invited to it.") % {"edition": edition.name}


def check_invitation_acceptable(edition: Edition) -> None:
    """Refuses to accept an invitation, sent before the edition closed, once it is closed.
    Reads `edition` as given: for the pages; the acceptance checks again under the edition's
    lock. Raises RegistrationError `closed`."""
    if not invitations_open(edition):
        message = _("%(edition)s is closed: its invitations can no longer be accepted.")
        raise RegistrationError(message % {"edition": edition.name}, code="closed")


@transaction.atomic
def invite_participant(
    edition: Edition,
    *,
    by: Any,
    email: str,
    first_name: str,
    last_name: str,
    company: Company | None = None,
    company_fields: dict[str, Any] | None = None,
    job_title: str = "",
    role: str,
    languages: Sequence[str],
    language: str,
) -> Participant:
    """Add the person as `invited` and email them a personal link to accept or decline: how an
    organiser adds anyone, since an address may belong to an account, whose owner alone agrees
    to take part.

    Takes an existing `company` of the edition, or creates one from `company_fields`. The mail
    is in the account's language if it has one, else in `language`, and leaves once the
    transaction commits. An existing account is left unchanged. Raises RegistrationError
    `closed` (`check_invitations_open`), `declined` (field `email`) for someone who declined an
    invitation to the edition, and what `services.create_company` and `services.add_participant`
    raise (ParticipantError `already_participating` on `email`, ValidationError naming the
    field).
    """
    check_invitations_open(edition)
    _check_not_declined(edition, email.strip())
    if company is None:
        company = services.create_company(edition, by=by, **(company_fields or {}))
    participant = services.add_participant(
        edition,
        by=by,
        email=email,
        first_name=first_name,
        last_name=last_name,
        company=company,
        job_title=job_title,
        role=role,
        languages=list(languages),
        status=ParticipantStatus.INVITED,
    )
    user = participant.user
    if user.has_usable_password():
        language = user.preferred_language or language
    else:  # an account nobody has used yet, such as the one just made for this invitation
        _set_language_if_blank(user, language)
    _send_invitation_on_commit(participant, by=by, language=language)
    log_action("participant.invite", by=by, edition=edition, obj=participant, language=language)
    return participant


def _send_invitation_on_commit(participant: Participant, *, by: Any, language: str) -> None:
    secret = accounts.issue_token(
        participant.user, purpose=TokenPurpose.INVITATION, edition=participant.edition, by=by
    )
    send_after_commit(send_invitation, participant, secret, language=language)


@transaction.atomic
def resend_invitation(participant: Participant, *, by: Any, language: str = "") -> Participant:
    """A new invitation link for a participant still `invited`; earlier links stop working.

    Locks the edition, then the participant's row. Raises RegistrationError `closed`
    (`check_invitations_open`), `declined` when the person declined (they are not asked
    twice), `already_registered` otherwise.
    """
    check_invitations_open(participant.edition)
    locked = Participant.objects.select_for_update().get(pk=participant.pk)
    if locked.status == ParticipantStatus.DECLINED:
        raise RegistrationError(
            _("%(name)s declined the invitation.") % {"name": participant.name_for_organisers()},
            code="declined",
        )
    if locked.status != ParticipantStatus.INVITED:
        raise RegistrationError(
            _("%(name)s has registered already: there is nothing to resend.")
            % {"name": participant.name_for_organisers()},
            code="already_registered",
        )
    language = language or language_for(participant.user, participant.edition)
    _send_invitation_on_commit(participant, by=by, language=language)
    log_action(
        "participant.resend_invitation",
        by=by,
        edition=participant.edition,
        obj=participant,
        language=language,
    )
    return participant


def invitation_needs_login(invitee: User) -> bool:
    """The invitee's account can log in already: accepting takes its password (a login as that
    account), not the link alone, which anyone it was forwarded to holds too."""
    return invitee.is_active and invitee.has_usable_password()


def check_invitation_acceptor(invitee: User, *, by: Any) -> None:
    """Only the invitee accepts: logged in as that account when it has a password, else
    anonymous (choosing the new account's password). Reads only.

    Raises RegistrationError `wrong_account` (someone else is logged in) or `login_required`.
    """
    if getattr(by, "is_authenticated", False):
        if by.pk != invitee.pk:
            raise RegistrationError(
                _(
                    "This invitation is for %(invitee)s, and you are logged in as %(user)s: "
                    "log out, then open the link again."
                )
                % {"invitee": invitee.email, "user": by.email},
                code="wrong_account",
            )
    elif invitation_needs_login(invitee):
        raise RegistrationError(
            _("An account exists for %(email)s: log in with its password to accept.")
            % {"email": invitee.email},
            code="login_required",
        )


@transaction.atomic
def register_from_invitation(
    edition: Edition,
    *,
    token: str,
    by: Any,
    password: str,
    first_name: str,
    last_name: str,
    job_title: str,
    languages: Sequence[str],
    consent_version: str,
) -> Participant:
    """Accept an invitation: the account becomes usable and the participant `registered`,
    having accepted the privacy notice's `consent_version`.

    The link came by email, so it also verifies the address. An account that can log in
    already accepts only when `by` is that account, and keeps its password (`password` is
    ignored) and API tokens; any other account must choose its `password`, `by` being
    anonymous, which revokes its tokens (an administrator may have made some for it:
    `accounts.revoke_tokens_for_link_password`). An account the site's administrators turned
    off is refused, and stays as it is (`accounts.not_disabled`). Uses the link once and
    locks the user's and the participant's rows. Raises accounts' TokenError (`invalid`,
    `used`, `replaced`, `expired`, `disabled`, `turned_off`), RegistrationError
    (`wrong_account`, `login_required`, `removed`, `already_registered`; `consent_required`
    and `consent_outdated` on the field `consent`) and ValidationError naming the field; the
    link stays usable after an error. Raises RegistrationError `closed` once the edition
    is closed, read under the edition's lock (`lock_edition`, taken first): an acceptance
    racing the closing waits for it, then is refused.
    """
    check_invitation_acceptable(lock_edition(edition))
    used = accounts.use_token(token, purpose=TokenPurpose.INVITATION, edition=edition)
    user = User.objects.select_for_update().get(pk=used.user_id)
    used.user = user
    accounts.not_disabled(used)
    check_invitation_acceptor(user, by=by)
    participant = registration_of(edition, user)
    for name, value in accepted_consent(edition, consent_version).items():
        setattr(participant, name, value)
    sets_password = not invitation_needs_login(user)
    if sets_password:
        if not password:
            raise ValidationError({"password": _("Choose a password.")}, code="password_required")
        check_chosen_password(password, user)
        user.set_password(password)
    user.first_name, user.last_name, user.is_active = first_name, last_name, True
    user.save()
    if sets_password:
        accounts.revoke_tokens_for_link_password(user)
    participant.job_title = job_title
    participant.languages = list(languages)
    mark_registered(participant, by=user, via="invitation")
    return participant


@transaction.atomic
def decline_invitation(edition: Edition, *, token: str) -> Participant:
    """The invited person says no: the participant becomes `declined`, which is all its
    organisers see, and the invitation's links stop working. An account made for the
    invitation and never used is deleted (`unused_accounts.release_account`).

    The link alone is enough, without logging in: it reached the person's address, and saying
    no gives nobody access. Uses the link and locks the participant's row. Raises accounts'
    TokenError and RegistrationError (`removed`, `already_registered`).
    """
    used = accounts.use_token(token, purpose=TokenPurpose.INVITATION, edition=edition)
    participant = registration_of(edition, used.user)
    participant.status = ParticipantStatus.DECLINED
    participant.save(update_fields=["status"])
    accounts.retire_tokens(used.user, edition=edition)
    _keep_declined_links(participant)
    log_action("participant.decline_invitation", by=used.user, edition=edition, obj=participant)
    release_account(participant, by=None)
    return participant


def _keep_declined_links(participant: Participant) -> None:
    """Every invitation link the person was sent for the edition, which may go with their
    account, is remembered as declined (`declined_link`)."""
    links = AccountToken.objects.filter(
        user=participant.user, edition=participant.edition, purpose=TokenPurpose.INVITATION
    )
    DeclinedInvitationLink.objects.bulk_create(
        DeclinedInvitationLink(participant=participant, digest=digest)
        for digest in links.values_list("digest", flat=True)
    )


def declined_link(edition: Edition, token: str) -> RegistrationError | None:
    """The answer to an invitation link of the edition whose invitation was declined, whether
    or not its account still exists; None for any other link. Reads only; tells nothing the
    link's holder did not know (only a declined invitation's own links match)."""
    digest = accounts.link_digest(token)
    if not DeclinedInvitationLink.objects.filter(
        participant__edition=edition,
        participant__status=ParticipantStatus.DECLINED,
        digest=digest,
    ).exists():
        return None
    return RegistrationError(_("This invitation was declined."), code="declined")


# A link by which an invited person, told so after sending the open form, asks the organisers
# for a new invitation: signed, not stored, and as short-lived as a verification link.
NEW_INVITATION_SALT = "paddock.participants.new-invitation"


def new_invitation_request(participant: Participant) -> str:
    return signing.dumps(
        {"participant": participant.pk, "user": participant.user_id},
        salt=NEW_INVITATION_SALT,
        compress=True,
    )


@transaction.atomic
def ask_for_new_invitation(edition: Edition, *, signed: str) -> Participant:
    """The invited person asks, by the link of the mail answering the open form, for a new
    invitation: the organisers are told, as from an expired invitation link
    (`ask_for_new_link`).

    Locks the participant's row. Raises RegistrationError `invalid` (tampered with, or of
    another edition or person), `link_expired`, `declined`, `removed` and
    `already_registered`.
    """
    invalid = RegistrationError(_("This link is not valid."), code="invalid")
    lifetime = accounts.LIFETIMES[TokenPurpose.EMAIL_VERIFICATION]
    try:
        data = signing.loads(signed, salt=NEW_INVITATION_SALT, max_age=lifetime)
    except signing.SignatureExpired as error:
        raise RegistrationError(_("This link has expired."), code="link_expired") from error
    except (signing.BadSignature, ValueError) as error:
        raise invalid from error
    named = edition.participants.filter(
        pk=data.get("participant"), user_id=data.get("user")
    ).first()
    if named is None:
        raise invalid
    if named.status == ParticipantStatus.DECLINED:
        raise RegistrationError(_("This invitation was declined."), code="declined")
    participant = registration_of(edition, named.user)
    tell_organisers(participant)
    return participant


# At most one word to the organisers per invited person and window, however often a link
# asking for a new invitation is used: a replayed link must not flood them.
NEW_INVITATION_REQUEST_RATE = "1/h"


def tell_organisers(participant: Participant) -> None:
    """The organisers hear that the invited person wants a new invitation, unless they heard
    it within the window (NEW_INVITATION_REQUEST_RATE): the answer is the same. Raises
    RegistrationError `closed` once the edition is closed: no new invitation could follow."""
    check_invitation_acceptable(participant.edition)
    if is_ratelimited(
        None,
        group="participants:new-invitation-request",
        key=lambda _group, _request: str(participant.pk),
        rate=NEW_INVITATION_REQUEST_RATE,
        increment=True,
    ):
        return
    # Nobody waits for it on a page: the outbox retries it while the mail server fails.
    with queued_mail(kind=OutgoingMailKind.NEW_LINK_REQUEST, edition=participant.edition):
        send_new_link_request(participant)
    log_action(
        "participant.ask_new_invitation",
        by=participant.user,
        edition=participant.edition,
        obj=participant,
    )


def _check_not_declined(edition: Edition, email: str) -> None:
    """Organisers do not invite twice someone who declined (RegistrationError `declined`, field
    `email`), even once the account made for the invitation is gone."""
    declined = edition.participants.filter(status=ParticipantStatus.DECLINED)
    if declined.filter(Q(invited_email__iexact=email) | Q(user__email__iexact=email)).exists():
        raise RegistrationError(
            _("%(email)s declined the invitation to this edition.") % {"email": email},
            code="declined",
            field="email",
        )
