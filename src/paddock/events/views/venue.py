"""Organiser screens of the venue: rooms and their tables."""

from typing import Any

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView

from paddock.core.views import EditionPermissionMixin
from paddock.events import rules, services
from paddock.events.forms import RoomForm, RoomUpdateForm, TableForm, TablesAddForm
from paddock.events.models import Room, Table
from paddock.events.queries import (
    participants_for_home_tables,
    protocol_of,
    rooms_with_meeting_caps,
    tables_of,
)
from paddock.events.views.common import (
    OrganiserDeleteView,
    OrganiserFormView,
    room_for,
    table_for,
)


def _rooms_url(edition: Any) -> str:
    return reverse("events:room-list", args=[edition.slug])


def _room_counts(room: Room, tables: list[Table]) -> dict[str, Any]:
    """What the room page counts: its tables and the meetings it holds at once."""
    return {
        "tables": tables,
        "meeting_cap": room.meeting_cap(len(tables), protocol_of(room.edition)),
    }


def _room_url(room: Room) -> str:
    return reverse("events:room-detail", args=[room.edition.slug, room.pk])


class RoomListView(EditionPermissionMixin, TemplateView):
    permission = rules.can_manage_edition
    template_name = "events/orga/room_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["rooms"] = rooms_with_meeting_caps(self.request.edition)
        context["form"] = RoomForm()
        return context


class RoomCreateView(OrganiserFormView):
    template_name = "events/orga/room_form.html"
    form_class = RoomForm
    success_message = gettext_lazy("Room created. Add its tables now.")

    def perform(self, form: RoomForm) -> str:
        room = services.create_room(self.request.edition, by=self.request.user, **form.cleaned_data)
        return _room_url(room)


class RoomMixin:
    """Views about one room of the edition, from the `room` URL keyword."""

    @cached_property
    def room(self) -> Room:
        return room_for(self.request, self.kwargs["room"])  # type: ignore[attr-defined]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["room"] = self.room
        return context


class RoomUpdateView(RoomMixin, OrganiserFormView):
    template_name = "events/orga/room_form.html"
    form_class = RoomUpdateForm
    success_message = gettext_lazy("Room saved.")

    def get_initial(self) -> dict[str, Any]:
        return {"name": self.room.name, "capacity": self.room.capacity}

    def perform(self, form: RoomForm) -> str:
        services.update_room(self.room, by=self.request.user, **form.cleaned_data)
        return _rooms_url(self.request.edition)


class RoomDeleteView(RoomMixin, OrganiserDeleteView):
    success_message = gettext_lazy("Room deleted.")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        count = self.room.tables.count()
        context["question"] = _("Delete the room %(room)s?") % {"room": self.room.name}
        context["consequence"] = ngettext(
            "Its %(count)s table will be deleted too.",
            "Its %(count)s tables will be deleted too.",
            count,
        ) % {"count": count}
        context["cancel_url"] = _rooms_url(self.request.edition)
        return context

    def perform(self) -> str:
        services.delete_room(self.room, by=self.request.user)
        return _rooms_url(self.request.edition)


class RoomDetailView(RoomMixin, OrganiserFormView):
    """The room's tables, and the form that adds tables in bulk."""

    template_name = "events/orga/room_detail.html"
    form_class = TablesAddForm

    @cached_property
    def tables(self) -> list[Table]:
        return list(tables_of(self.room))

    def get_initial(self) -> dict[str, Any]:
        # Numbering goes on after the room's tables: T13 when T1 to T12 exist.
        return {**super().get_initial(), "start": len(self.tables) + 1}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(_room_counts(self.room, self.tables))
        return context

    def perform(self, form: TablesAddForm) -> str:
        tables = services.add_tables(self.room, by=self.request.user, **form.cleaned_data)
        self.success_message = ngettext(
            "%(count)s table added: %(first)s to %(last)s.",
            "%(count)s tables added: %(first)s to %(last)s.",
            len(tables),
        ) % {"count": len(tables), "first": tables[0].label, "last": tables[-1].label}
        return _room_url(self.room)


class TableMixin:
    @cached_property
    def table(self) -> Table:
        return table_for(self.request, self.kwargs["table"])  # type: ignore[attr-defined]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["table"] = self.table
        context["room"] = self.table.room
        return context


class TableUpdateView(TableMixin, OrganiserFormView):
    template_name = "events/orga/table_form.html"
    form_class = TableForm
    success_message = gettext_lazy("Table saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["participants"] = participants_for_home_tables(self.request.edition)
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        return {"label": self.table.label, "home_participant": self.table.home_participant_id}

    def perform(self, form: TableForm) -> str:
        services.update_table(
            self.table, by=self.request.user, read=self.table, **form.cleaned_data
        )
        return _room_url(self.table.room)


class TableDeleteView(TableMixin, OrganiserDeleteView):
    success_message = gettext_lazy("Table deleted.")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["question"] = _("Delete the table %(table)s?") % {"table": self.table}
        context["cancel_url"] = _room_url(self.table.room)
        return context

    def perform(self) -> str:
        room = self.table.room
        services.delete_table(self.table, by=self.request.user)
        return _room_url(room)

    def counts_fragment(self) -> str:
        room = self.table.room
        context = {"edition": self.request.edition, "room": room, "oob": True}
        context.update(_room_counts(room, list(tables_of(room))))
        return render_to_string("events/orga/_room_counts.html", context, self.request)
