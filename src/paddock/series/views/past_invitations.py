"""“Invite from an earlier edition”: the people of an earlier edition of the series, those
validated ticked, filtered by what they did there and by company; sending invites everyone
ticked, all or nothing."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.generic import TemplateView

from paddock.core.ids import id_of
from paddock.core.views import EditionPermissionMixin
from paddock.events.models import Edition
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
        if "source" not in data:
            latest = editions.first()
            data = {"source": latest.pk if latest else "", "show": SHOW_ALL}
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
                invited = invite_from_past_edition(
                    edition,
                    by=request.user,
                    source=source,
                    participant_ids=form.cleaned_data["person"],
                )
            except PastInvitationError as error:
                form.add_error(None, error.message)
            else:
                return self._sent(edition, len(invited))
        ticked = {pk for pk in map(id_of, request.POST.getlist("person")) if pk is not None}
        return self._page(filters, form=form, ticked=ticked, people=people)

    def _sent(self, edition: Edition, count: int) -> HttpResponse:
        messages.success(
            self.request,
            ngettext("%(count)d invitation sent.", "%(count)d invitations sent.", count)
            % {"count": count},
        )
        url = reverse("participants:participant-list", args=[edition.slug])
        return HttpResponseRedirect(f"{url}?status=invited")

    def _page(
        self,
        filters: PastPeopleFilterForm,
        *,
        form: PastInvitationForm | None,
        ticked: set[int] | None,
        people: list[PastPerson] | None = None,
    ) -> HttpResponse:
        data = filters.cleaned_data if filters.is_valid() else {}
        source = data.get("source")
        context: dict[str, Any] = {"filters": filters, "source": source, "form": form}
        if source is not None:
            if people is None:
                people = past_people(self.request.edition, source)  # type: ignore[attr-defined]
            listed = shown(people, show=data.get("show") or SHOW_ALL, company=data["company"])
            if ticked is None:
                ticked = {person.pk for person in listed if person.ticked}
            context |= {
                "rows": [
                    (person, person.pk in ticked and not person.left_out) for person in listed
                ],
                "total": len(people),
                "invitable": sum(1 for person in people if not person.left_out),
                "show": data.get("show") or SHOW_ALL,
                "company": data["company"],
            }
        return self.render_to_response(self.get_context_data(**context))
