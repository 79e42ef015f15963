"""Tables written as CSV or XLSX files that spreadsheets open safely.

CSV: UTF-8 with a byte-order mark (so that Excel recognises UTF-8), `;` between values by default
(French Excel) or `,`, CRLF line ends, values quoted where the csv module needs it. XLSX (written
by exchange.xlsx): a bold and frozen header row, column widths from the content, dates and
times as real Excel values, one sheet per table. In both, a text cell that a spreadsheet would
take for a formula (starting with `=`, `+`, `-`, `@`, their full-width forms U+FF1D, U+FF0B,
U+FF0D and U+FF20, tab or carriage return) is prefixed with a single quote, as OWASP recommends
against CSV injection; numbers stay numbers.
"""

import csv
import datetime as dt
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import IO

from paddock.exchange.xlsx import DATETIME_FORMAT, Cell, Sheet, write_workbook

DELIMITERS = (";", ",")
# With the full-width forms of = + - @ (U+FF1D, U+FF0B, U+FF0D, U+FF20), which a spreadsheet
# in a CJK locale may take for the ASCII signs: a quote before them costs a reader nothing.
FORMULA_STARTS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20", "\t", "\r")
BOM = "\ufeff"
CSV_CHUNK_ROWS = 1000
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

MIN_WIDTH, MAX_WIDTH, WIDTH_SAMPLE = 8, 60, 500
SHEET_TITLE_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


@dataclass(frozen=True)
class Table:
    """What a file holds: a title (the XLSX sheet's name), headers and rows of cells."""

    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[Cell]]


def neutralise(value: str) -> str:
    """The text, prefixed with a quote when a spreadsheet would read it as a formula."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def unneutralise(value: str) -> str:
    """The text before `neutralise`: a quote that only guards a formula start is dropped, so
    that an export read back gives what was exported."""
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) else value


def csv_text(value: Cell) -> str:
    """A cell as CSV text: dates as ISO dates, times to the minute."""
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, dt.datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return f"{value:%H:%M}"
    return str(value)


def csv_chunks(table: Table, *, delimiter: str = ";") -> Iterator[bytes]:
    """The CSV file in pieces of a thousand rows, for a streaming response."""
    if delimiter not in DELIMITERS:
        raise ValueError(f"delimiter must be one of {DELIMITERS}, not {delimiter!r}")
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow([neutralise(header) for header in table.headers])
    for number, row in enumerate(table.rows, start=1):
        writer.writerow([csv_text(value) for value in row])
        if number % CSV_CHUNK_ROWS == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def write_csv(table: Table, file: IO[bytes], *, delimiter: str = ";") -> None:
    for chunk in csv_chunks(table, delimiter=delimiter):
        file.write(chunk)


def write_xlsx(table: Table, file: IO[bytes]) -> None:
    write_tables_xlsx([table], file)


def write_tables_xlsx(tables: Sequence[Table], file: IO[bytes]) -> None:
    """The tables as a workbook, one sheet each, named after its title (made unique)."""
    titles: list[str] = []
    for table in tables:
        title = sheet_title(table.title)
        titles.append(unique_title(title, titles))
    sheets = [
        Sheet(title, table.headers, column_widths(table), table.rows)
        for title, table in zip(titles, tables, strict=True)
    ]
    write_workbook(sheets, file, text=neutralise)


def xlsx_bytes(*tables: Table) -> bytes:
    """One table as an XLSX file, or several as a workbook of a sheet each."""
    buffer = io.BytesIO()
    write_tables_xlsx(tables, buffer)
    return buffer.getvalue()


def sheet_title(title: str) -> str:
    """A valid sheet name: at most 31 characters, none of []:*?/\\."""
    return title.translate(SHEET_TITLE_FORBIDDEN).strip()[:31] or "Sheet"


def unique_title(title: str, taken: Sequence[str]) -> str:
    """The title, or with a number at its end when a sheet has it already (Excel ignores case)."""
    taken_folded = {name.casefold() for name in taken}
    unique, number = title, 1
    while unique.casefold() in taken_folded:
        number += 1
        unique = f"{title[: 31 - len(str(number))]}{number}"
    return unique


def column_widths(table: Table) -> list[float]:
    """Widths from the header and the first rows' values, between 8 and 60 characters."""
    widths = [len(header) for header in table.headers]
    for row in table.rows[:WIDTH_SAMPLE]:
        for index, value in enumerate(row):
            widths[index] = max(widths[index], _shown_length(value))
    return [min(MAX_WIDTH, max(MIN_WIDTH, width + 2)) for width in widths]


def _shown_length(value: Cell) -> int:
    if isinstance(value, dt.datetime):
        return len(DATETIME_FORMAT)
    if isinstance(value, str):
        return max((len(line) for line in value.splitlines()), default=0)
    return len(csv_text(value))
