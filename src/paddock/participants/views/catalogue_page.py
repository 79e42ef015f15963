"""The catalogue page around its cards, written in Python: as template code (six
`{% translate %}`, two `blocktranslate`, the page links) it cost some 1,300 Python calls a
request (issue 16). Every value is escaped; translations are not, as the template tags leave
them."""

from functools import lru_cache
from typing import Any

from django.core.paginator import Page
from django.forms import Form
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from paddock.core.markup import escape


def catalogue_body(
    slug: str,
    *,
    form: Form,
    more_filters: str,
    filtered: bool,
    filtered_beyond_search: bool,
    page: Page,
    filter_query: str,
    cards: str,
) -> SafeString:
    """The page's content: the filters, the count, the cards and the page links."""
    words = _words(get_language())
    search = form["q"]
    clear = f'<a href="{_catalogue_link(slug, get_script_prefix(), get_urlconf())}">'
    count = page.paginator.count
    found = ngettext("%(counter)s company", "%(counter)s companies", count) % {"counter": count}
    return SafeString(
        f'\n<h1>{words["catalogue"]}</h1>\n\n<form method="get" class="stacked card" role="search">'
        f'\n  <div class="field">\n    <label for="{escape(search.id_for_label)}">'
        f"{escape(str(search.label))}</label>\n    {search}\n  </div>"
        f"\n  <details{' open' if filtered_beyond_search else ''}>"
        f"\n    <summary>{words['more_filters']}</summary>\n    {more_filters}\n  </details>"
        f'\n  <div class="actions">\n    <button type="submit">{words["search"]}</button>\n    '
        + (f"{clear}{words['clear']}</a>" if filtered else "")
        + "\n  </div>\n</form>\n\n"
        f'<p class="muted" id="result-count">{found}</p>\n\n'
        + (cards or f"\n<p>{words['none']}</p>\n")
        + "\n\n"
        + _page_links(page, filter_query, words)
        + "\n"
    )


def _page_links(page: Page, filter_query: str, words: dict[str, str]) -> str:
    if not page.has_other_pages():
        return ""
    query = f"{escape(filter_query)}&amp;" if filter_query else ""
    previous = (
        f'<a class="button secondary" href="?{query}page={page.previous_page_number()}">'
        f"{words['previous']}</a>"
        if page.has_previous()
        else ""
    )
    following = (
        f'<a class="button secondary" href="?{query}page={page.next_page_number()}">'
        f"{words['next']}</a>"
        if page.has_next()
        else ""
    )
    of = words["page_of"] % {"number": page.number, "total": page.paginator.num_pages}
    return (
        f'\n<nav class="actions" aria-label="{words["pages"]}">\n  {previous}'
        f"\n  <span>{of}</span>\n  {following}\n</nav>\n"
    )


@lru_cache(maxsize=512)
def _catalogue_link(slug: str, prefix: str, urlconf: Any) -> str:
    """The escaped address of the edition's catalogue, once a process for each URL prefix and
    configuration (both part of the key)."""
    return escape(reverse("participants-portal:catalogue", args=[slug]))


@lru_cache(maxsize=16)
def _words(language: str | None) -> dict[str, str]:
    """The page's words in `language` (the active one; part of the key only)."""
    return {
        "catalogue": _("Catalogue"),
        "more_filters": _("More filters"),
        "search": _("Search"),
        "clear": _("Clear the filters"),
        "none": _("No company matches these filters."),
        "pages": _("Pages"),
        "previous": _("Previous"),
        "next": _("Next"),
        "page_of": _("Page %(number)s of %(total)s"),
    }
