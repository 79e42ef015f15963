"""A participant's withdrawal: their own confirmation page in the portal, the organiser's
on their behalf, and the organiser's undo (`participants.withdrawal`)."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView

from paddock.core.exceptions import DomainError
from paddock.core.views import EditionPermissionMixin, ServiceFormView
from paddock.events import rules
from paddock.participants.forms import WithdrawalForm
from paddock.participants.models import Participant
from paddock.participants.queries import participant_for
from paddock.participants.views.mixins import ParticipantMixin
from paddock.participants.withdrawal import (
    Withdrawal,
    can_withdraw,
    what_withdrawal_ends,
    withdraw_participant,
)


def summary(done: Withdrawal) -> list[str]:
    """What the withdrawal ended, in one sentence per kind it ended something of, for the
    message after it ("0 visit seats given back" would say nothing)."""
    parts = [
        ngettext("%(count)d meeting cancelled.", "%(count)d meetings cancelled.", done.meetings),
        ngettext(
            "%(count)d pending request withdrawn.",
            "%(count)d pending requests withdrawn.",
            done.requests,
        ),
        ngettext(
            "%(count)d visit seat given back.", "%(count)d visit seats given back.", done.visits
        ),
    ]
    counts = (done.meetings, done.requests, done.visits)
    return [part % {"count": count} for part, count in zip(parts, counts, strict=True) if count]


class PortalWithdrawView(ParticipantMixin, TemplateView):
    """The participant says they can no longer come: the page says what will happen, the
    button (a POST) does it. Nothing changes on GET."""

    template_name = "participants/portal/withdraw.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        participant = self.request.participant  # type: ignore[attr-defined]
        context.update(can_withdraw=can_withdraw(participant))
        if context["can_withdraw"]:
            context["ends"] = what_withdrawal_ends(participant)
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        participant = request.participant  # type: ignore[attr-defined]
        try:
            done = withdraw_participant(participant, by=request.user)
        except DomainError as error:  # the participant's, or a meeting's begun meanwhile
            messages.error(request, error.message)
            return HttpResponseRedirect(request.path)
        edition = request.edition  # type: ignore[attr-defined]
        heading = _("You have withdrawn from %(edition)s.") % {"edition": edition.name}
        messages.success(request, " ".join([heading, *summary(done)]))
        return HttpResponseRedirect(reverse("participants-portal:home", args=[edition.slug]))


class OrganiserWithdrawView(EditionPermissionMixin, ServiceFormView):
    """An organiser withdraws a participant on their behalf, saying why if they wish."""

    permission = rules.can_manage_participants
    template_name = "participants/orga/withdraw.html"
    form_class = WithdrawalForm

    @cached_property
    def participant(self) -> Participant:
        # Looked up once the permission is checked (in dispatch): before, a 404 or a 403 told
        # anyone which ids were the edition's participants.
        return participant_for(self.request.edition, self.kwargs["pk"])  # type: ignore[attr-defined]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(participant=self.participant, can_withdraw=can_withdraw(self.participant))
        if context["can_withdraw"]:
            context["ends"] = what_withdrawal_ends(self.participant)
        return context

    def perform(self, form: WithdrawalForm) -> str:
        done = withdraw_participant(
            self.participant, by=self.request.user, reason=form.cleaned_data["reason"]
        )
        name = self.participant.name_for_organisers()
        messages.success(
            self.request,
            " ".join([_("%(name)s is withdrawn.") % {"name": name}, *summary(done)]),
        )
        edition = self.request.edition  # type: ignore[attr-defined]
        return reverse("participants:participant-detail", args=[edition.slug, self.participant.pk])
