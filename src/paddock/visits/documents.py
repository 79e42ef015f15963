"""The printed list of a visit's group, drawn by WeasyPrint like the other PDFs."""

from typing import Any

from django.template.loader import render_to_string

from paddock.core.pdf import Part, render_part

STYLESHEET = "visits/visit-pdf.css"


def group_pdf(context: dict[str, Any]) -> bytes:
    """The template references no outside resource, so nothing is fetched."""
    html = render_to_string("visits/pdf/group.html", context)
    return render_part(Part(html, STYLESHEET)).write_pdf()
