"""Cleaning of text that users type or import: control and bidirectional characters out.

Control characters (C0, DEL, C1) can split a header or a CSV line, hide text in a terminal
or a log; bidirectional overrides and isolates make a name read differently from what it
is ("invoice\u202egpj.exe"); PostgreSQL refuses a NUL byte in a query. Nothing here depends on
Django or on another app.
"""

import re

# Line and paragraph breaks: CR, LF, vertical tab, form feed, NEL, U+2028, U+2029.
_BREAKS = "\r\n\x0b\x0c\x85\u2028\u2029"
# Bidirectional embeddings, overrides and isolates, and the left/right-to-left marks.
_BIDI = "\u202a-\u202e\u2066-\u2069\u200e\u200f"
_LINE_SPACES = re.compile(f"[\t{_BREAKS}]+")
_LINE_DROPPED = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")
_NEWLINES = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_TEXT_DROPPED = re.compile(f"[\x00-\x08\x0e-\x1f\x7f-\x9f{_BIDI}]")


def clean_line(value: str) -> str:
    """A one-line value (a name, a title, a label, a search) without control or bidi
    characters; each run of tabs and line breaks becomes one space, so words stay apart."""
    return _LINE_DROPPED.sub("", _LINE_SPACES.sub(" ", value))


def clean_text(value: str) -> str:
    """A multi-line value (a description, a message) without control or bidi characters,
    except tabs and newlines; every line break becomes a newline."""
    return _TEXT_DROPPED.sub("", _NEWLINES.sub("\n", value))


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def plain_words(text: str) -> list[str]:
    """The words of a search box; control characters (NUL, tab, DEL...) separate words."""
    return _CONTROL.sub(" ", text).split()
