"""The layout's header and the participants' edition menu, written in Python (issue 16).

Every page shows them. As template code (a dozen `{% url %}`, `{% translate %}` and `{% if %}`
tags) they cost more Python than the whole of a small page. Their links and labels depend only
on the language, the URL prefix and the edition's slug: they are written once per process for
each of those (`lru_cache`, keyed by all three), escaped, and each page adds only what is its
own: the person's address, the current page, the CSRF token, the edition's name.
"""

from functools import lru_cache
from typing import Any

from django import template
from django.conf import settings
from django.template.defaulttags import CsrfTokenNode
from django.templatetags.static import static
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info, gettext
from django.utils.translation import gettext_noop as _
from django_htmx.jinja import htmx_script

register = template.Library()

# The participants' menu: URL name and label, in order. A page "is current" when its URL is
# part of the request's path (the catalogue stays current on a company's page).
PORTAL_TABS = (
    ("participants-portal:catalogue", _("Catalogue")),
    ("matchmaking-portal:recommendations", _("Recommendations")),
    ("meetings-portal:request-list", _("Requests")),
    ("meetings-portal:agenda", _("My agenda")),
    ("visits-portal:visits", _("Visits")),
    ("outcomes-portal:network", _("My network")),
    ("participants-portal:profile", _("My profile")),
    ("privacy-portal:my-data", _("My data")),
)


def _url(name: str, *args: Any) -> str | None:
    """The URL, or None where `{% url ... as var %}` would give an empty string."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


# The header's labels (outside f-strings, so that makemessages finds them) and URL names.
HEADER_LABELS = {
    "main": _("Main"),
    "editions": _("My editions"),
    "preferences": _("Email preferences"),
    "tokens": _("API tokens"),
    "log_out": _("Log out"),
    "log_in": _("Log in"),
}
HEADER_URLS = {
    "home": "core:home",
    "editions": "events:dashboard",
    "preferences": "accounts:mail-preferences",
    "tokens": "api-tokens:list",
    "log_out": "accounts:logout",
    "log_in": "accounts:login",
    "language": "set_language",
}


@lru_cache(maxsize=64)
def _header_parts(language: str, prefix: str, urlconf: Any) -> dict[str, str]:
    """The header's HTML around the person's parts, escaped, in `language` (the active one)."""
    e = conditional_escape
    text = {key: e(gettext(label)) for key, label in HEADER_LABELS.items()}
    url = {key: e(reverse(name)) for key, name in HEADER_URLS.items()}
    other_languages = "".join(
        "\n          "
        f'<button type="submit" name="language" value="{e(code)}" class="link" lang="{e(code)}">'
        f"{e(capfirst(get_language_info(code)['name_local']))}</button>\n        "
        for code, _name in settings.LANGUAGES
        if code != language
    )
    return {
        "start": (
            '<header class="site-header">\n'
            f'    <a class="brand" href="{url["home"]}">Paddock</a>\n'
            f'    <nav class="site-nav" aria-label="{text["main"]}">\n      '
        ),
        "member_until_email": (
            f'\n        <a href="{url["editions"]}">{text["editions"]}</a>\n'
            f'        <a class="who" href="{url["preferences"]}" title="{text["preferences"]}">'
        ),
        "member_until_csrf": (
            "</a>\n"
            f'        <a href="{url["tokens"]}">{text["tokens"]}</a>\n'
            f'        <form method="post" action="{url["log_out"]}" class="inline">'
        ),
        "member_end": (
            "\n"
            f'          <button type="submit" class="link">{text["log_out"]}</button>\n'
            "        </form>\n      "
        ),
        "anonymous": f'\n        <a href="{url["log_in"]}">{text["log_in"]}</a>\n      ',
        "switch_until_csrf": (
            f'\n      <form method="post" action="{url["language"]}" '
            'class="inline language-switch">'
        ),
        "switch_until_next": '\n        <input type="hidden" name="next" value="',
        "end": f'">\n        \n        {other_languages}\n      </form>\n    </nav>\n  </header>',
    }


@register.simple_tag(takes_context=True)
def site_header(context: Any) -> SafeString:
    """The site's header: home, the person's links or the login, the language switch."""
    parts = _header_parts(get_language(), get_script_prefix(), get_urlconf())
    csrf = CsrfTokenNode().render(context)
    user = context.get("user")
    if user is not None and user.is_authenticated:
        person = (
            parts["member_until_email"]
            + conditional_escape(user.email)
            + parts["member_until_csrf"]
            + csrf
            + parts["member_end"]
        )
    else:
        person = parts["anonymous"]
    next_page = conditional_escape(context["request"].get_full_path())
    return mark_safe(  # noqa: S308 (every part above is escaped)
        parts["start"]
        + person
        + parts["switch_until_csrf"]
        + csrf
        + parts["switch_until_next"]
        + next_page
        + parts["end"]
    )


@lru_cache(maxsize=64)
def _static(path: str, static_url: str, storage: str) -> str:
    return conditional_escape(static(path))


@register.simple_tag
def layout_static(path: str) -> str:
    """`{% static path %}`, worked out once per process and static files' settings."""
    storage = repr(getattr(settings, "STORAGES", {}).get("staticfiles"))
    return _static(path, settings.STATIC_URL, storage)


