"""Where a person lands after logging in; choosing a first password through a link."""

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from paddock.accounts import services
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


# Named, because a login without authenticate() must say which backend vouches for the user
# once several are configured.
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


class SetPasswordView(View):
    """The link mailed to someone an organiser added: choose a first password, and log in."""

    template_name = "accounts/set_password.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            token = services.find_password_link(kwargs["token"])
        except services.TokenError as error:
            return self._problem(error)
        return self._page(SetPasswordForm(token.user))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            token = services.find_password_link(kwargs["token"])
        except services.TokenError as error:
            return self._problem(error)
        form = SetPasswordForm(token.user, request.POST)
        if not form.is_valid():
            return self._page(form)
        try:
            user = services.set_password_from_link(
                kwargs["token"], password=form.cleaned_data["new_password1"]
            )
        except services.TokenError as error:
            return self._problem(error)
        except ValidationError as error:
            form.add_error("new_password2", error.messages)
            return self._page(form)
        login(request, user, backend=MODEL_BACKEND)
        messages.success(request, _("Your password is saved: you are logged in."))
        return HttpResponseRedirect(reverse("accounts:after-login"))

    def _page(self, form: SetPasswordForm) -> HttpResponse:
        return render(self.request, self.template_name, {"form": form})

    def _problem(self, error: services.TokenError) -> HttpResponse:
        status = 404 if error.code == "invalid" else 410
        context = {"message": error.message, "code": error.code}
        return render(self.request, self.template_name, context, status=status)
