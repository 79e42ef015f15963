"""Zone hosts' pages: the sessions they guide, the people expected (web and PDF), and the
check-in of their group at the meeting point."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from paddock.checkin.services import CheckInError
from paddock.core.views import EditionPermissionMixin
from paddock.participants.models import Participant
from paddock.visits import documents, rules, services
from paddock.visits.enums import BookingStatus
from paddock.visits.forms import ZoneCheckInForm
from paddock.visits.models import VisitSession
from paddock.visits.queries import hosted_sessions, people_of, session_for


class HostMixin(EditionPermissionMixin):
    permission = rules.can_host_visits


class HostView(HostMixin, TemplateView):
    """The sessions the zone host guides (every session for the team), with the people
    expected."""

    template_name = "visits/host/visits.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        edition, user = self.request.edition, self.request.user
        guide = None if rules.can_manage_visits(user, edition) else user
        context["visits"] = hosted_sessions(edition, guide)
        return context


class GuidedSessionMixin(HostMixin):
    @cached_property
    def session(self) -> VisitSession:
        session = session_for(self.request.edition, self.kwargs["visit"])  # type: ignore[attr-defined]
        if not rules.can_guide_session(self.request.user, session):  # type: ignore[attr-defined]
            raise PermissionDenied
        return session

    def group(self) -> dict[str, Any]:
        people = list(people_of(self.session))
        return {
            "session": self.session,
            "zone": self.session.zone,
            "expected": [b for b in people if b.status == BookingStatus.CONFIRMED],
            "waiting": [b for b in people if b.status == BookingStatus.WAITING],
        }


class HostVisitView(GuidedSessionMixin, FormView):
    """The group of one session, and its check-in by badge code or name."""

    template_name = "visits/host/visit.html"
    form_class = ZoneCheckInForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(self.group())
        return context

    def form_valid(self, form: ZoneCheckInForm) -> HttpResponse:
        participant = None
        if form.cleaned_data["participant"]:
            participant = Participant(pk=form.cleaned_data["participant"])
        try:
            booking = services.check_in_visitor(
                self.session,
                by=self.request.user,
                code=form.cleaned_data["code"],
                participant=participant,
            )
        except (services.VisitError, CheckInError) as error:
            messages.error(self.request, error.message)
        else:
            messages.success(
                self.request, _("%(name)s checked in.") % {"name": booking.participant.user}
            )
        url = reverse("visits:host-visit", args=[self.request.edition.slug, self.session.pk])
        return HttpResponseRedirect(url)


class HostVisitPdfView(GuidedSessionMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        edition = request.edition  # type: ignore[attr-defined]
        pdf = documents.group_pdf({"edition": edition, **self.group()})
        response = HttpResponse(pdf, content_type="application/pdf")
        filename = f"visit-{edition.slug}-{self.session.pk}.pdf"
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response
