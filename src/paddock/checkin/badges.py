"""Badges as a PDF: eight 90 by 55 mm badges per A4 sheet (2 columns, 4 rows), each with a QR
code of the badge's code for the check-in desk."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import segno
from django.template.loader import render_to_string

from paddock.checkin.models import Badge
from paddock.core.pdf import Part, in_chunks, render_parts
from paddock.events.models import Edition

if TYPE_CHECKING:  # WeasyPrint takes a second to import: only what prints loads it
    from weasyprint.document import Document

STYLESHEET = "checkin/badges-pdf.css"
PER_SHEET = 8


def badge_qr(code: str) -> segno.QRCode:
    """The QR code of a badge: the code alone, nothing about the person. Error level M keeps
    it readable with a crease or a thumb over a corner."""
    return segno.make_qr(code, error="m", boost_error=False)


def qr_data_uri(code: str) -> str:
    """The QR code as an SVG data URI, embedded in the page so WeasyPrint fetches nothing."""
    return badge_qr(code).svg_data_uri(scale=4, border=0, dark="#000")


def badges_document(edition: Edition, badges: Sequence[Badge]) -> Document:
    document = render_parts(badge_parts(edition, badges))
    if document is None:  # never: there is always one part
        raise ValueError(edition)
    return document


def badge_parts(edition: Edition, badges: Sequence[Badge]) -> list[Part]:
    """The A4 sheets of badges in a few parts, in the active language; one part saying there
    is nothing to print when there is no badge."""
    cards = [{"badge": badge, "qr": qr_data_uri(badge.code)} for badge in badges]
    sheets = [cards[n : n + PER_SHEET] for n in range(0, len(cards), PER_SHEET)]
    return [
        Part(
            render_to_string("checkin/pdf/badges.html", {"edition": edition, "sheets": chunk}),
            STYLESHEET,
        )
        for chunk in in_chunks(sheets)
    ]
