"""Messy participant files of our own making, as organisers' spreadsheets come."""

import io
import zipfile

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


def xlsx_with_sheet_xml(replace) -> bytes:
    """An XLSX file of one cell whose worksheet XML went through `replace`."""
    source = zipfile.ZipFile(io.BytesIO(xlsx([["Email"], ["ann@example.com"]])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for part in source.infolist():
            data = source.read(part.filename)
            if part.filename == "xl/worksheets/sheet1.xml":
                data = replace(data)
            archive.writestr(part, data)
    return buffer.getvalue()


def xlsx_with_sheet_end(xml: bytes) -> bytes:
    """An XLSX file of two rows whose worksheet has `xml` added before its end."""
    return xlsx_with_sheet_xml(lambda sheet: sheet.replace(b"</worksheet>", xml + b"</worksheet>"))


# French Excel: Windows-1252, semicolons, French headers, a description on two lines.
FRENCH_EXCEL = (
    "Courriel;Prénom;Nom;Société;Pays;Secteur d'activité;Rôle;Description\r\n"
    "helene.lefevre@example.fr;Hélène;Lefèvre;Soudures Lefèvre;France;Métallerie et soudage;"
    'Fournisseur;"Soudure TIG\r\net MIG"\r\n'
    "francois.noel@example.fr;François;Noël;Crème Brûlée SA;Italie;Énergie;Acheteur;\r\n"
).encode("cp1252")
