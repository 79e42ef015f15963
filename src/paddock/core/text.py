"""Typed text as the database can search it: PostgreSQL refuses a NUL byte in a query."""

import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def plain_words(text: str) -> list[str]:
    """The words of a search box; control characters (NUL, tab, DEL…) separate words."""
    return _CONTROL.sub(" ", text).split()
