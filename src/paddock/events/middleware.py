"""Sets `request.edition` from the `edition` URL keyword, so every view is edition-scoped."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from paddock.events.models import Edition


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
            request.edition = get_object_or_404(  # type: ignore[attr-defined]
                Edition.objects.select_related("series", "series__organiser"), slug=slug
            )
