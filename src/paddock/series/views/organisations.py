"""The organiser's directory of organisations: list and search, one organisation's editions and
people, edit, merge two duplicates after a preview."""

from typing import Any

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from paddock.core.exceptions import DomainError
from paddock.core.views import ServiceFormView
from paddock.events.models import Organiser
from paddock.participants import organisations as services
from paddock.participants.models import Company, Organisation, Participant
from paddock.participants.queries import name_for_organisers_sql
from paddock.series.forms import MergeForm, OrganisationForm, OrganisationSearchForm
from paddock.series.views.common import OrganiserPermissionMixin


class DirectoryMixin(OrganiserPermissionMixin):
    def get_organiser(self) -> Organiser:
        return get_object_or_404(Organiser, pk=self.kwargs["organiser"])  # type: ignore[attr-defined]


class OrganisationMixin(OrganiserPermissionMixin):
    organisation: Organisation

    def get_organiser(self) -> Organiser:
        self.organisation = get_object_or_404(
            Organisation.objects.select_related("organiser"),
            pk=self.kwargs["organisation"],  # type: ignore[attr-defined]
        )
        return self.organisation.organiser

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs["organisation"] = self.organisation  # the URL's pk, replaced by the object
        return super().get_context_data(**kwargs)


class OrganisationListView(DirectoryMixin, TemplateView):
    template_name = "series/orga/organisation_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        form = OrganisationSearchForm(self.request.GET)
        query = form.cleaned_data["q"] if form.is_valid() else ""
        found = {o.pk for o in services.search_organisations(self.organiser, query)}
        counted = self.organiser.organisations.annotate(editions=Count("companies"))
        return super().get_context_data(
            form=form,
            query=query,
            organisations=[o for o in counted if o.pk in found],
            **kwargs,
        )


class OrganisationDetailView(OrganisationMixin, TemplateView):
    template_name = "series/orga/organisation_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        # The names organisers may see: those they gave until the person accepts.
        people = Participant.objects.select_related("user").order_by(
            name_for_organisers_sql("last_name"), "pk"
        )
        companies = (
            Company.objects.filter(organisation=self.organisation)
            .select_related("edition")
            .prefetch_related(Prefetch("participants", queryset=people))
            .order_by("-edition__start_date")
        )
        return super().get_context_data(companies=companies, **kwargs)


class OrganisationUpdateView(OrganisationMixin, ServiceFormView):
    template_name = "series/orga/organisation_form.html"
    form_class = OrganisationForm
    success_message = gettext_lazy("The organisation was saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        fresh = Organisation.objects.get(pk=self.organisation.pk)
        return super().get_form_kwargs() | {"instance": fresh}

    def perform(self, form: OrganisationForm) -> str:
        services.update_organisation(
            self.organisation,
            by=self.request.user,
            **{name: form.cleaned_data[name] for name in form.Meta.fields},
        )
        return reverse("series:organisation-detail", args=[self.organisation.pk])


class OrganisationMergeView(DirectoryMixin, TemplateView):
    """GET with two organisations shows what would move; POST of the same two merges them."""

    template_name = "series/orga/organisation_merge.html"

    def form(self, data: Any) -> MergeForm:
        return MergeForm(data if "kept" in data else None, organiser=self.organiser)

    def preview(self, form: MergeForm) -> services.MergePreview | None:
        if not form.is_valid():
            return None
        try:
            return services.merge_preview(form.cleaned_data["kept"], form.cleaned_data["merged"])
        except DomainError as error:
            form.add_error(error.field, error.message)
            return None

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.form(request.GET)
        return self.render_to_response(self.get_context_data(form=form, preview=self.preview(form)))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.form(request.POST)
        if self.preview(form) is None:
            return self.render_to_response(self.get_context_data(form=form, preview=None))
        kept = services.merge_organisations(
            form.cleaned_data["kept"], by=request.user, merged=form.cleaned_data["merged"]
        )
        messages.success(request, _("The organisations were merged."))
        return HttpResponseRedirect(reverse("series:organisation-detail", args=[kept.pk]))
