"""The organiser's participants list around its rows, written in Python: as template code
(five `{% url %}`, twenty `{% translate %}`, two `blocktranslate`, the filter form's loop and
`{% querystring %}`) it cost some 5,000 Python calls a request (issue 16). Every value is
escaped; translations are not, as the template tags leave them."""

from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Page
from django.forms import Form
from django.http import QueryDict
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from paddock.core.markup import edition_addresses, escape

_LINKS = (
    "participants:invite",
    "participants:participant-add",
    "exchange:import-participants",
    "participants:join-request-list",
    "participants:participant-list",
    "participants:participant-bulk-validate",
)


def _links(slug: str) -> dict[str, str]:
    """The page's escaped addresses for the edition `slug`."""
    links = edition_addresses(_LINKS, slug)
    return links | {"taxonomy": _taxonomy_link(get_script_prefix(), get_urlconf())}


@lru_cache(maxsize=16)
def _taxonomy_link(prefix: str, urlconf: Any) -> str:
    return escape(reverse("participants:category-list"))


@lru_cache(maxsize=16)
def _words(language: str | None) -> dict[str, str]:
    """The page's words in `language` (the active one; part of the key only)."""
    return {
        "participants": _("Participants"),
        "invite": _("Invite a participant"),
        "add": _("Add a participant"),
        "import": _("Import from a file"),
        "taxonomy": _("Capability taxonomy"),
        "filter": _("Filter"),
        "clear": _("Clear the filters"),
        "validate": _("Validate selected"),
        "none_filtered": _("No participant matches these filters."),
        "none": _("No participant yet."),
        "pages": _("Pages"),
        "previous": _("Previous"),
        "next": _("Next"),
        "page_of": _("Page %(number)s of %(pages)s"),
        "columns": "".join(
            f"\n    <th>{word}</th>"
            for word in (
                _("Select"),
                _("Name"),
                _("Email"),
                _("Company"),
                _("Country"),
                _("Role"),
                _("Languages"),
                _("Status"),
                _("Actions"),
            )
        ),
    }


def query_string(query: QueryDict, **changes: Any) -> str:
    """`{% querystring query key=value ... %}`: each key set in place (added last when new),
    or removed when its value is None; '' when both the query and the result are empty."""
    params = {key: list(values) for key, values in query.lists()}
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = [str(value)]
    if not params and not query:
        return ""
    return "?" + urlencode([(key, value) for key, values in params.items() for value in values])


def list_head(slug: str, *, join_requests: int, can_edit_taxonomy: bool) -> SafeString:
    """The title and the links above the list."""
    links, words = _links(slug), _words(get_language())
    joins = ngettext(
        "%(total)s request to join a company", "%(total)s requests to join a company", join_requests
    ) % {"total": join_requests}
    taxonomy = f'<a href="{links["taxonomy"]}">{words["taxonomy"]}</a>' if can_edit_taxonomy else ""
    return SafeString(
        f'<div class="actions">\n  <h1>{words["participants"]}</h1>\n'
        f'  <a class="button" href="{links["participants:invite"]}">{words["invite"]}</a>\n'
        f'  <a class="button secondary" href="{links["participants:participant-add"]}">'
        f"{words['add']}</a>\n"
        f'  <a href="{links["exchange:import-participants"]}">{words["import"]}</a>\n'
        f'  <a href="{links["participants:join-request-list"]}">{joins}</a>\n'
        f"  {taxonomy}\n</div>"
    )


def list_body(
    slug: str,
    *,
    form: Form,
    query: QueryDict,
    filtered: bool,
    registered: int,
    page: Page[Any],
    rows: str,
    csrf: str,
    next_url: str,
) -> SafeString:
    """The filter form, the bulk validation form, the table of `rows` and the pages' links."""
    links, words = _links(slug), _words(get_language())
    status = form.cleaned_data.get("status")
    hidden = f'<input type="hidden" name="status" value="{escape(status)}">' if status else ""
    fields = "".join(
        f'\n      <div class="field"><label for="{escape(field.id_for_label)}">'
        f"{escape(str(field.label))}</label>{field}</div>\n    "
        if field.name != "status"
        else ""
        for field in form
    )
    clear = (
        f'<a href="{links["participants:participant-list"]}">{words["clear"]}</a>'
        if filtered
        else ""
    )
    validate = f'<button type="submit">{words["validate"]}</button>' if registered else ""
    count = page.paginator.count
    matches = ngettext("%(total)s participant matches", "%(total)s participants match", count) % {
        "total": count
    }
    empty = words["none_filtered"] if filtered else words["none"]
    body = rows or f'\n      <tr><td colspan="9" class="muted">{empty}</td></tr>\n    '
    return SafeString(
        f'<form method="get" class="stacked card" role="search">\n  {hidden}\n'
        f'  <div class="grid">\n    {fields}\n  </div>\n'
        f'  <div class="actions">\n    <button type="submit">{words["filter"]}</button>\n'
        f"    {clear}\n  </div>\n</form>\n\n"
        f'<form method="post" action="{links["participants:participant-bulk-validate"]}"'
        f' id="bulk-validate" class="actions">{csrf}\n'
        f'  <input type="hidden" name="next" value="{escape(next_url)}">\n'
        f'  {validate}\n  <span class="muted">{matches}</span>\n</form>\n\n'
        '<div class="table-scroll">\n<table class="data cards" id="participants">\n'
        f"  <thead><tr>{words['columns']}\n  </tr></thead>\n  <tbody>\n    {body}\n  </tbody>\n"
        f"</table>\n</div>\n\n{_pages(page, query, words)}\n"
    )


def _pages(page: Page[Any], query: QueryDict, words: dict[str, str]) -> str:
    """The links to the previous and next pages, when there are other pages."""
    if not page.has_other_pages():
        return ""
    links = []
    for shown, word, number in (
        (page.has_previous(), "previous", page.previous_page_number),
        (page.has_next(), "next", page.next_page_number),
    ):
        href = escape(query_string(query, page=number())) if shown else ""
        links.append(
            f'<a class="button secondary" href="{href}">{words[word]}</a>' if shown else ""
        )
    of = words["page_of"] % {"number": page.number, "pages": page.paginator.num_pages}
    return (
        f'\n<nav class="actions" aria-label="{words["pages"]}">\n  {links[0]}\n'
        f"  <span>{of}</span>\n  {links[1]}\n</nav>\n"
    )
