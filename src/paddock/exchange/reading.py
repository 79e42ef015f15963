"""Reading an uploaded spreadsheet (CSV or XLSX) into a table of text cells with line numbers.

Nothing here knows what the columns mean: `imports.py` recognises the headers and checks the
values. Every cell is text, as written in the file: a formula is kept as its text ("=1+1"),
never evaluated, so that what was typed is what gets stored. openpyxl and charset-normalizer are
imported by the functions that read: every command and worker loads the URLs, few read a file.
"""

import copy
import csv
import datetime as dt
import io
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from xml.parsers import expat

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from paddock.core.exceptions import DomainError
from paddock.core.neutral import NeutralMessage
from paddock.exchange.writing import unneutralise

MAX_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
# Rows x columns of the sheet read: the reader goes through every cell of that rectangle, and
# one cell far down and to the right of a few kilobytes' file spans billions.
MAX_CELLS = 2_000_000
# Rows of all the sheets of an XLSX file: as many as one sheet may hold in Excel.
MAX_XLSX_ROWS = 1_048_576
# Other elements of an XLSX file's XML that openpyxl keeps an object for (data validations,
# conditional formats, styles, charts...): a list to import has hundreds, and 500,000 data
# validations (a 35 KB file) took 704 MB.
MAX_XLSX_OTHER = 200_000
# What an element of a cell's text or of a run of rich text is called: openpyxl keeps none of
# them (a cell's value, a shared string's text), so they are not counted.
_TEXT_PARTS = frozenset(
    (
        *("v", "t", "is", "f", "r", "rPr", "rPh", "phoneticPr", "b", "i", "u", "sz", "color"),
        *("rFont", "family", "scheme", "charset", "vertAlign", "strike", "outline", "shadow"),
        *("condense", "extend"),
    )
)
# In an XLSX file's XML, what openpyxl makes an object for as it loads every sheet: a cell
# written (`<c>`), each cell of a merged range, of a link or of a comment over a range
# (`ref="A1:XFD1048576"`, 17 billion), a row (`<row>`, its height or style kept), a shared
# string (`<si>`), and any other element but the parts of a text. Elements are known by their
# name without its namespace prefix (`<x:mergeCell>` is a merge).
_KINDS = {"c": "cell", "row": "row", "si": "string"}
_RANGES = frozenset(("mergeCell", "hyperlink", "comment"))
_BOUNDS = {"cell": MAX_CELLS, "row": MAX_XLSX_ROWS, "string": MAX_CELLS, "other": MAX_XLSX_OTHER}
# Unpacked bytes handed to the XML parser at a time: the count holds this much of a part,
# whatever its size, and expat what it keeps of an element not yet ended.
_CHUNK = 64 * 1024
DELIMITERS = {
    ";": gettext_lazy("Semicolon (;)"),
    ",": gettext_lazy("Comma (,)"),
    "\t": gettext_lazy("Tab"),
}
# The encodings a spreadsheet of western Europe comes in. Detection is restricted to these:
# left free, charset-normalizer takes a short French file for Central European (cp1250),
# where "è" reads "č".
ENCODINGS = ("utf_8", "utf_16", "cp1252", "iso8859_15", "mac_roman")
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"  # the old binary .xls format


class ReadingError(DomainError):
    code = "unreadable"


@dataclass(frozen=True)
class Row:
    line: int  # the file's line where the record starts (CSV) or the sheet's row number (XLSX)
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[Row, ...]
    encoding: str = ""  # CSV only
    delimiter: str = ""  # CSV only
    sheets: tuple[str, ...] = ()  # XLSX only: every sheet's name


# Rows checked between two reports of progress: a report is one UPDATE, a thousand rows a
# few hundredths of a second.
REPORT_EVERY = 1000


def reporting(rows: Iterable[Row], progress: Callable[[int], None] | None) -> Iterator[Row]:
    """The rows, telling `progress` how many were taken every REPORT_EVERY rows."""
    for number, row in enumerate(rows, start=1):
        if progress is not None and number % REPORT_EVERY == 0:
            progress(number)
        yield row


