"""The participant's side of registration: invitations, their acceptance, the open form, email
verification. The emails that go with them are in `registration_emails.py`.

Status flow: the organiser's invitation and the open form both create a participant `invited`;
accepting the invitation or confirming the email address makes it `registered`, which puts it
in the organiser's validation queue (`services.validate_participant`). The open form never
joins a company that takes part already: it asks to join it instead (`join_requests.py`).
"""

from collections.abc import Sequence
from functools import partial
from typing import Any

from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from paddock.accounts import services as accounts
from paddock.accounts.enums import TokenPurpose
from paddock.accounts.mail import absolute_url, language_for
from paddock.accounts.models import AccountToken, User
from paddock.core.exceptions import DomainError
from paddock.core.services import log_action
from paddock.events.models import Edition
from paddock.events.privacy import consent_text
from paddock.participants import join_requests, services
from paddock.participants.enums import JoinRequestStatus, ParticipantStatus
from paddock.participants.models import (
    Company,
    DeclinedInvitationLink,
    JoinRequest,
    Organisation,
    Participant,
)
from paddock.participants.queries import company_named
from paddock.participants.registration_emails import (
    never_confirmed,
    send_invitation,
    send_new_link_request,
    send_taking_part,
    send_validation_email,
    send_validation_emails,
    send_verification,
)
from paddock.participants.unused_accounts import release_account, unused_accounts

# The validation emails belong to registration; `services.validate_participant(s)` send them.
__all__ = ["send_validation_email", "send_validation_emails"]


class RegistrationError(DomainError):
    code = "registration_error"


def _set_language_if_blank(user: User, language: str) -> None:
    if not user.preferred_language and language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])


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
    `declined` (field `email`) for someone who declined an invitation to the edition, and what
    `services.create_company` and `services.add_participant` raise (ParticipantError
    `already_participating` on `email`, ValidationError naming the field).
    """
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
    transaction.on_commit(partial(send_invitation, participant, secret, language=language))


@transaction.atomic
def resend_invitation(participant: Participant, *, by: Any, language: str = "") -> Participant:
    """A new invitation link for a participant still `invited`; earlier links stop working.

    Locks the participant's row. Raises RegistrationError `declined` when the person declined
    (they are not asked twice), `already_registered` otherwise.
    """
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


def _check_password(password: str, user: User) -> None:
    """Django's password validators, their errors put on the `password` field."""
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}, code="weak_password") from error


def _accepted_consent(edition: Edition, consent_version: str) -> dict[str, Any]:
    """The fields that note on a participant (or request to join) the privacy notice's version
    the person accepted, and when.

    Raises RegistrationError (field `consent`) `consent_required` without a version, and
    `consent_outdated` when the notice changed since the form was shown."""
    if not consent_version:
        raise RegistrationError(
            _("Tick the box to accept the privacy notice."),
            code="consent_required",
            field="consent",
        )
    if consent_version != consent_text(edition).version:
        raise RegistrationError(
            _(
                "The privacy notice changed while you were filling in the form: read it again "
                "and tick the box to accept it."
            ),
            code="consent_outdated",
            field="consent",
        )
    return {"consent_version": consent_version, "consented_at": timezone.now()}


