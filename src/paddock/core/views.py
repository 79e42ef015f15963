from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.views.generic import FormView

from paddock.core.exceptions import DomainError


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


def add_domain_error(form: Any, error: DomainError) -> None:
    """Show a service's error next to the field it names, else above the form."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


class ServiceFormView(FormView):  # type: ignore[type-arg]
    """A form that calls one service; its DomainError is shown next to the field it names.

    Subclasses implement `perform(form)`, which calls the service and returns the URL to go to,
    and put a permission mixin (EditionPermissionMixin with its `permission`) before this class.
    """

    success_message: Any = ""

    def perform(self, form: Any) -> str:
        raise NotImplementedError

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            url = self.perform(form)
        except DomainError as error:
            add_domain_error(form, error)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return HttpResponseRedirect(url)


def bare(request: HttpRequest) -> HttpResponse:
    """A page that reads nothing, against which bench/web.py measures the others (#16); a 404
    unless PADDOCK_BENCH_BARE_VIEW is on."""
    if not settings.PADDOCK_BENCH_BARE_VIEW:
        raise Http404
    return HttpResponse("ok", content_type="text/plain")