def check_file(data: bytes, filename: str) -> None:
    """What can be told of a file at once, without reading it: raises ReadingError when it is
    empty, too large, an old Excel file or a spreadsheet too large once unpacked."""
    if not data.strip():
        raise ReadingError(
            NeutralMessage(gettext_noop("The file is empty.")), code="empty", field="file"
        )
    if len(data) > MAX_BYTES:
        raise ReadingError(
            NeutralMessage(
                gettext_noop("The file is larger than %(limit)d MB."),
                {"limit": MAX_BYTES // 1024 // 1024},
            ),
            code="too_large",
            field="file",
        )
    if data.startswith(_OLE):
        raise ReadingError(
            NeutralMessage(
                gettext_noop(
                    "This is an old Excel file (.xls): save it as .xlsx or CSV and try again."
                )
            ),
            code="old_excel",
            field="file",
        )
    if _is_xlsx(data, filename) and _unpacked_size(data) > MAX_UNPACKED_BYTES:
        # A few MB may unpack to gigabytes (a "zip bomb"): refuse before openpyxl loads it all.
        raise ReadingError(
            NeutralMessage(
                gettext_noop("The spreadsheet is larger than %(limit)d MB once unpacked."),
                {"limit": MAX_UNPACKED_BYTES // 1024 // 1024},
            ),
            code="too_large",
            field="file",
        )


def _is_xlsx(data: bytes, filename: str) -> bool:
    return data.startswith(_ZIP) or filename.lower().endswith(".xlsx")


def read_table(
    data: bytes, filename: str, *, encoding: str = "", delimiter: str = "", sheet: str = ""
) -> Table:
    """The table of an uploaded CSV or XLSX file: headers from the first non-empty row, then
    every non-empty row with its line. Empty rows and columns are dropped.

    `encoding` and `delimiter` override detection (CSV), `sheet` names the sheet (XLSX, the
    first by default). Raises ReadingError (`empty`, `too_large`, `old_excel`, `not_text`,
    `encoding`, `no_sheet`, `not_xlsx`, `no_header`, `no_rows`).
    """
    check_file(data, filename)
    if _is_xlsx(data, filename):
        return _tidy(*_read_xlsx(data, sheet))
    text, used = decode(data, encoding)
    used_delimiter = delimiter or detect_delimiter(text)
    return _tidy(_read_csv(text, used_delimiter), encoding=used, delimiter=used_delimiter)


def decode(data: bytes, encoding: str = "") -> tuple[str, str]:
    """The text of a CSV file and the encoding used: `encoding` when given, UTF-8 (with or
    without a byte-order mark) when it decodes, else what charset-normalizer finds."""
    if encoding:
        try:
            return data.decode(encoding).removeprefix("\ufeff"), encoding
        except LookupError:
            raise ReadingError(
                NeutralMessage(
                    gettext_noop("Unknown encoding: %(encoding)s."), {"encoding": encoding}
                ),
                code="encoding",
                field="encoding",
            ) from None
        except UnicodeDecodeError:
            raise ReadingError(
                NeutralMessage(
                    gettext_noop("The file is not in %(encoding)s: choose another encoding."),
                    {"encoding": encoding},
                ),
                code="encoding",
                field="encoding",
            ) from None
    if b"\x00" not in data:
        try:
            return data.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes  # not at start-up (see the module's docstring)

    best = from_bytes(data, cp_isolation=list(ENCODINGS)).best()
    if best is None or "\x00" in str(best):
        raise ReadingError(
            NeutralMessage(
                gettext_noop("This file is neither a CSV file nor an XLSX spreadsheet.")
            ),
            code="not_text",
            field="file",
        )
    return str(best).removeprefix("\ufeff"), best.encoding


def detect_delimiter(text: str) -> str:
    """The most frequent of `;`, `,` and tab outside quotes on the first non-empty line;
    a semicolon on a tie (French Excel's choice)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    outside, quoted = [], False
    for char in first:
        if char == '"':
            quoted = not quoted
        elif not quoted:
            outside.append(char)
    counts = {delimiter: outside.count(delimiter) for delimiter in DELIMITERS}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ";"


def _read_csv(text: str, delimiter: str) -> Iterator[Row]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    try:
        for record in reader:
            yield Row(start, tuple(record))
            start = reader.line_num + 1
    except csv.Error as error:
        raise ReadingError(
            NeutralMessage(
                gettext_noop("Line %(line)d cannot be read: %(error)s"),
                {"line": start, "error": str(error)},
            ),
            code="not_csv",
            field="file",
        ) from None


def _unpacked_size(data: bytes) -> int:
    """What the XLSX file's parts take once decompressed (0 when it is not a zip file)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return sum(part.file_size for part in archive.infolist())
    except zipfile.BadZipFile:
        return 0


def _read_xlsx(data: bytes, sheet: str) -> tuple[Iterator[Row], str, str, tuple[str, ...]]:
    import openpyxl  # not at start-up (see the module's docstring)

    _check_built_objects(data)
    try:
        # Not read-only: merged cells are known only then. Formulas stay text (data_only off).
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
    # SyntaxError: the XML parsers' (ElementTree's ParseError, lxml's), for a part cut short
    # or entities expanding past expat's limit (a "billion laughs").
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, SyntaxError):
        raise _not_xlsx() from None
    names = tuple(book.sheetnames)
    if sheet and sheet not in names:
        raise ReadingError(
            NeutralMessage(
                gettext_noop(
                    "The spreadsheet has no sheet named %(sheet)s; its sheets: %(sheets)s."
                ),
                {"sheet": sheet, "sheets": ", ".join(names)},
            ),
            code="no_sheet",
            field="sheet",
        )
    worksheet = book[sheet] if sheet else book.worksheets[0]
    _check_span(worksheet.max_row, worksheet.max_column)
    rows = (
        Row(cells[0].row, tuple(_cell_text(cell.value) for cell in cells))
        for cells in worksheet.iter_rows()
        if cells
    )
    return rows, "", "", names


def _check_built_objects(data: bytes) -> None:
    """Refuse a workbook for which openpyxl would build more than MAX_CELLS cells or shared
    strings, MAX_XLSX_ROWS rows or MAX_XLSX_OTHER other objects, counted in its XML before it
    loads: it builds every sheet whole, merged and linked ranges cell by cell, before the
    sheet's span can be checked (a 1.5 KB file merging a whole sheet took all the memory).

    The parts are unpacked a chunk at a time, so that a refused file costs little memory. A
    part declaring a DTD (`_refuse_dtd`), one holding more than the zip's directory declares,
    or a damaged zip, is refused as not a spreadsheet: zipfile cuts a part at its declared
    size only once it has unpacked all it read, up to a GB, and openpyxl reads some parts
    whole."""
    try:
        too_large = _builds_too_much(data)
    except (
        zipfile.BadZipFile,
        zlib.error,
        _LongerThanDeclaredError,
        _DeclaresDtdError,
        OSError,
        EOFError,
        RuntimeError,
        NotImplementedError,
    ):
        raise _not_xlsx() from None
    if too_large:
        raise ReadingError(
            NeutralMessage(
                gettext_noop(
                    "The spreadsheet is larger than an import reads: more than %(cells)d cells, "
                    "%(rows)d rows or %(other)d other elements (formats, validations, charts) in "
                    "all its sheets, a range merged, linked or commented counting each of its "
                    "cells. Keep only the sheet to import and its rows, then upload it again."
                ),
                {"cells": MAX_CELLS, "rows": MAX_XLSX_ROWS, "other": MAX_XLSX_OTHER},
            ),
            code="too_large",
            field="file",
        )


def _not_xlsx() -> ReadingError:
    return ReadingError(
        NeutralMessage(gettext_noop("This file is neither a CSV file nor an XLSX spreadsheet.")),
        code="not_xlsx",
        field="file",
    )


class _PastBoundError(Exception):
    """A count passed its bound: the file is refused, and nothing more of it read."""


class _LongerThanDeclaredError(Exception):
    """A part of the zip file unpacks to more than its directory says."""


class _DeclaresDtdError(Exception):
    """A part declares a DTD, which the files' format forbids (ECMA-376 part 2, M1.17)."""


def _refuse_dtd(*_declaration: object) -> None:
    """expat's handler of a DTD. Raises _DeclaresDtdError: the entities a DTD declares are
    expanded by openpyxl's parser (expat too) into the text it keeps, up to a hundred times
    the part's size (expat's limit), so a file of 7 KB took 700 MB."""
    raise _DeclaresDtdError


class _Count:
    """What openpyxl would build of the elements that expat reports, counted against the
    bounds; `range_boundaries` is openpyxl's reading of a range."""

    def __init__(self, range_boundaries: Callable[[str], tuple[int, int, int, int]]) -> None:
        self.counts = dict.fromkeys(_BOUNDS, 0)
        self.range_boundaries = range_boundaries

    def element(self, name: str, attributes: dict[str, str]) -> None:
        """expat's handler of an element's start. Raises _PastBoundError."""
        local = name.rpartition(":")[2]
        if local in _TEXT_PARTS:
            return
        kind, added = _KINDS.get(local, "other"), 1
        if local in _RANGES:
            ref = [value for key, value in attributes.items() if key.rpartition(":")[2] == "ref"]
            if ref:
                kind, added = "cell", self._cells_in(ref[0])
        self.counts[kind] += added
        if self.counts[kind] > _BOUNDS[kind]:
            raise _PastBoundError

    def _cells_in(self, ref: str) -> int:
        try:
            left, top, right, bottom = self.range_boundaries(ref)
            return (right - left + 1) * (bottom - top + 1)
        except (ValueError, TypeError):
            return MAX_CELLS + 1  # not a range as Excel writes one


def _builds_too_much(data: bytes) -> bool:
    """Whether the XML of the zip file `data` holds more of what openpyxl builds than the
    bounds, stopping at the first count past its bound. Every part is looked at, since a
    sheet's part may have any name. Raises _LongerThanDeclaredError and zipfile's errors."""
    from openpyxl.utils.cell import range_boundaries  # with openpyxl, not at start-up

    count = _Count(range_boundaries)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for part in archive.infolist():
                _count_part(archive, part, count)
    except _PastBoundError:
        return True
    return False


def _count_part(archive: zipfile.ZipFile, part: zipfile.ZipInfo, count: _Count) -> None:
    """Feed the part to expat, which tells `count` of each element. A part that is not XML
    (an image), or not well-formed (which openpyxl's parser, expat too, refuses), is counted
    no further but still read to its end, so that its size is checked."""
    parser = expat.ParserCreate()
    parser.StartElementHandler = count.element
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parsing = True
    for chunk in _unpacked(archive, part):
        parsing = parsing and _fed(parser, chunk)
    if parsing:
        _fed(parser, b"", final=True)


def _fed(parser: "expat.XMLParserType", chunk: bytes, *, final: bool = False) -> bool:
    """Whether expat read `chunk` as well-formed XML (so far)."""
    try:
        parser.Parse(chunk, final)
    except expat.ExpatError:
        return False
    return True


def _unpacked(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> Iterator[bytes]:
    """The part's bytes, _CHUNK at a time. Raises _LongerThanDeclaredError past its declared size:
    it is opened as one byte longer, so that zipfile does not cut it there unseen."""
    one_more = copy.copy(part)
    one_more.file_size += 1
    read = 0
    with archive.open(one_more) as stream:
        while chunk := stream.read(_CHUNK):
            read += len(chunk)
            if read > part.file_size:
                raise _LongerThanDeclaredError
            yield chunk


def _check_span(rows: int, columns: int) -> None:
    """Refuse a table whose rectangle holds more than MAX_CELLS cells (every row is made as
    wide as the widest: one cell far away spans billions)."""
    if rows * columns > MAX_CELLS:
        raise ReadingError(
            NeutralMessage(
                gettext_noop(
                    "The file spans %(rows)d rows and %(columns)d columns, more cells than an "
                    "import reads: delete what lies below or to the right of your data (a cell "
                    "far away) and upload it again."
                ),
                {"rows": rows, "columns": columns},
            ),
            code="too_large",
            field="file",
        )


def _cell_text(value: object) -> str:
    """A cell as text: a formula as its text, a whole number without ".0", a date in ISO."""
    text = str(value)
    if value is None:
        text = ""
    elif hasattr(value, "text"):  # array formulas
        text = str(value.text)
    elif isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, dt.datetime) and value.time() == dt.time():
        text = value.date().isoformat()
    elif isinstance(value, dt.date | dt.time):
        text = value.isoformat()
    return text


def _tidy(
    rows: Iterable[Row], encoding: str = "", delimiter: str = "", sheets: tuple[str, ...] = ()
) -> Table:
    """Headers and rows without empty rows, empty columns, or blanks around the headers."""
    kept = [row for row in rows if any(cell.strip() for cell in row.cells)]
    if not kept:
        raise ReadingError(
            NeutralMessage(gettext_noop("The file is empty.")), code="empty", field="file"
        )
    # Each cell looked at once: a line of many empty columns over many short lines made
    # columns x lines look-ups.
    used = sorted({index for row in kept for index, cell in enumerate(row.cells) if cell.strip()})
    _check_span(len(kept), len(used))
    header, *body = (
        Row(row.line, tuple(unneutralise(row.cells[i]) if i < len(row.cells) else "" for i in used))
        for row in kept
    )
    headers = tuple(
        " ".join(cell.split()) or _("Column %(number)d") % {"number": index + 1}
        for index, cell in zip(used, header.cells, strict=True)
    )
    if any("@" in cell for cell in header.cells):
        raise ReadingError(
            NeutralMessage(
                gettext_noop(
                    "The first line must name the columns (Email, Company, ...), but line "
                    "%(line)d holds an email address."
                ),
                {"line": header.line},
            ),
            code="no_header",
            field="file",
        )
    if not body:
        raise ReadingError(
            NeutralMessage(gettext_noop("The file has no rows below its header.")),
            code="no_rows",
            field="file",
        )
    return Table(headers, tuple(body), encoding, delimiter, sheets)
