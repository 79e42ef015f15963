"""Bounds of path and query parameters, so that no generated value reaches the database
beyond what it stores (a slug's characters, 32-bit ids)."""

from typing import Any

from ninja import Path

SLUG_PATTERN = r"^[-a-zA-Z0-9_]{1,50}$"
MAX_ID = 2**31 - 1


def slug_path() -> Any:
    return Path(..., pattern=SLUG_PATTERN, description="The edition's short name.")


def id_path() -> Any:
    return Path(..., ge=1, le=MAX_ID)


def months_path() -> Any:
    return Path(..., description="Months after the edition: 3, 6 or 12.")
