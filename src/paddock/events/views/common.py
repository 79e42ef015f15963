"""Shared pieces of the organiser views: object lookups scoped to the edition, error display."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from paddock.core.exceptions import DomainError
from paddock.core.views import EditionPermissionMixin, ServiceFormView
from paddock.events import rules
from paddock.events.models import Room, Session, Table, TimeSlot


def room_for(request: HttpRequest, pk: int) -> Room:
    """A room of the request's edition, or 404."""
    room = get_object_or_404(Room, edition=request.edition, pk=pk)  # type: ignore[attr-defined]
    room.edition = request.edition  # type: ignore[attr-defined]
    return room


def table_for(request: HttpRequest, pk: int) -> Table:
    table = get_object_or_404(
        Table.objects.select_related("room"),
        room__edition=request.edition,  # type: ignore[attr-defined]
        pk=pk,
    )
    table.room.edition = request.edition  # type: ignore[attr-defined]
    return table


def session_for(request: HttpRequest, pk: int) -> Session:
    session = get_object_or_404(Session, edition=request.edition, pk=pk)  # type: ignore[attr-defined]
    session.edition = request.edition  # type: ignore[attr-defined]
    return session


def slot_for(request: HttpRequest, pk: int) -> TimeSlot:
    slot = get_object_or_404(
        TimeSlot.objects.select_related("session"),
        edition=request.edition,  # type: ignore[attr-defined]
        pk=pk,
    )
    slot.edition = slot.session.edition = request.edition  # type: ignore[attr-defined]
    return slot


class OrganiserFormView(EditionPermissionMixin, ServiceFormView):
    """A form of the edition's organisers that calls one service (core.views.ServiceFormView)."""

    permission = rules.can_manage_edition


class OrganiserDeleteView(EditionPermissionMixin, TemplateView):
    """GET asks for confirmation; POST calls `perform()`. Under htmx the POST answers a
    fragment with no row, so the row that asked disappears in place, and the page's counts
    (`counts_fragment()`) swapped out of band. A service's refusal (DomainError) is shown as
    an error message."""

    permission = rules.can_manage_edition
    template_name = "events/orga/confirm_delete.html"
    success_message: Any = ""

    def perform(self) -> str:
        """Delete through the service; return the URL to go back to."""
        raise NotImplementedError

    def counts_fragment(self) -> str:
        """After an htmx delete: the page's counts, swapped out of band (hx-swap-oob)."""
        return ""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            url = self.perform()
        except DomainError as error:
            # Refused: nothing changed. The message shows on this page, or under htmx on the
            # page that asked, reloaded with the row still in place.
            messages.error(request, error.message)
            if getattr(request, "htmx", False):
                return HttpResponse("", headers={"HX-Refresh": "true"})
            return self.render_to_response(self.get_context_data(**kwargs), status=409)
        if getattr(request, "htmx", False):
            return HttpResponse(self.counts_fragment())
        if self.success_message:
            messages.success(request, self.success_message)
        return HttpResponseRedirect(url)
