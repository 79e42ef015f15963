"""Links that leave the site (in emails, calendar feeds): on which address, in which language.

`site_url()` is `settings.SITE_URL`, except while developing without `PADDOCK_SITE_URL`
(`settings.SITE_URL_FROM_REQUEST`): then an email sent during a request links to the address
that request came to, so the links work whatever port the server runs on. Emails sent outside
a request (commands, tasks) use the configured default.

`with_language(url, code)` adds `?lang=<code>`; `LinkMiddleware` shows the page in that
language and keeps it in the language cookie, so that a link in a French email opens French
pages whatever the browser's language.
"""

from collections.abc import Callable
from contextvars import ContextVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

LANGUAGE_PARAMETER = "lang"
SUPPORTED = {code for code, _name in settings.LANGUAGES}

_current_request: ContextVar[HttpRequest | None] = ContextVar("paddock_request", default=None)


def site_url() -> str:
    """The address links are built on, without a trailing slash."""
    request = _current_request.get()
    if request is not None and settings.SITE_URL_FROM_REQUEST:
        return request.build_absolute_uri("/").rstrip("/")
    return str(settings.SITE_URL)


def with_language(url: str, language: str) -> str:
    """`url` with `?lang=<language>` (replacing one it had), so it opens in that language."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != LANGUAGE_PARAMETER]
    query.append((LANGUAGE_PARAMETER, language))
    return urlunsplit(parts._replace(query=urlencode(query)))


class LinkMiddleware:
    """Placed after LocaleMiddleware: `?lang=` overrides the cookie and the browser's choice,
    and is remembered in the cookie; the request is kept for `site_url()`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = request.GET.get(LANGUAGE_PARAMETER, "")
        if language in SUPPORTED:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        token = _current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            _current_request.reset(token)
        if language in SUPPORTED:
            _remember(response, language)
        return response


def _remember(response: HttpResponse, language: str) -> None:
    """The cookie of Django's set_language view, so later pages stay in the language."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
