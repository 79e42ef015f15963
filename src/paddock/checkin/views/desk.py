"""The check-in desk (scan a badge or search a name) and the live presence view."""

from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.views.generic import FormView, TemplateView

from paddock.checkin import presence, services
from paddock.checkin.forms import DeskForm
from paddock.checkin.views.desk_page import desk_form
from paddock.core.headers import allow_features
from paddock.core.text import plain_words
from paddock.core.views import EditionPermissionMixin
from paddock.events import rules
from paddock.events.models import Room, SanitaryProtocol
from paddock.events.queries import protocol_of, rooms_of
from paddock.participants.enums import AWAITING_CONSENT
from paddock.participants.models import Participant

SEARCH_LIMIT = 20


class DeskMixin(EditionPermissionMixin):
    """Check-in agents, staff and organisers."""

    permission = rules.is_checkin_agent


# The camera scans badges (static/paddock/scan.js).
@method_decorator(allow_features("camera"), name="dispatch")
class DeskView(DeskMixin, FormView):
    template_name = "checkin/desk/desk.html"
    form_class = DeskForm

    @cached_property
    def protocol(self) -> SanitaryProtocol | None:
        # Asked by the form of the request, by the fresh form after a scan and for the room's
        # cap after a scan there: read once.
        return protocol_of(self.request.edition)

    @cached_property
    def health_pass_required(self) -> bool:
        return bool(self.protocol and self.protocol.health_pass_required)

    @cached_property
    def rooms(self) -> list[Room]:
        # The places of the form of the request and of the fresh form after a scan: read once.
        return rooms_of(self.request.edition)

    @cached_property
    def search_url(self) -> str:
        return reverse("checkin:desk-search", args=[self.request.edition.slug])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # One CSRF token for the desk's form and the layout's: each `get_token` masks the
        # secret anew (some 500 Python calls), and one token a page is as safe (issue 16).
        context["csrf_token"] = get_token(self.request)
        context["desk_form"] = desk_form(
            self.request, context["form"], context.get("people"), token=context["csrf_token"]
        )
        return context

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(
            edition=self.request.edition,
            rooms=self.rooms,
            health_pass_required=self.health_pass_required,
            search_url=self.search_url,
        )
        return kwargs

    def session_key(self) -> str:
        return f"checkin-health-pass-{self.request.edition.pk}"

    def get_initial(self) -> dict[str, Any]:
        # The agent ticks the box once per desk session, not once per badge.
        return {"health_pass_checked": self.request.session.get(self.session_key(), False)}

    def form_valid(self, form: DeskForm) -> HttpResponse:
        data = form.cleaned_data
        room = data["place"]
        if "health_pass_checked" in data and room is None:
            self.request.session[self.session_key()] = data["health_pass_checked"]
        result: dict[str, Any] = {}
        try:
            result["checkin"] = services.check_in(
                self.request.edition,
                by=self.request.user,
                code=None if data["participant"] else data["code"],
                participant=data["participant"],
                room=room,
                health_pass_checked=data.get("health_pass_checked", False),
            )
        except services.CheckInError as error:
            result["refused"] = error
            if error.code == "unknown_code":
                # A name typed and sent with Enter: offer the people it names.
                result["people"] = matching_participants(self.request.edition, data["code"])
        else:
            if room is not None:
                result["place"] = presence.place_of(
                    self.request.edition, room, protocol=self.protocol
                )
        return self.render_to_response(self.get_context_data(form=self.fresh_form(room), **result))

    def fresh_form(self, room: Any) -> DeskForm:
        """An empty form for the next badge, at the same place."""
        kwargs = self.get_form_kwargs()
        kwargs.pop("data", None)
        kwargs.pop("files", None)
        kwargs["initial"] = {**self.get_initial(), "place": room}
        return DeskForm(**kwargs)


class DeskSearchView(DeskMixin, TemplateView):
    """The participants whose name, email or company holds every typed word (htmx fragment)."""

    template_name = "checkin/desk/_results.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("code", "").strip()
        context["query"] = query
        context["people"] = matching_participants(self.request.edition, query)
        return context


def matching_participants(edition: Any, query: str) -> QuerySet[Participant] | list[Participant]:
    if len(query) < 2:
        return []
    # Not an invitation still unanswered or declined: the account's names are not shown.
    people = (
        Participant.objects.filter(edition=edition)
        .exclude(status__in=AWAITING_CONSENT)
        .select_related("user", "company")
    )
    for word in plain_words(query):
        people = people.filter(
            Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
            | Q(user__email__icontains=word)
            | Q(company__name__icontains=word)
        )
    return people.order_by("user__last_name", "user__first_name")[:SEARCH_LIMIT]


class PresenceView(DeskMixin, TemplateView):
    """Who is where now; the htmx fragment refreshes itself every ten seconds."""

    template_name = "checkin/desk/presence.html"

    def get_template_names(self) -> list[str]:
        if self.request.htmx:
            return ["checkin/desk/_presence.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["places"] = presence.presence_of(self.request.edition)
        return context
