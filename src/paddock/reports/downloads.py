"""Sections as files: one table as CSV or XLSX (exchange.writing), several tables as one CSV
with a titled block per table or one workbook with a sheet per table."""

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from paddock.exchange.writing import (
    BOM,
    column_widths,
    csv_chunks,
    neutralise,
    sheet_title,
    xlsx_bytes,
)
from paddock.reports.sections import Section

FORMATS = ("csv", "xlsx")


def section_bytes(section: Section, file_format: str) -> bytes:
    if file_format == "xlsx":
        return xlsx_bytes(section.table())
    return b"".join(csv_chunks(section.table()))


def sections_csv(sections: Sequence[Section]) -> bytes:
    """One CSV file: each table after a line with its title, the tables apart by a blank line."""
    blocks = []
    for section in sections:
        body = b"".join(csv_chunks(section.table())).decode("utf-8").removeprefix(BOM)
        blocks.append(f"{neutralise(section.title)}\r\n{body}")
    return (BOM + "\r\n".join(blocks)).encode("utf-8")


def sections_xlsx(sections: Sequence[Section]) -> bytes:
    """One workbook, one sheet per table with a bold header row."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for section in sections:
        table = section.table()
        sheet = workbook.create_sheet(sheet_title(table.title))
        sheet.append([neutralise(header) for header in table.headers])
        for cell in sheet[1]:
            cell.font = bold
        for row in table.rows:
            sheet.append([neutralise(v) if isinstance(v, str) else v for v in row])
        for index, width in enumerate(column_widths(table), start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
