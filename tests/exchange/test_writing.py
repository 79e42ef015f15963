"""CSV and XLSX writing: what Excel needs, and no formula smuggled in a text cell."""

import csv
import datetime as dt
import io
from typing import IO

import openpyxl
import pytest
from openpyxl.styles import Font

from paddock.exchange.writing import (
    Table,
    csv_chunks,
    sheet_title,
    write_csv,
    write_xlsx,
    xlsx_bytes,
)

pytestmark = pytest.mark.unit


def wall(*fields: int) -> dt.datetime:
    """A wall-clock time without a zone, as the files hold them."""
    return dt.datetime(*fields, tzinfo=dt.UTC).replace(tzinfo=None)


# The full-width forms (U+FF1D, U+FF0B, U+FF0D, U+FF20) too: a spreadsheet set to a CJK input
# may read them as the ASCII signs. The carriage return stays last (XLSX reads it back as \n).
DANGEROUS = [
    '=HYPERLINK("http://x")',
    "+33 6 12",
    "@SUM(A1)",
    "-2+3",
    '\uff1dHYPERLINK("http://x")',
    "\uff0b33 6 12",
    "\uff0d2+3",
    "\uff20SUM(A1)",
    "\tcmd",
    "\rcmd",
]
NEUTRALISED = [f"'{value}" for value in DANGEROUS]


def csv_bytes(table: Table, **options) -> bytes:
    file = io.BytesIO()
    write_csv(table, file, **options)
    return file.getvalue()


def read_csv(data: bytes, delimiter: str = ";") -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=delimiter))


def read_xlsx(table: Table) -> openpyxl.Workbook:
    file = io.BytesIO()
    write_xlsx(table, file)
    file.seek(0)
    return openpyxl.load_workbook(file)


def test_csv_default_starts_with_bom_and_uses_semicolons_and_crlf():
    table = Table("People", ["Name", "City"], [["Anne", "Le Mans"], ["Bob; Jr", "Lyon"]])

    data = csv_bytes(table)

    assert data == b'\xef\xbb\xbfName;City\r\nAnne;Le Mans\r\n"Bob; Jr";Lyon\r\n'


def test_csv_comma_on_request():
    table = Table("People", ["Name", "City"], [["Anne", "Le Mans, Sarthe"]])

    data = csv_bytes(table, delimiter=",")

    assert data == b'\xef\xbb\xbfName,City\r\nAnne,"Le Mans, Sarthe"\r\n'


def test_csv_unknown_delimiter_refused():
    table = Table("People", ["Name"], [])

    with pytest.raises(ValueError, match="delimiter"):
        csv_bytes(table, delimiter="|")


def test_csv_formula_texts_neutralised_numbers_kept():
    table = Table("Risky", ["Value"], [[value] for value in [*DANGEROUS, -2, 3.5, "a=b"]])

    rows = read_csv(csv_bytes(table))

    assert rows == [["Value"], *([value] for value in NEUTRALISED), ["-2"], ["3.5"], ["a=b"]]


def test_csv_multiline_description_survives_read_back():
    description = 'Line one;\r\nline "two"\nline three'
    table = Table("Companies", ["Name", "Description"], [["Acme", description]])

    rows = read_csv(csv_bytes(table))

    assert rows == [["Name", "Description"], ["Acme", description]]


def test_csv_dates_and_times_as_iso_text():
    table = Table(
        "When",
        ["Day", "Time", "Moment", "Empty"],
        [[dt.date(2031, 6, 12), dt.time(9, 5), wall(2031, 6, 12, 8, 30, 12), None]],
    )

    rows = read_csv(csv_bytes(table))

    assert rows == [
        ["Day", "Time", "Moment", "Empty"],
        ["2031-06-12", "09:05", "2031-06-12 08:30", ""],
    ]


def test_csv_big_file_streamed_in_chunks():
    table = Table("Many", ["N"], [[n] for n in range(2500)])

    chunks = list(csv_chunks(table))

    assert [len(chunk.splitlines()) for chunk in chunks] == [1001, 1000, 500]


