"""The agenda's meeting cards and the requests page's cards, written in Python: a template
per card cost 850-1,650 calls, most of those pages' time (issue 16). Every value is escaped;
translations are not, as the template tags leave them."""

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.defaultfilters import linebreaksbr
from django.urls import get_script_prefix, get_urlconf
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from paddock.core.markup import address_around_pk, escape
from paddock.events.enums import EditionStatus
from paddock.events.models import Edition
from paddock.meetings.enums import MeetingStatus, RequestPriority, RequestStatus
from paddock.meetings.queries import AgendaRow, RequestRow
from paddock.participants.queries import country_name


def agenda_cards(
    rows: list[AgendaRow], *, show_time: bool, now: dt.datetime, edition: Edition
) -> list[tuple[AgendaRow, SafeString]]:
    """Each row with its card: time and place (`show_time`), who, what brings us together,
    the interpreter, the message, and the link to rate the meeting once it has ended."""
    words = {
        "no_show": _("No-show: this meeting did not take place."),
        "place": _("%(room)s, table %(table)s"),
        "offer": _("They offer:"),
        "need": _("They need:"),
        "interpreter": _("Interpreter: %(name)s"),
        "rate": _("Rate this meeting"),
    }
    names: dict[str, str] = {}  # each country translated once, not once a card
    for row in rows:
        code = row.other.country
        if code not in names:
            names[code] = escape(country_name(code))
    zone = edition.tzinfo if show_time else None
    # Once a page, not a card; none once the edition is closed, when answers can no longer change.
    rate = (
        None
        if edition.status == EditionStatus.CLOSED
        else address_around_pk("outcomes-portal:rate", edition.slug)
    )
    return [
        (row, _card(row, words=words, names=names, zone=zone, now=now, rate=rate)) for row in rows
    ]


def agenda_list(
    cards: list[tuple[AgendaRow, SafeString]], *, zone: zoneinfo.ZoneInfo | None, empty: str
) -> SafeString:
    """The cards as the agenda's list wrote them: with `zone`, under a heading for each day of
    the edition's calendar (the date filter in a template loop cost 190 calls a card); without
    a card, `empty` (a translation, not escaped)."""
    if not cards:
        return mark_safe(f'\n    <p class="muted">{empty}</p>\n  ')  # noqa: S308 (a translation)
    parts, day = [], None
    for row, card in cards:
        heading = ""
        if zone is not None and row.start is not None:
            start = row.start.astimezone(zone)
            if start.date() != day:
                day = start.date()
                heading = f'<h3 class="day">{escape(date_format(start, "l j F Y"))}</h3>'
            heading = f"\n    {heading}"
        parts.append(f"{heading}\n    {card}\n  ")
    return mark_safe("".join(parts))  # noqa: S308 (the cards and the dates are escaped)


