"""CSV and XLSX writing: what Excel needs, and no formula smuggled in a text cell."""

import csv
import datetime as dt
import io

import openpyxl
import pytest

from paddock.exchange.writing import (
    Table,
    csv_chunks,
    sheet_title,
    write_csv,
    write_xlsx,
)

pytestmark = pytest.mark.unit


def wall(*fields: int) -> dt.datetime:
    """A wall-clock time without a zone, as the files hold them."""
    return dt.datetime(*fields, tzinfo=dt.UTC).replace(tzinfo=None)


DANGEROUS = ['=HYPERLINK("http://x")', "+33 6 12", "@SUM(A1)", "-2+3", "\tcmd", "\rcmd"]
NEUTRALISED = ['\'=HYPERLINK("http://x")', "'+33 6 12", "'@SUM(A1)", "'-2+3", "'\tcmd", "'\rcmd"]


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


def test_xlsx_text_rows_same_workbook_as_openpyxl_cells():
    table = Table(
        "Both",
        ["Text", "Number", "When"],
        [
            [*DANGEROUS[:1], -2, wall(2031, 6, 12, 8, 30)],
            [" spaced <&> ", 3.25, dt.date(2031, 6, 12)],
            ["", None, dt.time(9, 5)],
        ],
    )

    read = []
    for text_rows in (True, False):
        file = io.BytesIO()
        write_xlsx(table, file, text_rows=text_rows)
        sheet = openpyxl.load_workbook(file).active
        read.append(
            [
                [(cell.value, cell.number_format, cell.font.b) for cell in row]
                for row in sheet.iter_rows()
            ]
        )

    assert read[0] == read[1]
