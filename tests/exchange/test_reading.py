import io
import re
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator

import openpyxl
import pytest

from paddock.exchange.reading import MAX_UNPACKED_BYTES, ReadingError, Row, Table, read_table
from tests.exchange.files import (
    FRENCH_EXCEL,
    SHEET,
    rows_added,
    with_declared_size,
    xlsx,
    xlsx_with_comment,
    xlsx_with_part_streamed,
    xlsx_with_sheet_end,
    xlsx_with_sheet_xml,
)

pytestmark = pytest.mark.unit


def test_read_table_windows_1252_with_semicolons_and_a_multiline_field():
    table = read_table(FRENCH_EXCEL, "export.csv")

    assert table == Table(
        headers=(
            "Courriel",
            "Prénom",
            "Nom",
            "Société",
            "Pays",
            "Secteur d'activité",
            "Rôle",
            "Description",
        ),
        rows=(
            Row(
                2,
                (
                    "helene.lefevre@example.fr",
                    "Hélène",
                    "Lefèvre",
                    "Soudures Lefèvre",
                    "France",
                    "Métallerie et soudage",
                    "Fournisseur",
                    "Soudure TIG\r\net MIG",
                ),
            ),
            Row(
                4,
                (
                    "francois.noel@example.fr",
                    "François",
                    "Noël",
                    "Crème Brûlée SA",
                    "Italie",
                    "Énergie",
                    "Acheteur",
                    "",
                ),
            ),
        ),
        encoding="cp1252",
        delimiter=";",
    )


def test_read_table_utf8_with_bom_and_commas():
    data = '\ufeffEmail,Company\nana@example.pt,"Silva, Lda"\n'.encode()

    table = read_table(data, "list.csv")

    assert (table.headers, table.rows, table.encoding, table.delimiter) == (
        ("Email", "Company"),
        (Row(2, ("ana@example.pt", "Silva, Lda")),),
        "utf-8",
        ",",
    )


def test_read_table_tabs_and_empty_trailing_rows_and_columns():
    data = b"Email\tCompany\t\t\nbob@example.com\tAcme\t\t\n\t\t\t\n\n"

    table = read_table(data, "paste.txt")

    assert (table.headers, table.rows, table.delimiter) == (
        ("Email", "Company"),
        (Row(2, ("bob@example.com", "Acme")),),
        "\t",
    )


def test_read_table_encoding_and_delimiter_overridden():
    data = "Email,Société\nx@example.fr,Café\n".encode("cp1252")

    table = read_table(data, "x.csv", encoding="latin-1", delimiter=";")

    assert (table.headers, table.rows) == (
        ("Email,Société",),
        (Row(2, ("x@example.fr,Café",)),),
    )


def test_read_table_wrong_encoding_chosen():
    data = "Email;Société\n".encode("cp1252")

    with pytest.raises(ReadingError) as caught:
        read_table(data, "x.csv", encoding="utf-8")

    assert (caught.value.code, caught.value.field, caught.value.message) == (
        "encoding",
        "encoding",
        "The file is not in utf-8: choose another encoding.",
    )


def test_read_table_xlsx_formula_kept_as_text_and_merged_header():
    data = xlsx(
        [
            ["Email", "Prénom", "Société", None, "Pays"],
            ["a@example.com", "Ann", '=HYPERLINK("http://evil")', None, "FR"],
            ["b@example.com", "Bo", "Beta", None, "DE"],
            [None, None, None, None, None],
        ],
        merge="C1:D1",
    )

    table = read_table(data, "list.xlsx")

    assert (table.headers, table.rows, table.sheets) == (
        ("Email", "Prénom", "Société", "Pays"),
        (
            Row(2, ("a@example.com", "Ann", '=HYPERLINK("http://evil")', "FR")),
            Row(3, ("b@example.com", "Bo", "Beta", "DE")),
        ),
        ("Participants",),
    )


def test_read_table_xlsx_merged_header_over_data_keeps_both_columns():
    data = xlsx(
        [["Contact", None, "Company"], ["Ann", "a@example.com", "Acme"], [1.0, 2.5, 3]],
        merge="A1:B1",
    )

    table = read_table(data, "list.xlsx")

    assert (table.headers, table.rows) == (
        ("Contact", "Column 2", "Company"),
        (Row(2, ("Ann", "a@example.com", "Acme")), Row(3, ("1", "2.5", "3"))),
    )


