"""Bounds of path and query parameters, so that no generated value reaches the database
beyond what it stores (a slug's characters, ids up to `core.ids.MAX_ID`)."""

from typing import Any

from ninja import Path

from paddock.core.ids import MAX_ID

SLUG_PATTERN = r"^[-a-zA-Z0-9_]{1,50}$"


def slug_path() -> Any:
    return Path(..., pattern=SLUG_PATTERN, description="The edition's short name.")


def id_path() -> Any:
    return Path(..., ge=1, le=MAX_ID)


def months_path() -> Any:
    return Path(..., description="Months after the edition: 3, 6 or 12.")
