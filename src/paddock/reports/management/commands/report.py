"""`python -m paddock report EDITION --format pdf|xlsx|csv -o FILE`: the funders' report as a
PDF, or the report's tables (the series' key figures, then the edition's sections) as one
workbook with a sheet per table or one CSV file with a titled block per table."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from paddock.events.models import Edition
from paddock.reports.documents import funders_pdf
from paddock.reports.downloads import sections_csv, sections_xlsx
from paddock.reports.queries import edition_figures, series_key_figures
from paddock.reports.sections import edition_sections, key_figures_section


class Command(BaseCommand):
    help = "Writes an edition's report (the funders' PDF, or its tables as XLSX or CSV)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("edition", help="the edition's short name (slug)")
        parser.add_argument("--format", choices=("pdf", "xlsx", "csv"), default="pdf")
        parser.add_argument("-o", "--output", required=True, type=Path, help="the file to write")
        parser.add_argument("--language", default="en", choices=("en", "fr"))

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"]):
            edition = Edition.objects.select_related("series").filter(slug=options["edition"])
            found = edition.first()
            if found is None:
                message = _("No edition is called “%(slug)s”.") % {"slug": options["edition"]}
                raise CommandError(message)
            content = report_bytes(found, options["format"])
        options["output"].write_bytes(content)
        self.stdout.write(f"{options['output']}: {len(content)} bytes")


def report_bytes(edition: Edition, file_format: str) -> bytes:
    if file_format == "pdf":
        return funders_pdf(edition)
    history = key_figures_section(series_key_figures(edition.series, until=edition))
    sections = [history, *edition_sections(edition_figures(edition))]
    return sections_xlsx(sections) if file_format == "xlsx" else sections_csv(sections)
