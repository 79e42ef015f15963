"""What every participant page of the meetings domain shares."""

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse

from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Participant


class PortalParticipantMixin(LoginRequiredMixin):
    """Requires login and a validated participation in the URL's edition; 404 otherwise.

    Sets `request.participant`. TODO(issue 4): use participants' ValidatedParticipantMixin
    once it lands.
    """

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        participant = (
            Participant.objects.select_related("user", "company", "edition")
            .filter(
                edition=request.edition,  # type: ignore[attr-defined]
                user=request.user,
                status=ParticipantStatus.VALIDATED,
            )
            .first()
        )
        if participant is None:
            raise Http404
        request.participant = participant  # type: ignore[attr-defined]
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["edition"] = self.request.edition  # type: ignore[attr-defined]
        context["participant"] = self.request.participant  # type: ignore[attr-defined]
        return context
