"""The rows of the organiser's participants list, written by a function rather than a template
per row: a page shows 50 people, and the template cost some 1,700 Python calls a row, more
than the rest of the page (issue 16). Every value is escaped (`core.markup.escape`, what
Django's `escape` writes, in one call: `format_html` still cost 700 calls a row)."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from django.http import QueryDict
from django.middleware.csrf import get_token
from django.urls import get_script_prefix, get_urlconf
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from paddock.accounts.models import display_name
from paddock.core.markup import address_of_pk as pk_url  # the catalogue's name for it
from paddock.core.markup import escape
from paddock.events.enums import EditionStatus, language_labels
from paddock.participants.enums import ParticipantRole, ParticipantStatus
from paddock.participants.queries import ParticipantRow

_ACTIONS = {
    ParticipantStatus.REGISTERED: ("participants:participant-validate", "", "validate"),
    ParticipantStatus.VALIDATED: ("participants:participant-withdraw", ' class="link"', "withdraw"),
    ParticipantStatus.WITHDRAWN: (
        "participants:participant-undo-withdrawal",
        ' class="link"',
        "undo_withdrawal",
    ),
}
# Those who may withdraw get a link to the page that says what it ends and asks for a reason.
_WITHDRAWING = (ParticipantStatus.REGISTERED, ParticipantStatus.VALIDATED)


@dataclass(frozen=True)
class RowWriter:
    """What every row of a page shares, worked out once: translated words (escaped), the
    links' pattern, the CSRF field and where the forms send the organiser back (escaped)."""

    words: dict[str, str]
    links: dict[str, Callable[[int], str]]
    csrf: SafeString
    next_url: str
    # A closed edition's participants can no longer withdraw: no link to a page that refuses.
    withdrawal_open: bool

    def row(self, participant: ParticipantRow, error: str | None = None) -> SafeString:
        """One `<tr>`: the same cells, labels and forms as the list has always shown."""
        w, pk, title = self.words, participant.pk, participant.job_title
        full_name = display_name(participant.first_name, participant.last_name, participant.email)
        name = f'<a href="{escape(self.links["detail"](pk))}">{escape(full_name)}</a>' + (
            f'<br><span class="muted">{escape(title)}</span>' if title else ""
        )
        codes = participant.languages
        cells = [
            ("select", self._checkbox(participant, full_name)),
            ("name", name),
            ("company", escape(participant.company_name)),
            ("country", escape(participant.country_name)),
            ("role", w.get(f"role:{participant.role}") or escape(participant.role)),
            ("languages", ", ".join(w.get(f"lang:{c}") or escape(c) for c in codes)),
            ("status", self._status(participant)),
            ("actions", self._actions(participant, error)),
        ]
        tds = [f'<td data-label="{w[key]}">{value}</td>' for key, value in cells]
        email = escape(participant.email)
        tds.insert(2, f'<td data-label="{w["email"]}" class="address">{email}</td>')
        return SafeString(f'<tr id="participant-{pk}">\n  ' + "\n  ".join(tds) + "\n</tr>")

    def _checkbox(self, participant: ParticipantRow, full_name: str) -> str:
        if participant.status != ParticipantStatus.REGISTERED:
            return ""
        label = self.words["select_name"] % {"name": escape(full_name)}
        return (
            f'<input type="checkbox" name="participants" value="{participant.pk}" '
            f'form="bulk-validate" aria-label="{label}">'
        )

    def _status(self, participant: ParticipantRow) -> str:
        status = escape(participant.status)
        label = self.words.get(f"status:{participant.status}") or status
        return f'<span class="badge {status}">{label}</span>'

    def _actions(self, participant: ParticipantRow, error: str | None) -> str:
        action = _ACTIONS.get(participant.status)  # type: ignore[call-overload]
        if participant.status == ParticipantStatus.DECLINED:
            html = f'<span class="muted">{self.words["declined"]}</span>'
        elif action is None:
            form = self._form(self.links["resend"](participant.pk), "resend", ' class="link"')
            html = f'<span class="muted">{self.words["invited"]}</span>\n{form}'
        else:
            name, classes, word = action
            html = self._form(self.links[name](participant.pk), word, classes, htmx=True)
        if self.withdrawal_open and participant.status in _WITHDRAWING:
            url = escape(self.links["withdraw_participation"](participant.pk))
            html += f'\n<a href="{url}">{self.words["withdraw_participation"]}</a>'
        if error:
            html += f'\n<p class="errorlist" role="alert">{escape(str(error))}</p>'
        return html

    def _form(self, url: str, word: str, classes: str, *, htmx: bool = False) -> str:
        url = escape(url)
        swap = f' hx-post="{url}" hx-target="closest tr" hx-swap="outerHTML"' if htmx else ""
        return (
            f'<form method="post" action="{url}"{swap} class="inline">{self.csrf}\n'
            f'<input type="hidden" name="next" value="{self.next_url}">\n'
            f'<button type="submit"{classes}>{self.words[word]}</button>\n</form>'
        )


