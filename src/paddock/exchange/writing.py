"""Tables written as CSV or XLSX files that spreadsheets open safely.

CSV: UTF-8 with a byte-order mark (so that Excel recognises UTF-8), `;` between values by default
(French Excel) or `,`, CRLF line ends, values quoted where the csv module needs it. XLSX: openpyxl
in write-only mode, a bold and frozen header row, column widths from the content, dates and
times as real Excel values. In both, a text cell that a spreadsheet would take for a formula
(starting with `=`, `+`, `-`, `@`, tab or carriage return) is prefixed with a single quote, as
OWASP recommends against CSV injection; numbers stay numbers.
"""

import csv
import datetime as dt
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any
from xml.sax.saxutils import escape

import openpyxl
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet._writer import WorksheetWriter

Cell = str | int | float | Decimal | dt.datetime | dt.date | dt.time | None

DELIMITERS = (";", ",")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
CSV_CHUNK_ROWS = 1000
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

# Excel number formats, and the width their values take.
DATETIME_FORMAT, DATE_FORMAT, TIME_FORMAT = "yyyy-mm-dd hh:mm", "yyyy-mm-dd", "hh:mm"
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


def write_xlsx(table: Table, file: IO[bytes], *, text_rows: bool = not openpyxl.LXML) -> None:
    """The table as a workbook of one sheet. `text_rows`: the data rows are serialised as XML
    text by `_TextRowsWriter`, about ten times faster than openpyxl's pure-Python element
    writer (without lxml), for the same file; with lxml, openpyxl's own way is fast enough."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title(table.title))
    sheet.freeze_panes = "A2"
    for index, width in enumerate(column_widths(table), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    header_row = []
    for header in table.headers:
        cell = WriteOnlyCell(sheet, value=_xlsx_text(header))
        cell.font = bold
        header_row.append(cell)
    if text_rows:
        _TextRowsWriter.install(sheet, header_row, table.rows)
    else:
        sheet.append(header_row)
        cells = _XlsxCells(sheet)
        for row in table.rows:
            sheet.append([cells.of(value) for value in row])
    workbook.save(file)


def xlsx_bytes(table: Table) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(table, buffer)
    return buffer.getvalue()


def sheet_title(title: str) -> str:
    """A valid sheet name: at most 31 characters, none of []:*?/\\."""
    return title.translate(SHEET_TITLE_FORBIDDEN).strip()[:31] or "Sheet"


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


def _xlsx_text(value: str) -> str:
    # openpyxl refuses the control characters XML cannot hold; they carry no meaning here.
    return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))


class _XlsxCells:
    """Turns values into what the write-only sheet takes: dates and times as cells with an Excel
    number format, texts neutralised, numbers as they are."""

    def __init__(self, sheet: WriteOnlyWorksheet) -> None:
        self.sheet = sheet

    def of(self, value: Cell) -> object:
        if isinstance(value, str):
            return _xlsx_text(value)
        if isinstance(value, dt.datetime):
            return self._formatted(value, DATETIME_FORMAT)
        if isinstance(value, dt.date):
            return self._formatted(value, DATE_FORMAT)
        if isinstance(value, dt.time):
            return self._formatted(value, TIME_FORMAT)
        return value

    def _formatted(self, value: dt.date | dt.time, number_format: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.sheet, value=value)
        cell.number_format = number_format
        return cell


class _TextRowsWriter(WorksheetWriter):
    """openpyxl's writer of a write-only sheet (everything but the rows is its own), with the
    rows written as XML text: inline strings, numbers, and dates and times as Excel serial
    numbers with the style of their number format, as openpyxl writes them."""

    @classmethod
    def install(cls, sheet: WriteOnlyWorksheet, header: list[WriteOnlyCell], rows: Any) -> None:
        # The sheet writes its top (views, columns) when its writer is made, and its rows when
        # the workbook is saved and no row was appended: the rows are then ours.
        writer = cls(sheet)
        writer.header, writer.table_rows = header, rows
        writer.styles = {
            number_format: _XlsxCells(sheet).of(sample).style_id  # type: ignore[union-attr]
            for number_format, sample in (
                (DATETIME_FORMAT, dt.datetime(2000, 1, 1)),  # noqa: DTZ001 - Excel has no zones
                (DATE_FORMAT, dt.date(2000, 1, 1)),
                (TIME_FORMAT, dt.time()),
            )
        }
        writer.write_top()
        sheet._writer = writer  # what WriteOnlyWorksheet._get_writer sets

    def write_rows(self) -> None:
        xf = self.xf.send(True)
        with xf.element("sheetData"):
            write = xf._file  # et_xmlfile's text writer, which openpyxl uses without lxml
            columns = [get_column_letter(n) for n in range(1, len(self.header) + 1)]
            header = "".join(
                f'<c r="{column}1" s="{cell.style_id}" t="inlineStr"><is><t>'
                f"{escape(cell.value)}</t></is></c>"
                for column, cell in zip(columns, self.header, strict=True)
            )
            write(f'<row r="1">{header}</row>')
            for number, row in enumerate(self.table_rows, start=2):
                cells = "".join(
                    self._cell(f"{column}{number}", value)
                    for column, value in zip(columns, row, strict=True)
                    if value is not None and value != ""
                )
                write(f'<row r="{number}">{cells}</row>')
        self.xf.send(None)

    def _cell(self, reference: str, value: Cell) -> str:
        if isinstance(value, str):
            text = _xlsx_text(value)
            space = ' xml:space="preserve"' if text.strip() != text else ""
            return f'<c r="{reference}" t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>'
        if isinstance(value, dt.datetime):
            style = self.styles[DATETIME_FORMAT]
        elif isinstance(value, dt.date):
            style = self.styles[DATE_FORMAT]
        elif isinstance(value, dt.time):
            style = self.styles[TIME_FORMAT]
        else:
            number = repr(value) if isinstance(value, float) else str(value)
            return f'<c r="{reference}" t="n"><v>{number}</v></c>'
        return f'<c r="{reference}" s="{style}" t="n"><v>{to_excel(value)}</v></c>'
