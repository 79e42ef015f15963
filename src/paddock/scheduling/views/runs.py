"""Organiser pages of scheduling runs: list and start, results, publication."""

from typing import Any

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import FormView, TemplateView

from paddock.core.exceptions import DomainError
from paddock.meetings.enums import MUTUAL_BONUS, PRIORITY_WEIGHTS
from paddock.meetings.queries import schedule_published
from paddock.scheduling import queries, services
from paddock.scheduling.forms import RunForm
from paddock.scheduling.queries import has_publication, latest_snapshot
from paddock.scheduling.services.publishing import changed_meetings, current_snapshot
from paddock.scheduling.views.common import SchedulingMixin, run_for


class RunListView(SchedulingMixin, FormView):
    """The edition's runs, newest first, and the form that starts one."""

    template_name = "scheduling/orga/run_list.html"
    form_class = RunForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        edition = self.request.edition
        services.interrupt_stale_runs(edition)
        context["runs"] = queries.runs_of(edition)[:50]
        context["counts"] = queries.schedule_counts(edition)
        context["published"] = schedule_published(edition)
        # On a day of the convention a run keeps what has begun (`problem.build_problem`).
        context["on_the_day"] = edition.today() in edition.days
        return context

    def get_initial(self) -> dict[str, Any]:
        return {"reoptimise": has_publication(self.request.edition)}

    def form_valid(self, form: RunForm) -> HttpResponse:
        try:
            run = services.start_schedule_run(
                self.request.edition,
                by=self.request.user,
                time_limit_s=form.cleaned_data["time_limit_s"],
                reoptimise=form.cleaned_data["reoptimise"],
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self.form_invalid(form)
        url = reverse("scheduling:run-detail", args=[self.request.edition.slug, run.pk])
        return HttpResponseRedirect(url)


class RunDetailView(SchedulingMixin, TemplateView):
    """One run: progress while it goes (htmx polls the status fragment), results after."""

    template_name = "scheduling/orga/run_detail.html"

    def get_template_names(self) -> list[str]:
        if self.request.htmx:
            return ["scheduling/orga/_run_status.html"]
        return [self.template_name]

    def get(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        run = run_for(request, kwargs["run"])
        if request.htmx and not run.is_active:
            # Finished: reload the whole page so that the results appear.
            response = HttpResponse(status=204)
            response["HX-Refresh"] = "true"
            return response
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        run = run_for(self.request, self.kwargs["run"])
        context.update(run=run, status_words=queries.status_words(run))
        if not self.request.htmx:
            context["results"] = queries.run_results(run)
            context.update(weights=PRIORITY_WEIGHTS, mutual_bonus=MUTUAL_BONUS)
        return context


class PublishView(SchedulingMixin, TemplateView):
    """What publishing will do (who is told), and the button that does it."""

    template_name = "scheduling/orga/publish.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        edition = self.request.edition
        old = latest_snapshot(edition)
        context["first"] = old is None
        context["changed"] = len(changed_meetings(old, current_snapshot(edition)))
        context["counts"] = queries.schedule_counts(edition)
        context["published"] = schedule_published(edition)
        return context

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            published = services.publish_schedule(request.edition, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(request.path)
        messages.success(request, _published_message(published.notified))
        _say_visits(request, published.visits_booked, published.visits_refused)
        return HttpResponseRedirect(reverse("scheduling:grid", args=[request.edition.slug]))


def _published_message(told: int) -> str:
    """What publishing says about its `told` mails; none when nobody's meetings changed
    since the previous publication."""
    if not told:
        return _("Schedule published; nobody's meetings changed, so no email was queued.")
    return ngettext(
        "Schedule published; the email telling %(count)s participant is queued: "
        "the Emails page shows when it left.",
        "Schedule published; the emails telling %(count)s participants are queued: "
        "the Emails page shows which left.",
        told,
    ) % {"count": told}


def _say_visits(request: Any, booked: list[Any], refused: list[Any]) -> None:
    """In wishes mode: how many seats publishing booked, and each placed wish it could not."""
    if booked:
        text = ngettext(
            "%(count)s visit booked from the wishes.",
            "%(count)s visits booked from the wishes.",
            len(booked),
        )
        messages.success(request, text % {"count": len(booked)})
    for wish, why in refused:
        messages.warning(
            request,
            _("The wish of %(name)s for %(zone)s was not booked: %(why)s")
            % {"name": wish.participant.user, "zone": wish.zone.name, "why": why},
        )