def _registration_of(edition: Edition, user: User) -> Participant:
    """The user's participant row in the edition, locked, still `invited`."""
    participant = (
        edition.participants.select_for_update().select_related("company").filter(user=user).first()
    )
    if participant is None:
        raise RegistrationError(
            _("You no longer take part in this edition: ask the organiser."), code="removed"
        )
    if participant.status != ParticipantStatus.INVITED:
        raise RegistrationError(
            _("You have registered already: log in."), code="already_registered"
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
    ignored); any other account must choose its `password`, `by` being anonymous. Uses the
    link once and locks the user's and the participant's rows. Raises accounts' TokenError
    (`invalid`, `used`, `replaced`, `expired`, `disabled`), RegistrationError (`wrong_account`,
    `login_required`, `removed`, `already_registered`; `consent_required` and
    `consent_outdated` on the field `consent`) and ValidationError naming the field;
    the link stays usable after an error.
    """
    used = accounts.use_token(token, purpose=TokenPurpose.INVITATION, edition=edition)
    user = User.objects.select_for_update().get(pk=used.user_id)
    used.user = user
    accounts.not_disabled(used)
    check_invitation_acceptor(user, by=by)
    participant = _registration_of(edition, user)
    for name, value in _accepted_consent(edition, consent_version).items():
        setattr(participant, name, value)
    if not invitation_needs_login(user):
        if not password:
            raise ValidationError({"password": _("Choose a password.")}, code="password_required")
        _check_password(password, user)
        user.set_password(password)
    user.first_name, user.last_name, user.is_active = first_name, last_name, True
    user.save()
    participant.job_title = job_title
    participant.languages = list(languages)
    _mark_registered(participant, by=user, via="invitation")
    return participant


def _mark_registered(participant: Participant, *, by: User, via: str) -> None:
    participant.status = ParticipantStatus.REGISTERED
    participant.full_clean()
    participant.save()
    accounts.retire_tokens(participant.user, edition=participant.edition)
    log_action("participant.register", by=by, edition=participant.edition, obj=participant, via=via)


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
    participant = _registration_of(edition, used.user)
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


# At most one mail answers the open form sent with an address that takes part in the edition
# already, per address and edition and window: anyone may send the form, any number of times.
TAKING_PART_MAIL_RATE = "1/h"


def _taking_part(edition: Edition, email: str) -> Participant | JoinRequest | None:
    """The address's participation in the edition (a declined invitation is none) or its open
    request to join a company of it; None for an address free to register."""
    participant = (
        edition.participants.exclude(status=ParticipantStatus.DECLINED)
        .select_related("user", "company", "edition")
        .filter(user__email__iexact=email)
        .first()
    )
    if participant is not None:
        return participant
    open_joins = [JoinRequestStatus.UNCONFIRMED, JoinRequestStatus.PENDING]
    return (
        edition.join_requests.select_related("user", "company", "edition")
        .filter(user__email__iexact=email, status__in=open_joins)
        .first()
    )


def _unconfirmed_company(
    edition: Edition, taking_part: Participant | JoinRequest | None
) -> Company | None:
    """The company an open form made for the address, while its registration waits for the
    confirmation (a verification link was sent for it): the same form sent again, by its
    author or a stranger, must not be told that it takes part, since a form naming an
    address that took part already made none."""
    if (
        isinstance(taking_part, Participant)
        and taking_part.status == ParticipantStatus.INVITED
        and taking_part.user.tokens.filter(
            edition=edition, purpose=TokenPurpose.EMAIL_VERIFICATION
        ).exists()
    ):
        return taking_part.company
    return None


def _answer_taking_part(taking_part: Participant | JoinRequest, *, password: str) -> None:
    """The open form sent with an address that takes part already: nothing changes, and the
    address's owner hears what they can do (`send_taking_part`), or gets the confirmation link
    of their own registration again (`resend_verification`); at most one mail per address and
    edition in a window (TAKING_PART_MAIL_RATE), so that nobody floods the owner."""
    # As long as a new address's answer, which hashes the form's password for its account.
    make_password(password)
    edition, email = taking_part.edition, taking_part.user.email.lower()
    if not _may_mail_owner(edition, email):
        return
    if resend_verification(edition, email=email):
        return
    ask_link = ""
    if isinstance(taking_part, Participant) and taking_part.status == ParticipantStatus.INVITED:
        ask_link = absolute_url(
            "participants-portal:ask-new-invitation",
            edition.slug,
            _new_invitation_request(taking_part),
        )
    transaction.on_commit(partial(send_taking_part, taking_part, ask_link=ask_link))


def _may_mail_owner(edition: Edition, email: str) -> bool:
    """Whether the open form sent with a taken address may mail its owner now, counting this
    mail (TAKING_PART_MAIL_RATE per address and edition)."""
    return not is_ratelimited(
        None,
        group="participants:open-form:taking-part",
        key=lambda _group, _request: f"{edition.pk}:{email.lower()}",
        rate=TAKING_PART_MAIL_RATE,
        increment=True,
    )


def _unconfirmed_registration(
    edition: Edition, taking_part: Participant | JoinRequest | None
) -> Participant | JoinRequest | None:
    """`taking_part` when an open form made it and nobody confirmed it: a registration still
    `invited`, or a request to join still `unconfirmed`, with a verification link and no
    invitation in the edition, of an account whose address was never confirmed. Nobody's yet:
    the owner's own form replaces it (`_replace_unconfirmed`)."""
    if taking_part is None or not never_confirmed(taking_part.user):
        return None
    links = taking_part.user.tokens.filter(edition=edition)
    if (
        links.filter(purpose=TokenPurpose.INVITATION).exists()
        or not links.filter(purpose=TokenPurpose.EMAIL_VERIFICATION).exists()
    ):
        return None
    waiting = (
        ParticipantStatus.INVITED
        if isinstance(taking_part, Participant)
        else JoinRequestStatus.UNCONFIRMED
    )
    return taking_part if taking_part.status == waiting else None


