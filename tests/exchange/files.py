"""Messy participant files of our own making, as organisers' spreadsheets come."""

import io

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


# French Excel: Windows-1252, semicolons, French headers, a description on two lines.
FRENCH_EXCEL = (
    "Courriel;Prénom;Nom;Société;Pays;Secteur d'activité;Rôle;Description\r\n"
    "helene.lefevre@example.fr;Hélène;Lefèvre;Soudures Lefèvre;France;Métallerie et soudage;"
    'Fournisseur;"Soudure TIG\r\net MIG"\r\n'
    "francois.noel@example.fr;François;Noël;Crème Brûlée SA;Italie;Énergie;Acheteur;\r\n"
).encode("cp1252")
