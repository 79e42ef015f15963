"""View mixins of participant pages."""

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Participant
from paddock.participants.rules import participation_of, portal_menu

WAITING_TEMPLATE = "participants/portal/waiting.html"


def not_taking_part_page(request: HttpRequest, participant: Participant) -> HttpResponse:
    """The refusal of a page for validated participants, saying why (waiting for validation,
    or withdrawn, with what they can still do), status 403."""
    context = {
        "edition": request.edition,  # type: ignore[attr-defined]
        "participant": participant,
        "portal_menu": portal_menu(participant),
    }
    return TemplateResponse(request, WAITING_TEMPLATE, context, status=403)


class ParticipantMixin(LoginRequiredMixin):
    """Requires a participant of `request.edition` in any status; sets `request.participant`.

    Anonymous visitors go to the login page; people outside the edition get 403.
    """

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        participant = participation_of(request.user, request.edition)  # type: ignore[attr-defined]
        if participant is None:
            raise PermissionDenied
        request.participant = participant  # type: ignore[attr-defined]
        return self.dispatch_participant(request, *args, **kwargs)

    def dispatch_participant(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["edition"] = self.request.edition  # type: ignore[attr-defined]
        context["participant"] = self.request.participant  # type: ignore[attr-defined]
        context["portal_menu"] = portal_menu(self.request.participant)  # type: ignore[attr-defined]
        return context


class ValidatedParticipantMixin(ParticipantMixin):
    """Requires a validated participant of `request.edition`; sets `request.participant`.

    A participant not validated yet gets the "waiting for validation" page with status 403,
    anonymous visitors go to the login page, people outside the edition get 403.
    """

    def dispatch_participant(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        participant = request.participant  # type: ignore[attr-defined]
        if participant.status != ParticipantStatus.VALIDATED:
            return not_taking_part_page(request, participant)
        return super().dispatch_participant(request, *args, **kwargs)
