"""`python -m paddock import_participants EDITION FILE`: people and companies from a file."""

from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import ngettext

from paddock.accounts.mail import unsent_mail
from paddock.core.exceptions import DomainError
from paddock.events.models import Edition
from paddock.exchange.columns import PARTICIPANT_COLUMNS
from paddock.exchange.imports import Defaults, import_participants, send_invitations
from paddock.exchange.management.importing import ImportCommand
from paddock.exchange.mapping import Mapping
from paddock.exchange.reading import Table
from paddock.participants import registration


class Command(ImportCommand):
    help = (
        "Import participants and their companies from a CSV or XLSX file, all or nothing: "
        "prints how many were created, or every error with its line and column."
    )
    columns = PARTICIPANT_COLUMNS

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--invite", action="store_true", help="Send the invitations after the import."
        )
        parser.add_argument("--role", default="", help="Role where the file gives none.")
        parser.add_argument(
            "--country", default="", help="ISO code of new companies' country where none."
        )
        parser.add_argument("--sector", default="", help="Sector code where the file gives none.")

    def handle_import(self, edition: Edition, table: Table, mapping: Mapping, options: Any) -> None:
        if options["invite"] and not registration.invitations_open(edition):
            # Refused before the import, which would add people that nobody can invite.
            self.fail([registration.invitations_closed_message(edition)])
        defaults = Defaults(
            role=options["role"], country=options["country"].upper(), sector=options["sector"]
        )
        result = import_participants(
            edition,
            by=None,
            table=table,
            mapping=mapping,
            defaults=defaults,
            dry_run=options["dry_run"],
        )
        if result.errors:
            self.fail(result.errors)
        people, created = len(result.people), len(result.companies_created)
        counts = {"people": people, "companies": created, "reused": len(result.companies_reused)}
        if options["dry_run"]:
            said = ngettext(
                "Would create %(people)d person",
                "Would create %(people)d people",
                people,
            )
        else:
            said = ngettext("Created %(people)d person", "Created %(people)d people", people)
        said += ngettext(
            " and %(companies)d company", " and %(companies)d companies", created
        ) + ngettext(
            " (%(reused)d company already taking part).",
            " (%(reused)d companies already taking part).",
            counts["reused"],
        )
        self.stdout.write(said % counts)
        if options["invite"] and not options["dry_run"]:
            ids = [participant.pk for participant in result.participants]
            try:
                with unsent_mail() as unsent:
                    send_invitations(edition, by=None, participant_ids=ids)
            except DomainError as error:  # closed since the check above
                self.fail([error.message])
            # Written to the outbox: the task worker sends them, and the edition's Emails
            # page tells which left (docs/operations.md, "Mail failures").
            self.stdout.write(
                ngettext(
                    "%(count)d invitation queued for sending.",
                    "%(count)d invitations queued for sending.",
                    unsent.queued,
                )
                % {"count": unsent.queued}
            )
