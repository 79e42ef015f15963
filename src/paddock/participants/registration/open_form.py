"""The edition's open registration form (`register_openly`): the form is kept until its
address is confirmed (`PendingRegistration`), an address that takes part already is answered
alike, and registrations that the form made before forms were kept, which nobody confirmed."""

from collections.abc import Sequence
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from paddock.accounts.enums import TokenPurpose
from paddock.accounts.mail import absolute_url, send_after_commit
from paddock.accounts.models import User
from paddock.core.services import log_action
from paddock.core.text import clean_line
from paddock.events.models import Edition
from paddock.participants.enums import JoinRequestStatus, ParticipantStatus
from paddock.participants.models import (
    Company,
    JoinRequest,
    Organisation,
    Participant,
    PendingRegistration,
)
from paddock.participants.queries import company_named
from paddock.participants.registration.common import (
    RegistrationError,
    accepted_consent,
    check_chosen_password,
)
from paddock.participants.registration.email_verification import (
    awaiting_confirmation,
    resend_verification,
)
from paddock.participants.registration.invitations import new_invitation_request
from paddock.participants.registration.pending import issue_pending_link, waiting_forms
from paddock.participants.registration_emails import never_confirmed, send_taking_part

# At most one mail answers the open form sent with an address that takes part in the edition
# already, or with one whose form is kept already, per address and edition and window: anyone
# may send the form, any number of times.
TAKING_PART_MAIL_RATE = "1/h"


def taking_part_in(edition: Edition, email: str) -> Participant | JoinRequest | None:
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


def settled_participation(edition: Edition, email: str) -> Participant | JoinRequest | None:
    """`taking_part_in`, but for a registration that an earlier version of the form made and
    nobody confirmed (`_unconfirmed_registration`): nobody's, it counts for nothing, and a
    form kept beside it replaces it once confirmed (`confirm_registration`)."""
    taking_part = taking_part_in(edition, email)
    if taking_part is not None and _unconfirmed_registration(edition, taking_part) is not None:
        return None
    return taking_part


def _answer_taking_part(taking_part: Participant | JoinRequest) -> None:
    """The open form sent with an address that takes part already: nothing changes, and the
    address's owner hears what they can do (`send_taking_part`), or gets the confirmation link
    of their own registration again (`resend_verification`); at most one mail per address and
    edition in a window (TAKING_PART_MAIL_RATE), so that nobody floods the owner."""
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
    """Whether the open form sent with a taken address, or one whose form is kept already, may
    mail its owner now, counting this mail (TAKING_PART_MAIL_RATE per address and edition)."""
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
    invitation in the edition, of an account whose address was never confirmed: made by the
    form before forms were kept. Nobody's yet: a kept form for the address replaces it once
    confirmed (`replace_unconfirmed`)."""
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


def replace_unconfirmed(edition: Edition, user: User) -> bool:
    """Delete the user's open form registration (or request to join) in the edition that
    nobody confirmed (`_unconfirmed_registration`, read again under the lock: a form or a
    confirmation may have come first), the company its form made if nothing else holds it,
    and its confirmation links, which confirmed a registration that no longer exists; False
    when there is none any more. The caller (`confirm_registration`) then makes the kept
    form's registration. Locks the account's row, then the registration's."""
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


