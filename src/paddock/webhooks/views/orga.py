"""Organiser pages of webhooks: endpoints, their deliveries and attempts."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from paddock.core.views import EditionPermissionMixin
from paddock.webhooks import queries, rules, services
from paddock.webhooks.enums import WebhookEvent
from paddock.webhooks.forms import EndpointForm, EndpointUpdateForm
from paddock.webhooks.models import Endpoint
from paddock.webhooks.services import WebhookError

_SHOWN_ONCE = "webhook-shown-once-{pk}"


def _endpoint_url(endpoint: Endpoint) -> str:
    return reverse("webhooks:endpoint-detail", args=[endpoint.edition.slug, endpoint.pk])


def _show_secret_once(request: HttpRequest, endpoint: Endpoint) -> HttpResponse:
    """The next view of the endpoint's page shows the secret, that one time only."""
    request.session[_SHOWN_ONCE.format(pk=endpoint.pk)] = endpoint.secret
    return HttpResponseRedirect(_endpoint_url(endpoint))


def event_labels(events: list[str]) -> str:
    labels = dict(WebhookEvent.choices)
    return ", ".join(str(labels.get(event, event)) for event in events)


class WebhookMixin(EditionPermissionMixin):
    permission = rules.can_manage_webhooks


class EndpointFormMixin:
    form_class = EndpointForm

    def form_valid(self, form: EndpointForm) -> HttpResponse:
        try:
            return self.perform(form)
        except WebhookError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self.form_invalid(form)  # type: ignore[attr-defined,no-any-return]

    def perform(self, form: EndpointForm) -> HttpResponse:
        raise NotImplementedError


class EndpointListView(WebhookMixin, EndpointFormMixin, FormView):
    """The edition's endpoints, and the form to add one (POST)."""

    template_name = "webhooks/orga/endpoint_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        endpoints = self.request.edition.webhook_endpoints.all()  # type: ignore[attr-defined]
        context["endpoints"] = [(row, event_labels(row.events)) for row in endpoints]
        return context

    def perform(self, form: EndpointForm) -> HttpResponse:
        endpoint = services.create_endpoint(
            self.request.edition,  # type: ignore[attr-defined]
            by=self.request.user,
            **form.cleaned_data,
        )
        messages.success(self.request, _("Endpoint added."))
        return _show_secret_once(self.request, endpoint)


class EndpointMixin(WebhookMixin):
    @cached_property
    def endpoint(self) -> Endpoint:
        return queries.endpoint_for(self.request.edition, self.kwargs["endpoint"])  # type: ignore[attr-defined]


class EndpointDetailView(EndpointMixin, EndpointFormMixin, FormView):
    """The endpoint's settings (POST changes them), its secret once, its deliveries."""

    template_name = "webhooks/orga/endpoint_detail.html"
    form_class = EndpointUpdateForm

    def get_initial(self) -> dict[str, Any]:
        endpoint = self.endpoint
        return {"url": endpoint.url, "events": endpoint.events, "active": endpoint.active}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["endpoint"] = self.endpoint
        context["events"] = event_labels(self.endpoint.events)
        context["secret"] = self.request.session.pop(_SHOWN_ONCE.format(pk=self.endpoint.pk), None)
        context["deliveries"] = queries.recent_deliveries(self.endpoint)
        context["recent"] = queries.RECENT_DELIVERIES
        return context

    def perform(self, form: EndpointForm) -> HttpResponse:
        services.update_endpoint(self.endpoint, by=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("Endpoint saved."))
        return HttpResponseRedirect(_endpoint_url(self.endpoint))


class EndpointRotateView(EndpointMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        endpoint = services.rotate_secret(self.endpoint, by=request.user)
        messages.success(request, _("New secret made: the old one no longer signs anything."))
        return _show_secret_once(request, endpoint)


class EndpointDeleteView(EndpointMixin, TemplateView):
    template_name = "webhooks/orga/endpoint_delete.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["endpoint"] = self.endpoint
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        edition = self.endpoint.edition
        services.delete_endpoint(self.endpoint, by=request.user)
        messages.success(request, _("Endpoint deleted."))
        return HttpResponseRedirect(reverse("webhooks:endpoint-list", args=[edition.slug]))


class DeliverySendAgainView(WebhookMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        delivery = queries.delivery_for(request.edition, kwargs["delivery"])  # type: ignore[attr-defined]
        try:
            services.send_again(delivery, by=request.user)
        except WebhookError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Delivery sent again: see its latest attempt below."))
        return HttpResponseRedirect(_endpoint_url(delivery.endpoint))