def _replace_unconfirmed(edition: Edition, user: User) -> bool:
    """Delete the user's open form registration (or request to join) in the edition that
    nobody confirmed (`_unconfirmed_registration`, read again under the lock: a form or a
    confirmation may have come first), the company its form made if nothing else holds it,
    and its confirmation links, which confirmed a registration that no longer exists; False
    when there is none any more. The caller then registers the form sent since, as for a new
    address. Locks the account's row, then the registration's."""
    User.objects.select_for_update().filter(pk=user.pk).first()
    registration = _unconfirmed_registration(edition, _awaiting_confirmation(edition, user))
    if registration is None:
        return False
    company = registration.company if isinstance(registration, Participant) else None
    registration.delete()
    user.tokens.filter(edition=edition, purpose=TokenPurpose.EMAIL_VERIFICATION).delete()
    if company is not None and _held_by_nothing(company):
        organisation = company.organisation
        company.delete()
        if organisation is not None and _held_by_nothing(organisation):
            organisation.delete()
    log_action("participant.replace_unconfirmed", by=None, edition=edition, obj=registration)
    return True


def _held_by_nothing(obj: Company | Organisation) -> bool:
    """No row refers to `obj`: it was made for the registration alone."""
    return not any(
        relation.related_model._default_manager.filter(**{relation.field.name: obj}).exists()
        for relation in obj._meta.related_objects
    )


# A link by which an invited person, told so after sending the open form, asks the organisers
# for a new invitation: signed, not stored, and as short-lived as a verification link.
NEW_INVITATION_SALT = "paddock.participants.new-invitation"


def _new_invitation_request(participant: Participant) -> str:
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
    participant = _registration_of(edition, named.user)
    _tell_organisers(participant)
    return participant


# At most one word to the organisers per invited person and window, however often a link
# asking for a new invitation is used: a replayed link must not flood them.
NEW_INVITATION_REQUEST_RATE = "1/h"


def _tell_organisers(participant: Participant) -> None:
    """The organisers hear that the invited person wants a new invitation, unless they heard
    it within the window (NEW_INVITATION_REQUEST_RATE): the answer is the same."""
    if is_ratelimited(
        None,
        group="participants:new-invitation-request",
        key=lambda _group, _request: str(participant.pk),
        rate=NEW_INVITATION_REQUEST_RATE,
        increment=True,
    ):
        return
    transaction.on_commit(partial(send_new_link_request, participant))
    log_action(
        "participant.ask_new_invitation",
        by=participant.user,
        edition=participant.edition,
        obj=participant,
    )


def _company_to_join(
    edition: Edition, name: str, *, join_company: bool, own: Company | None = None
) -> Company | None:
    """The existing company the person asks to join, or None for a new company (and for
    `own`, the company of the address's own registration still to confirm, which the form
    made: naming it again is filling the form in again, answered as for a new address).

    Raises RegistrationError `company_exists` (field `name`) for a name taken up to case and
    spaces without `join_company`, `no_such_company` (field `join_company`) for the reverse.
    """
    existing = company_named(edition, name)
    if existing is not None and existing == own:
        return None
    if existing is not None and not join_company:
        raise RegistrationError(
            _(
                "%(name)s already takes part. Tick “Ask to join this company” to ask its "
                "representatives or the organiser to accept you, or give the name of your own "
                "company."
            )
            % {"name": existing.name},
            code="company_exists",
            field="name",
        )
    if existing is None and join_company:
        raise RegistrationError(
            _("No company of that name takes part: untick the box to register it."),
            code="no_such_company",
            field="join_company",
        )
    return existing


def _open_account(
    email: str, password: str, *, first_name: str, last_name: str, language: str
) -> User:
    """The account with that address, else a new one that stays inactive until confirmed. An
    account nobody has used, held by nothing but invitations (pending or declined), is
    treated as a new one: it takes the password and names given, and waits for the
    confirmation too (accepting a pending invitation still chooses the password). So does an
    account an earlier form made or took that was never confirmed, whose earlier confirmation
    links stop working: whoever confirms the address confirms the password given last, not a
    stranger's given first, in the language given last. Any other account is left as it is.
    The caller checked the password."""
    user = User.objects.select_for_update().filter(email__iexact=email).first()
    forms_account = user is not None and never_confirmed(user)
    if forms_account:
        AccountToken.objects.filter(
            user=user, purpose=TokenPurpose.EMAIL_VERIFICATION, used_at=None, replaced_at=None
        ).update(replaced_at=timezone.now())
    if user is not None and (
        forms_account or unused_accounts(invitations_hold=False).filter(pk=user.pk).exists()
    ):
        user.set_password(password)
        user.first_name, user.last_name, user.is_active = first_name, last_name, False
        # A form's language, like its names, is the latest form's; an invitation's stays.
        user.preferred_language = language if forms_account else user.preferred_language or language
        user.save()
    if user is None:
        user = User.objects.create_user(
            email,
            password,
            first_name=first_name,
            last_name=last_name,
            is_active=False,
            preferred_language=language,
        )
    return user