@lru_cache(maxsize=8)
def _htmx_script(static_url: str, storage: str) -> SafeString:
    return htmx_script()


@register.simple_tag(takes_context=True)
def layout_htmx_script(context: Any) -> SafeString:
    """django-htmx's `{% htmx_script %}`, worked out once per process and static files'
    settings (a page with a CSP nonce gets its own)."""
    nonce = context.get("csp_nonce")
    if nonce is not None:
        return htmx_script(nonce=nonce)
    storage = repr(getattr(settings, "STORAGES", {}).get("staticfiles"))
    return _htmx_script(settings.STATIC_URL, storage)


@lru_cache(maxsize=256)
def _portal_links(
    slug: str, language: str, prefix: str, urlconf: Any
) -> tuple[tuple[str, str, str, str], ...]:
    """Each tab's URL name, URL, link, and link as the current page; in `language` (the
    active one)."""
    links = []
    for name, label in PORTAL_TABS:
        url = _url(name, slug)
        if url is None:
            continue
        href, text = conditional_escape(url), conditional_escape(gettext(label))
        links.append(
            (
                name,
                url,
                f'\n  <a href="{href}">{text}</a>',
                f'\n  <a href="{href}" aria-current="page">{text}</a>',
            )
        )
    return tuple(links)


@register.simple_tag(takes_context=True)
def portal_nav(context: Any, edition: Any) -> SafeString:
    """The participants' menu of `edition`, the current page marked for screen readers. A
    page may narrow it to the tabs that work for its reader (`portal_menu`: URL names, set by
    the participants' views for someone who withdrew)."""
    path = context["request"].path
    links = _portal_links(edition.slug, get_language(), get_script_prefix(), get_urlconf())
    shown = context.get("portal_menu")
    label = conditional_escape(gettext("Edition"))
    return mark_safe(  # noqa: S308 (the links are escaped, and so is the name)
        f'<nav class="edition-nav portal-nav" aria-label="{label}">\n'
        f'  <span class="title">{conditional_escape(edition.name)}</span>'
        + "".join(
            current if url in path else link
            for name, url, link, current in links
            if shown is None or name in shown
        )
        + "\n</nav>"
    )


# The page's start and end around its title and content (base.html): one tag each rather
# than a dozen (the language, the static links, the htmx script, the CSRF token, the header
# and the footer), each of which cost Django's template engine 30-80 calls on every page.


@register.simple_tag
def layout_head() -> SafeString:
    """From the doctype to the opening `<title>`, in the active language."""
    return mark_safe(  # noqa: S308 (the language code is escaped)
        "<!DOCTYPE html>\n\n"
        f'<html lang="{conditional_escape(str(get_language()))}">\n'
        "<head>\n"
        '  <meta charset="utf-8">\n'
        '  <meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "  <title>"
    )


@lru_cache(maxsize=8)
def _head_links(static_url: str, storage: str) -> str:
    """The head's links after the title: the stylesheet, the icon and htmx's settings."""
    css = _static("paddock/paddock.css", static_url, storage)
    icon = _static("paddock/favicon.svg", static_url, storage)
    # htmx injects no indicator styles (they are in paddock.css): the CSP allows no inline style.
    return (
        " · Paddock</title>\n"
        f'  <link rel="stylesheet" href="{css}">\n'
        f'  <link rel="icon" href="{icon}" type="image/svg+xml">\n'
        "  \n"
        '  <meta name="htmx-config" content=\''
        '{"includeIndicatorStyles": false, "allowEval": false}\'>\n  '
    )


@register.simple_tag(takes_context=True)
def layout_body(context: Any) -> SafeString:
    """From the end of the title to the site's header, included: the head's links and
    scripts, the body with the CSRF token for htmx's requests, and the header."""
    storage = repr(getattr(settings, "STORAGES", {}).get("staticfiles"))
    token = conditional_escape(context.get("csrf_token", ""))
    return mark_safe(  # noqa: S308 (every part is escaped)
        _head_links(settings.STATIC_URL, storage)
        + layout_htmx_script(context)
        + "\n</head>\n"
        + f'<body hx-headers=\'{{"X-CSRFToken": "{token}"}}\'>\n  '
        + site_header(context)
    )


@lru_cache(maxsize=16)
def _footer(language: str) -> str:
    text = conditional_escape(gettext("Paddock, open-source software for business conventions."))
    return f'<footer class="site-footer">\n    <p>{text}</p>\n  </footer>\n</body>\n</html>\n'


@register.simple_tag
def layout_footer() -> SafeString:
    """The site's footer and the page's end, in the active language."""
    return mark_safe(_footer(str(get_language())))  # noqa: S308 (the text is escaped)
