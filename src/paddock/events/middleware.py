"""Sets `request.edition` from the `edition` URL keyword, so every view is edition-scoped."""

from collections.abc import Callable
from typing import Any

from django.db import models
from django.http import Http404, HttpRequest, HttpResponse

from paddock.core.prepared import Param, Prepared
from paddock.events.models import Edition

# Read on every edition page: compiled once (paddock.core.prepared).
EDITION_BY_SLUG = Prepared(
    lambda: Edition.objects.select_related("series", "series__organiser").filter(
        slug=Param("slug", models.SlugField())
    )
)


class EditionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.edition = None  # type: ignore[attr-defined]
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> None:
        slug = view_kwargs.get("edition")
        if slug is not None:
            edition = EDITION_BY_SLUG.first(slug=slug)
            if edition is None:
                raise Http404("No Edition matches the given query.")
            request.edition = edition  # type: ignore[attr-defined]
