"""The participant's side of registration: invitations, their acceptance, the open form, email
verification. The emails that go with them are in `registration_emails.py`.

Status flow: the organiser's invitation creates a participant `invited`, and accepting it makes
it `registered`, which puts it in the organiser's validation queue
(`services.validate_participant`). The open form makes nothing but a `PendingRegistration`;
following its email link makes the account, the company and the participant, `registered`.
The open form never joins a company that takes part already: it asks to join it instead
(`join_requests.py`), and the request is made when the link is followed.

One module per concern: `invitations.py`, `open_form.py` (the form), `pending.py` (its links),
`confirmation.py` (following one), `email_verification.py` (the links of registrations made
before forms were kept), and what they share in `common.py`. Callers use the names exposed
here.
"""

from paddock.participants.registration.common import RegistrationError
from paddock.participants.registration.confirmation import (
    ask_for_new_link,
    check_pending_confirmable,
    confirm_registration,
    pending_asks_password,
    verify_email,
)
from paddock.participants.registration.email_verification import (
    check_confirmable,
    confirmation_asks_password,
    resend_verification,
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
from paddock.participants.registration.pending import forms_a_link_confirms, pending_for_link

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
    "check_pending_confirmable",
    "confirm_registration",
    "confirmation_asks_password",
    "decline_invitation",
    "declined_link",
    "forms_a_link_confirms",
    "invitation_needs_login",
    "invitations_closed_message",
    "invitations_open",
    "invite_participant",
    "pending_asks_password",
    "pending_for_link",
    "register_from_invitation",
    "register_openly",
    "resend_invitation",
    "resend_verification",
    "send_validation_email",
    "send_validation_emails",
    "verify_email",
]
