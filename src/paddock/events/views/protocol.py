"""Organiser screen of the sanitary protocol."""

from typing import Any

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext, gettext_lazy, ngettext

from paddock.events import services
from paddock.events.forms import ProtocolForm
from paddock.events.models import SanitaryProtocol
from paddock.events.queries import protocol_of, rooms_with_meeting_caps
from paddock.events.views.common import OrganiserFormView
from paddock.visits.services import AllVisitsCancelled


class ProtocolView(OrganiserFormView):
    """The protocol's form, and the meeting cap it gives each room."""

    template_name = "events/orga/protocol.html"
    form_class = ProtocolForm
    success_message = gettext_lazy("Protocol saved. The meeting caps below follow it.")

    @cached_property
    def protocol(self) -> SanitaryProtocol | None:
        return protocol_of(self.request.edition)

    def get_initial(self) -> dict[str, Any]:
        protocol = self.protocol
        if protocol is None:
            return {"visits_allowed": True}
        return {
            "max_persons_per_room": protocol.max_persons_per_room,
            "health_pass_required": protocol.health_pass_required,
            "visits_allowed": protocol.visits_allowed,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["rooms"] = rooms_with_meeting_caps(self.request.edition, self.protocol)
        return context

    def perform(self, form: ProtocolForm) -> str:
        edition, before = self.request.edition, self.protocol
        saved = services.update_protocol(
            edition, by=self.request.user, read=before, **form.cleaned_data
        )
        review = stricter(before, saved.protocol)
        if review:
            # What the stricter protocol breaks is listed there, with a re-optimisation.
            self.success_message = gettext_lazy(
                "Protocol saved. Here is what it changes in the schedule and the visits."
            )
        if saved.visits_cancelled is not None:
            self.success_message = (
                f"{self.success_message} {cancelled_visits_text(saved.visits_cancelled)}"
            )
        if review:
            return reverse("scheduling:protocol-review", args=[edition.slug])
        return reverse("events:protocol", args=[edition.slug])


def cancelled_visits_text(cancelled: AllVisitsCancelled) -> str:
    """What turning visits off did, from the service's own figures."""
    if not cancelled.sessions:
        return gettext("No visit was open: none was cancelled.")
    sessions = ngettext(
        "%(count)s visit was cancelled;",
        "%(count)s visits were cancelled;",
        len(cancelled.sessions),
    ) % {"count": len(cancelled.sessions)}
    people = ngettext(
        "%(count)s person booked or waiting was told by email.",
        "%(count)s people booked or waiting were told by email.",
        cancelled.people_told,
    ) % {"count": cancelled.people_told}
    if not cancelled.people_told:
        people = gettext("nobody was booked or waiting.")
    return f"{sessions} {people}"


def stricter(before: SanitaryProtocol | None, after: SanitaryProtocol) -> bool:
    """A lower cap per room, or the health pass newly required."""
    old_cap = before.max_persons_per_room if before is not None else None
    new_cap = after.max_persons_per_room
    lower = new_cap is not None and (old_cap is None or new_cap < old_cap)
    health = after.health_pass_required and not (before and before.health_pass_required)
    return lower or health
