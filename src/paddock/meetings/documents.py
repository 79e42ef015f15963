"""The agenda as a PDF, drawn by WeasyPrint from an HTML template and its own stylesheet."""

from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.document import Document

STYLESHEET = "meetings/agenda-pdf.css"


def agenda_document(context: dict[str, Any]) -> Document:
    """The laid-out agenda; the template references no outside resource, so nothing is fetched."""
    html = render_to_string("meetings/pdf/agenda.html", context)
    stylesheet = CSS(filename=finders.find(STYLESHEET))
    return HTML(string=html).render(stylesheets=[stylesheet])


def agenda_pdf(context: dict[str, Any]) -> bytes:
    return agenda_document(context).write_pdf()
