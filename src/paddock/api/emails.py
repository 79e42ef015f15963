"""The mail telling a person that some of their API tokens end soon."""

from typing import Any

from paddock.accounts.mail import absolute_url, language_for, send_account_mail
from paddock.api.models import ApiToken
from paddock.events.queries import reader_zone


def send_token_end_warning(user: Any, tokens: list[ApiToken]) -> bool:
    """One mail listing `tokens` with their ends, in the person's language and in the zone
    the tokens page shows them in (`reader_zone`), with a link to that page. False when it
    did not leave (an account no mail reaches)."""
    zone = reader_zone(user)
    context = {
        "tokens": tokens,
        "zone": zone,
        "link": absolute_url("api-tokens:list"),
    }
    return send_account_mail(
        user,
        template="api/email/token_end",
        context=context,
        language=language_for(user, zone.edition),
    )
