"""Helpers for markup written in Python on pages under load (issue 16)."""

from html import escape

from django.urls import reverse

# A pk that no real row has, to cut a reversed address around.
_PK = 987654321


def address_around_pk(name: str, *args: object) -> tuple[str, str]:
    """The escaped address of URL `name` with `args` and then a pk, cut around that pk:
    `before + str(pk) + after` is the address of any pk, reversed once a page rather than
    once a row. The pk must be the URL's last argument."""
    url = escape(reverse(name, args=[*args, _PK]))
    before, _pk, after = url.rpartition(str(_PK))
    return before, after
