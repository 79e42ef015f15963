"""`python -m paddock restore IN [--replace] [--send-waiting]`: put back what `backup` wrote,
the emails, webhook deliveries and background tasks waiting in it held unless
`--send-waiting`."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from paddock.operations.backup import BackupError, restore_backup
from paddock.operations.held import what_to_do_with_held


class Command(BaseCommand):
    help = (
        "Replace the database's rows and the uploaded files with those of a backup. The "
        "database must be migrated to the backup's version; nothing changes if anything fails."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", help="a zip file written by `python -m paddock backup`")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace the data this database holds already (all of it).",
        )
        parser.add_argument(
            "--send-waiting",
            action="store_true",
            help=(
                "This is the production server: send the emails and webhook deliveries, and run "
                "the background tasks, waiting in the backup, rather than hold them "
                "(`held_outgoing`)."
            ),
        )

    def handle(
        self,
        *args: Any,
        source: str,
        replace: bool = False,
        send_waiting: bool = False,
        **options: Any,
    ) -> None:
        path = Path(source)
        if not path.is_file():
            raise CommandError(_("No file %(file)s.") % {"file": path})
        try:
            summary = restore_backup(path, replace=replace, send_waiting=send_waiting)
        except BackupError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            _("Restored the backup of %(when)s: the database and %(files)d files.")
            % {"when": summary.created_at, "files": summary.files}
        )
        if summary.held:
            self.stdout.write(
                _("Held, as they were waiting in the backup: %(held)s.") % {"held": summary.held}
                + " "
                + what_to_do_with_held()
            )
