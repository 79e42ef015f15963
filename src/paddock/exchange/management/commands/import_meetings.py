"""`python -m paddock import_meetings EDITION FILE`: meeting wishes or fixed meetings."""

from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import ngettext

from paddock.events.models import Edition
from paddock.exchange.management.importing import ImportCommand
from paddock.exchange.mapping import Mapping
from paddock.exchange.meetings import MEETING_COLUMNS, MeetingKind, import_meetings
from paddock.exchange.reading import Table


class Command(ImportCommand):
    help = (
        "Import meeting wishes (requests the second person answers) or fixed meetings from a "
        "CSV or XLSX file of email pairs with an optional priority, all or nothing."
    )
    columns = MEETING_COLUMNS

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--fixed",
            action="store_true",
            help="The pairs are fixed meetings, not wishes to answer.",
        )

    def handle_import(self, edition: Edition, table: Table, mapping: Mapping, options: Any) -> None:
        result = import_meetings(
            edition,
            by=None,
            table=table,
            mapping=mapping,
            kind=MeetingKind.FIXED if options["fixed"] else MeetingKind.WISHES,
            dry_run=options["dry_run"],
        )
        if result.errors:
            self.fail(result.errors)
        count = len(result.pairs)
        if options["dry_run"]:
            said = ngettext(
                "Would create %(count)d meeting.", "Would create %(count)d meetings.", count
            )
        else:
            said = ngettext("Created %(count)d meeting.", "Created %(count)d meetings.", count)
        self.stdout.write(said % {"count": count})
