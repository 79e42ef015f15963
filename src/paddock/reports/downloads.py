"""Sections as files: one table as CSV or XLSX (exchange.writing), several tables as one CSV
with a titled block per table or one workbook with a sheet per table."""

from collections.abc import Sequence

from paddock.exchange.writing import BOM, csv_chunks, neutralise, xlsx_bytes
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
    """One workbook, one sheet per table with a bold and frozen header row."""
    return xlsx_bytes(*(section.table() for section in sections))
