"""The printed list of a visit's group, drawn by WeasyPrint like the other PDFs."""

from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML

STYLESHEET = "visits/visit-pdf.css"


def group_pdf(context: dict[str, Any]) -> bytes:
    """The template references no outside resource, so nothing is fetched."""
    html = render_to_string("visits/pdf/group.html", context)
    stylesheet = CSS(filename=finders.find(STYLESHEET))
    return HTML(string=html).render(stylesheets=[stylesheet]).write_pdf()
