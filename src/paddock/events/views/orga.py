"""Organiser screens of editions: dashboard, creation, settings."""

import copy
import zoneinfo
from functools import lru_cache
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from paddock.core.exceptions import DomainError
from paddock.core.views import EditionPermissionMixin, add_domain_error
from paddock.events import rules, services
from paddock.events.enums import EditionRole
from paddock.events.forms import (
    KEEP_TOLD_TIMES,
    TOLD_TIMES_SHOWN,
    EditionCreateForm,
    EditionSettingsForm,
)
from paddock.events.landing import editions_with_role
from paddock.events.models import EventSeries
from paddock.events.queries import editions_managed_by, protocol_of, warnings_for
from paddock.events.services.told_times import who_is_told
from paddock.privacy.queries import pending_erasures_summary
from paddock.reminders.queries import reminder_days, reminders_on


def _apply_model_errors(form: Any, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class DashboardView(LoginRequiredMixin, TemplateView):
    template_name = "events/orga/dashboard.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["editions"] = editions_managed_by(self.request.user).annotate(
            participant_count=Count("participants", distinct=True)
        )
        context["participations"] = self.request.user.participations.select_related(
            "edition", "company"
        )
        # Check-in agents work at the desk of editions they do not manage.
        context["desks"] = (
            editions_with_role(self.request.user, EditionRole.CHECKIN)
            .exclude(pk__in=context["editions"].values("pk"))
            .order_by("-start_date")
        )
        context["can_create"] = _series_for_creation(self.request.user).exists()
        context["can_edit_taxonomy"] = rules.can_edit_taxonomy(self.request.user)
        return context


def _series_for_creation(user: Any) -> QuerySet[EventSeries]:
    if user.is_superuser:
        return EventSeries.objects.all()
    return EventSeries.objects.filter(organiser__members=user)


@lru_cache(maxsize=1)
def _time_zones() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones()))


class TimeZoneSuggestionsMixin:
    """The time zone field suggests the known zones as one types ("Paris" finds
    Europe/Paris): a free text field gave no hint of the names it takes."""

    def get_form(self, form_class: Any = None) -> Any:
        form = super().get_form(form_class)  # type: ignore[misc]
        form.fields["timezone"].widget.attrs["list"] = "time-zones"
        return form

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["time_zones"] = _time_zones()
        return context


class EditionCreateView(LoginRequiredMixin, TimeZoneSuggestionsMixin, FormView):
    template_name = "events/orga/edition_form.html"
    form_class = EditionCreateForm

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not _series_for_creation(request.user).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["series_choices"] = _series_for_creation(self.request.user)
        return kwargs

    def form_valid(self, form: EditionCreateForm) -> HttpResponse:
        fields = dict(form.cleaned_data)
        series = fields.pop("series")
        if not rules.can_create_edition(self.request.user, series):
            raise PermissionDenied
        try:
            edition = services.create_edition(series, by=self.request.user, **fields)
        except ValidationError as error:
            _apply_model_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Edition created. Set up its rooms and time grid next."))
        return HttpResponseRedirect(reverse("events:edition-home", args=[edition.slug]))


class EditionHomeView(EditionPermissionMixin, TemplateView):
    permission = rules.can_manage_participants
    template_name = "events/orga/edition_home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        edition = self.request.edition
        context["counts"] = edition.participants.aggregate(
            total=Count("pk"),
            validated=Count("pk", filter=Q(status="validated")),
            waiting=Count("pk", filter=Q(status="registered")),
        )
        context["room_count"] = edition.rooms.count()
        context["table_count"] = edition.rooms.aggregate(n=Count("tables"))["n"]
        context["slot_count"] = edition.slots.count()
        context["can_manage"] = rules.can_manage_edition(self.request.user, edition)
        context["protocol"] = protocol_of(edition)
        context["warnings"] = warnings_for(edition)
        if context["can_manage"]:  # who may answer them (privacy:erasure-list)
            context["pending_erasures"] = pending_erasures_summary(edition)
            context["reminder_days"] = reminder_days(edition)
            context["reminders_on"] = reminders_on(edition)
        return context


class EditionUpdateView(EditionPermissionMixin, TimeZoneSuggestionsMixin, FormView):
    permission = rules.can_manage_edition
    template_name = "events/orga/edition_form.html"
    form_class = EditionSettingsForm

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        # A copy: validation writes the submitted values on the form's instance, and the page
        # (title, navigation links) must keep showing the saved edition when the form is invalid.
        kwargs["instance"] = copy.copy(self.request.edition)
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["warnings"] = warnings_for(self.request.edition)
        return context

    def form_valid(self, form: EditionSettingsForm) -> HttpResponse:
        edition = self.request.edition
        fields = dict(form.cleaned_data)
        fields.pop(TOLD_TIMES_SHOWN, None)
        # What the box counted, and was ticked: that alone may move (the save counts again).
        keep_told_times = form.told if fields.pop(KEEP_TOLD_TIMES, False) else None
        try:
            services.update_edition(
                edition,
                by=self.request.user,
                read=edition,
                keep_told_times=keep_told_times or False,
                **fields,
            )
        except ValidationError as error:
            edition.refresh_from_db()  # the service set the refused values on it
            _apply_model_errors(form, error)
            return self.form_invalid(form)
        except DomainError as error:
            edition.refresh_from_db()
            add_domain_error(form, error)
            return self.form_invalid(form)
        if keep_told_times:
            messages.success(
                self.request,
                _(
                    "Edition saved. The meetings and visits keep the times their agendas "
                    "show, now in %(zone)s."
                )
                % {"zone": edition.timezone}
                + " "
                + who_is_told(edition, keep_told_times),
            )
        else:
            messages.success(self.request, _("Edition saved."))
        return HttpResponseRedirect(reverse("events:edition-home", args=[edition.slug]))
