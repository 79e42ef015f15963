"""The series' history and its editions before Paddock: entered by hand or imported."""

import copy
from typing import Any

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView, TemplateView

from paddock.core.views import ServiceFormView
from paddock.events.models import EventSeries, Organiser
from paddock.series import services
from paddock.series.forms import PastEditionForm, PastEditionImportForm, PastEditionUpdateForm
from paddock.series.history import series_history
from paddock.series.models import PastEdition
from paddock.series.views.common import OrganiserPermissionMixin


class SeriesMixin(OrganiserPermissionMixin):
    series: EventSeries

    def get_organiser(self) -> Organiser:
        self.series = get_object_or_404(
            EventSeries.objects.select_related("organiser"),
            pk=self.kwargs["series"],  # type: ignore[attr-defined]
        )
        return self.series.organiser

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs["series"] = self.series  # the URL's pk, replaced by the object
        return super().get_context_data(**kwargs)

    def history_url(self) -> str:
        return reverse("series:history", args=[self.series.pk])


class HistoryView(SeriesMixin, TemplateView):
    template_name = "series/orga/history.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        rows = series_history(self.series)
        has_outcomes = any(row.outcomes is not None for row in rows)
        return super().get_context_data(rows=rows, has_outcomes=has_outcomes, **kwargs)


class PastEditionFormView(SeriesMixin, ServiceFormView):
    template_name = "series/orga/past_form.html"
    form_class = PastEditionForm
    success_message = gettext_lazy("The edition was saved.")
    past: PastEdition | None = None

    def get_form_kwargs(self) -> dict[str, Any]:
        # A copy: validation writes the posted values on the form's instance, and the service
        # writes the values that differ from the edition as read.
        return super().get_form_kwargs() | {"instance": copy.copy(self.past)}

    def perform(self, form: PastEditionForm) -> str:
        services.save_past_edition(
            self.series, by=self.request.user, past=self.past, **form.cleaned_data
        )
        return self.history_url()


class PastEditionCreateView(PastEditionFormView):
    pass


class PastEditionUpdateView(PastEditionFormView):
    form_class = PastEditionUpdateForm

    def get_organiser(self) -> Organiser:
        organiser = super().get_organiser()
        self.past = get_object_or_404(PastEdition, series=self.series, pk=self.kwargs["past"])
        return organiser

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs["past"] = self.past
        return super().get_context_data(**kwargs)


class PastEditionImportView(SeriesMixin, FormView):
    template_name = "series/orga/past_import.html"
    form_class = PastEditionImportForm

    def form_valid(self, form: PastEditionImportForm) -> HttpResponse:
        saved = services.import_past_editions(
            self.series, by=self.request.user, rows=form.cleaned_data["file"]
        )
        messages.success(
            self.request,
            ngettext("%(count)s edition imported.", "%(count)s editions imported.", len(saved))
            % {"count": len(saved)},
        )
        return HttpResponseRedirect(self.history_url())
