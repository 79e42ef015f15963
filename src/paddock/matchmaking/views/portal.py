"""The participant's recommendations, with their reasons in the reader's language."""

from typing import Any

from django.utils.translation import get_language
from django.views.generic import TemplateView

from paddock.matchmaking.queries import recommendations_for
from paddock.participants.views.mixins import ValidatedParticipantMixin


class RecommendationListView(ValidatedParticipantMixin, TemplateView):
    template_name = "matchmaking/portal/recommendations.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        language = "fr" if (get_language() or "en").startswith("fr") else "en"
        context["recommendations"] = recommendations_for(self.request.participant, language)
        return context
