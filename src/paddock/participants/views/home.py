"""The portal home's content, written in Python: as template code (an include, two
`blocktranslate`, three `{% url %}`, two `get_..._display`) it cost three times the rest of the
page's own work, on the page every participant lands on (issue 16). Every value is escaped;
translations are not, as the template tags leave them."""

from functools import lru_cache
from html import escape
from typing import Any

from django.template.defaultfilters import linebreaksbr
from django.utils import formats
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from paddock.core import dates
from paddock.core.markup import edition_addresses
from paddock.events.enums import EditionStatus
from paddock.events.models import Edition
from paddock.participants.enums import ParticipantRole, ParticipantStatus
from paddock.participants.models import Participant
from paddock.participants.rules import WITHDRAWN_MENU
from paddock.participants.withdrawal import WITHDRAWING

# The labels of the choices, as get_FOO_display() gives them (the value when unknown).
_EDITION_STATUSES: dict[str, Any] = dict(EditionStatus.choices)
_PARTICIPANT_STATUSES: dict[str, Any] = dict(ParticipantStatus.choices)
_ROLES: dict[str, Any] = dict(ParticipantRole.choices)


_LINKS = ("participants-portal:profile", "participants-portal:catalogue")
_LINKS += ("participants-portal:join-requests", "participants-portal:withdraw")
_WITHDRAWN_LINKS = WITHDRAWN_MENU


@lru_cache(maxsize=16)
def _words(language: str | None) -> dict[str, str]:
    """The page's words in `language` (the active one), escaped as the template tags left them
    (translations are not escaped; the choices' labels are)."""
    return {
        f"text:{ParticipantStatus.VALIDATED}": _(
            "Your participation is validated: you can see the other participants and ask them "
            "for meetings."
        )
        + "\n",
        f"text:{ParticipantStatus.REGISTERED}": _(
            "You are registered. The organiser still has to validate your participation; until "
            "then you cannot see the other participants. We will tell you by email."
        )
        + "\n",
        f"text:{ParticipantStatus.DECLINED}": _(
            "You declined the invitation: you do not take part in this edition."
        )
        + "\n",
        f"text:{ParticipantStatus.WITHDRAWN}": _(
            "You withdrew from this edition: your meetings were cancelled, your requests "
            "withdrawn and your visit seats given back. If you can come after all, ask the "
            "organisers: they can undo your withdrawal, and you will then wait for their "
            "validation again."
        )
        + "\n",
        "withdrawn_on": _(
            "You withdrew from this edition on %(date)s: your meetings were cancelled, your "
            "requests withdrawn and your visit seats given back. If you can come after all, ask "
            "the organisers: they can undo your withdrawal, and you will then wait for their "
            "validation again."
        )
        + "\n",
        "still": _(
            "You can still see the people you met, in every edition, and download your data or "
            "ask for its erasure."
        ),
        "network": _("My network"),
        "my_data": _("My data"),
        "withdraw": _("I can no longer come"),
        "incomplete": _(
            "Your registration is not complete: open the link in the email we sent you "
            "(invitation or address confirmation)."
        ),
        "who": _("%(company)s, as %(role)s"),
        "mine": _("My participation"),
        "profile": _("My profile"),
        "catalogue": _("Catalogue"),
        **{f"edition:{key}": escape(str(label)) for key, label in _EDITION_STATUSES.items()},
        **{f"person:{key}": escape(str(label)) for key, label in _PARTICIPANT_STATUSES.items()},
        **{f"role:{key}": escape(str(label)) for key, label in _ROLES.items()},
    }


