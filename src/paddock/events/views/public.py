"""The public home page: the current edition, if any."""

from typing import Any

from django.views.generic import TemplateView

from paddock.events.queries import current_edition


class HomeView(TemplateView):
    template_name = "core/public/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["current_edition"] = current_edition()
        return context
