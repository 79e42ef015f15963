"""XLSX workbooks written with the standard library: a zip of a few SpreadsheetML parts.

Why not openpyxl: its write-only mode is fast only with lxml, which we do not install; without
it, openpyxl builds and serialises an element per cell in pure Python, ten times slower than
writing the sheet's XML as text, which is what this module does. openpyxl still reads our
files (exchange.reading) and checks them in the tests.

What a workbook holds: one sheet per `Sheet`, each with its header row in bold and frozen,
the given column widths, then its rows. Cells: texts as inline strings (without the control
characters XML cannot hold), numbers as numbers, and dates, times and datetimes as Excel serial
numbers (days since 1899-12-30; dates from 1900-03-01 on) with a number format, so that a
spreadsheet sorts and computes with them. An empty text or None leaves the cell empty.
The parts follow ECMA-376 (Office Open XML), Part 1, section 18 (SpreadsheetML).
"""

import datetime as dt
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import IO
from xml.sax.saxutils import escape, quoteattr

Cell = str | int | float | Decimal | dt.datetime | dt.date | dt.time | None

# Excel number formats of the date cells, in the order of their styles (2, 3, 4) below.
DATETIME_FORMAT, DATE_FORMAT, TIME_FORMAT = "yyyy-mm-dd hh:mm", "yyyy-mm-dd", "hh:mm"
ILLEGAL_CHARACTERS = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
EPOCH = dt.datetime(1899, 12, 30)  # noqa: DTZ001 - Excel's day 0; its serial numbers have no zone
ROWS_PER_WRITE = 1000

HEADER = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
STYLES = f"""{HEADER}<styleSheet xmlns="{MAIN}">
<numFmts count="3"><numFmt numFmtId="164" formatCode="{DATETIME_FORMAT}"/>\
<numFmt numFmtId="165" formatCode="{DATE_FORMAT}"/>\
<numFmt numFmtId="166" formatCode="{TIME_FORMAT}"/></numFmts>
<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>\
<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill>\
<fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""
BOLD_STYLE = 1
SHEET_TOP = (
    f'{HEADER}<worksheet xmlns="{MAIN}"><sheetViews><sheetView workbookViewId="0">'
    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
    '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
    '<sheetFormatPr defaultRowHeight="15"/>'
)


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
    with zipfile.ZipFile(file, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _content_types(len(sheets)))
        archive.writestr("_rels/.rels", _package_relationships())
        archive.writestr("xl/workbook.xml", _workbook(sheets))
        archive.writestr("xl/_rels/workbook.xml.rels", _workbook_relationships(len(sheets)))
        archive.writestr("xl/styles.xml", STYLES)
        for number, sheet in enumerate(sheets, start=1):
            with archive.open(f"xl/worksheets/sheet{number}.xml", "w") as part:
                for chunk in _SheetXml(sheet, text).chunks():
                    part.write(chunk.encode("utf-8"))


class _SheetXml:
    """A sheet's XML, in pieces of a thousand rows."""

    def __init__(self, sheet: Sheet, text: Callable[[str], str]) -> None:
        self.sheet, self.text = sheet, text
        self.columns = [column_letter(n) for n in range(1, len(sheet.headers) + 1)]

    def chunks(self) -> Iterable[str]:
        cols = "".join(
            f'<col min="{n}" max="{n}" width="{width}" customWidth="1"/>'
            for n, width in enumerate(self.sheet.widths, start=1)
        )
        header = "".join(
            self._text_cell(f"{column}1", header, f' s="{BOLD_STYLE}"')
            for column, header in zip(self.columns, self.sheet.headers, strict=True)
        )
        pieces = [SHEET_TOP, f"<cols>{cols}</cols>" if cols else "", "<sheetData>"]
        pieces.append(f'<row r="1">{header}</row>')
        for number, row in enumerate(self.sheet.rows, start=2):
            cells = "".join(
                self._cell(f"{column}{number}", value)
                for column, value in zip(self.columns, row, strict=True)
                if value is not None and value != ""
            )
            pieces.append(f'<row r="{number}">{cells}</row>')
            if number % ROWS_PER_WRITE == 0:
                yield "".join(pieces)
                pieces.clear()
        pieces.append("</sheetData></worksheet>")
        yield "".join(pieces)

    def _cell(self, reference: str, value: Cell) -> str:
        if isinstance(value, str):
            return self._text_cell(reference, value)
        if isinstance(value, dt.datetime):
            days, style = (value.replace(tzinfo=None) - EPOCH) / dt.timedelta(days=1), 2
        elif isinstance(value, dt.date):
            days, style = (value - EPOCH.date()).days, 3
        elif isinstance(value, dt.time):
            days, style = _seconds(value) / 86400, 4
        else:
            number = repr(value) if isinstance(value, float) else str(value)
            return f'<c r="{reference}"><v>{number}</v></c>'
        return f'<c r="{reference}" s="{style}"><v>{days!r}</v></c>'

    def _text_cell(self, reference: str, value: str, style: str = "") -> str:
        shown = self.text(ILLEGAL_CHARACTERS.sub("", value))
        space = ' xml:space="preserve"' if shown.strip() != shown else ""
        return f'<c r="{reference}"{style} t="inlineStr"><is><t{space}>{escape(shown)}</t></is></c>'


def column_letter(number: int) -> str:
    """The letters of the column `number` (1 is A, 27 is AA)."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _seconds(value: dt.time) -> float:
    return value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6


def _content_types(sheets: int) -> str:
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
        f'ContentType="{CONTENT_TYPE}.worksheet+xml"/>'
        for n in range(1, sheets + 1)
    )
    return (
        f'{HEADER}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{CONTENT_TYPE}.sheet.main+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{CONTENT_TYPE}.styles+xml"/>'
        f"{overrides}</Types>"
    )


def _package_relationships() -> str:
    return (
        f'{HEADER}<Relationships xmlns="{PACKAGE_RELATIONSHIPS}"><Relationship Id="rId1" '
        f'Type="{RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )


def _workbook(sheets: Sequence[Sheet]) -> str:
    listed = "".join(
        f'<sheet name={quoteattr(sheet.title)} sheetId="{n}" r:id="rId{n}"/>'
        for n, sheet in enumerate(sheets, start=1)
    )
    return (
        f'{HEADER}<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}">'
        f"<bookViews><workbookView/></bookViews><sheets>{listed}</sheets></workbook>"
    )


def _workbook_relationships(sheets: int) -> str:
    listed = "".join(
        f'<Relationship Id="rId{n}" Type="{RELATIONSHIPS}/worksheet" '
        f'Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, sheets + 1)
    )
    styles = f'Id="rId{sheets + 1}" Type="{RELATIONSHIPS}/styles" Target="styles.xml"'
    return (
        f'{HEADER}<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">{listed}'
        f"<Relationship {styles}/></Relationships>"
    )
