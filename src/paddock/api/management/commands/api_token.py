"""`python -m paddock api_token EMAIL [--edition SLUG ...] [--write] [--days N]`: a new API
token."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from paddock.accounts.models import User
from paddock.api import services
from paddock.api.enums import DEFAULT_VALIDITY, TokenValidity
from paddock.api.models import utc_minute
from paddock.api.queries import reachable_editions


class Command(BaseCommand):
    help = (
        "Create an API token for a person and print it once (on standard output, alone on its "
        "line). Without --edition it reaches every edition where the person has a role or "
        "takes part today."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="the person's email address")
        parser.add_argument(
            "--edition",
            action="append",
            default=[],
            metavar="SLUG",
            help="an edition the token reaches (repeat for several)",
        )
        parser.add_argument("--write", action="store_true", help="read and write (default: read)")
        parser.add_argument("--name", default="", help="what the token is for")
        parser.add_argument(
            "--days",
            type=int,
            choices=TokenValidity.values,
            default=int(DEFAULT_VALIDITY),
            help="how many days the token works (default: %(default)s)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email__iexact=options["email"].strip()).first()
        if user is None:
            message = _("No account with the email %(email)s.") % {"email": options["email"]}
            raise CommandError(message)
        reachable = reachable_editions(user)
        slugs = options["edition"]
        editions = list(reachable.filter(slug__in=slugs) if slugs else reachable)
        missing = sorted(set(slugs) - {edition.slug for edition in editions})
        if missing:
            raise CommandError(
                _("%(email)s has no role in and takes no part in: %(slugs)s.")
                % {"email": user.email, "slugs": ", ".join(missing)}
            )
        try:
            token, text = services.create_token(
                user,
                by=None,
                name=options["name"] or _("Command line"),
                editions=editions,
                can_write=options["write"],
                valid_days=options["days"],
            )
        except services.TokenError as error:
            raise CommandError(error.message) from error
        self.stderr.write(
            _(
                "Token %(prefix)s for %(email)s (%(access)s), editions: %(slugs)s, ends on "
                "%(end)s. Keep it secret:"
            )
            % {
                "prefix": token.prefix,
                "end": utc_minute(token.expires_at),
                "email": user.email,
                "access": _("read and write") if token.can_write else _("read only"),
                "slugs": ", ".join(edition.slug for edition in editions),
            }
        )
        self.stdout.write(text)
