"""Organiser pages: zones, their sessions, cancelling a session, the people booked."""

import copy
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView

from paddock.core.exceptions import DomainError
from paddock.core.views import EditionPermissionMixin, ServiceFormView
from paddock.events.rules import can_manage_edition
from paddock.visits import rules, services
from paddock.visits.forms import (
    CancelSessionForm,
    SessionForm,
    SessionUpdateForm,
    VisitSettingsForm,
    ZoneForm,
    ZoneUpdateForm,
)
from paddock.visits.models import VisitSession, VisitSettings, Zone
from paddock.visits.queries import (
    people_of,
    session_for,
    sessions_of,
    sessions_over_seats,
    settings_of,
    visits_allowed,
    zone_for,
    zones_of,
)


def zones_url(edition: Any) -> str:
    return reverse("visits:zone-list", args=[edition.slug])


def zone_url(zone: Zone) -> str:
    return reverse("visits:zone-detail", args=[zone.edition.slug, zone.pk])


class TeamMixin(EditionPermissionMixin):
    permission = rules.can_manage_visits


class TeamFormView(TeamMixin, ServiceFormView):
    """A form of the visits team that calls one service (core.views.ServiceFormView)."""


class ZoneListView(TeamMixin, TemplateView):
    template_name = "visits/orga/zone_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        edition = self.request.edition
        context.update(
            zones=zones_of(edition),
            visits_allowed=visits_allowed(edition),
            settings_form=VisitSettingsForm(instance=settings_of(edition), edition=edition),
        )
        return context


class VisitSettingsView(TeamFormView):
    template_name = "visits/orga/form.html"
    form_class = VisitSettingsForm
    success_message = gettext_lazy("Visit settings saved.")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(heading=_("Booking rules"), back_url=zones_url(self.request.edition))
        return context

    @cached_property
    def settings(self) -> VisitSettings:
        return settings_of(self.request.edition)

    def get_form_kwargs(self) -> dict[str, Any]:
        # A copy: validation writes the posted values on the form's instance, and the service
        # writes the values that differ from the settings as read.
        kwargs = super().get_form_kwargs()
        return kwargs | {"edition": self.request.edition, "instance": copy.copy(self.settings)}

    def perform(self, form: VisitSettingsForm) -> str:
        services.update_visit_settings(
            self.request.edition, by=self.request.user, read=self.settings, **form.cleaned_data
        )
        return zones_url(self.request.edition)


class ZoneMixin:
    @cached_property
    def zone(self) -> Zone:
        return zone_for(self.request.edition, self.kwargs["zone"])  # type: ignore[attr-defined]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["zone"] = self.zone
        return context


class ZoneCreateView(TeamFormView):
    template_name = "visits/orga/form.html"
    form_class = ZoneForm
    success_message = gettext_lazy("Zone created. Add its sessions now.")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        zone = getattr(self, "zone", None)
        heading = _("Edit the zone %(name)s") % {"name": zone.name} if zone else _("Add a zone")
        context.update(heading=heading, back_url=zones_url(self.request.edition))
        return context

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "edition": self.request.edition}

    def perform(self, form: ZoneForm) -> str:
        zone = services.create_zone(self.request.edition, by=self.request.user, **form.cleaned_data)
        return zone_url(zone)


class ZoneUpdateView(ZoneMixin, ZoneCreateView):
    form_class = ZoneUpdateForm
    success_message = gettext_lazy("Zone saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        # An unsaved copy: a refused change must not show on the page as if it were saved.
        copy = zone_for(self.request.edition, self.zone.pk)
        return {**super().get_form_kwargs(), "instance": copy}

    def perform(self, form: ZoneForm) -> str:
        zone = services.update_zone(self.zone, by=self.request.user, **form.cleaned_data)
        edition = self.request.edition
        if sessions_over_seats(edition).filter(zone=zone).exists():
            # A smaller group: the organiser confirms who loses a seat on the protocol review.
            if can_manage_edition(self.request.user, edition):
                return reverse("scheduling:protocol-review", args=[edition.slug])
            messages.warning(
                self.request,
                _(
                    "Some visits now have more people booked than seats: an organiser confirms "
                    "who goes back to the waiting list, on the protocol review."
                ),
            )
        return zones_url(edition)


class ZoneDeleteView(ZoneMixin, TeamMixin, TemplateView):
    """GET asks for confirmation; POST deletes, or says why not (live bookings)."""

    template_name = "events/orga/confirm_delete.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            question=_("Delete the zone %(name)s and its sessions?") % {"name": self.zone.name},
            cancel_url=zones_url(self.request.edition),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            services.delete_zone(self.zone, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
            return self.render_to_response(self.get_context_data(**kwargs), status=409)
        messages.success(request, _("Zone deleted."))
        return HttpResponseRedirect(zones_url(request.edition))  # type: ignore[attr-defined]


class ZoneDetailView(ZoneMixin, TeamFormView):
    """The zone's sessions with seats booked and waiting, and the form that adds one."""

    template_name = "visits/orga/zone_detail.html"
    form_class = SessionForm
    success_message = gettext_lazy("Session added.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "edition": self.request.edition}

    def get_initial(self) -> dict[str, Any]:
        return {"seats": self.zone.group_size}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["sessions"] = sessions_of(self.zone)
        return context

    def perform(self, form: SessionForm) -> str:
        services.create_session(self.zone, by=self.request.user, **form.service_fields())
        return zone_url(self.zone)


class SessionMixin:
    @cached_property
    def session(self) -> VisitSession:
        return session_for(self.request.edition, self.kwargs["visit"])  # type: ignore[attr-defined]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context.update(session=self.session, zone=self.session.zone)
        return context


class SessionUpdateView(SessionMixin, TeamFormView):
    template_name = "visits/orga/form.html"
    form_class = SessionUpdateForm
    success_message = gettext_lazy("Session saved.")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            heading=_("Edit a session of %(zone)s") % {"zone": self.session.zone.name},
            back_url=zone_url(self.session.zone),
        )
        return context

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "edition": self.request.edition}

    def get_initial(self) -> dict[str, Any]:
        session, tz = self.session, self.request.edition.tzinfo
        start, end = session.start.astimezone(tz), session.end.astimezone(tz)
        return {
            "day": start.date().isoformat(),
            "start": start.time(),
            "end": end.time(),
            "seats": session.seats,
            "guide": session.guide_id,
            "travel_before_minutes": session.travel_before_minutes,
            "travel_after_minutes": session.travel_after_minutes,
        }

    def perform(self, form: SessionForm) -> str:
        services.update_session(self.session, by=self.request.user, **form.service_fields())
        return zone_url(self.session.zone)


class SessionCancelView(SessionMixin, TeamFormView):
    template_name = "visits/orga/session_cancel.html"
    form_class = CancelSessionForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["people"] = people_of(self.session)
        return context

    def perform(self, form: CancelSessionForm) -> str:
        cancelled = services.cancel_session(
            self.session, by=self.request.user, reason=form.cleaned_data["reason"]
        )
        count = len(cancelled)
        messages.success(
            self.request,
            ngettext(
                "Session cancelled. %(count)s person has been told by email.",
                "Session cancelled. %(count)s people have been told by email.",
                count,
            )
            % {"count": count},
        )
        return zone_url(self.session.zone)


class SessionPeopleView(SessionMixin, TeamMixin, TemplateView):
    """Who is booked, then who waits, in order."""

    template_name = "visits/orga/session_people.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["people"] = people_of(self.session)
        return context