def row_writer(request: Any, *, next_url: str, token: str | None = None) -> RowWriter:
    """The row writer of one page, whose forms send the organiser back to `next_url`, with
    the page's CSRF `token` (a new one if None)."""
    links = _links(request.edition.slug, get_script_prefix(), get_urlconf())
    csrf = format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token or get_token(request)
    )
    words = _words(get_language())
    return RowWriter(
        words=words,
        links=links,
        csrf=csrf,
        next_url=escape(next_url),
        withdrawal_open=request.edition.status != EditionStatus.CLOSED,
    )


@lru_cache(maxsize=512)
def _links(slug: str, prefix: str, urlconf: Any) -> dict[str, Callable[[int], str]]:
    """pk → address, for each link and form of a row of the edition `slug`: reversed once a
    process for each URL prefix and configuration (both part of the key), not once a page."""
    return {
        "detail": pk_url("participants:participant-detail", slug),
        "resend": pk_url("participants:participant-resend-invitation", slug),
        **{name: pk_url(name, slug) for name, _classes, _word in _ACTIONS.values()},
        "withdraw_participation": pk_url("participants:participant-withdraw-participation", slug),
    }


@lru_cache(maxsize=16)
def _words(language: str | None) -> dict[str, str]:
    """The rows' words in `language` (the active one; part of the key only), escaped: the
    same for every page, translated once per language and process (issue 16)."""
    words = {
        # The column names that each row repeats for small screens (`data-label`).
        "select": _("Select"),
        "name": _("Name"),
        "email": _("Email"),
        "company": _("Company"),
        "country": _("Country"),
        "role": _("Role"),
        "languages": _("Languages"),
        "status": _("Status"),
        "actions": _("Actions"),
        "select_name": _("Select %(name)s"),
        "validate": _("Validate"),
        "withdraw": _("Withdraw validation"),
        "withdraw_participation": _("Withdraw from the edition…"),
        "undo_withdrawal": _("Undo the withdrawal"),
        "invited": _("Invited, waiting for their answer"),
        "declined": _("Declined the invitation"),
        "resend": _("Resend the invitation"),
    }
    words |= {f"role:{value}": str(label) for value, label in ParticipantRole.choices}
    words |= {f"status:{value}": str(label) for value, label in ParticipantStatus.choices}
    words |= {f"lang:{code}": label for code, label in language_labels().items()}
    return {key: escape(word) for key, word in words.items()}


def status_tabs(tabs: list[dict[str, Any]], query: QueryDict, *, oob: bool = False) -> SafeString:
    """The status tabs above the list (each keeps the page's filters, drops its page number),
    as `{% querystring %}` in a template loop wrote them, for fewer calls (issue 16).
    `oob`: the htmx answer to Validate and Withdraw swaps them in out of band."""
    kept = [(key, values) for key, values in query.lists() if key != "page"]
    links = []
    for tab in tabs:
        value = tab["value"]
        href = _query_string(query, kept, "status", value)
        text = f"{escape(str(tab['label']))} ({tab['count']})"
        shown = f' aria-current="page"><strong>{text}</strong>' if tab["current"] else f">{text}"
        links.append(f'\n    <a class="badge {escape(value)}" href="{escape(href)}"{shown}</a>\n  ')
    swap = ' hx-swap-oob="true"' if oob else ""
    status = escape(_("Status"))
    start = f'<nav class="actions" id="status-tabs" aria-label="{status}"{swap}>\n  '
    return SafeString(start + "".join(links) + "\n</nav>\n")


def _query_string(query: QueryDict, kept: list[tuple[str, list[str]]], key: str, value: str) -> str:
    """`{% querystring query key=value page=None %}` (`key=None` when `value` is ''), with
    `kept` the query's lists without the page: set in place, else added last; '' when both
    the query and the result are empty, as the tag answers."""
    pairs = [
        (name, [value] if name == key else values) for name, values in kept if value or name != key
    ]
    if value and key not in query:
        pairs.append((key, [value]))
    if not pairs and not query:
        return ""
    return "?" + urlencode([(name, item) for name, values in pairs for item in values])
