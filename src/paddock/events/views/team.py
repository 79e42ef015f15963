"""The edition's team: the organiser adds staff and check-in agents by email and removes them;
someone invited without an account joins through the emailed link."""

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
from django.views.generic import FormView

from paddock.accounts import services as accounts
from paddock.accounts.enums import TokenPurpose
from paddock.events import rules, services
from paddock.events.exceptions import TeamError
from paddock.events.forms import JoinTeamForm, TeamMemberForm
from paddock.events.landing import landing_url
from paddock.events.models import EditionMembership
from paddock.events.queries import team_of
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

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        edition = self.request.edition
        context["memberships"] = team_of(edition)
        context["organisers"] = edition.series.organiser.members.order_by("email")
        return context

    def perform(self, form: TeamMemberForm) -> str:
        membership = services.add_team_member(
            self.request.edition, by=self.request.user, **form.cleaned_data
        )
        if membership.user.has_usable_password():
            message = _("%(email)s joins the team (%(role)s); we emailed them the link.")
        else:
            message = _("%(email)s joins the team (%(role)s); we emailed them an invitation.")
        messages.success(
            self.request,
            message % {"email": membership.user.email, "role": membership.get_role_display()},
        )
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


class JoinTeamView(FormView):
    """The team invitation's link: choose a password, and land where the role works."""

    template_name = "events/public/join_team.html"
    form_class = JoinTeamForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.edition = request.edition  # type: ignore[attr-defined]
        try:
            token = accounts.find_token(
                kwargs["token"], purpose=TokenPurpose.INVITATION, edition=self.edition
            )
        except accounts.TokenError as error:
            if error.token is not None and not self.in_team(error.token.user):
                return self.problem(removed_error())
            return self.problem(error)
        self.membership = self.edition.memberships.filter(user=token.user).first()
        if self.membership is None:
            return self.problem(removed_error())
        if token.user.has_usable_password():
            # Chosen meanwhile (a password reset): the login page serves them.
            return redirect_to_login(landing_url(self.edition, self.membership.role))
        return super().dispatch(request, *args, **kwargs)

    def in_team(self, user: Any) -> bool:
        return bool(self.edition.memberships.filter(user=user).exists())

    def problem(self, error: Any) -> HttpResponse:
        context = {"edition": self.edition, "message": error.message}
        status = 404 if error.code == "invalid" else 410
        return render(self.request, "events/public/join_problem.html", context, status=status)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(edition=self.edition, membership=self.membership, **kwargs)

    def form_valid(self, form: JoinTeamForm) -> HttpResponse:
        try:
            membership = services.join_team(
                self.edition, token=self.kwargs["token"], **form.cleaned_data
            )
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
