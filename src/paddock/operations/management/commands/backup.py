"""`python -m paddock backup OUT`: the database and the uploaded files in one zip file."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from paddock.operations.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Write the database and the uploaded files to one zip file, read back by `restore`."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", help="the zip file to write, e.g. paddock-2026-12-06.zip")

    def handle(self, *args: Any, out: str, **options: Any) -> None:
        target = Path(out)
        if not target.parent.resolve().is_dir():
            raise CommandError(_("No folder %(folder)s to write into.") % {"folder": target.parent})
        try:
            summary = create_backup(target)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _("Backup written to %(file)s: the database and %(files)d files, %(size)s bytes.")
            % {"file": target, "files": summary.files, "size": f"{summary.size:,}"}
        )
