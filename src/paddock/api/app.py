"""The API object: token auth on every operation, problems for errors, ETags on reads."""

import hashlib
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI

from paddock.api import problems
from paddock.api.auth import TokenAuth
from paddock.api.docs import LocalSwagger
from paddock.api.views import checkin, events, meetings, outcomes, participants, visits

DESCRIPTION = _(
    "Paddock's REST API, version 1. Authenticate with a personal token, sent in each "
    "request's header: `Authorization: Bearer <token>`. Create one on the page API tokens "
    "(/accounts/api-tokens/ on this server): it reaches the editions chosen there with your "
    "rights in them, and writes only if created with write access (a read-only token's write "
    "answers 403). It works for the 30, 90 or 365 days chosen, then answers 401 with the code "
    "`expired`; resetting the password revokes it. Lists take `limit` (at most 200) and "
    "`offset`. Errors are `application/problem+json` with a stable `code`. Reads carry an "
    "ETag: send it back in `If-None-Match` to get 304 when nothing changed."
)


def weak_etag(content: bytes) -> str:
    return f'W/"{hashlib.sha256(content).hexdigest()[:32]}"'


def _matches(header: str, etag: str) -> bool:
    """Weak comparison (RFC 9110): the opaque tags match, whatever their W/ prefix."""
    wanted = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return "*" in wanted or etag.removeprefix("W/") in wanted


class PaddockAPI(NinjaAPI):
    def create_response(
        self,
        request: HttpRequest,
        data: Any,
        *,
        status: int | None = None,
        temporal_response: HttpResponse | None = None,
    ) -> HttpResponse:
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        if request.method == "GET" and response.status_code == 200:
            etag = weak_etag(response.content)
            patch_vary_headers(response, ["Authorization", "Accept-Language"])
            response["ETag"] = etag
            response["Cache-Control"] = "private, no-cache"
            if _matches(request.headers.get("If-None-Match", ""), etag):
                not_modified = HttpResponseNotModified()
                for header in ("ETag", "Vary", "Cache-Control"):
                    not_modified[header] = response[header]
                return not_modified
        return response

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        """Ninja's schema, with problems as application/problem+json and 304 on reads."""
        schema = super().get_openapi_schema(**kwargs)
        for path in schema["paths"].values():
            for method, operation in path.items():
                for code, answer in operation["responses"].items():
                    content = answer.get("content", {})
                    if int(code) >= 400 and "application/json" in content:
                        answer["content"] = {problems.CONTENT_TYPE: content["application/json"]}
                if method == "get":
                    operation["responses"]["304"] = {"description": "Not Modified"}
        return schema


api = PaddockAPI(
    title="Paddock API",
    version="1",
    description=str(DESCRIPTION),
    auth=TokenAuth(),
    docs=LocalSwagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
    urls_namespace="api",
)
problems.install(api)
for router in (
    events.router,
    participants.router,
    meetings.router,
    checkin.router,
    visits.router,
    outcomes.router,
):
    api.add_router("", router)
