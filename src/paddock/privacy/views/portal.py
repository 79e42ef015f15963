"""The participant's "My data" page: download everything, ask for erasure or withdraw the
request."""

import io
from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from paddock.core.exceptions import DomainError
from paddock.participants.views.mixins import ParticipantMixin
from paddock.privacy import services
from paddock.privacy.export import personal_data_zip
from paddock.privacy.forms import ErasureRequestForm
from paddock.privacy.queries import declined_erasure_of, pending_erasure_of


class MyDataView(ParticipantMixin, FormView):
    """GET shows the page; POST asks for erasure."""

    template_name = "privacy/portal/my_data.html"
    form_class = ErasureRequestForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.pop("edition", None)  # the URL's slug; the context carries the Edition
        context = super().get_context_data(**kwargs)
        context["pending"] = pending = pending_erasure_of(self.request.user)
        context["declined"] = None if pending else declined_erasure_of(self.request.user)
        return context

    def form_valid(self, form: ErasureRequestForm) -> HttpResponse:
        try:
            services.request_erasure(
                self.request.user,  # type: ignore[arg-type]
                edition=self.request.edition,  # type: ignore[attr-defined]
                by=self.request.user,
            )
        except DomainError as error:
            form.add_error(error.field, error.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Your request is recorded: the organisers will confirm the erasure of your data."),
        )
        slug = self.request.edition.slug  # type: ignore[attr-defined]
        return HttpResponseRedirect(reverse("privacy-portal:my-data", args=[slug]))


class ExportView(ParticipantMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        content = personal_data_zip(request.user)  # type: ignore[arg-type]
        return FileResponse(
            io.BytesIO(content),
            as_attachment=True,
            filename="paddock-my-data.zip",
            content_type="application/zip",
        )


class WithdrawErasureView(ParticipantMixin, View):
    """POST withdraws the person's pending erasure request."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        pending = pending_erasure_of(request.user)
        if pending is None:
            messages.info(request, _("No erasure request of yours waits."))
        else:
            try:
                services.withdraw_erasure(pending, by=request.user)
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Your erasure request is withdrawn: your data stays."))
        slug = request.edition.slug  # type: ignore[attr-defined]
        return HttpResponseRedirect(reverse("privacy-portal:my-data", args=[slug]))
