"""The agenda's meeting cards, written in Python: a template per card cost some 850 calls,
most of the agenda page's time (issue 16). Every value is escaped; translations are not,
as the template tags leave them."""

import datetime as dt
import zoneinfo
from html import escape

from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django_countries import countries

from paddock.events.models import Edition
from paddock.meetings.enums import MeetingStatus
from paddock.meetings.queries import AgendaRow


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
            names[code] = escape(str(countries.name(code)))
    zone, slug = (edition.tzinfo if show_time else None), edition.slug
    return [
        (row, _card(row, words=words, names=names, zone=zone, now=now, slug=slug)) for row in rows
    ]


def _card(
    row: AgendaRow,
    *,
    words: dict[str, str],
    names: dict[str, str],
    zone: zoneinfo.ZoneInfo | None,
    now: dt.datetime,
    slug: str,
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
    if row.end and row.end <= now and row.status != MeetingStatus.CANCELLED:
        url = escape(reverse("outcomes-portal:rate", args=[slug, row.pk]))
        parts.append(f'<p><a class="button secondary" href="{url}">{words["rate"]}</a></p>')
    parts.append("\n</article>\n")
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped, translations as tags leave them


def _joined(labels: list[str]) -> str:
    return ", ".join(escape(label) for label in labels)
