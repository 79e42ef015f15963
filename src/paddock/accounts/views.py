"""Where a person lands after logging in."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views import View

from paddock.events.enums import EditionRole
from paddock.events.landing import edition_of_the_day, editions_with_role, landing_url
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
    """Each role lands on its work: organisers on their editions, staff on their edition's
    overview, check-in agents at the desk of today's edition (or the next one, with a note),
    participants in their edition's portal."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if _organises(user):
            return HttpResponseRedirect(reverse("events:dashboard"))
        for role in (EditionRole.STAFF, EditionRole.CHECKIN):
            edition = edition_of_the_day(editions_with_role(user, role))
            if edition is not None:
                if role == EditionRole.CHECKIN:
                    _note_when_not_today(request, edition)
                return HttpResponseRedirect(landing_url(edition, role))
        participation = _main_participation(user)
        if participation is not None:
            return HttpResponseRedirect(_portal_url(participation))
        return HttpResponseRedirect(reverse("events:dashboard"))


def _organises(user: Any) -> bool:
    return bool(
        user.is_superuser
        or user.organisers.exists()
        or editions_with_role(user, EditionRole.ORGANISER).exists()
    )


def _note_when_not_today(request: HttpRequest, edition: Any) -> None:
    today = timezone.localdate()
    if edition.start_date > today:
        message = _(
            "No edition of yours is held today: here is the desk of %(edition)s, which "
            "opens on %(date)s."
        )
        day = edition.start_date
    elif edition.end_date < today:
        message = _(
            "No edition of yours is held today: here is the desk of %(edition)s, which "
            "closed on %(date)s."
        )
        day = edition.end_date
    else:
        return
    messages.info(request, message % {"edition": edition.name, "date": date_format(day)})
