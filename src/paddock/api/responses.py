"""The responses every operation declares: its own on success, problems otherwise."""

from typing import Any

from paddock.api.problems import Problem

PROBLEMS: dict[Any, Any] = {frozenset({400, 401, 403, 404, 409, 422, 429}): Problem}


def responses(**ok: Any) -> dict[Any, Any]:
    """`responses(ok=Schema)` for 200, `created=Schema` for 201."""
    codes = {"ok": 200, "created": 201}
    return {**{codes[key]: schema for key, schema in ok.items()}, **PROBLEMS}