@transaction.atomic
def register_openly(
    edition: Edition,
    *,
    email: str,
    password: str,
    first_name: str,
    last_name: str,
    job_title: str,
    company_fields: dict[str, Any],
    role: str,
    languages: Sequence[str],
    language: str,
    join_company: bool = False,
    consent_version: str,
) -> Participant | JoinRequest | None:
    """The public form: a participant `invited` until the address is confirmed by the link
    sent to it, with a new account that stays inactive until then.

    An existing account keeps its password and names; the answer is the same either way, so
    the form tells nobody which addresses have accounts. Nor which take part: for an address
    that takes part in the edition, is invited to it or asked to join one of its companies,
    nothing is created or changed and its owner is told by email what they can do
    (`_answer_taking_part`); the result is then None. The company is always a new one: for
    a company of the edition with that name (up to case and spaces), `join_company` makes an
    unconfirmed JoinRequest instead of a participant, which gives no right on the company.
    Either row records the privacy notice's `consent_version` that the person accepted.
    Raises RegistrationError `registration_closed`, `company_exists` (field `name`),
    `no_such_company` (field `join_company`), `consent_required` and `consent_outdated` (field
    `consent`) and ValidationError naming the field.
    """
    if not edition.registration_open:
        raise RegistrationError(
            _("Registration for this edition is by invitation only."), code="registration_closed"
        )
    email = email.strip().lower()
    # Every refusal a new address can meet comes first: an address taking part meets the same.
    consent = _accepted_consent(edition, consent_version)
    taking_part = _taking_part(edition, email)
    existing = _company_to_join(
        edition,
        company_fields["name"],
        join_company=join_company,
        own=_unconfirmed_company(edition, taking_part),
    )
    _check_password(password, User(email=email, first_name=first_name, last_name=last_name))
    unconfirmed = _unconfirmed_registration(edition, taking_part)
    # Every answer compares the password with one hash (an empty one costs the same), and
    # hashes it once more, for the new account or as `_answer_taking_part` does.
    same_form = check_password(password, _registration_password(edition, unconfirmed))
    if (
        unconfirmed is not None
        and not same_form
        and _may_mail_owner(edition, email)
        and _replace_unconfirmed(edition, unconfirmed.user)
    ):
        taking_part = None
    if taking_part is not None:
        _answer_taking_part(taking_part, password=password)
        return None
    user = _open_account(
        email, password, first_name=first_name, last_name=last_name, language=language
    )
    # The form's password, when it went on an account still to confirm (not someone's own).
    chosen = user.password if never_confirmed(user) else ""
    _set_aside_declined(edition, user)
    if existing is not None:
        join = join_requests.ask_to_join(
            existing,
            by=user,
            job_title=job_title,
            role=role,
            languages=list(languages),
            consent=consent,
        )
        _send_verification_on_commit(join, password=chosen)
        return join
    company = services.create_company(edition, by=user, **company_fields)
    participant = services.add_participant(
        edition,
        by=user,
        email=email,
        first_name=first_name,
        last_name=last_name,
        company=company,
        job_title=job_title,
        role=role,
        languages=list(languages),
        status=ParticipantStatus.INVITED,
    )
    for name, value in consent.items():
        setattr(participant, name, value)
    participant.save(update_fields=list(consent))
    _send_verification_on_commit(participant, password=chosen)
    log_action("participant.self_register", by=user, edition=edition, obj=participant)
    return participant


def _set_aside_declined(edition: Edition, user: User) -> None:
    """Someone who declined an invitation registers by the open form: the declined row stays
    for the organisers as it was (what they typed, "declined"), without the account, which the
    new registration takes."""
    edition.participants.filter(user=user, status=ParticipantStatus.DECLINED).update(user=None)


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


