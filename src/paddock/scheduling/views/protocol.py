"""The protocol review: what a stricter protocol breaks, the re-optimisation proposed, and the
confirmation that applies it."""

from typing import Any

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext
from django.views.generic import TemplateView, View

from paddock.core.exceptions import DomainError
from paddock.scheduling import services
from paddock.scheduling.conflicts import (
    moves_key,
    proposal_of,
    proposed_moves,
    protocol_conflicts,
)
from paddock.scheduling.views.common import SchedulingMixin


def _review_url(request: Any) -> str:
    return reverse("scheduling:protocol-review", args=[request.edition.slug])


class ProtocolReviewView(SchedulingMixin, TemplateView):
    """Every conflict of the protocol in force, the proposal and its moves, the buttons."""

    template_name = "scheduling/orga/protocol_review.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        edition = self.request.edition
        services.interrupt_stale_runs(edition)
        proposal = proposal_of(edition)
        moves = proposed_moves(proposal) if proposal is not None else []
        context.update(
            conflicts=protocol_conflicts(edition, now=timezone.now()),
            proposal=proposal,
            moves=moves,
            moves_key=moves_key(moves),
        )
        return context


class ProtocolProposeView(SchedulingMixin, View):
    """POST: start the held re-optimisation run."""

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            services.propose_reoptimisation(request.edition, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        return HttpResponseRedirect(_review_url(request))


class ProtocolConfirmView(SchedulingMixin, View):
    """POST: apply the proposal and give back the seats over the group size."""

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            done = services.confirm_protocol_review(
                request.edition, by=request.user, listed=request.POST.get("moves", "")
            )
        except DomainError as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(_review_url(request))
        moved, lost = len(done.moved), len(done.seats_lost)
        messages.success(
            request,
            ngettext(
                "Confirmed: %(count)s meeting changed; only the people concerned were told.",
                "Confirmed: %(count)s meetings changed; only the people concerned were told.",
                moved,
            )
            % {"count": moved},
        )
        if lost:
            messages.success(
                request,
                ngettext(
                    "%(count)s visitor went back to the head of the waiting list and was told.",
                    "%(count)s visitors went back to the head of the waiting list and were told.",
                    lost,
                )
                % {"count": lost},
            )
        return HttpResponseRedirect(_review_url(request))
