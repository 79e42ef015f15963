"""Participant pages: ask for a meeting, answer requests, the agenda (web, PDF, calendar)."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from paddock.meetings import documents, feed_services, ics, services
from paddock.meetings.forms import DeclineForm, RequestForm
from paddock.meetings.models import MeetingRequest
from paddock.meetings.queries import (
    agenda_feed_token,
    agenda_feed_with_token,
    agenda_for,
    agenda_rows,
    grouped_requests,
    live_request_count,
    pair_state,
    recipient_of_request,
    request_for,
    request_rows,
    schedule_published,
)
from paddock.meetings.views.cards import RequestCards, agenda_cards, agenda_list
from paddock.participants.models import Participant
from paddock.participants.views.mixins import ValidatedParticipantMixin
from paddock.visits.queries import agenda_visits


def _list_url(request: HttpRequest) -> str:
    return reverse("meetings-portal:request-list", args=[request.edition.slug])  # type: ignore[attr-defined]


class RequestCreateView(ValidatedParticipantMixin, FormView):
    template_name = "meetings/portal/request_form.html"
    form_class = RequestForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.recipient_pk = kwargs["participant"]
        return super().dispatch(request, *args, **kwargs)

    def get_recipient(self) -> Participant:
        """A validated participant of this edition; 404 for anyone else."""
        return recipient_of_request(self.request.edition, self.recipient_pk)  # type: ignore[attr-defined]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        participant = self.request.participant
        recipient = self.get_recipient()
        context.update(
            recipient=recipient,
            blocked=_blocker(participant, recipient),
            live_count=live_request_count(participant),
            cap=self.request.edition.max_requests_per_participant,
        )
        return context

    def form_valid(self, form: RequestForm) -> HttpResponse:
        recipient = self.get_recipient()
        try:
            meeting_request = services.request_meeting(
                self.request.participant,
                recipient=recipient,
                by=self.request.user,
                **form.cleaned_data,
            )
        except services.MeetingError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self.form_invalid(form)
        if meeting_request.mutual:
            text = _("%(name)s had asked to meet you too: the meeting is accepted.")
        else:
            text = _("Your request has been sent to %(name)s.")
        messages.success(self.request, text % {"name": recipient.user})
        return HttpResponseRedirect(_list_url(self.request))


def _blocker(participant: Participant, recipient: Participant) -> str:
    """Why no request can be sent to `recipient`, said before the form is filled; else ""."""
    names = {"name": recipient.user, "first": participant.user, "second": recipient.user}
    if recipient.pk == participant.pk:
        return _("You cannot request a meeting with yourself.")
    if recipient.company_id == participant.company_id:
        return (
            _("%(first)s and %(second)s work for the same company: meetings are between companies.")
            % names
        )
    state = pair_state(participant, recipient)
    if state == "meeting":
        return _("You already have a meeting with %(name)s.") % names
    if state == "requested":
        return _("You have already asked %(name)s for a meeting.") % names
    return ""


class RequestListView(ValidatedParticipantMixin, TemplateView):
    template_name = "meetings/portal/request_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(_counts_context(self.request))
        cards, groups = RequestCards.for_page(self.request, self.request.edition), context["groups"]
        # The layout's forms take the cards' token: each `get_token` masks the secret anew
        # (some 500 Python calls), and one token a page is as safe (issue 16).
        context["csrf_token"] = cards.csrf
        # Each group's cards as one value: a template loop cost some 40 calls a card.
        context["cards"] = {
            name: SafeString("".join(cards.card(item) for item in getattr(groups, name)))
            for name in ("received", "sent", "accepted", "past")
        }
        return context


def _counts_context(request: HttpRequest) -> dict[str, Any]:
    """The requests grouped, and the counts the list page shows (badges, cap)."""
    participant = request.participant  # type: ignore[attr-defined]
    groups = grouped_requests(participant)
    return {
        "groups": groups,
        "live_count": len(groups.sent) + sum(1 for item in groups.accepted if item.sent),
        "cap": request.edition.max_requests_per_participant,  # type: ignore[attr-defined]
    }


class RequestActionView(ValidatedParticipantMixin, View):
    """POST one answer to one request; htmx gets the row back, others a redirect."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        meeting_request = request_for(request.participant, kwargs["pk"])  # type: ignore[attr-defined]
        form = DeclineForm(request.POST)
        error = None
        try:
            self.act(meeting_request, form)
            done = self.done_message(meeting_request)
        except services.MeetingError as exc:
            error, done = exc.message, ""
        if request.htmx:  # type: ignore[attr-defined]
            (item,) = request_rows(request.participant, pk=kwargs["pk"])  # type: ignore[attr-defined]
            cards = RequestCards.for_page(request, request.edition)  # type: ignore[attr-defined]
            context = {
                "card": cards.card(item, error=error or "", done=done),
                "row_error": error,
                "row_done": done,
                "oob": True,
                **_counts_context(request),
            }
            return render(request, "meetings/portal/_request_row.html", context)
        if error:
            messages.error(request, error)
        else:
            messages.success(request, done)
        return HttpResponseRedirect(_list_url(request))

    def act(self, meeting_request: MeetingRequest, form: DeclineForm) -> None:
        raise NotImplementedError

    def done_message(self, meeting_request: MeetingRequest) -> str:
        raise NotImplementedError