def _card(
    row: AgendaRow,
    *,
    words: dict[str, str],
    names: dict[str, str],
    zone: zoneinfo.ZoneInfo | None,
    now: dt.datetime,
    rate: tuple[str, str] | None,  # the rating address around the pk (`address_around_pk`)
) -> SafeString:
    other, no_show = row.other, row.status == MeetingStatus.NO_SHOW
    parts = [
        f'\n<article class="card meeting{" no-show" if no_show else ""}" id="meeting-{row.pk}">'
    ]
    badge = f'<p class="badge no_show">{words["no_show"]}</p>' if no_show else ""
    parts.append(f"\n  {badge}\n  ")
    if zone is not None and row.start and row.end:
        start, end = row.start.astimezone(zone), row.end.astimezone(zone)
        place = words["place"] % {"room": escape(row.room), "table": escape(row.table)}
        parts.append(
            f'\n  <p class="when"><strong>{start:%H:%M}–{end:%H:%M}</strong>\n    · {place}</p>\n  '
        )
    title = f', <span class="muted">{escape(other.job_title)}</span>' if other.job_title else ""
    parts.append(f"\n  <h3>{escape(other.name)}{title}</h3>")
    parts.append(f"\n  <p>{escape(other.company)} · {names[other.country]}</p>\n  ")
    if row.they_offer:
        parts.append(f"<p><strong>{words['offer']}</strong> {_joined(row.they_offer)}</p>")
    parts.append("\n  ")
    if row.they_need:
        parts.append(f"<p><strong>{words['need']}</strong> {_joined(row.they_need)}</p>")
    parts.append("\n  ")
    if row.interpreter:
        name = words["interpreter"] % {"name": escape(row.interpreter)}
        parts.append(f'<p class="interpreter">{name}</p>')
    parts.append("\n  ")
    if row.message:
        parts.append(f"<blockquote>{linebreaksbr(row.message)}</blockquote>")
    parts.append("\n  ")
    if rate and row.end and row.end <= now and row.status != MeetingStatus.CANCELLED:
        url = f"{rate[0]}{row.pk}{rate[1]}"
        parts.append(f'<p><a class="button secondary" href="{url}">{words["rate"]}</a></p>')
    parts.append("\n</article>\n")
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped, translations as tags leave them


def _joined(labels: list[str]) -> str:
    return ", ".join(escape(label) for label in labels)


@dataclass
class RequestCards:
    """What every request card of a page shares: its words, translated once, the address
    patterns of its forms and the CSRF token."""

    words: dict[str, str]
    urls: dict[str, tuple[str, str]]
    csrf: str
    zone: zoneinfo.ZoneInfo

    @classmethod
    def for_page(cls, request: HttpRequest, edition: Edition) -> "RequestCards":
        words = _request_words(get_language())
        urls = _request_addresses(edition.slug, get_script_prefix(), get_urlconf())
        return cls(words, urls, escape(get_token(request)), edition.tzinfo)

    def card(self, item: RequestRow, *, error: str = "", done: str = "") -> SafeString:
        """One request: who, its state, the message, the answer, and the forms to answer it."""
        words = self.words
        other = {"name": escape(item.other_name), "company": escape(item.other_company)}
        parts = [
            f'\n<article class="card request" id="request-{item.pk}">\n  ',
            f"\n  <h3>{words['to' if item.sent else 'from'] % other}</h3>\n  ",
            f'\n  <p>\n    <span class="badge {escape(item.status)}">{words[item.status]}</span>',
            f'\n    <span class="badge">{words[item.priority]}</span>\n    ',
            f'<span class="badge">{words["mutual"]}</span>' if item.mutual else "",
            "\n    ",
            f'<span class="badge">{words["suggested"]}</span>' if item.suggested else "",
            "\n  </p>\n  ",
        ]
        if item.message:
            parts.append(f"<blockquote>{linebreaksbr(item.message)}</blockquote>")
        parts.append("\n  ")
        if item.decline_reason:
            reason = escape(item.decline_reason)
            parts.append(f"<p><strong>{words['reason_label']}</strong> {reason}</p>")
        parts.append("\n  ")
        if item.status == RequestStatus.PENDING and item.expires_at:
            day = escape(date_format(item.expires_at.astimezone(self.zone), "DATE_FORMAT"))
            expires = words["expires"] % {"date": day}
            parts.append(f'\n  <p class="muted">{expires}</p>\n  ')
        parts.append("\n  ")
        if error:
            parts.append(f'<p class="errorlist" role="alert">{escape(error)}</p>')
        parts.append("\n  ")
        if done:
            parts.append(f'<p class="message" role="status">{escape(done)}</p>')
        parts.append('\n  <div class="actions">\n    ')
        if item.status == RequestStatus.PENDING and not item.sent:
            parts.append(self._answer_forms(item, error))
        parts.append("\n    ")
        if item.status == RequestStatus.ACCEPTED and item.meeting_begun:
            # The service would refuse the click (`meeting_begun`): say why instead.
            parts.append(f'\n      <p class="muted">{words["begun"]}</p>\n    ')
        elif item.status == RequestStatus.ACCEPTED or (
            item.status == RequestStatus.PENDING and item.sent
        ):
            parts.append(self._cancel_form(item))
        parts.append("\n  </div>\n</article>\n")
        return mark_safe("".join(parts))  # noqa: S308 - every value is escaped, translations as tags leave them

    def _form(self, name: str, pk: int, css: str, extra: str = "") -> str:
        before, after = self.urls[name]
        url = f"{before}{pk}{after}"
        return (
            f'<form method="post" action="{url}" hx-post="{url}" hx-target="#request-{pk}" '
            f'hx-swap="outerHTML"{extra} class="{css}">'
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{self.csrf}">'
        )

    def _answer_forms(self, item: RequestRow, error: str) -> str:
        words, pk = self.words, item.pk
        return (
            f"\n      {self._form('accept', pk, 'inline')}"
            f'\n        <button type="submit">{words["accept"]}</button>\n      </form>'
            f"\n      <details{' open' if error else ''}>"
            f'\n        <summary class="button secondary">{words["decline_more"]}</summary>'
            f"\n        {self._form('decline', pk, 'stacked')}"
            f'\n          <div class="field{" has-error" if error else ""}">'
            f'\n            <label for="reason-{pk}">{words["reason"]} '
            '<span aria-hidden="true">*</span></label>'
            f'\n            <textarea name="reason" id="reason-{pk}" rows="2" maxlength="2000" '
            f'required aria-describedby="reason-{pk}-help"></textarea>'
            f'\n            <span class="helptext" id="reason-{pk}-help">'
            f"{words['reason_help']}</span>"
            "\n          </div>"
            f'\n          <button type="submit" class="danger">{words["decline"]}</button>'
            "\n        </form>\n      </details>\n    "
        )

    def _cancel_form(self, item: RequestRow) -> str:
        words = self.words
        label = words["cancel"] if item.status == RequestStatus.ACCEPTED else words["withdraw"]
        form = self._form("cancel", item.pk, "inline", f' hx-confirm="{words["confirm"]}"')
        return (
            f"\n      {form}"
            f'\n        <button type="submit" class="secondary">{label}</button>'
            "\n      </form>\n    "
        )


