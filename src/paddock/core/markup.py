"""Helpers for markup written in Python on pages under load (issue 16)."""

from collections.abc import Callable
from functools import lru_cache
from operator import methodcaller
from typing import Any

from django.urls import get_script_prefix, get_urlconf, reverse

# `html.escape(text)`, as Django's `escape` writes it, by one call of `str.translate` rather
# than five of `str.replace` (and no Python frame): a catalogue page escapes some 700 values.
escape: Callable[[str], str] = methodcaller(
    "translate",
    str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"}),
)

# A pk that no real row has, to cut a reversed address around.
_PK = 987654321


def address_around_pk(name: str, *args: object) -> tuple[str, str]:
    """The escaped address of URL `name` with `args` and then a pk, cut around that pk:
    `before + str(pk) + after` is the address of any pk, reversed once a page rather than
    once a row. The pk must be the URL's last argument."""
    before, after = _around_pk(name, args)
    return escape(before), escape(after)


def address_of_pk(name: str, *args: object) -> Callable[[int], str]:
    """pk → the address of URL `name` with `args` and that pk, not escaped (for format_html),
    reversed once as `address_around_pk` does."""
    before, after = _around_pk(name, args)
    return lambda pk: f"{before}{pk}{after}"


def _around_pk(name: str, args: tuple[object, ...]) -> tuple[str, str]:
    before, _pk, after = reverse(name, args=[*args, _PK]).rpartition(str(_PK))
    return before, after


def edition_addresses(names: tuple[str, ...], slug: str) -> dict[str, str]:
    """The escaped addresses of URLs `names` for the edition `slug`, reversed once a process
    for each URL prefix and configuration (both part of the key)."""
    return _edition_addresses(names, slug, get_script_prefix(), get_urlconf())


@lru_cache(maxsize=512)
def _edition_addresses(
    names: tuple[str, ...], slug: str, prefix: str, urlconf: Any
) -> dict[str, str]:
    return {name: escape(reverse(name, args=[slug])) for name in names}
