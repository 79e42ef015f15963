"""The Django admin, the site administrators' pages: they belong to no edition, so their times
are in the reader's zone (`events.queries.reader_zone`), named at the top of each page."""

from collections.abc import Callable
from functools import update_wrapper
from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.template.response import SimpleTemplateResponse
from django.utils import timezone

from paddock.events.queries import reader_zone


class PaddockAdminSite(admin.AdminSite):
    def admin_view(self, view: Callable[..., Any], cacheable: bool = False) -> Any:
        checked = super().admin_view(view, cacheable)

        def in_reader_zone(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            request.reader_zone = zone = reader_zone(request.user)  # type: ignore[attr-defined]
            with timezone.override(zone.tzinfo):
                response = checked(request, *args, **kwargs)
                # Rendered here, in the zone: a template response renders after the view.
                if isinstance(response, SimpleTemplateResponse):
                    response.render()
            return response  # type: ignore[no-any-return]

        return update_wrapper(in_reader_zone, checked)

    def each_context(self, request: HttpRequest) -> dict[str, Any]:
        context = super().each_context(request)
        context["reader_zone"] = getattr(request, "reader_zone", None)
        return context
