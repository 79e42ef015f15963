"""Organiser page of outcomes: both sides of every rated meeting, disagreements highlighted."""

from typing import Any

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from paddock.core.views import EditionPermissionMixin
from paddock.events import rules
from paddock.matchmaking.queries import repeat_pairs_of
from paddock.matchmaking.services import set_repeat_pairs
from paddock.outcomes.forms import OutcomeFilterForm, RepeatPairsForm
from paddock.outcomes.queries import outcome_pairs


class OutcomeListView(EditionPermissionMixin, TemplateView):
    permission = rules.can_manage_participants
    template_name = "outcomes/orga/outcome_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        filter_form = OutcomeFilterForm(self.request.GET)
        disagreeing = filter_form.is_valid() and filter_form.cleaned_data["disagreeing"]
        context.update(
            filter_form=filter_form,
            pairs=outcome_pairs(self.request.edition, disagreeing=disagreeing),  # type: ignore[attr-defined]
        )
        return context


class RepeatPairsView(EditionPermissionMixin, FormView):
    """The organiser's choice: avoid, favour or ignore pairs who met in an earlier edition."""

    permission = rules.can_manage_edition
    template_name = "outcomes/orga/repeat_pairs.html"
    form_class = RepeatPairsForm

    def get_initial(self) -> dict[str, Any]:
        return {"repeat_pairs": repeat_pairs_of(self.request.edition)}  # type: ignore[attr-defined]

    def form_valid(self, form: RepeatPairsForm) -> HttpResponse:
        set_repeat_pairs(
            self.request.edition,  # type: ignore[attr-defined]
            repeat_pairs=form.cleaned_data["repeat_pairs"],
            by=self.request.user,
        )
        messages.success(
            self.request, _("Saved: recommendations follow it when they are next computed.")
        )
        return HttpResponseRedirect(self.request.path)