def test_xlsx_formula_texts_neutralised_numbers_kept():
    table = Table("Risky", ["Value"], [[value] for value in [*DANGEROUS, -2, 3.5]])

    sheet = read_xlsx(table).active

    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    # XML reads a carriage return back as a line feed; the quote before it is what matters.
    assert [cell.value for cell in cells] == [*NEUTRALISED[:-1], "'\ncmd", -2, 3.5]
    assert [cell.data_type for cell in cells] == ["s"] * len(DANGEROUS) + ["n", "n"]


def test_xlsx_header_bold_and_frozen_with_widths():
    table = Table("Meetings: day/1", ["Company", "N"], [["A" * 30, 1], ["B" * 100, 2]])

    sheet = read_xlsx(table).active

    assert sheet.title == "Meetings  day 1"
    assert sheet.freeze_panes == "A2"
    assert [cell.font.b for cell in sheet[1]] == [True, True]
    assert [sheet.column_dimensions[letter].width for letter in "AB"] == [60, 8]


def test_xlsx_dates_and_times_are_excel_values():
    table = Table(
        "When",
        ["Day", "Time", "Moment"],
        [[dt.date(2031, 6, 12), dt.time(9, 5), wall(2031, 6, 12, 8, 30)]],
    )

    sheet = read_xlsx(table).active

    (cells,) = sheet.iter_rows(min_row=2)
    assert [cell.value for cell in cells] == [
        wall(2031, 6, 12),
        dt.time(9, 5),
        wall(2031, 6, 12, 8, 30),
    ]
    assert [cell.number_format for cell in cells] == ["yyyy-mm-dd", "hh:mm", "yyyy-mm-dd hh:mm"]


def test_xlsx_control_characters_dropped():
    table = Table("Text", ["Value"], [["bell\x07 here"]])

    sheet = read_xlsx(table).active

    assert sheet["A2"].value == "bell here"


def test_sheet_title_empty_gets_a_name():
    assert sheet_title("[]") == "Sheet"


def openpyxl_xlsx(table: Table) -> io.BytesIO:
    """The table as openpyxl itself writes it through its public API, to compare with."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = table.title
    sheet.freeze_panes = "A2"
    sheet.append(list(table.headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    formats = {dt.datetime: "yyyy-mm-dd hh:mm", dt.date: "yyyy-mm-dd", dt.time: "hh:mm"}
    for number, row in enumerate(table.rows, start=2):
        for column, value in enumerate(row, start=1):
            if value is not None and value != "":
                cell = sheet.cell(number, column, value)
                cell.number_format = formats.get(type(value), "General")
    file = io.BytesIO()
    workbook.save(file)
    return file


def cells(file: IO[bytes]) -> list[list[tuple]]:
    sheet = openpyxl.load_workbook(file).active
    return [
        [(cell.value, cell.data_type, cell.number_format, cell.font.b) for cell in row]
        for row in sheet.iter_rows()
    ]


def test_xlsx_same_cells_as_openpyxl_writes():
    table = Table(
        "Both",
        ["Text", "Number", "When"],
        [
            ["a=b", -2, wall(2031, 6, 12, 8, 30, 15)],
            [' spaced <&> "quoted" ', 3.25, dt.date(2031, 6, 12)],
            ["", None, dt.time(9, 5)],
            ["été\nligne", 10**12, wall(1999, 12, 31, 23, 59)],
        ],
    )
    file = io.BytesIO()

    write_xlsx(table, file)

    assert cells(file) == cells(openpyxl_xlsx(table))


def test_xlsx_several_tables_one_sheet_each_with_unique_names():
    tables = [
        Table("Participants", ["Name"], [["Anne"]]),
        Table("participants", ["Company", "N"], [["Acme", 3]]),
        Table("X" * 40, ["When"], [[dt.date(2031, 6, 12)]]),
    ]

    workbook = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(*tables)))

    assert [
        (
            sheet.title,
            sheet.freeze_panes,
            [[(cell.value, cell.font.b) for cell in row] for row in sheet.iter_rows()],
        )
        for sheet in workbook.worksheets
    ] == [
        ("Participants", "A2", [[("Name", True)], [("Anne", False)]]),
        ("participants2", "A2", [[("Company", True), ("N", True)], [("Acme", False), (3, False)]]),
        ("X" * 31, "A2", [[("When", True)], [(wall(2031, 6, 12), False)]]),
    ]
