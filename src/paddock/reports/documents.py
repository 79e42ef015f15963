"""The funders' report: two A4 pages laid out by WeasyPrint, charts embedded as SVG images."""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any

from django.template.loader import render_to_string

from paddock.core.pdf import Part, render_part
from paddock.events.models import Edition
from paddock.reports.charts import chart_svg
from paddock.reports.queries import edition_figures, series_key_figures
from paddock.reports.sections import (
    edition_sections,
    key_figures_section,
    no_show_rate_section,
    section_named,
)

if TYPE_CHECKING:  # WeasyPrint takes a second to import: only what prints loads it
    from weasyprint.document import Document

STYLESHEET = "reports/funders-pdf.css"
# The previous editions shown beside this one: as many as fit the first page's table.
PREVIOUS_EDITIONS = 6
# The second page's charts, two a row, in this order.
DETAIL_CHARTS = ("countries", "sectors", "requests", "table-use", "outcomes", "value-bands")


def data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def funders_context(edition: Edition) -> dict[str, Any]:
    lines = series_key_figures(edition.series, until=edition)[-(PREVIOUS_EDITIONS + 1) :]
    sections = edition_sections(edition_figures(edition))
    history = key_figures_section(lines)
    charts = {
        "history": chart_svg(history, width=800, height=380),
        "no_show_rate": chart_svg(no_show_rate_section(lines), width=800, height=300),
    }
    for key in DETAIL_CHARTS:
        section = section_named(sections, key)
        charts[key.replace("-", "_")] = chart_svg(section, width=500, height=270)  # type: ignore[arg-type]
    return {
        "edition": edition,
        "history": history,
        "current": lines[-1] if lines else None,
        "sections": {section.key.replace("-", "_"): section for section in sections},
        "charts": {key: data_uri(svg) for key, svg in charts.items()},
    }


def funders_document(edition: Edition) -> Document:
    html = render_to_string("reports/pdf/funders.html", funders_context(edition))
    return render_part(Part(html, STYLESHEET))


def funders_pdf(edition: Edition) -> bytes:
    return funders_document(edition).write_pdf()
