"""Organiser screens of the time grid: generate it, then adjust its slots."""

from typing import Any

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView

from paddock.core.views import EditionPermissionMixin
from paddock.events import rules, services
from paddock.events.forms import GridForm, SlotForm, SlotUpdateForm
from paddock.events.models import Session, TimeSlot
from paddock.events.queries import next_slot_times, sessions_with_slots
from paddock.events.views.common import (
    OrganiserDeleteView,
    OrganiserFormView,
    session_for,
    slot_for,
)


def _grid_url(edition: Any) -> str:
    return reverse("events:grid", args=[edition.slug])


def _local_time(value: Any, edition: Any) -> Any:
    return value.astimezone(edition.tzinfo).time()


class GridFormMixin:
    """Both grid pages carry the generator form, which needs the edition and its slot count."""

    @cached_property
    def existing_slots(self) -> int:
        return self.request.edition.slots.count()  # type: ignore[attr-defined,no-any-return]

    def get_grid_form(self, data: Any = None) -> GridForm:
        return GridForm(
            data,
            edition=self.request.edition,
            existing_slots=self.existing_slots,  # type: ignore[attr-defined]
        )


class GridView(GridFormMixin, EditionPermissionMixin, TemplateView):
    """The sessions and their slots, in local time, and the generator form."""

    permission = rules.can_manage_edition
    template_name = "events/orga/grid.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["sessions"] = sessions_with_slots(self.request.edition)
        context["slot_count"] = self.existing_slots
        context["form"] = self.get_grid_form()
        return context


class GridGenerateView(GridFormMixin, OrganiserFormView):
    template_name = "events/orga/grid_generate.html"

    def get_form(self, form_class: Any = None) -> GridForm:
        return self.get_grid_form(self.request.POST if self.request.method == "POST" else None)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["slot_count"] = self.existing_slots
        return context

    def perform(self, form: GridForm) -> str:
        settings = {name: value for name, value in form.cleaned_data.items() if name != "replace"}
        slots = services.generate_time_grid(self.request.edition, by=self.request.user, **settings)
        self.success_message = ngettext(
            "Time grid generated: %(count)s slot created.",
            "Time grid generated: %(count)s slots created.",
            len(slots),
        ) % {"count": len(slots)}
        return _grid_url(self.request.edition)


class SlotCreateView(OrganiserFormView):
    """Add a slot to a session; suggests the time right after its last slot."""

    template_name = "events/orga/slot_form.html"
    form_class = SlotForm
    success_message = gettext_lazy("Slot added.")

    @cached_property
    def session(self) -> Session:
        return session_for(self.request, self.kwargs["session"])

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "edition": self.request.edition}

    def get_initial(self) -> dict[str, Any]:
        initial: dict[str, Any] = {"session": self.session.pk}
        suggestion = next_slot_times(self.session)
        if suggestion is not None:
            initial["start"], initial["end"] = (
                _local_time(value, self.request.edition) for value in suggestion
            )
        return initial

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Add a slot to %(session)s") % {"session": self.session}
        context["cancel_url"] = _grid_url(self.request.edition)
        return context

    def perform(self, form: SlotForm) -> str:
        data = form.cleaned_data
        services.add_slot(
            data["session"], by=self.request.user, start=data["start_at"], end=data["end_at"]
        )
        return _grid_url(self.request.edition)


class SlotMixin:
    @cached_property
    def slot(self) -> TimeSlot:
        return slot_for(self.request, self.kwargs["slot"])  # type: ignore[attr-defined]


class SlotUpdateView(SlotMixin, OrganiserFormView):
    template_name = "events/orga/slot_form.html"
    form_class = SlotUpdateForm
    success_message = gettext_lazy("Slot saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "edition": self.request.edition, "slot": self.slot}

    def get_initial(self) -> dict[str, Any]:
        edition = self.request.edition
        return {
            "session": self.slot.session_id,
            "start": _local_time(self.slot.start, edition),
            "end": _local_time(self.slot.end, edition),
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Edit the slot %(slot)s") % {
            "slot": services.describe_slot(self.slot, self.request.edition.tzinfo)
        }
        context["cancel_url"] = _grid_url(self.request.edition)
        return context

    def perform(self, form: SlotForm) -> str:
        data = form.cleaned_data
        services.update_slot(
            self.slot,
            by=self.request.user,
            start=data["start_at"],
            end=data["end_at"],
            session=data["session"],
        )
        return _grid_url(self.request.edition)


class SlotDeleteView(SlotMixin, OrganiserDeleteView):
    success_message = gettext_lazy("Slot deleted.")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["question"] = _("Delete the slot %(slot)s?") % {
            "slot": services.describe_slot(self.slot, self.request.edition.tzinfo)
        }
        context["cancel_url"] = _grid_url(self.request.edition)
        return context

    def perform(self) -> str:
        services.delete_slot(self.slot, by=self.request.user)
        return _grid_url(self.request.edition)

    def counts_fragment(self) -> str:
        edition = self.request.edition
        context = {"edition": edition, "slot_count": edition.slots.count(), "oob": True}
        return render_to_string("events/orga/_slot_count.html", context, self.request)
