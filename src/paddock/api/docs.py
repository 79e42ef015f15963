"""The browsable documentation: Swagger UI from our own static files, under our CSP."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase


class LocalSwagger(DocsBase):
    """Ninja's Swagger page without its inline settings: `api/docs.js` reads the schema's
    address from a data attribute, and every file comes from our static files."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        context = {"api": api, "openapi_url": self.get_openapi_url(api, kwargs)}
        return render(request, "api/docs.html", context)
