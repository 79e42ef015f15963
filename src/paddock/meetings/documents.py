"""The agenda as a PDF, drawn by WeasyPrint from an HTML template and its own stylesheet."""

from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML

STYLESHEET = "meetings/agenda-pdf.css"


def agenda_pdf(context: dict[str, Any]) -> bytes:
    """The PDF bytes; the template references no outside resource, so nothing is fetched."""
    html = render_to_string("meetings/pdf/agenda.html", context)
    stylesheet = CSS(filename=finders.find(STYLESHEET))
    return HTML(string=html).write_pdf(stylesheets=[stylesheet])
