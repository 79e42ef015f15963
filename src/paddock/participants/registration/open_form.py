"""The edition's open registration form (`register_openly`): addresses that take part
already, registrations nobody confirmed, and the account the form makes or takes."""

from collections.abc import Sequence
from typing import Any

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from paddock.accounts.enums import TokenPurpose
from paddock.accounts.mail import absolute_url, send_after_commit
from paddock.accounts.models import AccountToken, User
from paddock.core.services import log_action
from paddock.events.models import Edition
from paddock.participants import join_requests, services
from paddock.participants.enums import JoinRequestStatus, ParticipantStatus
from paddock.participants.models import Company, JoinRequest, Organisation, Participant
from paddock.participants.queries import company_named
from paddock.participants.registration.common import (
    RegistrationError,
    accepted_consent,
    check_chosen_password,
)
from paddock.participants.registration.email_verification import (
    awaiting_confirmation,
    registration_password,
    resend_verification,
    send_verification_on_commit,
)
from paddock.participants.registration.invitations import new_invitation_request
from paddock.participants.registration_emails import never_confirmed, send_taking_part
from paddock.participants.unused_accounts import unused_accounts

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
            new_invitation_request(taking_part),
        )
    send_after_commit(send_taking_part, taking_part, ask_link=ask_link)


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
    registration = _unconfirmed_registration(edition, awaiting_confirmation(edition, user))
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
    if not edition.open_form_accepted:
        raise RegistrationError(
            _("Registration for this edition is by invitation only."), code="registration_closed"
        )
    email = email.strip().lower()
    # Every refusal a new address can meet comes first: an address taking part meets the same.
    consent = accepted_consent(edition, consent_version)
    taking_part = _taking_part(edition, email)
    existing = _company_to_join(
        edition,
        company_fields["name"],
        join_company=join_company,
        own=_unconfirmed_company(edition, taking_part),
    )
    check_chosen_password(password, User(email=email, first_name=first_name, last_name=last_name))
    unconfirmed = _unconfirmed_registration(edition, taking_part)
    # Every answer compares the password with one hash (an empty one costs the same), and
    # hashes it once more, for the new account or as `_answer_taking_part` does.
    same_form = check_password(password, registration_password(edition, unconfirmed))
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
        send_verification_on_commit(join, password=chosen)
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
    send_verification_on_commit(participant, password=chosen)
    log_action("participant.self_register", by=user, edition=edition, obj=participant)
    return participant


def _set_aside_declined(edition: Edition, user: User) -> None:
    """Someone who declined an invitation registers by the open form: the declined row stays
    for the organisers as it was (what they typed, "declined"), without the account, which the
    new registration takes."""
    edition.participants.filter(user=user, status=ParticipantStatus.DECLINED).update(user=None)
