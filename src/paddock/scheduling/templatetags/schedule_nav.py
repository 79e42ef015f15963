"""The scheduling pages' menu, written in Python (issue 16): as template code (three `{% url %}`,
five `{% translate %}`, a `{% static %}`) it cost the grid some 1,000 Python calls a request."""

from functools import lru_cache
from typing import Any

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_noop as _

from paddock.core.markup import escape
from paddock.core.templatetags.layout import layout_static

register = template.Library()

TABS = (
    ("scheduling:run-list", _("Runs")),
    ("scheduling:grid", _("Grid")),
    ("scheduling:publish", _("Publish")),
)


@lru_cache(maxsize=256)
def _parts(
    slug: str, language: str | None, prefix: str, urlconf: Any
) -> tuple[str, tuple[tuple[str, str, str], ...], str]:
    """The menu's label; each tab's URL, its link and its link as the current page; the link
    that asks to publish: for the edition `slug` in `language` (the active one), escaped as the
    template tags left them."""
    tabs = []
    for name, label in TABS:
        url = reverse(name, args=[slug])
        link = f'\n  <a href="{escape(url)}"'
        text = f">{escape(gettext(label))}</a>"
        tabs.append((url, f"{link}{text}", f'{link} aria-current="page"{text}'))
    publish = escape(reverse("scheduling:publish", args=[slug]))
    words = escape(gettext("Publish to tell them"))
    tell = f' <a href="{publish}">{words}</a></p>'
    return escape(gettext("Schedule")), tuple(tabs), tell


@register.simple_tag(takes_context=True)
def schedule_nav(context: Any) -> SafeString:
    """The menu of the scheduling pages, the current page marked for screen readers, and how
    many meetings changed since the last publication (the view's `unpublished`), if any."""
    label, tabs, tell = _parts(
        context["edition"].slug, get_language(), get_script_prefix(), get_urlconf()
    )
    path = context["request"].path
    count = context.get("unpublished")
    warning = (
        '<p class="message warning">'
        + ngettext(
            "%(count)s meeting changed since the last publication; its participants see it on "
            "their agenda but were not told.",
            "%(count)s meetings changed since the last publication; their participants see "
            "them on their agenda but were not told.",
            count,
        )
        % {"count": escape(localize(count))}
        + tell
        if count
        else ""
    )
    return mark_safe(  # noqa: S308 - the links, words and count are escaped
        f'<link rel="stylesheet" href="{layout_static("scheduling/scheduling.css")}">\n'
        f'<nav class="actions schedule-nav" aria-label="{label}">'
        + "".join([current if url == path else link for url, link, current in tabs])
        + f"\n</nav>\n{warning}\n"
    )
