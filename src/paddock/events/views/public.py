"""The public home page: the current edition, if any, linked to what the reader can open."""

from typing import Any

from django.views.generic import TemplateView

from paddock.events.landing import entry_url
from paddock.events.queries import current_edition
from paddock.participants.rules import participation_of


class HomeView(TemplateView):
    template_name = "core/public/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        edition = current_edition()
        context["current_edition"] = edition
        if edition is not None:
            user = self.request.user
            takes_part = participation_of(user, edition) is not None
            context["takes_part"] = takes_part
            context["entry_url"] = entry_url(user, edition, takes_part=takes_part)
        return context