def status_paragraph(participant: Participant, words: dict[str, str]) -> str:
    """The participant's status and what it means for them: the one definition, on the home
    page and on the "waiting for validation" page (`status_html`, through the template filter
    `participant_tags.status_paragraph`). A withdrawn person reads the day they withdrew, in the
    edition's time zone, and what they can still do."""
    status = participant.status
    text = words.get(f"text:{status}") or words["incomplete"]
    label = words.get(f"person:{status}") or escape(status)
    if status == ParticipantStatus.WITHDRAWN and participant.withdrawn_at is not None:
        day = participant.withdrawn_at.astimezone(participant.edition.tzinfo).date()
        text = words["withdrawn_on"] % {"date": escape(formats.date_format(day, "DATE_FORMAT"))}
    paragraph = f'<p><span class="badge {escape(status)}">{label}</span>\n{text}</p>\n'
    if status == ParticipantStatus.WITHDRAWN:
        paragraph += _still_possible(participant.edition.slug, words)
    return paragraph


def _still_possible(slug: str, words: dict[str, str]) -> str:
    """What a withdrawn person can still do, with a link to each page that lets them (the
    menu shows no other, `rules.portal_menu`)."""
    network, my_data = edition_addresses(_WITHDRAWN_LINKS, slug).values()
    return (
        f"<p>{words['still']}</p>\n"
        '<p class="actions" id="still-possible">\n'
        f'  <a class="button secondary" href="{network}">{words["network"]}</a>\n'
        f'  <a class="button secondary" href="{my_data}">{words["my_data"]}</a>\n'
        "</p>\n"
    )


def status_html(participant: Participant) -> SafeString:
    """`status_paragraph` in the active language, for a template."""
    return mark_safe(status_paragraph(participant, _words(get_language())))  # noqa: S308 (escaped)


def home_content(edition: Edition, participant: Participant, join_requests: int) -> SafeString:
    """The edition (dates, place, status, description) and the person's participation: their
    company and role, status, links, and how many people ask to join the company."""
    profile, catalogue, joins, leave = edition_addresses(_LINKS, edition.slug).values()
    venue = f" · {escape(edition.venue_name)}" if edition.venue_name else ""
    words = _words(get_language())
    status = words.get(f"edition:{edition.status}") or escape(edition.status)
    description = (
        f"<p>{linebreaksbr(edition.description, autoescape=True)}</p>"
        if edition.description
        else ""
    )
    role = participant.role
    who = words["who"] % {
        "company": escape(participant.company.name),
        "role": words.get(f"role:{role}") or escape(role),
    }
    validated = participant.status == ParticipantStatus.VALIDATED
    shop = f'<a class="button" href="{catalogue}">{words["catalogue"]}</a>' if validated else ""
    # Until they accept, people have no profile (own_participant_for answers 404): the email's
    # link, which the status paragraph points to, is how they accept or decline. Nor have
    # they once withdrawn.
    own_profile = (
        f'<a class="button secondary" href="{profile}">{words["profile"]}</a>'
        if participant.status in WITHDRAWING
        else ""
    )
    # Until the edition closes, someone who can no longer come says so (`participants.withdrawal`).
    withdraw = (
        f'<p><a href="{leave}">{words["withdraw"]}</a></p>'
        if participant.status in WITHDRAWING and edition.status != EditionStatus.CLOSED
        else ""
    )
    asking = ""
    if join_requests:
        count = ngettext(
            "%(total)s person asks to represent your company",
            "%(total)s people ask to represent your company",
            join_requests,
        ) % {"total": join_requests}
        asking = f'\n  <p class="message warning"><a href="{joins}">{count}</a></p>\n  '
    return mark_safe(  # noqa: S308 (every value above is escaped)
        f"\n<h1>{escape(edition.name)}</h1>\n"
        '<section class="card">\n'
        f"  <p>{escape(dates.date_range(edition.start_date, edition.end_date))}{venue}</p>\n"
        f'  <p><span class="badge {escape(edition.status)}">{status}</span></p>\n'
        f"  {description}\n"
        "</section>\n"
        '<section class="card" id="my-participation">\n'
        f"  <h2>{words['mine']}</h2>\n"
        f"  <p>{who}</p>\n"
        f"  {status_paragraph(participant, words)}\n  \n  \n"
        '  <p class="actions">\n'
        f"    {own_profile}\n"
        f"    {shop}\n"
        "  </p>\n"
        f"  {withdraw}\n"
        f"  {asking}\n"
        "</section>\n"
    )
