"""The participant's side of registration: invitations, their acceptance, the open form, email
verification. The emails that go with them are in `registration_emails.py`.

Status flow: the organiser's invitation and the open form both create a participant `invited`;
accepting the invitation or confirming the email address makes it `registered`, which puts it
in the organiser's validation queue (`services.validate_participant`). The open form never
joins a company that takes part already: it asks to join it instead (`join_requests.py`).

One module per concern: `invitations.py`, `open_form.py`, `email_verification.py`, and what
they share in `common.py`. Callers use the names exposed here.
"""

from paddock.participants.registration.common import RegistrationError
from paddock.participants.registration.email_verification import (
    ask_for_new_link,
    check_confirmable,
    confirmation_asks_password,
    resend_verification,
    verify_email,
)
from paddock.participants.registration.invitations import (
    ask_for_new_invitation,
    check_invitation_acceptable,
    check_invitation_acceptor,
    check_invitations_open,
    decline_invitation,
    declined_link,
    invitation_needs_login,
    invitations_closed_message,
    invitations_open,
    invite_participant,
    register_from_invitation,
    resend_invitation,
)
from paddock.participants.registration.open_form import register_openly

# The validation emails belong to registration; `services.validate_participant(s)` send them.
from paddock.participants.registration_emails import send_validation_email, send_validation_emails

__all__ = [
    "RegistrationError",
    "ask_for_new_invitation",
    "ask_for_new_link",
    "check_confirmable",
    "check_invitation_acceptable",
    "check_invitation_acceptor",
    "check_invitations_open",
    "confirmation_asks_password",
    "decline_invitation",
    "declined_link",
    "invitation_needs_login",
    "invitations_closed_message",
    "invitations_open",
    "invite_participant",
    "register_from_invitation",
    "register_openly",
    "resend_invitation",
    "resend_verification",
    "send_validation_email",
    "send_validation_emails",
    "verify_email",
]
