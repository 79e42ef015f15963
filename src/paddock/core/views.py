from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse


class EditionPermissionMixin(LoginRequiredMixin):
    """Requires login, then `permission(user, request.edition)`; refuses with 403 otherwise."""

    permission: Callable[[Any, Any], bool]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not type(self).permission(request.user, request.edition):  # type: ignore[attr-defined]
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["edition"] = self.request.edition  # type: ignore[attr-defined]
        return context


def bare(request: HttpRequest) -> HttpResponse:
    """A page that reads nothing, against which bench/web.py measures the others (#16); a 404
    unless PADDOCK_BENCH_BARE_VIEW is on."""
    if not settings.PADDOCK_BENCH_BARE_VIEW:
        raise Http404
    return HttpResponse("ok", content_type="text/plain")
