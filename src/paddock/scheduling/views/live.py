"""The live page of the day: meetings in progress and next with their participants' check-in,
no-shows (marked when the page loads, or by hand), and free places booked in one click."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView, View

from paddock.core.exceptions import DomainError
from paddock.core.views import EditionPermissionMixin
from paddock.events import rules
from paddock.scheduling import live
from paddock.scheduling.forms import BookForm, NoShowForm, WalkInForm
from paddock.scheduling.services import live as services
from paddock.scheduling.views.common import meeting_for


class LiveMixin(EditionPermissionMixin):
    """Running the day: organisers and their staff, as for the venue documents."""

    permission = rules.can_manage_participants


def _live_url(request: HttpRequest) -> str:
    return reverse("scheduling:live", args=[request.edition.slug])  # type: ignore[attr-defined]


class LiveView(LiveMixin, TemplateView):
    template_name = "scheduling/orga/live.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # The page runs the no-show rule itself, so it works without a background worker.
        marked = services.mark_no_shows(request.edition, now=timezone.now())  # type: ignore[attr-defined]
        if marked:
            messages.info(
                request,
                ngettext(
                    "%(count)d meeting was marked as a no-show.",
                    "%(count)d meetings were marked as no-shows.",
                    len(marked),
                )
                % {"count": len(marked)},
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        edition = self.request.edition  # type: ignore[attr-defined]
        day = live.live_day(edition, now=timezone.now())
        search = self.request.GET.get("q", "").strip()
        came = services.arrivals(edition, now=day.now)
        walk_in = kwargs.get("walk_in_form") or WalkInForm(
            edition=edition,
            people=live.present_people(edition, came, search),
            slots=[row.slot for row in day.open_slots],
        )
        context.update(day=day, walk_in_form=walk_in, search=search)
        if "refusal" in kwargs:
            context["refusal"] = _placed_refusal(kwargs["refusal"], day)
        return context


class LiveBookView(LiveView):
    """POST an offer (meeting, slot, table): booked, or the page again with the reason next to
    the offer."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = BookForm(request.POST, edition=request.edition)  # type: ignore[attr-defined]
        if not form.is_valid():
            messages.error(request, _("Choose a meeting and a slot to book."))
            return HttpResponseRedirect(_live_url(request))
        data = form.cleaned_data
        try:
            meeting = services.book_meeting(
                data["meeting"], by=request.user, slot=data["slot"], table=data["table"]
            )
        except DomainError as error:
            refusal = {
                "meeting": data["meeting"].pk,
                "slot": data["slot"].pk,
                "message": error.message,
            }
            return self.render_to_response(self.get_context_data(refusal=refusal))
        messages.success(request, _booked_words(meeting))
        return HttpResponseRedirect(_live_url(request))


class LiveWalkInView(LiveView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        edition = request.edition  # type: ignore[attr-defined]
        now = timezone.now()
        form = WalkInForm(
            request.POST,
            edition=edition,
            people=live.present_people(edition, services.arrivals(edition, now=now)),
            slots=[slot for slot in live.slots_of_day(edition, now) if slot.end > now],
        )
        if form.is_valid():
            data = form.cleaned_data
            try:
                meeting = services.book_walk_in(
                    edition,
                    by=request.user,
                    first=data["first"],
                    second=data["second"],
                    slot=data["slot"],
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _booked_words(meeting))
                return HttpResponseRedirect(_live_url(request))
        return self.render_to_response(self.get_context_data(walk_in_form=form))


def _placed_refusal(refusal: dict[str, Any], day: live.LiveDay) -> dict[str, Any]:
    """Where the page shows a refused booking: by its offer, else on its slot, else on top."""
    row = next((row for row in day.open_slots if row.slot.pk == refusal["slot"]), None)
    if row is None:
        return refusal | {"place": "top"}
    offered = any(offer.meeting.pk == refusal["meeting"] for offer in row.offers)
    return refusal | {"place": "offer" if offered else "slot"}


def _booked_words(meeting: Any) -> str:
    local = meeting.slot.start.astimezone(meeting.edition.tzinfo)
    return _("Booked: %(pair)s at %(time)s, %(room)s, table %(table)s; both were told.") % {
        "pair": f"{meeting.first.user} – {meeting.second.user}",
        "time": f"{local:%H:%M}",
        "room": meeting.table.room.name,
        "table": meeting.table.label,
    }


def _back(request: HttpRequest) -> HttpResponseRedirect:
    """Back where the action came from (the live page or the grid), else the live page."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = _live_url(request)
    return HttpResponseRedirect(target)


class NoShowView(LiveMixin, View):
    """POST marks the meeting as a no-show (`absent`: who did not come; default: who has not
    checked in)."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        meeting = meeting_for(request, kwargs["meeting"])
        form = NoShowForm(request.POST)
        absent = form.cleaned_data["absent"] if form.is_valid() else ""
        try:
            services.mark_no_show(meeting, by=request.user, absent=absent)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Marked as a no-show: %(pair)s.") % {"pair": meeting})
        return _back(request)


class NoShowUndoView(LiveMixin, View):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        meeting = meeting_for(request, kwargs["meeting"])
        try:
            services.undo_no_show(meeting, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The meeting is on again: %(pair)s.") % {"pair": meeting})
        return _back(request)
