"""The emails of the edition's team, each in its recipient's language, with absolute links."""

from django.utils import timezone

from paddock.accounts.enums import TokenPurpose
from paddock.accounts.mail import absolute_url, send_templated_mail
from paddock.accounts.services import LIFETIMES
from paddock.core.links import with_language
from paddock.events.models import TeamInvitation

EMAILS = "events/email"


def send_team_invitation(invitation: TeamInvitation, secret: str, language: str) -> None:
    """To the person invited, in `language`: the single-use link where they accept the role
    (logging in with their password, or choosing one when they have no account yet), or
    decline it."""
    edition, user = invitation.edition, invitation.user
    decline = absolute_url("events-public:decline-team", edition.slug, secret)
    context = {
        "user": user,
        "edition": edition,
        "role": invitation.role,
        "has_password": user.has_usable_password(),
        "link": absolute_url("events-public:join-team", edition.slug, secret),
        "decline_link": with_language(decline, language),
        "expires": timezone.now() + LIFETIMES[TokenPurpose.TEAM_INVITATION],
    }
    send_templated_mail(
        user.email,
        template=f"{EMAILS}/team_invitation",
        context=context,
        language=language,
    )
