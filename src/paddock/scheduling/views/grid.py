"""The schedule grid (tables by slots, per room) and the hand changes made from it."""

import datetime as dt
import itertools
import zoneinfo
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.formats import localize
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from paddock.core.exceptions import DomainError
from paddock.core.markup import escape
from paddock.meetings.enums import MeetingStatus
from paddock.meetings.models import Meeting
from paddock.scheduling import queries, services
from paddock.scheduling.forms import MATCHES_SHOWN, GridChoiceForm, MoveForm, SwapForm
from paddock.scheduling.views.common import SchedulingMixin, meeting_for


def _grid_url(request: Any, meeting: Meeting | None = None) -> str:
    """The grid; for a meeting, the grid of its day and room, scrolled to it."""
    url = reverse("scheduling:grid", args=[request.edition.slug])
    if meeting is None:
        return url
    meeting = Meeting.objects.select_related("slot", "table").get(pk=meeting.pk)
    return f"{url}{_place_query(meeting, request.edition.timezone)}#meeting-{meeting.pk}"


def _place_query(meeting: Meeting, zone: str) -> str:
    """`?day=…&room=…` of a placed meeting's grid page; empty for a meeting not placed."""
    if meeting.slot is None or meeting.table is None:
        return ""
    day = timezone.localtime(meeting.slot.start, zoneinfo.ZoneInfo(str(zone))).date()
    return "?" + urlencode({"day": day.isoformat(), "room": meeting.table.room_id})


class GridView(SchedulingMixin, TemplateView):
    """One day and one room at a time (the first of each by default), so that the page stays
    small whatever the size of the venue; a chosen participant's meetings are listed with a
    link to each one's day and room."""

    template_name = "scheduling/orga/grid.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        edition = self.request.edition
        zone = zoneinfo.ZoneInfo(str(edition.timezone))
        places, rooms = queries.grid_places(edition)
        # Each slot as (pk, start in the edition's zone, that start's day).
        slots = [
            (pk, local, local.date()) for pk, start in places for local in [start.astimezone(zone)]
        ]
        days = _spans([day for _pk, _start, day in slots])
        form = _choice_form(self.request.GET, [day for day, _count in days], rooms, edition)
        day = form.chosen_day() or (days[0][0] if days else None)
        room = form.chosen_room() or (rooms[0] if rooms else None)
        shown = [(pk, start, on) for pk, start, on in slots if on == day]
        place = {"day": day.isoformat() if day else "", "room": room.pk if room else ""}
        chosen, matches = _searched(form, self.request.GET.get("participant", ""), place)
        focus, focus_meetings = queries.grid_focus(edition, chosen)
        block = queries.grid_of(edition, room, [pk for pk, _start, _day in shown])
        unplaced, unplaced_count = queries.unplaced_meetings(edition)
        context.update(
            choice_form=form,
            room_section=_room_section(block, shown, edition, focus.pk if focus else None),
            unplaced=unplaced,
            unplaced_count=unplaced_count,
            matches=matches[:MATCHES_SHOWN],
            more_matches=len(matches) > MATCHES_SHOWN,
            everyone_url=f"?{urlencode(place)}",
            focus=focus,
            focus_meetings=[(m, _place_query(m, edition.timezone)) for m in focus_meetings],
            picture=queries.grid_picture(shown, block, focus.pk if focus else None),
        )
        return context


def _choice_form(query: Any, days: list[dt.date], rooms: list[Any], edition: Any) -> GridChoiceForm:
    """The day and room selectors, bound to the request's choice or to the first of each, and
    the search for a participant."""
    data = {
        "day": query.get("day") or (days[0].isoformat() if days else ""),
        "room": query.get("room") or (str(rooms[0].pk) if rooms else ""),
        "who": query.get("who", ""),
    }
    form = GridChoiceForm(data, days=days, rooms=rooms, edition=edition)
    form.is_valid()
    return form


def _searched(
    form: GridChoiceForm, participant: str, place: dict[str, Any]
) -> tuple[str, list[tuple[str, str]]]:
    """The participant to show (a pk as text) and the people to choose from, as (label, link
    to this day and room with them): the one match of a search, or the `participant` of the
    query (a link or the form's hidden field) when nothing is searched."""
    found = form.cleaned_data.get("who") or []
    if len(found) == 1:
        return str(found[0][0]), []
    searched = bool(form.data.get("who", "").strip())
    links = [(label, f"?{urlencode({**place, 'participant': pk})}") for pk, label in found]
    return ("" if searched else participant), links


