"""Messy participant files of our own making, as organisers' spreadsheets come."""

import io
import struct
import zipfile
from collections.abc import Callable, Iterable, Iterator

import openpyxl


def xlsx(rows: list[list[object]], *, merge: str = "", sheets: dict | None = None) -> bytes:
    """An XLSX file whose first sheet holds `rows`; `merge` merges a range ("C1:D1");
    `sheets` adds more sheets by name."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Participants"
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    for name, extra in (sheets or {}).items():
        other = book.create_sheet(name)
        for row in extra:
            other.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


SHEET = "xl/worksheets/sheet1.xml"


def xlsx_with_sheet_xml(replace) -> bytes:
    """An XLSX file of one cell whose worksheet XML went through `replace`."""
    source = zipfile.ZipFile(io.BytesIO(xlsx([["Email"], ["ann@example.com"]])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for part in source.infolist():
            data = source.read(part.filename)
            if part.filename == SHEET:
                data = replace(data)
            archive.writestr(part, data)
    return buffer.getvalue()


def xlsx_with_sheet_end(xml: bytes) -> bytes:
    """An XLSX file of two rows whose worksheet has `xml` added before its end."""
    return xlsx_with_sheet_xml(lambda sheet: sheet.replace(b"</worksheet>", xml + b"</worksheet>"))


def xlsx_with_comment(ref: bytes) -> bytes:
    """An XLSX file of two rows whose sheet has a comment over the range `ref`."""
    namespace = b"http://schemas.openxmlformats.org/"
    comments = (
        b'<comments xmlns="%sspreadsheetml/2006/main"><authors><author>A</author></authors>'
        b'<commentList><comment ref="%s" authorId="0"><text><t>x</t></text></comment>'
        b"</commentList></comments>" % (namespace, ref)
    )
    relationships = (
        b'<Relationships xmlns="%spackage/2006/relationships"><Relationship Id="rIdNotes" '
        b'Type="%sofficeDocument/2006/relationships/comments" Target="../comments1.xml"/>'
        b"</Relationships>" % (namespace, namespace)
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        source = zipfile.ZipFile(io.BytesIO(xlsx([["Email"], ["ann@example.com"]])))
        for part in source.infolist():
            archive.writestr(part, source.read(part.filename))
        archive.writestr("xl/worksheets/_rels/sheet1.xml.rels", relationships)
        archive.writestr("xl/comments1.xml", comments)
    return buffer.getvalue()


def xlsx_with_part_streamed(name: str, chunks: Callable[[bytes], Iterable[bytes]]) -> bytes:
    """An XLSX file of two rows whose part `name` is the bytes `chunks` makes of it, deflated
    as they come: a part of hundreds of MB in a file of a few hundred KB, never whole in
    memory."""
    source = zipfile.ZipFile(io.BytesIO(xlsx([["Email"], ["ann@example.com"]])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for part in source.infolist():
            data = source.read(part.filename)
            if part.filename != name:
                archive.writestr(part.filename, data)
                continue
            with archive.open(name, "w") as streamed:
                for chunk in chunks(data):
                    streamed.write(chunk)
    return buffer.getvalue()


def rows_added(rows: Iterable[bytes]) -> Callable[[bytes], Iterator[bytes]]:
    """For xlsx_with_part_streamed: the sheet with the XML `rows` added to its data."""

    def sheet(xml: bytes) -> Iterator[bytes]:
        start, end = xml.split(b"</sheetData>")
        yield start
        yield from rows
        yield b"</sheetData>" + end

    return sheet


def with_declared_size(data: bytes, name: str, size: int) -> bytes:
    """The zip file `data` whose central directory says that the part `name` unpacks to `size`
    bytes, whatever it really holds: what a zip bomb's maker may write."""
    end = data.rindex(b"PK\x05\x06")  # the end of central directory record
    entries, start = struct.unpack_from("<H4xI", data, end + 10)
    forged = bytearray(data)
    for _entry in range(entries):
        length, extra, comment = struct.unpack_from("<3H", data, start + 28)
        if data[start + 46 : start + 46 + length] == name.encode():
            struct.pack_into("<I", forged, start + 24, size)
        start += 46 + length + extra + comment
    return bytes(forged)


# French Excel: Windows-1252, semicolons, French headers, a description on two lines.
FRENCH_EXCEL = (
    "Courriel;Prénom;Nom;Société;Pays;Secteur d'activité;Rôle;Description\r\n"
    "helene.lefevre@example.fr;Hélène;Lefèvre;Soudures Lefèvre;France;Métallerie et soudage;"
    'Fournisseur;"Soudure TIG\r\net MIG"\r\n'
    "francois.noel@example.fr;François;Noël;Crème Brûlée SA;Italie;Énergie;Acheteur;\r\n"
).encode("cp1252")
