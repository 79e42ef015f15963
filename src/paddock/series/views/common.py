"""The permission check of organiser-level pages (no edition in the URL)."""

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from paddock.events.models import Organiser
from paddock.series import rules


class OrganiserPermissionMixin(LoginRequiredMixin):
    """Requires login, finds the page's organiser (`get_organiser()`, 404 when missing), then
    answers 403 unless the user may manage its directory and series."""

    organiser: Organiser

    def get_organiser(self) -> Organiser:
        raise NotImplementedError

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.organiser = self.get_organiser()
        if not rules.can_manage_directory(request.user, self.organiser):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["organiser"] = self.organiser
        return context
