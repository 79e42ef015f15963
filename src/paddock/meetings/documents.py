"""The agenda as a PDF, drawn by WeasyPrint from an HTML template and its own stylesheet."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.template.loader import render_to_string

from paddock.core.pdf import Part, render_part

if TYPE_CHECKING:  # WeasyPrint takes a second to import: only what prints loads it
    from weasyprint.document import Document

STYLESHEET = "meetings/agenda-pdf.css"


def agenda_part(context: dict[str, Any]) -> Part:
    """The agenda's HTML, in the active language; it references no outside resource, so
    nothing is fetched when it is laid out."""
    return Part(render_to_string("meetings/pdf/agenda.html", context), STYLESHEET)


def agenda_document(context: dict[str, Any]) -> Document:
    return render_part(agenda_part(context))


def agenda_pdf(context: dict[str, Any]) -> bytes:
    return agenda_document(context).write_pdf()
