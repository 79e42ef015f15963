"""PDFs laid out by WeasyPrint from HTML parts, and the fingerprint of what they show.

A long document (every agenda, every room sheet, every badge sheet) is made of parts: HTML
pages rendered from templates, each laid out on its own and then joined. Rendering the HTML is
quick; laying it out is the slow part, so the parts say how far a build has gone, and the hash
of the parts' HTML and stylesheets tells whether a stored PDF still shows the current data.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from django.contrib.staticfiles import finders

if TYPE_CHECKING:  # WeasyPrint takes a second to import: only what prints loads it
    from weasyprint import CSS
    from weasyprint.document import Document

# Raise when the layout changes without any template or stylesheet changing (a new WeasyPrint
# option, say): stored PDFs built before are then rebuilt.
LAYOUT_VERSION = "1"
# Each part laid out on its own costs a little (about a tenth more time for one page per part):
# pages are grouped into this many parts at most, enough steps for a progress bar.
MOST_PARTS = 10

T = TypeVar("T")


@dataclass(frozen=True)
class Part:
    """One HTML page of a document and the static stylesheet that lays it out."""

    html: str
    stylesheet: str


def in_chunks(items: Sequence[T], *, most: int = MOST_PARTS) -> list[list[T]]:
    """`items` in at most `most` runs of equal length (the last shorter); [[]] when empty, so
    that a document with nothing in it still has one part to say so."""
    size = max(1, -(-len(items) // most))
    return [list(items[n : n + size]) for n in range(0, len(items), size)] or [[]]


@cache
def _stylesheet_path(name: str) -> str:
    found = finders.find(name)
    if not found:
        raise LookupError(name)
    return str(found)


def fingerprint(parts: Sequence[Part]) -> str:
    """The hash of everything the document shows: its HTML and its stylesheets."""
    digest = hashlib.sha256(LAYOUT_VERSION.encode())
    for name in sorted({part.stylesheet for part in parts}):
        digest.update(name.encode() + b"\0" + Path(_stylesheet_path(name)).read_bytes() + b"\0")
    for part in parts:
        digest.update(part.stylesheet.encode() + b"\0" + part.html.encode() + b"\0")
    return digest.hexdigest()


def render_parts(
    parts: Sequence[Part], *, done: Callable[[int], None] | None = None
) -> Document | None:
    """The parts laid out and joined, each keeping its own pages; `done(n)` is called after
    each part with the number laid out so far. None when there is no part."""
    stylesheets: dict[str, CSS] = {}
    documents = []
    for number, part in enumerate(parts, start=1):
        if part.stylesheet not in stylesheets:
            stylesheets[part.stylesheet] = _css(part.stylesheet)
        documents.append(render_part(part, stylesheets[part.stylesheet]))
        if done is not None:
            done(number)
    return join_documents(documents)


def render_part(part: Part, stylesheet: CSS | None = None) -> Document:
    """One part laid out; `stylesheet` is its stylesheet already parsed, if at hand."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    css = stylesheet or _css(part.stylesheet)
    # Inline images only (the badges' codes, the report's charts): a URL or a file named in the
    # HTML by mistake, or by a value that escaped escaping, is never fetched by the server.
    inline_only = URLFetcher(allowed_protocols={"data"})
    return HTML(string=part.html, url_fetcher=inline_only).render(stylesheets=[css])


def _css(name: str) -> CSS:
    from weasyprint import CSS

    return CSS(filename=_stylesheet_path(name))


def join_documents(documents: list[Document]) -> Document | None:
    """One document with the pages of all, each keeping its own layout and page numbers."""
    if not documents:
        return None
    return documents[0].copy([page for document in documents for page in document.pages])
