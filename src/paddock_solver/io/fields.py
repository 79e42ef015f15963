"""The small readers every part of a document uses; errors name the field and the id."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

T = TypeVar("T")


class ProblemError(ValueError):
    """A problem or solution document that breaks the format; the message names field and id."""


def _fail(where: str, message: str) -> ProblemError:
    return ProblemError(f"{where}: {message}")


def _obj(raw: object, where: str, required: set[str], optional: set[str]) -> Mapping[str, Any]:
    if not isinstance(raw, dict):
        raise _fail(where, f"must be an object, got {type(raw).__name__}")
    for key in raw:
        if key not in required and key not in optional:
            raise _fail(f"{where}.{key}", "unknown field")
    for key in sorted(required):
        if key not in raw:
            raise _fail(f"{where}.{key}", "missing required field")
    return raw


def _str(raw: object, where: str) -> str:
    if not isinstance(raw, str) or not raw:
        raise _fail(where, f"must be a non-empty string, got {raw!r}")
    return raw


def _int(raw: object, where: str, minimum: int) -> int:
    # bool is an int subclass in Python but not an integer in JSON terms.
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < minimum:
        raise _fail(where, f"must be an integer >= {minimum}, got {raw!r}")
    return raw


def _opt_int(raw: object, where: str, minimum: int) -> int | None:
    return None if raw is None else _int(raw, where, minimum)


def _bool(raw: object, where: str) -> bool:
    if not isinstance(raw, bool):
        raise _fail(where, f"must be true or false, got {raw!r}")
    return raw


def _list(raw: object, where: str) -> list[Any]:
    if not isinstance(raw, list):
        raise _fail(where, f"must be a list, got {type(raw).__name__}")
    return raw


def _ids(raw: object, where: str, known: Mapping[str, object], kind: str) -> tuple[str, ...]:
    out = tuple(_str(v, f"{where}[{i}]") for i, v in enumerate(_list(raw, where)))
    for v in out:
        if v not in known:
            raise _fail(where, f"unknown {kind} id {v!r}")
    if len(set(out)) != len(out):
        raise _fail(where, "lists an id twice")
    return out


def _items(raw: object, name: str, build: Callable[[Mapping[str, Any], str], T]) -> dict[str, T]:
    """Parse a list of objects with unique ``id`` fields, keyed by id, in order."""
    out: dict[str, T] = {}
    for i, item in enumerate(_list(raw, name)):
        ident = item.get("id") if isinstance(item, dict) else None
        where = f"{name}[{ident}]" if isinstance(ident, str) and ident else f"{name}[{i}]"
        ident = _str(ident, f"{where}.id")
        if ident in out:
            raise _fail(where, f"duplicate id {ident!r}")
        out[ident] = build(item, where)
    return out