def test_read_table_xlsx_sheet_chosen_by_name():
    data = xlsx([["Notes"]], sheets={"People": [["Email", "Company"], ["c@example.com", "C"]]})

    table = read_table(data, "list.xlsx", sheet="People")

    assert (table.headers, table.rows) == (
        ("Email", "Company"),
        (Row(2, ("c@example.com", "C")),),
    )


def test_read_table_xlsx_unknown_sheet():
    data = xlsx([["Email"]], sheets={"People": []})

    with pytest.raises(ReadingError) as caught:
        read_table(data, "list.xlsx", sheet="Other")

    assert (caught.value.code, caught.value.message) == (
        "no_sheet",
        "The spreadsheet has no sheet named Other; its sheets: Participants, People.",
    )


@pytest.mark.parametrize(
    ("data", "name", "code", "message"),
    [
        (b"", "x.csv", "empty", "The file is empty."),
        (b" \r\n;;\r\n", "x.csv", "empty", "The file is empty."),
        (b"Email;Company\r\n;\r\n", "x.csv", "no_rows", "The file has no rows below its header."),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100),
            "old.xls",
            "old_excel",
            "This is an old Excel file (.xls): save it as .xlsx or CSV and try again.",
        ),
        (
            b"PK\x03\x04 broken zip",
            "x.xlsx",
            "not_xlsx",
            "This file is neither a CSV file nor an XLSX spreadsheet.",
        ),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
            "photo.png",
            "not_text",
            "This file is neither a CSV file nor an XLSX spreadsheet.",
        ),
        (
            b"ann@example.com;Acme\r\nbob@example.com;Beta\r\n",
            "x.csv",
            "no_header",
            "The first line must name the columns (Email, Company, ...), but line 1 holds an "
            "email address.",
        ),
    ],
)
def test_read_table_unreadable_file(data, name, code, message):
    with pytest.raises(ReadingError) as caught:
        read_table(data, name)

    assert (caught.value.code, caught.value.message) == (code, message)


def test_read_table_refuses_a_spreadsheet_that_unpacks_to_more_than_the_limit():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (MAX_UNPACKED_BYTES + 1))

    with pytest.raises(ReadingError) as refused:
        read_table(buffer.getvalue(), "bomb.xlsx")

    assert (refused.value.code, str(refused.value)) == (
        "too_large",
        "The spreadsheet is larger than 200 MB once unpacked.",
    )


LAUGHS = (
    b'<!DOCTYPE worksheet [<!ENTITY a "lololololololololololololololololololol">'
    + b"".join(
        b"<!ENTITY a%d '%s'>" % (n, (b"&a%d;" % (n - 1) if n > 1 else b"&a;") * 10)
        for n in range(1, 10)
    )
    + b"]>"
)


