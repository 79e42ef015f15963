"""Participant pages: the visits of the edition, book, cancel, wait."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from paddock.participants.views.mixins import ValidatedParticipantMixin
from paddock.visits import services, wishes
from paddock.visits.enums import BookingStatus
from paddock.visits.forms import WishesForm
from paddock.visits.models import Booking
from paddock.visits.queries import (
    bookings_of,
    my_bookings,
    portal_sessions,
    session_for,
    settings_of,
    visits_allowed,
    wishable_zones,
    wishes_mode,
    wishes_of,
    wishes_open,
)


def _visits_url(request: HttpRequest) -> str:
    return reverse("visits-portal:visits", args=[request.edition.slug])  # type: ignore[attr-defined]


class VisitListView(ValidatedParticipantMixin, TemplateView):
    """Open sessions with their seats left and conditions; the participant's own bookings."""

    template_name = "visits/portal/visits.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        edition, participant = self.request.edition, self.request.participant
        allowed, now = visits_allowed(edition), timezone.now()
        mine = bookings_of(participant)
        sessions = list(portal_sessions(edition, now)) if allowed else []
        every_booking = list(my_bookings(participant))
        for session in sessions:
            session.seats_left = max(session.seats - session.booked, 0)
            session.mine = mine.get(session.pk)
        context.update(
            visits_allowed=allowed,
            wishes_mode=wishes_mode(edition),
            wishes_open=wishes_open(edition, timezone.now()),
            wishes=wishes_of(participant),
            sessions=sessions,
            # Open sessions are listed until they start; a seat in one that has begun stays here.
            begun=[
                b
                for b in every_booking
                if b.status == BookingStatus.CONFIRMED and b.session.start <= now
            ],
            history=[b for b in every_booking if b.session_id not in mine],
            deadline_hours=settings_of(edition).cancellation_deadline_hours,
        )
        return context


class BookView(ValidatedParticipantMixin, View):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        session = session_for(request.edition, kwargs["pk"])  # type: ignore[attr-defined]
        try:
            booking = services.book_visit(
                session,
                participant=request.participant,  # type: ignore[attr-defined]
                by=request.user,
            )
        except services.VisitError as error:
            messages.error(request, error.message)
        else:
            if booking.status == BookingStatus.CONFIRMED:
                text = _("Booked: your seat in the visit of %(zone)s is confirmed.")
            else:
                text = _(
                    "The visit of %(zone)s is full: you are on its waiting list, number "
                    "%(position)s. You will be told by email if a seat comes free."
                )
            messages.success(
                request,
                text % {"zone": session.zone.name, "position": booking.position},
            )
        return HttpResponseRedirect(_visits_url(request))


class BookingCancelView(ValidatedParticipantMixin, View):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        booking = get_object_or_404(
            Booking.objects.select_related("session__zone"),
            participant=request.participant,  # type: ignore[attr-defined]
            pk=kwargs["pk"],
        )
        was = booking.status
        try:
            services.cancel_booking(booking, by=request.user)
        except services.VisitError as error:
            messages.error(request, error.message)
        else:
            if was == BookingStatus.WAITING:
                text = _("You have left the waiting list of the visit of %(zone)s.")
            else:
                text = _("Your booking of the visit of %(zone)s is cancelled.")
            messages.success(request, text % {"zone": booking.session.zone.name})
        return HttpResponseRedirect(_visits_url(request))


class WishesView(ValidatedParticipantMixin, FormView):
    """Wishes mode: the participant ranks the zones they would like to visit."""

    template_name = "visits/portal/wishes.html"
    form_class = WishesForm

    def get_form_kwargs(self) -> dict[str, Any]:
        participant = self.request.participant  # type: ignore[attr-defined]
        ranks = {wish.zone_id: wish.rank for wish in wishes_of(participant)}
        zones = list(wishable_zones(self.request.edition))  # type: ignore[attr-defined]
        return super().get_form_kwargs() | {"zones": zones, "ranks": ranks}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        edition = self.request.edition  # type: ignore[attr-defined]
        found = settings_of(edition)
        context.update(
            wishes_mode=wishes_mode(edition),
            wishes_open=wishes_open(edition, timezone.now()),
            deadline=found.wishes_deadline,
        )
        return context

    def form_valid(self, form: WishesForm) -> HttpResponse:
        try:
            wishes.rank_zones(
                self.request.participant,  # type: ignore[attr-defined]
                zones=form.ranked_zones(),
                by=self.request.user,
            )
        except services.VisitError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Your wishes are saved."))
        return HttpResponseRedirect(_visits_url(self.request))
