"""How people who take part without ever choosing a password get into their account (those an
organiser added as validated before additions became invitations, issue 16): a single-use
link (the accounts app's `password` token) lets them choose one. The invitation does the same
for invited people; the password reset is the way in once the link is lost."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from paddock.accounts import services as accounts
from paddock.accounts.enums import TokenPurpose
from paddock.accounts.mail import send_after_commit
from paddock.accounts.models import User
from paddock.core.exceptions import DomainError
from paddock.core.services import log_action
from paddock.participants.enums import AWAITING_CONSENT, ParticipantStatus
from paddock.participants.models import Participant
from paddock.participants.registration_emails import send_password_link as mail_password_link


class PasswordLinkError(DomainError):
    code = "password_link_error"


def needs_password_link(user: User) -> bool:
    """An active account that cannot log in yet: it has never chosen a password."""
    return user.is_active and not user.has_usable_password()


def send_password_link_on_commit(participant: Participant, *, by: Any) -> None:
    """Issue a set-password link (earlier ones stop working), mailed once the caller's
    transaction commits, in the person's language."""
    secret = accounts.issue_token(participant.user, purpose=TokenPurpose.PASSWORD, by=by)
    send_after_commit(mail_password_link, participant, secret)


@transaction.atomic
def send_password_link(participant: Participant, *, by: Any) -> Participant:
    """The organiser sends a new set-password link to a participant who never chose one.

    Locks the user's row. Raises PasswordLinkError `declined`, `invited` (the invitation is
    their way in, and their consent comes first), `password_set` and `inactive`.
    """
    # Before the account is read: a declined invitation's may have been deleted (issue 16).
    if participant.status == ParticipantStatus.DECLINED:
        raise PasswordLinkError(
            _("%(name)s declined the invitation.") % {"name": participant.name_for_organisers()},
            code="declined",
        )
    if participant.status in AWAITING_CONSENT:
        raise PasswordLinkError(
            _("%(name)s has not registered yet: resend the invitation instead.")
            % {"name": participant.name_for_organisers()},
            code="invited",
        )
    user = User.objects.select_for_update().get(pk=participant.user_id)
    if user.has_usable_password():
        raise PasswordLinkError(
            _("%(name)s has chosen a password already.") % {"name": user}, code="password_set"
        )
    if not user.is_active:
        raise PasswordLinkError(
            _("The account of %(name)s is not active.") % {"name": user}, code="inactive"
        )
    send_password_link_on_commit(participant, by=by)
    log_action(
        "participant.send_password_link", by=by, edition=participant.edition, obj=participant
    )
    return participant