def _send_verification_on_commit(
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
    asks = bool(_password_to_confirm(participant.user, password))
    transaction.on_commit(partial(send_verification, participant, secret, asks_password=asks))


def _password_to_confirm(user: User, link_password: str) -> str:
    """The hash of the password that confirming the address asks for, empty when none: the
    one given with the link's form (else, for a link older than that, the account's), while
    nobody confirmed the account's address. A click alone would otherwise hand whoever filled
    the form in the account of the address's owner; an account active already keeps its own
    password, which the link never changes."""
    if not never_confirmed(user):
        return ""
    return link_password or user.password


def confirmation_asks_password(token: AccountToken) -> bool:
    """Whether the confirmation link's page asks for the password given on the form."""
    return bool(_password_to_confirm(token.user, token.password))


@transaction.atomic
def verify_email(edition: Edition, *, token: str, password: str = "") -> Participant | JoinRequest:
    """Confirm the address of an open registration: the account becomes active and the
    participant `registered`, waiting for the organiser's validation; or the request to join a
    company `pending`, waiting for an answer. While the account's address was never confirmed,
    `password` must be the one given on the form (`_password_to_confirm`): the link alone is
    worth nothing, nor the password alone.

    Uses the link once and locks the user's and the participant's (or request's) rows. Raises
    accounts' TokenError, RegistrationError `wrong_password` (field `password`; the link stays
    usable, and the caller counts a failed login), `removed`, `already_registered`, and
    JoinRequestError `not_pending`.
    """
    used = accounts.use_token(token, purpose=TokenPurpose.EMAIL_VERIFICATION, edition=edition)
    user = User.objects.select_for_update().get(pk=used.user_id)
    expected = _password_to_confirm(user, used.password)
    if expected and not check_password(password, expected):
        raise RegistrationError(
            _("This is not the password given on the registration form."),
            code="wrong_password",
            field="password",
        )
    join = join_requests.open_join_request(edition, user)
    participant = None if join is not None else _registration_of(edition, user)
    if used.password and never_confirmed(user):
        # The password given with this link: a form sent since, by anyone, changed nothing.
        user.password, user.is_active = used.password, True
        user.save(update_fields=["password", "is_active"])
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
    assert participant is not None  # noqa: S101 -- _registration_of returned or raised
    _mark_registered(participant, by=user, via="email_verification")
    return participant


@transaction.atomic
def resend_verification(edition: Edition, *, email: str) -> bool:
    """A new verification link for an open registration still waiting for it, for someone
    who lost the first mail and fills in the form again; False when there is none to resend.

    Locks the participant's (or the request to join's) row.
    """
    user = User.objects.filter(email__iexact=email.strip()).first()
    waiting = _awaiting_confirmation(edition, user) if user is not None else None
    if (
        waiting is None
        or not waiting.user.tokens.filter(
            edition=edition, purpose=TokenPurpose.EMAIL_VERIFICATION
        ).exists()
    ):
        return False
    # The password of the form that made this registration, not the one typed now, nor one a
    # later form (anyone's) put on the unconfirmed account.
    _send_verification_on_commit(waiting, password=_link_password(edition, waiting.user))
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


def _registration_password(edition: Edition, registration: Participant | JoinRequest | None) -> str:
    """The hash of the password that confirms an unconfirmed registration (as
    `_password_to_confirm` reads it), empty for none."""
    if registration is None:
        return ""
    return _password_to_confirm(registration.user, _link_password(edition, registration.user))


def _awaiting_confirmation(edition: Edition, user: User) -> Participant | JoinRequest | None:
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
def ask_for_new_link(edition: Edition, *, token: str, purpose: TokenPurpose) -> str:
    """Someone holds a link that no longer works: a new verification link goes to their
    address (`"sent"`), or the organisers hear that they want a new invitation
    (`"organisers_told"`).

    Raises RegistrationError `invalid` for an unknown link, `already_registered` and `removed`.
    """
    try:
        stored = accounts.find_token(token, purpose=purpose, edition=edition)
    except accounts.TokenError as error:
        stored = error.token
    if stored is None:
        raise RegistrationError(_("This link is not valid."), code="invalid")
    if purpose == TokenPurpose.EMAIL_VERIFICATION:
        waiting = _awaiting_confirmation(edition, stored.user)
        _send_verification_on_commit(
            waiting or _registration_of(edition, stored.user), password=stored.password
        )
        log_action("participant.new_verification_link", by=stored.user, edition=edition)
        return "sent"
    _tell_organisers(_registration_of(edition, stored.user))
    return "organisers_told"
