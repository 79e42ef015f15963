"""A write that waited past SQLite's busy timeout: a page that says so, not a 500.

On SQLite every write takes the database's write lock, and an import of a large file holds it
while it writes its people (about a minute for 10 MB): a write of another request waits up to
the busy timeout (20 s), then fails with "database is locked". Nothing was written then, and
the same request succeeds once the import is over.
"""

from collections.abc import Callable

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

RETRY_AFTER_SECONDS = 60


def is_database_busy(error: BaseException) -> bool:
    """SQLite refused a write because another transaction held the write lock too long."""
    return isinstance(error, OperationalError) and "database is locked" in str(error)


class DatabaseBusyMiddleware:
    """Answers 503 with a translated page when a request's write found the database busy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_database_busy(exception):
            return None
        if getattr(request, "htmx", False):
            # htmx swaps no error answer: the click would seem to do nothing. The page
            # replaces the body instead, as a full page would.
            response = TemplateResponse(request, "503.html", headers=_HTMX_WHOLE_PAGE)
        else:
            response = TemplateResponse(request, "503.html", status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response.render()


_HTMX_WHOLE_PAGE = {"HX-Retarget": "body", "HX-Reswap": "innerHTML"}