@pytest.mark.parametrize(
    "replace",
    [
        lambda xml: xml.replace(b"<worksheet", LAUGHS + b"<worksheet", 1).replace(
            b"<sheetData>", b"<sheetData>&a9;", 1
        ),  # a billion laughs
        lambda xml: xml[: len(xml) // 2],  # cut in the middle
    ],
    ids=["entity-expansion", "truncated-xml"],
)
def test_read_table_xlsx_with_malformed_xml_is_refused(replace):
    with pytest.raises(ReadingError) as refused:
        read_table(xlsx_with_sheet_xml(replace), "list.xlsx")

    assert (refused.value.code, refused.value.message) == (
        "not_xlsx",
        "This file is neither a CSV file nor an XLSX spreadsheet.",
    )


def test_read_table_xlsx_with_damaged_compressed_data_is_refused():
    # zlib's error passed every except clause: the check "stopped on an unexpected error" and
    # asked the organiser to tell the site's administrator.
    data = bytearray(xlsx([["Email"], *([f"person{n}@example.com"] for n in range(3_000))]))
    sheet = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(SHEET)
    compressed = sheet.header_offset + 30 + len(sheet.filename) + len(sheet.extra)
    for offset in range(compressed + 200, compressed + 260):
        data[offset] ^= 0x5A

    with pytest.raises(ReadingError) as refused:
        read_table(bytes(data), "damaged.xlsx")

    assert (refused.value.code, refused.value.message) == (
        "not_xlsx",
        "This file is neither a CSV file nor an XLSX spreadsheet.",
    )


@pytest.mark.parametrize("far", [(3_000, 1_000), (1_048_576, 16_384)], ids=["wide", "last-cell"])
def test_read_table_refuses_a_sheet_spanning_more_cells_than_the_limit(far):
    # A few kilobytes: two rows of data and one cell far down and to the right, which made
    # the reader fill every cell in between (20,000 x 2,000: 54 s and 2.6 GB, then no memory).
    book = openpyxl.load_workbook(io.BytesIO(xlsx([["Email"], ["ann@example.com"]])))
    book.active.cell(row=far[0], column=far[1], value="x")
    buffer = io.BytesIO()
    book.save(buffer)

    with pytest.raises(ReadingError) as refused:
        read_table(buffer.getvalue(), "far.xlsx")

    assert (refused.value.code, refused.value.field) == ("too_large", "file")


CELLS_REFUSED = (
    "too_large",
    "file",
    "The spreadsheet is larger than an import reads: more than 2000000 cells, 1048576 rows or "
    "200000 other elements (formats, validations, charts) in all its sheets, a range merged, "
    "linked or commented counting each of its cells. Keep only the sheet to import and its rows, "
    "then upload it again.",
)


@pytest.mark.parametrize(
    "xml",
    [
        b'<mergeCells count="1"><mergeCell ref="C3:V150000"/></mergeCells>',
        b'<hyperlinks><hyperlink ref="C3:V150000" display="x"/></hyperlinks>',
        b'<x:mergeCells xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<x:mergeCell about=">" ref="A1:XFD1048576"/></x:mergeCells>',
    ],
    ids=["merged", "link", "whole-sheet-prefixed"],
)
def test_read_table_refuses_a_range_of_more_cells_than_the_limit_before_loading_it(xml):
    # 1.5 KB: openpyxl made an object for every cell of a merged range (or of a link over a
    # range) before the sheet's span could be checked: 3 million cells took 90 s and 1 GB,
    # and a range over the whole sheet (17 billion cells) all the worker's memory.
    with pytest.raises(ReadingError) as refused:
        read_table(xlsx_with_sheet_end(xml), "merged.xlsx")

    assert (refused.value.code, refused.value.field, refused.value.message) == CELLS_REFUSED


def test_read_table_refuses_a_comment_over_more_cells_than_the_limit_before_loading_it():
    # openpyxl gives the comment to every cell of its range, building each: a comment over
    # C3:V150000 took 836 MB before the span was checked, one over the whole sheet all memory.
    with pytest.raises(ReadingError) as refused:
        read_table(xlsx_with_comment(b"C3:V150000"), "comment.xlsx")

    assert (refused.value.code, refused.value.field, refused.value.message) == CELLS_REFUSED


def test_read_table_refuses_more_written_cells_than_the_limit_before_loading_them():
    # 80 KB of empty cells (<c/>) unpack to 8 MB: openpyxl built each (5 million took 78 s
    # and 1.7 GB) before the span was checked; 200 MB of them would need some 17 GB.
    cells = b"<row>" + b"<c/>" * 1_000 + b"</row>"

    with pytest.raises(ReadingError) as refused:
        read_table(
            xlsx_with_sheet_xml(
                lambda xml: xml.replace(b"</sheetData>", cells * 2_001 + b"</sheetData>")
            ),
            "empty-cells.xlsx",
        )

    assert (refused.value.code, refused.value.field, refused.value.message) == CELLS_REFUSED


def test_read_table_refuses_more_rows_than_a_sheet_holds_before_loading_them():
    # 128 KB of rows with a height (<row ht="1"/>, which openpyxl keeps) unpack to 65 MB:
    # 5 million took 224 s and 3 GB, and were accepted (the table has two rows).
    rows = b'<row ht="1"/>' * 1_048_575

    with pytest.raises(ReadingError) as refused:
        read_table(
            xlsx_with_sheet_xml(lambda xml: xml.replace(b"</sheetData>", rows + b"</sheetData>")),
            "tall.xlsx",
        )

    assert (refused.value.code, refused.value.field, refused.value.message) == CELLS_REFUSED


def test_read_table_refuses_more_data_validations_than_the_limit_before_loading_them():
    # 35 KB: 500,000 data validations of one cell took 19 s and 704 MB, and were accepted.
    rules = b'<dataValidation sqref="A1"/>' * 200_000
    xml = b"<dataValidations>" + rules + b"</dataValidations>"

    with pytest.raises(ReadingError) as refused:
        read_table(xlsx_with_sheet_end(xml), "validations.xlsx")

    assert (refused.value.code, refused.value.field, refused.value.message) == CELLS_REFUSED


def test_read_table_counts_the_elements_of_a_sheet_written_in_utf16():
    # The XML parser reads UTF-16 (openpyxl's does): the count, which searched the bytes for
    # "<c", "<row" and the like, found none there, and 200,001 validations were loaded.
    rules = b'<dataValidation sqref="A1"/>' * 200_001
    xml = b"<dataValidations>" + rules + b"</dataValidations></worksheet>"

    with pytest.raises(ReadingError) as refused:
        read_table(
            xlsx_with_sheet_xml(
                lambda sheet: sheet.replace(b"</worksheet>", xml).decode().encode("utf-16")
            ),
            "validations.xlsx",
        )

    assert (refused.value.code, refused.value.field, refused.value.message) == CELLS_REFUSED


def _refused_with_peak_memory(data: bytes) -> tuple[str, int]:
    """The code of read_table's refusal of `data`, and the most memory that Python's
    allocations took meanwhile, in MB."""
    tracemalloc.start()
    try:
        with pytest.raises(ReadingError) as refused:
            read_table(data, "bomb.xlsx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return refused.value.code, peak // 1024 // 1024


def test_read_table_refuses_a_large_sheet_without_holding_it_in_memory():
    # 186 MB of rows with a height (374 KB zipped), refused at the 1,048,577th row: the count
    # read each part whole before searching it (459 MB at peak in all).
    rows = (b'<row ht="1"/>' * 1_000_000 for _chunk in range(15))
    data = xlsx_with_part_streamed(SHEET, rows_added(rows))

    code, peak = _refused_with_peak_memory(data)

    assert (code, peak < 20) == ("too_large", True)


@pytest.mark.parametrize("name", [SHEET, "[Content_Types].xml"], ids=["sheet", "content-types"])
def test_read_table_refuses_a_part_holding_more_than_its_directory_declares(name):
    # A zip bomb by ratio: 300 MB of spaces after a part's XML, which the zip's directory says
    # is the XML alone. zipfile cuts a part at its declared size, but only once it has
    # unpacked as much as it was given: the count read each part whole (300 MB), and openpyxl
    # reads [Content_Types].xml whole too.
    def padded(xml: bytes) -> Iterator[bytes]:
        yield xml
        yield from (b" " * 1_000_000 for _megabyte in range(300))

    declared = len(zipfile.ZipFile(io.BytesIO(xlsx([["Email"], ["ann@example.com"]]))).read(name))
    data = with_declared_size(xlsx_with_part_streamed(name, padded), name, declared)

    code, peak = _refused_with_peak_memory(data)

    assert (code, peak < 20) == ("not_xlsx", True)


def _xlsx_with_shared_strings(strings: bytes) -> bytes:
    """An XLSX file of two rows with a table of shared strings holding `strings`."""
    namespace = b"http://schemas.openxmlformats.org/"
    kind = namespace + b"officeDocument/2006/relationships/sharedStrings"
    added = {
        "xl/_rels/workbook.xml.rels": lambda xml: xml.replace(
            b"</Relationships>",
            b'<Relationship Id="rIdStrings" Type="%s" Target="sharedStrings.xml"/>'
            b"</Relationships>" % kind,
        ),
        "[Content_Types].xml": lambda xml: xml.replace(
            b"</Types>",
            b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        ),
    }
    source = zipfile.ZipFile(io.BytesIO(xlsx([["Email"], ["ann@example.com"]])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for part in source.infolist():
            data = source.read(part.filename)
            archive.writestr(part.filename, added.get(part.filename, bytes)(data))
        archive.writestr(
            "xl/sharedStrings.xml",
            b'<sst xmlns="%sspreadsheetml/2006/main">%s</sst>' % (namespace, strings),
        )
    return buffer.getvalue()


def test_read_table_refuses_more_shared_strings_than_the_limit_before_loading_them():
    data = _xlsx_with_shared_strings(b"<si><t>ab</t></si>" * 2_000_001)

    with pytest.raises(ReadingError) as refused:
        read_table(data, "strings.xlsx")

    assert (refused.value.code, refused.value.field, refused.value.message) == CELLS_REFUSED


def test_read_table_reads_a_file_with_shared_strings_under_the_limit():
    data = _xlsx_with_shared_strings(b"<si><t>ab</t></si>" * 1_000)

    assert read_table(data, "strings.xlsx").rows == (Row(2, ("ann@example.com",)),)


def test_read_table_refuses_a_csv_file_spanning_more_cells_than_the_limit():
    # The reader makes every line as wide as the widest: 3,000 named columns over 1,000 lines
    # are 3 million cells (10 MB of CSV could span billions).
    header = ";".join(f"Column {number}" for number in range(3_000))
    data = (header + "\n" + "ann@example.com\n" * 1_000).encode()

    with pytest.raises(ReadingError) as refused:
        read_table(data, "wide.csv")

    assert (refused.value.code, refused.value.message) == (
        "too_large",
        "The file spans 1001 rows and 3000 columns, more cells than an import reads: delete "
        "what lies below or to the right of your data (a cell far away) and upload it again.",
    )


def _sheet_declaring_a_dtd(repeated: int) -> Callable[[bytes], Iterator[bytes]]:
    """For xlsx_with_part_streamed: the sheet with a DTD whose entity of 290 bytes a cell's
    text calls `repeated` times, under expat's limit on expansion (100 times the input)."""

    def sheet(xml: bytes) -> Iterator[bytes]:
        prolog, rest = xml.split(b"<worksheet", 1)
        start, end = rest.split(b"</sheetData>")
        yield prolog + b'<!DOCTYPE worksheet [<!ENTITY a "' + b"A" * 290 + b'">]><worksheet'
        yield start + b'<row r="3"><c r="A3" t="inlineStr"><is><t>' + b"&a;" * repeated
        yield b"</t></is></c></row></sheetData>" + end

    return sheet


def test_read_table_refuses_a_sheet_declaring_a_dtd():
    # Its entities were expanded into the cell's text as openpyxl loaded it: a file of 7 KB
    # calling one a million times took 700 MB, and one of 10 MB could take 19 GB. The
    # format forbids a DTD in its parts; no spreadsheet program writes one.
    data = xlsx_with_part_streamed(SHEET, _sheet_declaring_a_dtd(1_000))

    with pytest.raises(ReadingError) as refused:
        read_table(data, "list.xlsx")

    assert (refused.value.code, refused.value.message) == (
        "not_xlsx",
        "This file is neither a CSV file nor an XLSX spreadsheet.",
    )


def test_read_table_reads_inline_strings_rich_text_and_shared_formulas():
    # As LibreOffice and other programs write them: the streamed count must let them through.
    data = (
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Email</t></is></c>'
        b'<c r="B1" t="inlineStr"><is><t><![CDATA[Name <first>]]></t></is></c></row>'
        b'<row r="2"><c r="A2" t="inlineStr"><is><t>ann@example.com</t></is></c>'
        b'<c r="B2"><f t="shared" ref="B2:B3" si="0">UPPER(A2)</f><v>ANN@EXAMPLE.COM</v></c>'
        b'</row><row r="3"><c r="A3" t="inlineStr"><is><r><t>bob@</t></r><r><rPr><b/></rPr>'
        b'<t>example.com</t></r></is></c><c r="B3"><f t="shared" si="0"/><v>BOB@EXAMPLE.COM</v>'
        b"</c></row></sheetData>"
    )
    sheet_data = re.compile(rb"<sheetData/>|<sheetData>.*</sheetData>", re.DOTALL)

    table = read_table(xlsx_with_sheet_xml(lambda xml: sheet_data.sub(data, xml)), "list.xlsx")

    assert (table.headers, table.rows) == (
        ("Email", "Name <first>"),
        (
            Row(2, ("ann@example.com", "=UPPER(A2)")),
            Row(3, ("bob@example.com", "=UPPER(A3)")),
        ),
    )
