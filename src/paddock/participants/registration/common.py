"""What invitations and the open form share: their error, the privacy notice's consent, the
chosen password's check, and the participant row they make `registered`."""

from typing import Any

from django.contrib.auth.hashers import check_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from paddock.accounts import services as accounts
from paddock.accounts.models import User
from paddock.core.exceptions import DomainError
from paddock.core.services import log_action
from paddock.events.models import Edition
from paddock.events.privacy import consent_text
from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Participant


class RegistrationError(DomainError):
    code = "registration_error"


def check_chosen_password(password: str, user: User) -> None:
    """Django's password validators, their errors put on the `password` field."""
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}, code="weak_password") from error


def check_form_password(password: str, expected: str) -> None:
    """Following an open form's link while the address has no account of its own: only the
    password typed on the form (its hash `expected`) confirms it. Raises RegistrationError
    `wrong_password` (field `password`)."""
    if not check_password(password, expected):
        raise wrong_form_password()


def wrong_form_password() -> RegistrationError:
    """RegistrationError `wrong_password` (field `password`): a link followed without the
    password typed on its form."""
    return RegistrationError(
        _("This is not the password given on the registration form."),
        code="wrong_password",
        field="password",
    )


def accepted_consent(edition: Edition, consent_version: str) -> dict[str, Any]:
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


def registration_of(edition: Edition, user: User) -> Participant:
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


def mark_registered(participant: Participant, *, by: User, via: str) -> None:
    participant.status = ParticipantStatus.REGISTERED
    participant.full_clean()
    participant.save()
    accounts.retire_tokens(participant.user, edition=participant.edition)
    log_action("participant.register", by=by, edition=participant.edition, obj=participant, via=via)
