"""Expire unanswered meeting requests whose time is up; run it from cron, e.g. hourly."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from paddock.events.models import Edition
from paddock.meetings import services


class Command(BaseCommand):
    help = "Expire unanswered meeting requests whose time is up, and tell their senders."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--edition", help="Only this edition (its short name).")

    def handle(self, *args: Any, **options: Any) -> None:
        edition = None
        if options["edition"]:
            edition = Edition.objects.filter(slug=options["edition"]).first()
            if edition is None:
                self.stderr.write(_("No edition named %(slug)s.") % {"slug": options["edition"]})
                raise SystemExit(2)
        count = services.expire_requests(edition=edition)
        message = ngettext("%(count)d request expired.", "%(count)d requests expired.", count)
        self.stdout.write(message % {"count": count})