@lru_cache(maxsize=16)
def _words(language: str | None) -> dict[str, str]:
    """The grid's fixed words in `language` (the active one), escaped as the template tags
    left them: `{% translate %}` escapes, `{% blocktranslate %}` keeps the text as it is."""
    return {
        "no_show": escape(_("no-show")),
        "locked": escape(_("locked")),
        "interpreter": _("Interpreter: %(name)s"),
        "table": escape(_("Table")),
        "home": escape(_("Home table")),
        "cap": _("at most %(cap)s meetings at once"),
    }


def _room_section(
    block: queries.GridRoom | None,
    slots: list[tuple[int, dt.datetime, dt.date]],
    edition: Any,
    focus: int | None,
) -> str:
    """The room's section: its heading, the day and time columns and a row of cells a table,
    as the template wrote it. Written here rather than in the template: a day of a big room
    has a thousand cells, and the template cost some 350 calls per cell (about 1 s for the
    page), then 15,000 calls a page for its rows and headings once the cells were written
    here."""
    if block is None:
        return ""
    words = _words(get_language())
    room = block.room
    pk, name = room.pk, escape(room.name)
    cap = words["cap"] % {"cap": escape(localize(block.cap))}
    home = f' <span class="muted" title="{words["home"]}">⌂</span>'
    day_names = {day: escape(formats.date_format(day, "l j F")) for day in {d for *_, d in slots}}
    days = "".join(
        [
            f'<th scope="colgroup" colspan="{span}" class="day">{day_names[day]}</th>'
            for day, span in _spans([day for _pk, _start, day in slots])
        ]
    )
    times = "".join(
        [
            f'<th scope="col" title="{day_names[day]}">{start:%H:%M}</th>'
            for _pk, start, day in slots
        ]
    )
    cells = _cells(block, words, edition, focus)
    rows = "".join(
        [
            f'\n      <tr><th scope="row">{escape(label)}'
            f"{home if home_participant else ''}</th>\n      "
            f"{''.join(cells[table])}\n      </tr>\n    "
            for table, label, home_participant in block.tables
        ]
    )
    return mark_safe(  # noqa: S308 - every value escaped above
        f'<section aria-labelledby="room-{pk}">\n'
        f'  <h2 id="room-{pk}">{name} <span class="muted">{cap}</span></h2>\n'
        f'  <div class="table-scroll" tabindex="0" role="region" aria-labelledby="room-{pk}">\n'
        f'  <table class="data schedule-grid{" focused" * (focus is not None)}">\n'
        "    <thead>\n"
        f"    <tr><td></td>{days}</tr>\n"
        f'    <tr><th scope="col">{words["table"]}</th>{times}</tr></thead>\n'
        f"    <tbody>\n    {rows}\n    </tbody>\n"
        "  </table>\n"
        "  </div>\n"
        "</section>"
    )


def _cells(
    block: queries.GridRoom, words: dict[str, str], edition: Any, focus: int | None
) -> dict[int, list[str]]:
    """Each table's cells (pk → the cells' markup in slot order), each meeting's written in
    one loop without a call: a day of a big room has a thousand."""
    # Each cell links to its meeting: one reverse() for the page, not one per cell.
    url = reverse("scheduling:meeting-place", args=[edition.slug, 0])[:-2]
    column = {pk: n for n, pk in enumerate(block.slots)}
    cells = {table: ['<td class="free"></td>'] * len(column) for table, *_ in block.tables}
    no_show, locked_word, interpreted = words["no_show"], words["locked"], words["interpreter"]
    for (table, slot), meeting in block.meetings.items():
        pk, status, first, second, first_company, second_company, interpreter, locked = meeting
        one, other = escape(first_company), escape(second_company)
        if status == MeetingStatus.NO_SHOW:
            cells[table][column[slot]] = (
                f'<td id="meeting-{pk}" class="free freed"><a href="{url}{pk}/" '
                f'title="{one} – {other}">{no_show}</a></td>'
            )
            continue
        mine = " mine" if focus in (first, second) else ""
        lock = " locked" if locked else ""
        who = (
            f'<span class="interpreter">{escape(interpreted % {"name": interpreter})}</span>'
            if interpreter
            else ""
        )
        badge = f' <span class="badge">{locked_word}</span>' if locked else ""
        cells[table][column[slot]] = (
            f'<td id="meeting-{pk}" class="taken{mine}{lock}"><a href="{url}{pk}/">'
            f'<span class="company" title="{one}">{one}</span>'
            f'<span class="company" title="{other}">{other}</span>{who}</a>{badge}</td>'
        )
    return cells


def _spans(dates: list[dt.date]) -> list[tuple[dt.date, int]]:
    """Each day of these dates in their order, with how many of them in a row it has."""
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
