"""Errors of the API as `application/problem+json` (RFC 9457): type, title, status, detail,
the domain's stable `code`, and `errors`, a list of {field, message} for invalid input."""

import json
from http import HTTPStatus
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from paddock.core.exceptions import DomainError

PROBLEM_TYPE = "about:blank"
CONTENT_TYPE = "application/problem+json"
ERROR_STATUSES = frozenset({400, 401, 403, 404, 409, 422, 429})
# What every 401 answers with (RFC 9110, 11.6.1): how to authenticate.
CHALLENGE = 'Bearer realm="paddock"'


class FieldError(Schema):
    field: str
    message: str


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str
    code: str
    errors: list[FieldError]


class ApiProblemError(Exception):
    """Raised by the API's views to answer with a problem: status, stable code, detail."""

    def __init__(
        self, status: int, code: str, detail: str, *, errors: list[dict[str, str]] | None = None
    ) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail, self.errors = status, code, detail, errors or []


def problem_response(
    status: int, code: str, detail: str, *, errors: list[dict[str, str]] | None = None
) -> HttpResponse:
    body = {
        "type": PROBLEM_TYPE,
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": str(detail),
        "code": code,
        "errors": errors or [],
    }
    return HttpResponse(json.dumps(body), status=status, content_type=CONTENT_TYPE)


def _field_message(error: dict[str, Any], field: str) -> str:
    kind = error.get("type", "")
    if kind == "missing":
        return _("%(field)s is required.") % {"field": field}
    if kind == "string_too_long":
        return _("%(field)s is too long.") % {"field": field}
    return _("%(field)s has an invalid value.") % {"field": field}


def _field_of(location: list[Any]) -> str:
    """`query.limit` -> `limit`; `body.payload.name` -> `name`; the body itself -> `body`."""
    parts = [str(part) for part in location]
    kept = (parts[2:] or ["body"]) if parts[:1] == ["body"] else (parts[1:] or parts)
    return ".".join(kept)


def validation_errors(exc: NinjaValidationError) -> list[dict[str, str]]:
    errors = []
    for error in exc.errors:
        field = _field_of(list(error.get("loc", [])))
        errors.append({"field": field, "message": _field_message(error, field)})
    return errors


def _django_errors(exc: DjangoValidationError) -> list[dict[str, str]]:
    if not hasattr(exc, "error_dict"):
        return [{"field": "", "message": str(message)} for message in exc.messages]
    return [
        {"field": field, "message": str(message)}
        for field, messages in exc.message_dict.items()
        for message in messages
    ]


def install(api: NinjaAPI) -> None:
    """Answer every error the API knows with a problem; anything else stays a server error."""

    @api.exception_handler(ApiProblemError)
    def api_problem(request: HttpRequest, exc: ApiProblemError) -> HttpResponse:
        response = problem_response(exc.status, exc.code, exc.detail, errors=exc.errors)
        if exc.status == 401:
            response["WWW-Authenticate"] = CHALLENGE
        return response

    @api.exception_handler(NinjaValidationError)
    def invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        detail = _("The request is invalid: see the errors of each field.")
        return problem_response(422, "invalid", detail, errors=validation_errors(exc))

    @api.exception_handler(DjangoValidationError)
    def invalid_model(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        detail = _("The request is invalid: see the errors of each field.")
        return problem_response(422, "invalid", detail, errors=_django_errors(exc))

    @api.exception_handler(DomainError)
    def refused(request: HttpRequest, exc: DomainError) -> HttpResponse:
        errors = [{"field": exc.field, "message": exc.message}] if exc.field else []
        return problem_response(409, exc.code, exc.message, errors=errors)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        detail = _("Send a valid, unrevoked token: Authorization: Bearer <token>.")
        response = problem_response(401, "unauthenticated", detail)
        response["WWW-Authenticate"] = CHALLENGE
        return response

    @api.exception_handler(Throttled)
    def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        detail = _("Too many requests with this token: try again later.")
        response = problem_response(429, "rate_limited", detail)
        response["Retry-After"] = str(max(1, exc.wait or 1))
        return response

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400:
            detail = _("The request body is not valid JSON.")
            return problem_response(400, "bad_request", detail)
        return problem_response(exc.status_code, "error", str(exc))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return problem_response(404, "not_found", _("Nothing here, or not for you."))

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return problem_response(403, "forbidden", str(exc) or _("You may not do this."))
