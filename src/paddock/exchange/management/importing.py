"""What the two import commands share: options, reading the file, printing errors."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from paddock.events.models import Edition
from paddock.exchange.cell_errors import CellError
from paddock.exchange.columns import Column
from paddock.exchange.mapping import Mapping, mapping_errors, recognise
from paddock.exchange.reading import ReadingError, read_table

DELIMITER_NAMES = {"tab": "\t", "\\t": "\t", "semicolon": ";", "comma": ","}


class ImportCommand(BaseCommand):
    """Reads EDITION FILE; `handle_import` imports. Exits 1 after printing every error, each
    as `line N, column NAME: message`, having changed nothing."""

    columns: tuple[Column, ...] = ()

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("edition", help="The edition's short name (slug).")
        parser.add_argument("file", help="A CSV or XLSX file whose first line names the columns.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and count, create nothing."
        )
        parser.add_argument("--encoding", default="", help="The CSV file's encoding (detected).")
        parser.add_argument(
            "--delimiter", default="", help="The CSV delimiter: ';', ',' or 'tab' (detected)."
        )
        parser.add_argument("--sheet", default="", help="The XLSX sheet's name (the first).")

    def fail(self, errors: list[CellError] | list[str]) -> None:
        for error in errors:
            self.stderr.write(str(error))
        raise SystemExit(1)

    def handle(self, *args: Any, **options: Any) -> None:
        edition = Edition.objects.filter(slug=options["edition"]).first()
        if edition is None:
            self.fail([_("No edition named %(slug)s.") % {"slug": options["edition"]}])
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            self.fail([_("Cannot read %(path)s: %(error)s") % {"path": path, "error": error}])
        delimiter = DELIMITER_NAMES.get(options["delimiter"], options["delimiter"])
        try:
            table = read_table(
                data,
                path.name,
                encoding=options["encoding"],
                delimiter=delimiter,
                sheet=options["sheet"],
            )
        except ReadingError as error:
            self.fail([error.message])
        keys = recognise(table.headers, self.columns)
        errors = mapping_errors(keys, self.columns)
        if errors:
            found = _("Columns found: %(headers)s.") % {"headers": ", ".join(table.headers)}
            self.fail([*errors, found])
        self.handle_import(edition, table, Mapping(tuple(keys), table.headers), options)

    def handle_import(self, edition: Edition, table: Any, mapping: Mapping, options: Any) -> None:
        raise NotImplementedError
