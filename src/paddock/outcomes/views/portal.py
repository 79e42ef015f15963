"""Participant pages: rate one's ended meetings, answer follow-ups, one's network."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from paddock.core.views import add_domain_error
from paddock.outcomes import services
from paddock.outcomes.enums import FOLLOW_UP_MONTHS
from paddock.outcomes.forms import FollowUpForm, OutcomeForm, initial_from
from paddock.outcomes.queries import (
    ended_meeting_for,
    meetings_to_rate,
    network_of,
    own_follow_up,
    own_outcome,
)
from paddock.participants.views.mixins import ParticipantMixin, ValidatedParticipantMixin


def _to_rate_url(request: HttpRequest) -> str:
    return reverse("outcomes-portal:to-rate", args=[request.edition.slug])  # type: ignore[attr-defined]


class ToRateListView(ValidatedParticipantMixin, TemplateView):
    """Your meetings to rate: the ended ones, unrated first, with your own answers."""

    template_name = "outcomes/portal/to_rate.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["rows"] = meetings_to_rate(self.request.participant, now=timezone.now())  # type: ignore[attr-defined]
        return context


class _MeetingFormView(ValidatedParticipantMixin, FormView):
    """A form about one of the participant's ended meetings (404 for any other)."""

    def dispatch_participant(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.meeting = ended_meeting_for(
            request.participant,  # type: ignore[attr-defined]
            kwargs["meeting"],
            now=timezone.now(),
        )
        return super().dispatch_participant(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            meeting=self.meeting,
            other=self.meeting.other_side(self.request.participant),  # type: ignore[attr-defined]
        )
        return context

    def refused(self, form: Any, error: services.OutcomeError) -> HttpResponse:
        add_domain_error(form, error)
        return self.form_invalid(form)


class OutcomeFormView(_MeetingFormView):
    template_name = "outcomes/portal/outcome_form.html"
    form_class = OutcomeForm

    def get_initial(self) -> dict[str, Any]:
        return initial_from(own_outcome(self.meeting, self.request.participant))  # type: ignore[attr-defined]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["closed"] = self.request.edition.status == "closed"  # type: ignore[attr-defined]
        return context

    def form_valid(self, form: OutcomeForm) -> HttpResponse:
        try:
            services.record_outcome(
                self.meeting,
                participant=self.request.participant,  # type: ignore[attr-defined]
                by=self.request.user,
                **form.cleaned_data,
            )
        except services.OutcomeError as error:
            return self.refused(form, error)
        messages.success(self.request, _("Thank you: your answer is saved."))
        return HttpResponseRedirect(_to_rate_url(self.request))


class FollowUpFormView(_MeetingFormView):
    template_name = "outcomes/portal/follow_up_form.html"
    form_class = FollowUpForm

    def dispatch_participant(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if kwargs["months"] not in FOLLOW_UP_MONTHS:
            raise Http404
        self.months = kwargs["months"]
        return super().dispatch_participant(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        answer = own_follow_up(self.meeting, self.request.participant, self.months)  # type: ignore[attr-defined]
        if answer is None:
            return {}
        return {"answer": answer.answer, "value_band": answer.value_band}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["months"] = self.months
        return context

    def form_valid(self, form: FollowUpForm) -> HttpResponse:
        try:
            services.record_follow_up(
                self.meeting,
                participant=self.request.participant,  # type: ignore[attr-defined]
                months=self.months,
                by=self.request.user,
                **form.cleaned_data,
            )
        except services.OutcomeError as error:
            return self.refused(form, error)
        messages.success(self.request, _("Thank you: your answer is saved."))
        return HttpResponseRedirect(
            reverse("outcomes-portal:network", args=[self.request.edition.slug])  # type: ignore[attr-defined]
        )


class NetworkView(ParticipantMixin, TemplateView):
    """Everyone the signed-in person met, in every edition, with their own answers."""

    template_name = "outcomes/portal/network.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["contacts"] = network_of(self.request.user, now=timezone.now())
        return context
