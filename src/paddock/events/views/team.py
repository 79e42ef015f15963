"""The edition's team: the organiser invites staff, check-in agents and zone hosts by email,
withdraws invitations and removes roles; the person invited accepts (logged in, or choosing a
password) or declines through the emailed link."""

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, View

from paddock.accounts import services as accounts
from paddock.accounts.enums import TokenPurpose
from paddock.accounts.mail import language_for, unsent_mail
from paddock.core.forms import Form
from paddock.events import rules, services
from paddock.events.enums import EditionRole, TeamInvitationStatus
from paddock.events.exceptions import TeamError
from paddock.events.forms import JoinTeamForm, TeamMemberForm
from paddock.events.landing import landing_url
from paddock.events.models import EditionMembership, TeamInvitation
from paddock.events.queries import team_invitations_of, team_of
from paddock.events.services.team import removed_error
from paddock.events.views.common import OrganiserDeleteView, OrganiserFormView


def _team_url(edition: Any) -> str:
    return reverse("events:team", args=[edition.slug])


def membership_for(request: HttpRequest, pk: int) -> EditionMembership:
    """A team role of the request's edition, or 404."""
    membership = get_object_or_404(
        EditionMembership.objects.select_related("user"),
        edition=request.edition,  # type: ignore[attr-defined]
        pk=pk,
    )
    membership.edition = request.edition  # type: ignore[attr-defined]
    return membership


class TeamView(OrganiserFormView):
    """Who works on the edition, and the form that adds someone."""

    permission = rules.can_manage_team
    template_name = "events/orga/team.html"
    form_class = TeamMemberForm

    def get_initial(self) -> dict[str, Any]:
        return {"language": language_for(None, self.request.edition)}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        edition = self.request.edition
        context["memberships"] = team_of(edition)
        context["invitations"] = team_invitations_of(edition)
        context["organisers"] = edition.series.organiser.members.order_by("email")
        return context

    def perform(self, form: TeamMemberForm) -> str:
        with unsent_mail() as unsent:
            invitation = services.invite_team_member(
                self.request.edition, by=self.request.user, **form.cleaned_data
            )
        # The same words whether the address has an account or not: nothing of it is told.
        words = {"email": invitation.email, "role": invitation.get_role_display()}
        if unsent:
            message = _(
                "The invitation to the team (%(role)s) could not be mailed to %(email)s (the "
                "mail server failed): withdraw it and invite them again later."
            )
            messages.warning(self.request, message % words)
        else:
            message = _(
                "We emailed %(email)s an invitation to the team (%(role)s): they hold the role "
                "once they accept it."
            )
            messages.success(self.request, message % words)
        return _team_url(self.request.edition)