@lru_cache(maxsize=16)
def _request_words(language: str | None) -> dict[str, str]:
    """The request cards' words in `language` (the active one; part of the key only): the
    same on every page, translated once per language and process (issue 16)."""
    words = {
        "to": _("To %(name)s, %(company)s"),
        "from": _("From %(name)s, %(company)s"),
        "mutual": _("Mutual interest"),
        "suggested": _("Suggested by the organisers"),
        "reason_label": _("Reason:"),
        "expires": _("Expires on %(date)s without an answer."),
        "accept": _("Accept"),
        "decline_more": _("Decline…"),
        "reason": _("Reason"),
        "reason_help": _("Sent to the requester, e.g. “We do not machine titanium.”"),
        "decline": _("Decline"),
        "confirm": _("Cancel this meeting request? The other side will be told."),
        "cancel": _("Cancel the meeting"),
        "begun": _("This meeting has begun or was missed: it can no longer be cancelled."),
        "withdraw": _("Withdraw"),
    }
    for status, label in RequestStatus.choices:
        words[status] = escape(str(label))
    for priority, label in RequestPriority.choices:
        words[priority] = escape(str(label))
    return words


@lru_cache(maxsize=512)
def _request_addresses(slug: str, prefix: str, urlconf: Any) -> dict[str, tuple[str, str]]:
    """The request forms' addresses around the request's pk, for the edition `slug`: reversed
    once a process for each URL prefix and configuration (both part of the key)."""
    return {
        name: address_around_pk(f"meetings-portal:request-{name}", slug)
        for name in ("accept", "decline", "cancel")
    }
