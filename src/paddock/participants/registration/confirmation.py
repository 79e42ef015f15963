"""Following an open form's link (`confirm_registration`): the account, the company and the
participant, or the request to join, are made then, with the form's checks run again."""

from django.contrib.auth.hashers import check_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from paddock.accounts import services as accounts
from paddock.accounts.enums import TokenPurpose
from paddock.accounts.models import User
from paddock.core.services import log_action
from paddock.events.models import Edition
from paddock.events.services.locking import lock_edition
from paddock.participants import join_requests, services
from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import JoinRequest, Participant, PendingRegistration
from paddock.participants.registration.common import (
    RegistrationError,
    mark_registered,
    wrong_form_password,
)
from paddock.participants.registration.email_verification import (
    ask_for_new_token_link,
    check_confirmable,
    verify_earlier_registration,
)
from paddock.participants.registration.open_form import (
    company_to_join,
    replace_unconfirmed,
    settled_participation,
)
from paddock.participants.registration.pending import (
    account_takes_form_password,
    check_pending_usable,
    forms_a_link_confirms,
    issue_pending_link,
    pending_for_link,
)
from paddock.participants.registration_emails import never_confirmed


def pending_asks_password(pending: PendingRegistration) -> bool:
    """Whether the link's page asks for the form's password (`account_takes_form_password`):
    without it, a click on a link a stranger's form sent would give him the account."""
    account = User.objects.filter(email__iexact=pending.email).first()
    return account_takes_form_password(account)


def check_pending_confirmable(edition: Edition, pending: PendingRegistration) -> None:
    """Raises accounts' TokenError `used`, `expired` or `turned_off` (the address's account
    was turned off by the site's administrators), RegistrationError `closed` once the
    edition is closed, and `already_registered` once the address takes part (another of its
    forms was confirmed first, or an organiser invited it)."""
    check_pending_usable(pending)
    _check_address_free(edition, pending)


def _check_address_free(edition: Edition, pending: PendingRegistration) -> None:
    check_confirmable(edition)
    # The open form is anyone's: neither its link nor a new one may undo the site's
    # administrators' decision, nor give the account a password.
    accounts.check_not_turned_off(User.objects.filter(email__iexact=pending.email).first())
    if settled_participation(edition, pending.email) is not None:
        raise RegistrationError(
            _("You have registered already: log in."), code="already_registered"
        )


def confirm_registration(
    edition: Edition, *, token: str, password: str = ""
) -> Participant | JoinRequest:
    """Follow a kept form's link: makes (or takes) the account, then the company and the
    participant `registered`, waiting for the organiser's validation, or the request to join
    `pending`. While the address has no account of its own (`pending_asks_password`),
    `password` must be the form's, which the account then takes, with the form's names; the
    password of another form of the address confirms that form instead
    (`forms_a_link_confirms`: its own mail may have been held back by the hour's limit).

    Locks the edition, then the address's kept forms (of every edition) and its account. A
    registration that an earlier version of the form left unconfirmed for the address goes
    first (`replace_unconfirmed`). Raises what
    `check_pending_confirmable` raises, TokenError `invalid`, RegistrationError
    `wrong_password` (field `password`; the link stays usable), `company_exists` and
    `no_such_company` when the company's name was taken, or its company left, since the form;
    `closed` read under the edition's lock, taken first. An account turned off by the site's
    administrators is refused (TokenError `turned_off`) and nothing changes.

    The password is hashed before any lock is taken (`_form_of_password`): up to six PBKDF2
    hashes under the edition's lock would let anyone holding a link of their own stall the
    edition's company making and confirmations with wrong passwords.
    """
    found = pending_for_link(edition, token)
    chosen = None
    if found is not None:
        check_pending_confirmable(edition, found)
        if pending_asks_password(found):
            chosen = _form_of_password(found, password)
    return _confirm_locked(edition, token, chosen)


