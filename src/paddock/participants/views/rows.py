"""The rows of the organiser's participants list, written by a function rather than a template
per row: a page shows 50 people, and the template cost some 1,700 Python calls a row, more
than the rest of the page (issue 16). Every value goes through `format_html`, which escapes."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from paddock.events.enums import language_labels
from paddock.participants.enums import ParticipantRole, ParticipantStatus
from paddock.participants.models import Participant

_ACTIONS = {
    ParticipantStatus.REGISTERED: ("participants:participant-validate", "", "validate"),
    ParticipantStatus.VALIDATED: ("participants:participant-withdraw", ' class="link"', "withdraw"),
}


@dataclass(frozen=True)
class RowWriter:
    """What every row of a page shares, worked out once: translated words, the links' pattern,
    the CSRF field and where the forms send the organiser back."""

    words: dict[str, str]
    links: dict[str, Callable[[int], str]]
    csrf: SafeString
    next_url: str

    def row(self, participant: Participant, error: str | None = None) -> SafeString:
        """One `<tr>`: the same cells, labels and forms as the list has always shown."""
        w, user = self.words, participant.user
        title = format_html('<br><span class="muted">{}</span>', participant.job_title)
        cells = [
            ("select", self._checkbox(participant)),
            (
                "name",
                format_html(
                    '<a href="{}">{}</a>{}',
                    self.links["detail"](participant.pk),
                    user.get_full_name() or user.email,
                    title if participant.job_title else "",
                ),
            ),
            ("company", participant.company.name),
            ("country", participant.country_name),  # type: ignore[attr-defined]
            ("role", w.get(f"role:{participant.role}", participant.role)),
            ("languages", ", ".join(w.get(f"lang:{c}", c) for c in participant.languages or [])),
            ("status", self._status(participant)),
            ("actions", self._actions(participant, error)),
        ]
        email = format_html('<td data-label="{}" class="address">{}</td>', w["email"], user.email)
        tds = [format_html('<td data-label="{}">{}</td>', w[key], value) for key, value in cells]
        return format_html(
            '<tr id="participant-{}">\n  {}\n</tr>',
            participant.pk,
            SafeString("\n  ".join([*tds[:2], email, *tds[2:]])),
        )

    def _checkbox(self, participant: Participant) -> str:
        if participant.status != ParticipantStatus.REGISTERED:
            return ""
        label = self.words["select_name"] % {"name": participant.user}
        return format_html(
            '<input type="checkbox" name="participants" value="{}" form="bulk-validate" '
            'aria-label="{}">',
            participant.pk,
            label,
        )

    def _status(self, participant: Participant) -> str:
        label = self.words.get(f"status:{participant.status}", participant.status)
        return format_html('<span class="badge {}">{}</span>', participant.status, label)

    def _actions(self, participant: Participant, error: str | None) -> str:
        action = _ACTIONS.get(participant.status)  # type: ignore[call-overload]
        if action is None:
            form = self._form(self.links["resend"](participant.pk), "resend", ' class="link"')
            html = format_html('<span class="muted">{}</span>\n{}', self.words["invited"], form)
        else:
            name, classes, word = action
            html = self._form(self.links[name](participant.pk), word, classes, htmx=True)
        if error:
            html = format_html('{}\n<p class="errorlist" role="alert">{}</p>', html, error)
        return html

    def _form(self, url: str, word: str, classes: str, *, htmx: bool = False) -> str:
        swap = format_html(' hx-post="{}" hx-target="closest tr" hx-swap="outerHTML"', url)
        return format_html(
            '<form method="post" action="{}"{} class="inline">{}\n'
            '<input type="hidden" name="next" value="{}">\n'
            '<button type="submit"{}>{}</button>\n</form>',
            url,
            swap if htmx else "",
            self.csrf,
            self.next_url,
            SafeString(classes),
            self.words[word],
        )


def row_writer(request: Any, *, next_url: str) -> RowWriter:
    """The row writer of one page, whose forms send the organiser back to `next_url`."""
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
        "invited": _("Has not registered yet"),
        "resend": _("Resend the invitation"),
    }
    words |= {f"role:{value}": str(label) for value, label in ParticipantRole.choices}
    words |= {f"status:{value}": str(label) for value, label in ParticipantStatus.choices}
    words |= {f"lang:{code}": label for code, label in language_labels().items()}
    slug = request.edition.slug
    links = {
        "detail": pk_url("participants:participant-detail", slug),
        "resend": pk_url("participants:participant-resend-invitation", slug),
        **{name: pk_url(name, slug) for name, _classes, _word in _ACTIONS.values()},
    }
    csrf = format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
    )
    return RowWriter(words=words, links=links, csrf=csrf, next_url=next_url)


def pk_url(name: str, slug: str) -> Callable[[int], str]:
    """pk → the URL named `name` (edition slug, pk) for that object, with one `reverse()` per
    page rather than per row: the pk is the last number of the path."""
    head, tail = reverse(name, args=[slug, 0]).rsplit("/0/", 1)
    return lambda pk: f"{head}/{pk}/{tail}"
