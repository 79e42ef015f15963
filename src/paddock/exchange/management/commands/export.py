"""`python -m paddock export EDITION KIND --format csv|xlsx -o FILE`: one export as a file."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from paddock.events.models import Edition
from paddock.exchange.exports import KINDS, export_filename, export_table
from paddock.exchange.writing import DELIMITERS, write_csv, write_xlsx

FORMATS = ("csv", "xlsx")


class Command(BaseCommand):
    help = (
        "Export one kind of an edition's data (participants, companies, meeting requests, "
        "meetings, check-ins, visits or outcomes) as a CSV or XLSX file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("edition", help="The edition's short name, e.g. ibd-2021.")
        parser.add_argument("kind", help=f"What to export: {', '.join(KINDS)}.")
        parser.add_argument("--format", choices=FORMATS, default="xlsx", dest="file_format")
        parser.add_argument(
            "-o",
            "--output",
            help="The file to write; by default <edition>-<kind>-<date>.<format> here.",
        )
        parser.add_argument(
            "--delimiter", choices=DELIMITERS, default=";", help="Between CSV values (; or ,)."
        )
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="The language of the headers and labels.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"]):
            self._export(options)

    def _export(self, options: dict[str, Any]) -> None:
        edition = Edition.objects.filter(slug=options["edition"]).first()
        if edition is None:
            raise CommandError(_("No edition named %(slug)s.") % {"slug": options["edition"]})
        kind = KINDS.get(options["kind"])
        if kind is None:
            raise CommandError(
                _("Unknown kind “%(kind)s”; the kinds are: %(kinds)s.")
                % {"kind": options["kind"], "kinds": ", ".join(KINDS)}
            )
        file_format = options["file_format"]
        path = Path(options["output"] or export_filename(edition, kind, file_format))
        table = export_table(edition, kind, language=options["language"])
        try:
            with path.open("wb") as file:
                if file_format == "csv":
                    write_csv(table, file, delimiter=options["delimiter"])
                else:
                    write_xlsx(table, file)
        except OSError as error:
            raise CommandError(
                _("Cannot write %(path)s: %(error)s") % {"path": path, "error": error.strerror}
            ) from error
        count = len(table.rows)
        message = ngettext(
            "%(count)d row written to %(path)s.", "%(count)d rows written to %(path)s.", count
        )
        self.stdout.write(message % {"count": count, "path": path})