@transaction.atomic
def _confirm_locked(
    edition: Edition, token: str, chosen: PendingRegistration | None
) -> Participant | JoinRequest:
    """`confirm_registration` once the password has picked `chosen` (None when none was
    asked for)."""
    # Its status as it is now, first (`lock_edition`, before any form or account): a
    # confirmation racing the edition's closing waits for it, then is refused.
    edition = lock_edition(edition)
    found = pending_for_link(edition, token)
    if found is None:
        raise accounts.TokenError(_("This link is not valid."), code="invalid")
    # Every form of the address, in all editions: one confirmation at a time per address,
    # whichever of its links (the first one wins), and one account made for it. (The edition's
    # lock, above, also makes one company of a name at a time.)
    forms = PendingRegistration.objects.select_for_update().filter(email=found.email)
    pending = {form.pk: form for form in forms.order_by("pk")}[found.pk]
    account = User.objects.select_for_update().filter(email__iexact=pending.email).first()
    # Read locked, before anything changes (an earlier registration replaced, say).
    accounts.check_not_turned_off(account)
    if account is not None and never_confirmed(account):
        replace_unconfirmed(edition, account)
    check_pending_confirmable(edition, pending)
    takes_password = account_takes_form_password(account)
    if takes_password:
        pending = _still_waiting(pending, chosen)
    existing = company_to_join(
        edition, pending.company["name"], join_company=pending.join_company, confirming=True
    )
    account = _confirmed_account(account, pending, takes_password=takes_password)
    pending.used_at = timezone.now()
    pending.save(update_fields=["used_at"])
    # The address is confirmed: no kept form's password will be asked for any more.
    PendingRegistration.objects.filter(email=pending.email).update(password="")
    # Someone who declined an invitation: the declined row stays for the organisers as it
    # was, without the account, which the new registration takes.
    edition.participants.filter(user=account, status=ParticipantStatus.DECLINED).update(user=None)
    consent = {"consent_version": pending.consent_version, "consented_at": pending.consented_at}
    if existing is not None:
        join = join_requests.ask_to_join(
            existing,
            by=account,
            job_title=pending.job_title,
            role=pending.role,
            languages=list(pending.languages),
            consent=consent,
        )
        accounts.retire_tokens(account, edition=edition)
        return join_requests.confirm_join_request(join, by=account)
    return _register(edition, pending, account, consent)


def _confirmed_account(
    account: User | None, pending: PendingRegistration, *, takes_password: bool
) -> User:
    """The address's account, made now when there is none; one that takes the form's password
    (`account_takes_form_password`) takes its names and language too, and is active."""
    if account is None:
        account = User(email=pending.email)
    if takes_password:
        account.password = pending.password
        account.first_name, account.last_name = pending.first_name, pending.last_name
        if account.pk is None or never_confirmed(account):
            account.preferred_language = pending.language
        else:
            account.preferred_language = account.preferred_language or pending.language
        account.is_active = True
        account.save()
        accounts.revoke_tokens_for_link_password(account)
    return account


def _register(
    edition: Edition, pending: PendingRegistration, account: User, consent: dict[str, object]
) -> Participant:
    company = services.create_company(edition, by=account, **pending.company)
    participant = services.add_participant(
        edition,
        by=account,
        email=pending.email,
        first_name=pending.first_name,
        last_name=pending.last_name,
        company=company,
        job_title=pending.job_title,
        role=pending.role,
        languages=list(pending.languages),
        status=ParticipantStatus.INVITED,
    )
    for name, value in consent.items():
        setattr(participant, name, value)
    participant.save(update_fields=list(consent))
    log_action("participant.self_register", by=account, edition=edition, obj=participant)
    mark_registered(participant, by=account, via="email_verification")
    return participant


def _still_waiting(
    linked: PendingRegistration, chosen: PendingRegistration | None
) -> PendingRegistration:
    """`chosen`, as read under the locks, if the link still confirms it with the password
    that was checked (its hash unchanged); else RegistrationError `wrong_password`, as when the
    address's account was erased since the page was opened and no password was checked."""
    if chosen is not None:
        for form in forms_a_link_confirms(linked):
            if form.pk == chosen.pk and form.password and form.password == chosen.password:
                return form
    raise wrong_form_password()


def _form_of_password(linked: PendingRegistration, password: str) -> PendingRegistration:
    """The form the link confirms with this password (`forms_a_link_confirms`): the link's
    own, else the address's other form sent with it. Raises RegistrationError
    `wrong_password` when it is none's."""
    for form in forms_a_link_confirms(linked):
        if check_password(password, form.password):
            return form
    raise wrong_form_password()


@transaction.atomic
def renew_pending_link(edition: Edition, pending: PendingRegistration) -> None:
    """A new link for a kept form whose link expired, to the same address. Raises what
    `check_pending_confirmable` raises but `expired`."""
    pending = PendingRegistration.objects.select_for_update().get(pk=pending.pk)
    if pending.used_at is not None:
        check_pending_usable(pending)
    _check_address_free(edition, pending)
    issue_pending_link(pending)
    log_action("participant.new_verification_link", by=None, edition=edition, obj=pending.email)


def verify_email(edition: Edition, *, token: str, password: str = "") -> Participant | JoinRequest:
    """Follow an open form's confirmation link: a kept form's (`confirm_registration`), or
    one of a registration made before forms were kept, which still confirms
    (`verify_earlier_registration`). Raises what they raise."""
    if pending_for_link(edition, token) is not None:
        return confirm_registration(edition, token=token, password=password)
    return verify_earlier_registration(edition, token=token, password=password)


def ask_for_new_link(edition: Edition, *, token: str, purpose: TokenPurpose) -> str:
    """Someone holds a link that no longer works: a kept form's gets a new one
    (`renew_pending_link`, `"sent"`), any other is `ask_for_new_token_link`'s. Raises what
    they raise."""
    if purpose == TokenPurpose.EMAIL_VERIFICATION:
        pending = pending_for_link(edition, token)
        if pending is not None:
            renew_pending_link(edition, pending)
            return "sent"
    return ask_for_new_token_link(edition, token=token, purpose=purpose)
