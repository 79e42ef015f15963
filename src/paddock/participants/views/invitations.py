"""Organiser screens of invitations: one person, a pasted list, a new link for someone (a new
invitation, or a new link to choose a password)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import FormView

from paddock.accounts.delivery import UnsentMail
from paddock.accounts.mail import unsent_mail
from paddock.accounts.outbox_views import queued_message
from paddock.core.exceptions import DomainError
from paddock.core.views import EditionPermissionMixin
from paddock.events import rules
from paddock.participants import bulk_invitations, password_links, registration
from paddock.participants.models import Participant
from paddock.participants.queries import companies_of, participant_for
from paddock.participants.registration_forms import BulkInvitationForm, InvitationForm

# Where a new company's errors go in the invitation form.
_COMPANY_FIELDS = {
    "name": "new_company_name",
    "country": "new_company_country",
    "sector": "new_company_sector",
}


def add_errors(form: Any, error: ValidationError, *, rename: dict[str, str]) -> None:
    """Put a service's ValidationError next to the matching form fields."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for model_field, errors in error.message_dict.items():
        name = rename.get(model_field, model_field)
        form.add_error(name if name in form.fields else None, errors)


def _detail_url(participant: Any) -> str:
    return reverse(
        "participants:participant-detail", args=[participant.edition.slug, participant.pk]
    )


def _back_to(request: HttpRequest, participant: Participant) -> str:
    """The `next` field when it points inside this site, else the participant's page."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return _detail_url(participant)
    return target


def invited_message(email: str) -> str:
    """The same words whether the address had an account or not: the answer must not tell."""
    return _(
        "%(email)s is invited, waiting for their answer: they take part only once they accept."
    ) % {"email": email.strip()}


def invitation_unsent_message(email: str) -> str:
    return _(
        "%(email)s is invited, but the invitation could not be mailed (the mail server "
        "failed): resend the invitation from their page later."
    ) % {"email": email.strip()}


class InvitationsOpenMixin:
    """The invitation pages of a closed edition say so in place of their button."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs["closed"] = not registration.invitations_open(self.request.edition)  # type: ignore[attr-defined]
        return super().get_context_data(**kwargs)  # type: ignore[misc]


class InvitationCreateView(InvitationsOpenMixin, EditionPermissionMixin, FormView):
    permission = rules.can_manage_participants
    template_name = "participants/orga/invite.html"
    form_class = InvitationForm

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["edition"] = self.request.edition
        return kwargs

    def form_valid(self, form: InvitationForm) -> HttpResponse:
        company_fields = form.company_fields()
        try:
            with unsent_mail() as unsent:
                participant = registration.invite_participant(
                    self.request.edition,
                    by=self.request.user,
                    company=form.cleaned_data["company"],
                    company_fields=company_fields,
                    **form.participant_fields(),
                )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self.form_invalid(form)
        except ValidationError as error:
            add_errors(form, error, rename=_COMPANY_FIELDS if company_fields else {})
            return self.form_invalid(form)
        if unsent:
            messages.warning(self.request, invitation_unsent_message(form.cleaned_data["email"]))
        else:
            messages.success(self.request, invited_message(form.cleaned_data["email"]))
        return HttpResponseRedirect(_detail_url(participant))


class BulkInvitationView(InvitationsOpenMixin, EditionPermissionMixin, FormView):
    permission = rules.can_manage_participants
    template_name = "participants/orga/invite_bulk.html"
    form_class = BulkInvitationForm

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["edition"] = self.request.edition
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        # The names a line may use to join a company instead of creating a namesake.
        kwargs["companies"] = companies_of(self.request.edition).values_list("name", flat=True)
        return super().get_context_data(**kwargs)

    def form_valid(self, form: BulkInvitationForm) -> HttpResponse:
        edition = self.request.edition
        try:
            # Refused once for the page under the edition's lock, not line by line.
            with unsent_mail() as unsent, transaction.atomic():
                registration.check_invitations_open(edition)
                invited = bulk_invitations.invite_participants_in_bulk(
                    edition,
                    by=self.request.user,
                    text=form.cleaned_data["lines"],
                    role=form.cleaned_data["role"],
                    languages=form.cleaned_data["languages"],
                    language=form.cleaned_data["language"],
                    new_company_fields=form.new_company_fields(),
                )
        except DomainError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        except ValidationError as error:
            add_errors(form, error, rename={})
            return self.form_invalid(form)
        tell_invitations_sent(self.request, invited=len(invited), unsent=unsent)
        url = reverse("participants:participant-list", args=[edition.slug])
        return HttpResponseRedirect(f"{url}?status=invited")


def tell_invitations_sent(request: HttpRequest, *, invited: int, unsent: UnsentMail) -> None:
    """The messages after `invited` invitations, of which those to `unsent` (`unsent_mail`)
    could not be mailed, and `unsent.queued` wait in the outbox (`accounts.outbox`): queued,
    not sent, whose fate the edition's Emails page tells."""
    queued = unsent.queued
    sent = invited - len(unsent) - queued
    if queued:
        messages.success(request, queued_message(queued))
    if sent > 0:
        messages.success(
            request,
            ngettext("%(count)d invitation sent.", "%(count)d invitations sent.", sent)
            % {"count": sent},
        )
    if unsent:
        messages.warning(request, _bulk_unsent_message(unsent))


def _bulk_unsent_message(unsent: list[str]) -> str:
    return ngettext(
        "%(count)d invitation could not be mailed (the mail server failed): %(emails)s. "
        "The person is invited: resend the invitation from their page later.",
        "%(count)d invitations could not be mailed (the mail server failed): %(emails)s. "
        "These people are invited: resend each invitation from their page later.",
        len(unsent),
    ) % {"count": len(unsent), "emails": ", ".join(address for address in unsent if address)}


class NewLinkMailView(EditionPermissionMixin, View):
    """POST: mail a participant a new personal link through `send`; earlier ones stop working."""

    permission = rules.can_manage_participants

    def send(self, participant: Participant, *, by: Any) -> object:
        raise NotImplementedError

    def sent_message(self, participant: Participant) -> str:
        raise NotImplementedError

    def unsent_message(self, participant: Participant) -> str:
        """The mail did not leave, and the earlier links no longer work."""
        return _(
            "The new link could not be mailed to %(email)s (the mail server failed), and "
            "earlier links no longer work: send a new one later."
        ) % {"email": participant.email_for_organisers()}

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        participant = participant_for(request.edition, kwargs["pk"])  # type: ignore[attr-defined]
        try:
            with unsent_mail() as unsent:
                self.send(participant, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            if unsent:
                messages.warning(request, self.unsent_message(participant))
            else:
                messages.success(request, self.sent_message(participant))
        return HttpResponseRedirect(_back_to(request, participant))


class ResendInvitationView(NewLinkMailView):
    """A new invitation link for a participant who has not registered yet."""

    def send(self, participant: Participant, *, by: Any) -> object:
        return registration.resend_invitation(participant, by=by)

    def sent_message(self, participant: Participant) -> str:
        return _("A new invitation was sent to %(email)s; earlier links no longer work.") % {
            "email": participant.email_for_organisers()
        }


class PasswordLinkView(NewLinkMailView):
    """A new set-password link for a participant who never chose a password."""

    def send(self, participant: Participant, *, by: Any) -> object:
        return password_links.send_password_link(participant, by=by)

    def sent_message(self, participant: Participant) -> str:
        return _(
            "A link to choose a password was sent to %(email)s; earlier links no longer work."
        ) % {"email": participant.email_for_organisers()}
