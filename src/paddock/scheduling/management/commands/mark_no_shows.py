"""`python -m paddock mark_no_shows`: the no-show rule of the day; run it from cron every few
minutes while an edition is on (the live page also runs it when it opens)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import ngettext

from paddock.events.models import Edition
from paddock.scheduling.services import live


class Command(BaseCommand):
    help = (
        "Mark as no-shows today's meetings whose participant has not checked in some minutes "
        "after the start (each edition's delay), and tell the other participant."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--edition", help="Only this edition (its short name).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["edition"]:
            edition = Edition.objects.filter(slug=options["edition"]).first()
            if edition is None:
                raise CommandError(f"No edition {options['edition']!r}.")
            marked = live.mark_no_shows(edition)
        else:
            marked = live.mark_all_no_shows()
        count = len(marked)
        message = ngettext(
            "%(count)d meeting marked as a no-show.",
            "%(count)d meetings marked as no-shows.",
            count,
        )
        self.stdout.write(message % {"count": count})
