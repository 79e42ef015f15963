"""Where a person lands after logging in."""

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views import View

from paddock.events.queries import editions_managed_by
from paddock.participants.enums import ParticipantStatus


def _portal_url(participant: Any) -> str:
    """The catalogue for a validated participant when it exists, else the portal's home."""
    slug = participant.edition.slug
    if participant.status == ParticipantStatus.VALIDATED:
        try:
            return reverse("participants-portal:catalogue", args=[slug])
        except NoReverseMatch:
            pass
    return reverse("participants-portal:home", args=[slug])


def _main_participation(user: Any) -> Any:
    """The participation in the next or running edition, else in the latest past one."""
    participations = user.participations.select_related("edition")
    today = timezone.localdate()
    upcoming = participations.filter(edition__end_date__gte=today)
    return (
        upcoming.order_by("edition__start_date").first()
        or participations.order_by("-edition__end_date").first()
    )


class AfterLoginView(LoginRequiredMixin, View):
    """Organisers and staff go to their dashboard, participants to their edition's portal."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if editions_managed_by(user).exists():
            return HttpResponseRedirect(reverse("events:dashboard"))
        participation = _main_participation(user)
        if participation is not None:
            return HttpResponseRedirect(_portal_url(participation))
        return HttpResponseRedirect(reverse("events:dashboard"))
