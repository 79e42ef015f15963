"""The emails of the edition's team, each in its recipient's language, with absolute links."""

from django.utils import timezone

from paddock.accounts.enums import TokenPurpose
from paddock.accounts.mail import absolute_url, language_for, send_templated_mail
from paddock.accounts.services import LIFETIMES
from paddock.core.links import site_url
from paddock.events.landing import landing_url
from paddock.events.models import EditionMembership

EMAILS = "events/email"


def send_team_welcome(membership: EditionMembership) -> None:
    """To someone with an account: their new role, and the page where it works."""
    edition, user = membership.edition, membership.user
    context = {
        "user": user,
        "edition": edition,
        "role": membership.role,
        "link": site_url() + landing_url(edition, membership.role),
    }
    send_templated_mail(
        user.email,
        template=f"{EMAILS}/team_welcome",
        context=context,
        language=language_for(user, edition),
    )


def send_team_invitation(membership: EditionMembership, secret: str) -> None:
    """To someone without a password yet: the single-use link where they choose one."""
    edition, user = membership.edition, membership.user
    context = {
        "user": user,
        "edition": edition,
        "role": membership.role,
        "link": absolute_url("events-public:join-team", edition.slug, secret),
        "expires": timezone.now() + LIFETIMES[TokenPurpose.INVITATION],
    }
    send_templated_mail(
        user.email,
        template=f"{EMAILS}/team_invitation",
        context=context,
        language=language_for(user, edition),
    )
