"""Organiser page of outcomes: both sides of every rated meeting, disagreements highlighted."""

from typing import Any

from django.views.generic import TemplateView

from paddock.core.views import EditionPermissionMixin
from paddock.events import rules
from paddock.outcomes.forms import OutcomeFilterForm
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
