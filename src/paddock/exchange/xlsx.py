"""XLSX workbooks written through openpyxl's write-only mode (its public API only).

What a workbook holds: one sheet per `Sheet`, each with its header row in bold and frozen,
the given column widths, then its rows. Cells: texts without the control characters XML
cannot hold, numbers as numbers, and dates, times and datetimes as real Excel values with a
number format, so that a spreadsheet sorts and computes with them.

openpyxl is imported when a workbook is written, not when the module loads: it costs a few
hundred milliseconds that no page but a download needs (tests/test_start_up.py). Without lxml
it serialises each cell in pure Python: 20,000 rows of ten columns take about 2.5 s of CPU,
well under issue 15's 10 s for the whole export (docs/benchmarks.md).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

Cell = str | int | float | Decimal | dt.datetime | dt.date | dt.time | None

DATETIME_FORMAT, DATE_FORMAT, TIME_FORMAT = "yyyy-mm-dd hh:mm", "yyyy-mm-dd", "hh:mm"
# What openpyxl refuses in a cell (XML 1.0 cannot hold them); they carry no meaning here.
ILLEGAL_CHARACTERS = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


@dataclass(frozen=True)
class Sheet:
    """A sheet: its name (valid and unique in the workbook), header, widths and rows."""

    title: str
    headers: Sequence[str]
    widths: Sequence[float]
    rows: Iterable[Sequence[Cell]]


def write_workbook(
    sheets: Sequence[Sheet], file: IO[bytes], *, text: Callable[[str], str] = str
) -> None:
    """The sheets as an XLSX file. `text` turns each text (once XML-safe) into what the cell
    shows: exchange.writing neutralises formulas there."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    for sheet in sheets:
        worksheet = workbook.create_sheet(title=sheet.title)
        worksheet.freeze_panes = "A2"
        for index, width in enumerate(sheet.widths, start=1):
            worksheet.column_dimensions[get_column_letter(index)].width = width
        cells = _Cells(worksheet, text)
        worksheet.append([cells.header(header) for header in sheet.headers])
        for row in sheet.rows:
            worksheet.append([cells.of(value) for value in row])
    workbook.save(file)


class _Cells:
    """Turns values into what a write-only sheet takes: dates and times as cells with a number
    format, texts made XML-safe and passed through `text`, numbers as they are."""

    def __init__(self, sheet: WriteOnlyWorksheet, text: Callable[[str], str]) -> None:
        from openpyxl.styles import Font

        self.sheet, self.text, self.bold = sheet, text, Font(bold=True)

    def header(self, value: str) -> WriteOnlyCell:
        cell = self._cell(self._text(value))
        cell.font = self.bold
        return cell

    def of(self, value: Cell) -> object:
        if isinstance(value, str):
            return self._text(value) or None
        if isinstance(value, dt.datetime):
            return self._formatted(value, DATETIME_FORMAT)
        if isinstance(value, dt.date):
            return self._formatted(value, DATE_FORMAT)
        if isinstance(value, dt.time):
            return self._formatted(value, TIME_FORMAT)
        return value

    def _text(self, value: str) -> str:
        return self.text(ILLEGAL_CHARACTERS.sub("", value))

    def _formatted(self, value: dt.date | dt.time, number_format: str) -> WriteOnlyCell:
        cell = self._cell(value)
        cell.number_format = number_format
        return cell

    def _cell(self, value: object) -> WriteOnlyCell:
        from openpyxl.cell import WriteOnlyCell

        return WriteOnlyCell(self.sheet, value=value)
