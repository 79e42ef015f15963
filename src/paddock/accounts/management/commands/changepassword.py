"""`python -m paddock changepassword EMAIL`: Django's command, which also revokes the account's
API tokens, as every password set by someone other than its owner does."""

import getpass
from typing import Any

from django.contrib.auth.management.commands import changepassword
from django.db import transaction
from django.utils.translation import ngettext

from paddock.accounts.models import User
from paddock.api import services as api_tokens
from paddock.api.enums import RevokeReason


class Command(changepassword.Command):
    help = (
        "Change a user's password, and revoke the account's API tokens: whoever runs it sets "
        "the password for someone who lost their account, or locks someone out."
    )

    def handle(self, *args: Any, **options: Any) -> str:
        # The password and the revocation are saved together, or neither.
        with transaction.atomic():
            said = str(super().handle(*args, **options))
            user = User.objects.get(email=options["username"] or getpass.getuser())
            revoked = api_tokens.revoke_tokens_of(user, by=None, reason=RevokeReason.ADMIN_PASSWORD)
        if revoked:
            note = ngettext(
                "%(count)d API token of this account is revoked.",
                "%(count)d API tokens of this account are revoked.",
                revoked,
            )
            self.stdout.write(note % {"count": revoked})
        return said