def company_to_join(
    edition: Edition, name: str, *, join_company: bool, confirming: bool = False
) -> Company | None:
    """The existing company the person asks to join, or None for a new company: on the form,
    and again when its link is followed (`confirming`), since the name may have been taken, or
    the company left, in between.

    Raises RegistrationError `company_exists` for a name taken up to case and spaces without
    `join_company`, `no_such_company` for the reverse; on the form they name the field to
    change (`name`, `join_company`), on confirmation they say to fill the form in again.
    """
    existing = company_named(edition, name)
    if existing is not None and not join_company:
        if confirming:
            message = _(
                "%(name)s was registered for this edition since you filled in the form: fill "
                "it in again to ask to join it, or give the name of your own company."
            )
        else:
            message = _(
                "%(name)s already takes part. Tick “Ask to join this company” to ask its "
                "representatives or the organiser to accept you, or give the name of your own "
                "company."
            )
        field = None if confirming else "name"
        raise RegistrationError(
            message % {"name": existing.name}, code="company_exists", field=field
        )
    if existing is None and join_company:
        if confirming:
            message = _(
                "%(name)s no longer takes part in this edition: fill in the form again to "
                "register your company."
            ) % {"name": name}
        else:
            message = _("No company of that name takes part: untick the box to register it.")
        field = None if confirming else "join_company"
        raise RegistrationError(message, code="no_such_company", field=field)
    return existing


def _checked_company_fields(edition: Edition, fields: dict[str, Any]) -> dict[str, Any]:
    """The company's fields as `services.create_company` will store them on confirmation,
    checked now, for every address (a taken one meets what a new one meets). Raises
    ValidationError naming the field."""
    fields = {**fields, "name": clean_line(fields["name"]).strip()}
    fields["city"] = clean_line(fields.get("city", "")).strip()
    Company(edition=edition, **fields).full_clean(
        exclude=["organisation"], validate_unique=False, validate_constraints=False
    )
    return fields


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
) -> PendingRegistration | None:
    """The public form: what was typed is kept as a `PendingRegistration`, and a link sent to
    the address; nothing else is made before the link is followed (`confirm_registration`
    makes the account, the company and the participant, or the request to join).

    The answer is the same whether the address has an account, takes part, or has forms
    waiting: for an address that takes part in the edition, is invited to it or asked to join
    one of its companies, nothing is kept and its owner is told by email what they can do
    (`_answer_taking_part`); the result is then None. Another form for an address whose form
    waits is kept beside it, with its own link (neither cancels the other); its mail counts
    toward the owner's limit (TAKING_PART_MAIL_RATE), past which the form is kept without a
    mail, confirmed through the links mailed already (`forms_a_link_confirms`). For
    a company of the edition with that name (up to case and spaces), `join_company` asks to
    join it on confirmation. Raises RegistrationError `registration_closed`, `company_exists`
    (field `name`), `no_such_company` (field `join_company`), `consent_required` and
    `consent_outdated` (field `consent`) and ValidationError naming the field.
    """
    if not edition.open_form_accepted:
        raise RegistrationError(
            _("Registration for this edition is by invitation only."), code="registration_closed"
        )
    email = email.strip().lower()
    # Every refusal comes first, alike for every address.
    consent = accepted_consent(edition, consent_version)
    company_to_join(edition, company_fields["name"], join_company=join_company)
    company_fields = _checked_company_fields(edition, company_fields)
    check_chosen_password(password, User(email=email, first_name=first_name, last_name=last_name))
    pending = PendingRegistration(
        edition=edition,
        email=email,
        # Every answer hashes the password once, whether it keeps it or not.
        password=make_password(password),
        first_name=clean_line(first_name).strip(),
        last_name=clean_line(last_name).strip(),
        job_title=job_title,
        role=role,
        languages=list(languages),
        company=company_fields,
        join_company=join_company,
        language=language,
        **consent,
    )
    pending.full_clean(exclude=["digest", "expires_at"])
    taking_part = settled_participation(edition, email)
    if taking_part is not None:
        _answer_taking_part(taking_part)
        return None
    # Past the hour's mail to the address, the form is kept without a mail of its own: the
    # links mailed already confirm it with its password (`forms_a_link_confirms`), so that a
    # stranger's forms sent first do not leave the owner's without a link.
    issue_pending_link(
        pending, mail=not waiting_forms(edition, email).exists() or _may_mail_owner(edition, email)
    )
    # The address as text, as a login failure's: found by it for its owner's export and erasure.
    log_action("participant.open_form", by=None, edition=edition, obj=pending.email)
    return pending