class RequestAcceptView(RequestActionView):
    def act(self, meeting_request: MeetingRequest, form: DeclineForm) -> None:
        services.accept_request(meeting_request, by=self.request.user)

    def done_message(self, meeting_request: MeetingRequest) -> str:
        return _("Accepted: the meeting is in your agenda, to be scheduled.")


class RequestDeclineView(RequestActionView):
    def act(self, meeting_request: MeetingRequest, form: DeclineForm) -> None:
        reason = form.data.get("reason", "")
        services.decline_request(meeting_request, by=self.request.user, reason=str(reason))

    def done_message(self, meeting_request: MeetingRequest) -> str:
        return _("Declined. %(name)s has been told.") % {"name": meeting_request.requester.user}


class RequestCancelView(RequestActionView):
    def act(self, meeting_request: MeetingRequest, form: DeclineForm) -> None:
        services.cancel_request(meeting_request, by=self.request.user)

    def done_message(self, meeting_request: MeetingRequest) -> str:
        other = meeting_request.other_side(self.request.participant)
        return _("Cancelled. %(name)s has been told.") % {"name": other.user}


class AgendaView(ValidatedParticipantMixin, TemplateView):
    template_name = "meetings/portal/agenda.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        participant = self.request.participant
        token = agenda_feed_token(participant) or feed_services.agenda_feed_for(participant).token
        feed_path = reverse("meetings-portal:agenda-feed", args=[self.request.edition.slug, token])
        context.update(_agenda_context(participant, agenda_rows))
        # Meetings whose slot has ended link to the outcome form (paddock.outcomes).
        now, edition = timezone.now(), self.request.edition
        context["scheduled_cards"] = agenda_list(
            agenda_cards(context["scheduled"], show_time=True, now=now, edition=edition),
            zone=edition.tzinfo,
            empty=_("None of your meetings could be placed in the schedule."),
        )
        context["to_schedule_cards"] = agenda_list(
            agenda_cards(context["to_schedule"], show_time=False, now=now, edition=edition),
            zone=None,
            empty=_(
                "No accepted meeting yet: ask for meetings from the catalogue, or answer your "
                "requests."
            ),
        )
        feed_url = self.request.build_absolute_uri(feed_path)
        # webcal:// makes phones and desktop calendars offer to subscribe.
        context.update(feed_url=feed_url, feed_webcal_url="webcal://" + feed_url.split("://", 1)[1])
        return context


def _agenda_context(
    participant: Participant, read: Callable[[Participant], list]
) -> dict[str, Any]:
    """The agenda's meetings read by `read` (plain rows for the page, models for the PDF),
    in two lists, and the visits."""
    published = schedule_published(participant.edition)
    entries = read(participant)
    return {
        "published": published,
        "scheduled": [e for e in entries if published and e.scheduled],
        "to_schedule": [e for e in entries if not (published and e.scheduled)],
        "visits": agenda_visits(participant),
    }


class AgendaPdfView(ValidatedParticipantMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        participant = request.participant  # type: ignore[attr-defined]
        context = {"edition": request.edition, "participant": participant}  # type: ignore[attr-defined]
        # The reader's chosen language, as in the calendar feed; else the page's.
        language = participant.user.preferred_language or translation.get_language()
        with translation.override(language):
            context.update(_agenda_context(participant, agenda_for))
            pdf = documents.agenda_pdf(context)
        response = HttpResponse(pdf, content_type="application/pdf")
        filename = f"agenda-{participant.edition.slug}-{participant.pk}.pdf"
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response


class AgendaFeedResetView(ValidatedParticipantMixin, View):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        feed_services.reset_agenda_feed(request.participant, by=request.user)  # type: ignore[attr-defined]
        messages.success(
            request,
            _("Your calendar address has changed: subscribe again with the new one."),
        )
        return HttpResponseRedirect(
            reverse("meetings-portal:agenda", args=[request.edition.slug])  # type: ignore[attr-defined]
        )


class AgendaFeedView(View):
    """The calendar feed: no login, the secret token in the address is the key."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        feed = agenda_feed_with_token(request.edition, kwargs["token"])  # type: ignore[attr-defined]
        if feed is None:
            raise Http404
        participant = feed.participant
        participant.edition = request.edition  # type: ignore[attr-defined]  # read by the middleware
        body = ics.agenda_ics(participant, revision=feed.revision)
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{participant.edition.slug}.ics"'
        response["Cache-Control"] = "private, max-age=300"
        return response
