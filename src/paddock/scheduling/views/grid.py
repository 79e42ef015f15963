"""The schedule grid (tables by slots, per room) and the hand changes made from it."""

import datetime as dt
import itertools
import zoneinfo
from typing import Any

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from paddock.core.exceptions import DomainError
from paddock.meetings.models import Meeting
from paddock.scheduling import queries, services
from paddock.scheduling.forms import MoveForm, SwapForm
from paddock.scheduling.views.common import SchedulingMixin, meeting_for


def _grid_url(request: Any, meeting: Meeting | None = None) -> str:
    url = reverse("scheduling:grid", args=[request.edition.slug])
    return f"{url}#meeting-{meeting.pk}" if meeting else url


class GridView(SchedulingMixin, TemplateView):
    template_name = "scheduling/orga/grid.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        edition = self.request.edition
        slots, rooms, unplaced = queries.grid_of(edition)
        people = list(queries.grid_participants(edition))
        chosen = self.request.GET.get("participant", "")
        focus = next((p for p in people if str(p.pk) == chosen), None)
        context.update(
            slots=slots,
            days=_days(slots, edition.timezone),
            rooms=rooms,
            unplaced=unplaced,
            people=people,
            focus=focus,
            picture=queries.grid_picture(slots, rooms, focus.pk if focus else None),
        )
        return context


def _days(slots: list[Any], zone: str) -> list[tuple[dt.date, int]]:
    """Each day of the grid in the edition's zone, with how many slot columns it heads."""
    tz = zoneinfo.ZoneInfo(str(zone))
    dates = [timezone.localtime(slot.start, tz).date() for slot in slots]
    return [(day, len(list(group))) for day, group in itertools.groupby(dates)]


class MeetingPlaceView(SchedulingMixin, FormView):
    """Move one meeting to a slot and table; also offers swap and lock."""

    template_name = "scheduling/orga/meeting_place.html"
    form_class = MoveForm

    @cached_property
    def meeting(self) -> Meeting:
        return meeting_for(self.request, self.kwargs["meeting"])

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["edition"] = self.request.edition
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        return {"slot": self.meeting.slot_id, "table": self.meeting.table_id}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["meeting"] = self.meeting
        context["swap_form"] = kwargs.get("swap_form") or SwapForm(meeting=self.meeting)
        return context

    def form_valid(self, form: MoveForm) -> HttpResponse:
        try:
            services.move_meeting(
                self.meeting,
                by=self.request.user,
                slot=form.cleaned_data["slot"],
                table=form.cleaned_data["table"],
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Meeting moved."))
        return HttpResponseRedirect(_grid_url(self.request, self.meeting))


class MeetingSwapView(SchedulingMixin, View):
    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        meeting = meeting_for(request, kwargs["meeting"])
        form = SwapForm(request.POST, meeting=meeting)
        if not form.is_valid():
            messages.error(request, _("Choose a placed meeting to swap with."))
            return HttpResponseRedirect(_place_url(request, meeting))
        try:
            services.swap_meetings(meeting, form.cleaned_data["other"], by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(_place_url(request, meeting))
        messages.success(request, _("Meetings swapped."))
        return HttpResponseRedirect(_grid_url(request, meeting))


class MeetingLockView(SchedulingMixin, View):
    """POST `locked=1` locks the meeting, anything else unlocks it."""

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        meeting = meeting_for(request, kwargs["meeting"])
        locked = request.POST.get("locked") == "1"
        try:
            services.set_meeting_lock(meeting, by=request.user, locked=locked)
        except DomainError as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(_place_url(request, meeting))
        messages.success(request, _("Meeting locked.") if locked else _("Meeting unlocked."))
        return HttpResponseRedirect(_place_url(request, meeting))


def _place_url(request: Any, meeting: Meeting) -> str:
    return reverse("scheduling:meeting-place", args=[request.edition.slug, meeting.pk])
