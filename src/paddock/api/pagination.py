"""Limit/offset pages with a count and links to the next and previous pages."""

from collections.abc import Callable, Sequence
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from pydantic import create_model

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_OFFSET = 1_000_000


class PageQuery(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


_pages: dict[type, type[Schema]] = {}


def page_of(item: type[Schema]) -> type[Schema]:
    """The schema of a page of `item`: count, next, previous, results."""
    if item not in _pages:
        _pages[item] = create_model(  # type: ignore[call-overload]
            f"{item.__name__}Page",
            __base__=Schema,
            count=(int, ...),
            next=(str | None, ...),
            previous=(str | None, ...),
            results=(list[item], ...),  # type: ignore[valid-type]
        )
    return _pages[item]


def _link(request: HttpRequest, offset: int, limit: int) -> str:
    query = request.GET.copy()
    query["offset"], query["limit"] = str(offset), str(limit)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def paginate(
    request: HttpRequest,
    items: QuerySet[Any] | Sequence[Any],
    page: PageQuery,
    serialize: Callable[[Any], dict[str, Any]],
) -> dict[str, Any]:
    count = items.count() if isinstance(items, QuerySet) else len(items)
    rows = items[page.offset : page.offset + page.limit]
    after = page.offset + page.limit
    before = max(page.offset - page.limit, 0)
    return {
        "count": count,
        "next": _link(request, after, page.limit) if after < count else None,
        "previous": _link(request, before, page.limit) if page.offset > 0 else None,
        "results": [serialize(row) for row in rows],
    }
