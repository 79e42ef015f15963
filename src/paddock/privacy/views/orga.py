"""Organiser pages: the pending erasure requests of the edition's people, confirming or
declining one."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from paddock.core.exceptions import DomainError
from paddock.core.views import EditionPermissionMixin, ServiceFormView
from paddock.events import rules
from paddock.privacy import services
from paddock.privacy.access import organising_alone
from paddock.privacy.forms import ErasureDeclineForm
from paddock.privacy.queries import erasure_for, pending_erasures_for


class ErasureListView(EditionPermissionMixin, TemplateView):
    permission = rules.can_manage_edition
    template_name = "privacy/orga/erasure_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["erasures"] = list(pending_erasures_for(self.request.edition))  # type: ignore[attr-defined]
        return context


class ErasureConfirmView(EditionPermissionMixin, TemplateView):
    """GET asks whom to erase, since it cannot be undone; POST erases."""

    permission = rules.can_manage_edition
    template_name = "privacy/orga/erasure_confirm.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        edition = self.request.edition  # type: ignore[attr-defined]
        context["erasure"] = erasure = erasure_for(edition, kwargs["erasure"])
        context["must_wait"] = organising_alone(erasure.user)
        return context

    def post(self, request: HttpRequest, *args: Any, erasure: int, **kwargs: Any) -> HttpResponse:
        edition = request.edition  # type: ignore[attr-defined]
        try:
            services.confirm_erasure(
                erasure_for(edition, erasure), by=request.user, edition=edition
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The person’s data was erased."))
        return HttpResponseRedirect(reverse("privacy:erasure-list", args=[edition.slug]))


class ErasureDeclineView(EditionPermissionMixin, ServiceFormView):
    """The reason, which the person is emailed; POST declines."""

    permission = rules.can_manage_edition
    template_name = "privacy/orga/erasure_decline.html"
    form_class = ErasureDeclineForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        edition = self.request.edition  # type: ignore[attr-defined]
        context["erasure"] = erasure_for(edition, self.kwargs["erasure"])
        return context

    def perform(self, form: ErasureDeclineForm) -> str:
        edition = self.request.edition  # type: ignore[attr-defined]
        erasure = erasure_for(edition, self.kwargs["erasure"])
        services.decline_erasure(
            erasure, by=self.request.user, reason=form.cleaned_data["reason"], edition=edition
        )
        self.success_message = _("The request is declined; the person is emailed your reason.")
        return reverse("privacy:erasure-list", args=[edition.slug])
