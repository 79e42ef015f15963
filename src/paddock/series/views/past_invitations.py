"""“Invite from an earlier edition”: the people of an earlier edition of the series, those
validated ticked, filtered by what they did there and by company; sending invites everyone
ticked, all or nothing."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.generic import TemplateView

from paddock.accounts.mail import unsent_mail
from paddock.core.ids import id_of
from paddock.core.views import EditionPermissionMixin
from paddock.events.models import Edition
from paddock.participants.enums import ParticipantStatus
from paddock.participants.views.invitations import tell_invitations_sent
from paddock.series import rules
from paddock.series.forms import PastInvitationForm, PastPeopleFilterForm
from paddock.series.past_invitations import (
    SHOW_ALL,
    PastInvitationError,
    PastPerson,
    earlier_editions,
    invite_from_past_edition,
    past_people,
    shown,
)


class PastInvitationView(EditionPermissionMixin, TemplateView):
    """GET lists (`source`, `show`, `company` in the query); POST sends, the same three and
    the ticked `person`s in the form."""

    permission = rules.can_invite_from_past_editions
    template_name = "series/orga/invite_past.html"

    def _filters(self, data: Any) -> PastPeopleFilterForm:
        """The filter form; 404 for an edition that is not an earlier one of this series
        (another series' edition included), so that its people never show."""
        editions = earlier_editions(self.request.edition)  # type: ignore[attr-defined]
        if not data.get("source"):
            latest = editions.first()
            data = {
                "source": latest.pk if latest else "",
                "show": data.get("show", SHOW_ALL),
                "company": data.get("company", ""),
            }
        form = PastPeopleFilterForm(data, editions=editions)
        if not form.is_valid() and "source" in form.errors and data.get("source"):
            raise Http404
        return form

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        filters = self._filters(request.GET)
        return self._page(filters, form=None, ticked=None)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        filters = self._filters(request.POST)
        source = filters.cleaned_data.get("source")
        if source is None:
            raise Http404
        edition = request.edition  # type: ignore[attr-defined]
        people = past_people(edition, source)
        form = PastInvitationForm(request.POST, people=people)
        if form.is_valid():
            try:
                with unsent_mail() as unsent:
                    invited = invite_from_past_edition(
                        edition,
                        by=request.user,
                        source=source,
                        participant_ids=form.ticked(),
                    )
            except PastInvitationError as error:
                form.add_error(None, error.message)
            else:
                tell_invitations_sent(request, invited=len(invited), unsent=unsent)
                url = reverse("participants:participant-list", args=[edition.slug])
                return HttpResponseRedirect(f"{url}?status=invited")
        posted = [*request.POST.getlist("person"), *request.POST.get("people", "").split(",")]
        ticked = {pk for pk in map(id_of, (part.strip() for part in posted)) if pk is not None}
        return self._page(filters, form=form, ticked=ticked, people=people)

    def _page(
        self,
        filters: PastPeopleFilterForm,
        *,
        form: PastInvitationForm | None,
        ticked: set[int] | None,
        people: list[PastPerson] | None = None,
    ) -> HttpResponse:
        filters.is_valid()  # a wrong `show` or `company` leaves the others as valid
        data = {"show": SHOW_ALL, "company": ""} | filters.cleaned_data
        source = data.get("source")
        context: dict[str, Any] = {"filters": filters, "source": source, "form": form}
        if source is not None:
            if people is None:
                people = past_people(self.request.edition, source)  # type: ignore[attr-defined]
            listed = shown(people, show=data["show"] or SHOW_ALL, company=data["company"])
            if ticked is None:
                ticked = {person.pk for person in listed if person.ticked}
            rows = [(person, person.pk in ticked and not person.left_out) for person in listed]
            context |= {
                "rows": rows,
                "rows_html": rows_html(rows, source),
                "total": len(people),
                "invitable": sum(1 for person in people if not person.left_out),
                "show": data["show"] or SHOW_ALL,
                "company": data["company"],
            }
        return self.render_to_response(self.get_context_data(**context))


def _words(source: Edition) -> dict[str, str]:
    """The table's words, translated once for all its rows."""
    return {
        "invite": _("Invite"),
        "person": _("Person"),
        "there": _("Company there"),
        "here": _("Company here"),
        "status": _("Status there"),
        "came": _("Came"),
        "missed": _("Meetings missed"),
        "note": _("Note"),
        "left_out": _("Left out"),
        "new": pgettext("company", "new"),
        "yes": _("yes"),
        "no": _("no"),
        "declined": _("Declined the invitation to %(name)s: may be invited again.")
        % {"name": source.name},
    }


def rows_html(rows: list[tuple[PastPerson, bool]], source: Edition) -> SafeString:
    """The table's rows, written here rather than by the template language, which took four
    seconds for 2,000 people (eight cells each)."""
    words = {name: escape(text) for name, text in _words(source).items()}
    statuses = {status.value: escape(status.label) for status in ParticipantStatus}
    html = []
    for person, ticked in rows:
        pk, name, plan = person.pk, escape(person.name), person.company
        if person.left_out:
            box = f'<span class="muted">{words["left_out"]}</span>'
            label = name
        else:
            checked = " checked" if ticked else ""
            box = f'<input type="checkbox" name="person" value="{pk}" id="person-{pk}"{checked}>'
            label = f'<label for="person-{pk}">{name}</label>'
        if plan.existing is not None:
            here = escape(plan.existing.name)
        elif plan.namesake is None:
            here = f'{escape(plan.name)} <span class="muted">({words["new"]})</span>'
        else:
            here = ""
        note = escape(person.left_out) or (words["declined"] if person.declined else "")
        cells = [
            ("invite", box),
            ("person", f'{label}<br><span class="muted address">{escape(person.email)}</span>'),
            ("there", escape(plan.source.name)),
            ("here", here),
            ("status", f'<span class="badge {person.status}">{statuses[person.status]}</span>'),
            ("came", words["yes"] if person.came else words["no"]),
            ("missed", str(person.missed)),
            ("note", note),
        ]
        tds = "".join(f'<td data-label="{words[key]}">{value}</td>' for key, value in cells)
        left_out = ' class="left-out"' if person.left_out else ""
        html.append(f'<tr id="past-{pk}"{left_out}>{tds}</tr>')
    return SafeString("\n".join(html))