class TeamMemberRemoveView(OrganiserDeleteView):
    permission = rules.can_manage_team

    @cached_property
    def membership(self) -> EditionMembership:
        return membership_for(self.request, self.kwargs["membership"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        membership = self.membership
        context["question"] = _("Remove %(name)s (%(role)s) from the team?") % {
            "name": membership.user,
            "role": membership.get_role_display(),
        }
        context["consequence"] = _("They will no longer open this edition's pages.")
        context["cancel_url"] = _team_url(self.request.edition)
        return context

    def perform(self) -> str:
        try:
            services.remove_team_member(self.membership, by=self.request.user)
        except TeamError as error:
            messages.error(self.request, error.message)
        else:
            messages.success(
                self.request, _("%(name)s left the team.") % {"name": self.membership.user}
            )
        return _team_url(self.request.edition)


class TeamInvitationWithdrawView(OrganiserDeleteView):
    permission = rules.can_manage_team

    @cached_property
    def invitation(self) -> TeamInvitation:
        """A pending invitation: a declined one stays, so that the address is not asked
        again (`services.withdraw_team_invitation`)."""
        return get_object_or_404(
            TeamInvitation,
            edition=self.request.edition,  # type: ignore[attr-defined]
            pk=self.kwargs["invitation"],
            status=TeamInvitationStatus.PENDING,
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        invitation = self.invitation
        context["question"] = _("Withdraw the invitation of %(email)s (%(role)s)?") % {
            "email": invitation.email,
            "role": invitation.get_role_display(),
        }
        context["consequence"] = _("The link we emailed them will no longer work.")
        context["cancel_url"] = _team_url(self.request.edition)
        return context

    def perform(self) -> str:
        try:
            services.withdraw_team_invitation(self.invitation, by=self.request.user)
        except TeamError as error:
            messages.error(self.request, error.message)
        else:
            messages.success(
                self.request,
                _("The invitation of %(email)s is withdrawn.") % {"email": self.invitation.email},
            )
        return _team_url(self.request.edition)


class JoinTeamView(FormView):
    """The team invitation's link. Someone with an account logs in (the link sends them to the
    login page and back) and accepts; someone without one chooses a password. Either way they
    land where the role works."""

    template_name = "events/public/join_team.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.edition = request.edition  # type: ignore[attr-defined]
        try:
            token = accounts.find_token(
                kwargs["token"], purpose=TokenPurpose.TEAM_INVITATION, edition=self.edition
            )
        except accounts.TokenError as error:
            if error.token is not None:
                return self.used_link(request, error)
            return self.problem(error)
        self.invitee = token.user
        try:
            accounts.check_not_turned_off(self.invitee)
        except accounts.TokenError as error:
            return self.problem(error)
        self.invitation = self.edition.team_invitations.filter(
            user=self.invitee, status=TeamInvitationStatus.PENDING
        ).first()
        membership = self.edition.memberships.filter(user=self.invitee).first()
        if self.invitation is None and membership is None:
            return self.problem(removed_error())
        self.role = self.invitation.role if self.invitation else membership.role  # type: ignore[union-attr]
        elsewhere = self.answer_elsewhere(request)
        if elsewhere is not None:
            return elsewhere
        return super().dispatch(request, *args, **kwargs)

    def answer_elsewhere(self, request: HttpRequest) -> HttpResponse | None:
        """Where someone goes who may not answer here as they are: another account logged in
        (a forwarded email, a shared computer; as for a participant's invitation, they neither
        accept nor choose the password), or the invitee not logged in with their password."""
        if request.user.is_authenticated and request.user != self.invitee:
            message = _(
                "This invitation is for %(invitee)s, and you are logged in as %(user)s: log "
                "out, then open the link again."
            ) % {"invitee": self.invitee.email, "user": request.user.email}
            context = {"edition": self.edition, "message": message, "wrong_account": True}
            return render(request, "events/public/join_problem.html", context, status=403)
        if self.invitee.has_usable_password():
            if self.invitation is None:
                # A role given before invitations needed an answer, password chosen meanwhile.
                return redirect_to_login(landing_url(self.edition, self.role))
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
        return None

    def used_link(self, request: HttpRequest, error: accounts.TokenError) -> HttpResponse:
        """A link that no longer works, of a known person: once they joined (the page open in
        another tab, the email opened again), the role's pages, after logging in; else why."""
        invitee = error.token.user  # type: ignore[union-attr]
        membership = self.edition.memberships.filter(user=invitee).first()
        if membership is not None and error.code == "used":
            landing = landing_url(self.edition, membership.role)
            if request.user == invitee:
                return HttpResponseRedirect(landing)
            return redirect_to_login(landing)
        if not self.in_team(invitee):
            return self.problem(removed_error())
        return self.problem(error)

    def in_team(self, user: Any) -> bool:
        return bool(
            self.edition.memberships.filter(user=user).exists()
            or self.edition.team_invitations.filter(user=user).exists()
        )

    def problem(self, error: Any) -> HttpResponse:
        context = {"edition": self.edition, "message": error.message, "code": error.code}
        status = 404 if error.code == "invalid" else 410
        return render(self.request, "events/public/join_problem.html", context, status=status)

    def get_form_class(self) -> type[Form]:
        return Form if self.invitee.has_usable_password() else JoinTeamForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            edition=self.edition,
            email=self.invitee.email,
            role=EditionRole(self.role).label,
            has_password=self.invitee.has_usable_password(),
            **kwargs,
        )

    def form_valid(self, form: Form) -> HttpResponse:
        token = self.kwargs["token"]
        try:
            if self.invitee.has_usable_password():
                membership = services.accept_team_invitation(
                    self.edition, token=token, by=self.request.user
                )
            else:
                membership = services.join_team(self.edition, token=token, **form.cleaned_data)
        except (accounts.TokenError, TeamError) as error:
            return self.problem(error)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)
        login(self.request, membership.user)
        messages.success(
            self.request, _("Welcome to the team of %(edition)s!") % {"edition": self.edition}
        )
        return HttpResponseRedirect(landing_url(self.edition, membership.role))


class DeclineTeamView(View):
    """The invitation's decline link: a page with a button (mail scanners open links), and the
    POST declines. No login needed: saying no opens nothing."""

    template_name = "events/public/decline_team.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        edition = request.edition  # type: ignore[attr-defined]
        try:
            accounts.find_token(
                kwargs["token"], purpose=TokenPurpose.TEAM_INVITATION, edition=edition
            )
        except accounts.TokenError as error:
            return self.problem(edition, error)
        return render(request, self.template_name, {"edition": edition, "declined": False})

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        edition = request.edition  # type: ignore[attr-defined]
        try:
            services.decline_team_invitation(edition, token=kwargs["token"])
        except (accounts.TokenError, TeamError) as error:
            return self.problem(edition, error)
        return render(request, self.template_name, {"edition": edition, "declined": True})

    def problem(self, edition: Any, error: Any) -> HttpResponse:
        context = {"edition": edition, "message": error.message}
        status = 404 if error.code == "invalid" else 410
        return render(self.request, "events/public/join_problem.html", context, status=status)
