"""Where a person lands after logging in; choosing a first password through a link; lock-outs
and throttled password resets."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import (
    INTERNAL_RESET_SESSION_TOKEN,
    PasswordResetConfirmView,
    PasswordResetView,
)
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.decorators.cache import never_cache
from django_ratelimit.core import is_ratelimited

from paddock.accounts import services
from paddock.api import services as api_tokens
from paddock.api.enums import RevokeReason
from paddock.api.queries import live_tokens_of
from paddock.events.enums import EditionRole
from paddock.events.landing import editions_with_role, landing_url
from paddock.events.queries import edition_of_the_day, not_over
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
    upcoming = not_over(participations, edition="edition")
    return (
        upcoming.order_by("edition__start_date").first()
        or participations.order_by("-edition__end_date").first()
    )


class AfterLoginView(LoginRequiredMixin, View):
    """Each role lands on its work: organisers on their editions, staff on their edition's
    overview, check-in agents at the desk of today's edition (or the next one, with a note),
    zone hosts on their visits, participants in their edition's portal."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if _organises(user):
            return HttpResponseRedirect(reverse("events:dashboard"))
        for role in (EditionRole.STAFF, EditionRole.CHECKIN, EditionRole.ZONE_HOST):
            edition = edition_of_the_day(editions_with_role(user, role))
            if edition is not None:
                if role == EditionRole.CHECKIN:
                    _note_when_not_today(request, edition)
                return HttpResponseRedirect(landing_url(edition, role))
        participation = _main_participation(user)
        if participation is not None:
            return HttpResponseRedirect(_portal_url(participation))
        return HttpResponseRedirect(reverse("events:dashboard"))


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
        login(request, user)
        messages.success(request, _("Your password is saved: you are logged in."))
        return HttpResponseRedirect(reverse("accounts:after-login"))

    def _page(self, form: SetPasswordForm) -> HttpResponse:
        return render(self.request, self.template_name, {"form": form})

    def _problem(self, error: services.TokenError) -> HttpResponse:
        status = 404 if error.code == "invalid" else 410
        context = {"message": error.message, "code": error.code}
        return render(self.request, self.template_name, context, status=status)


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """django-axes' answer to a locked-out login (AXES_LOCKOUT_CALLABLE): 429 in our layout."""
    minutes = settings.LOGIN_LOCKOUT_MINUTES
    message = ngettext(
        "Too many failed attempts to log in: logging in is blocked for %(minutes)s minute. "
        "Try again later.",
        "Too many failed attempts to log in: logging in is blocked for %(minutes)s minutes. "
        "Try again later.",
        minutes,
    ) % {"minutes": minutes}
    return render(request, "accounts/locked_out.html", {"lockout_message": message}, status=429)


def _reset_is_throttled(request: HttpRequest, email: str) -> bool:
    """Count one more reset request for the address and for the client; True over a limit."""
    over_limits = [
        is_ratelimited(
            request,
            group="accounts:password-reset:email",
            key=lambda _group, _request: email.strip().lower(),
            rate=settings.PASSWORD_RESET_RATE_PER_EMAIL,
            increment=True,
        ),
        is_ratelimited(
            request,
            group="accounts:password-reset:ip",
            key="ip",
            rate=settings.PASSWORD_RESET_RATE_PER_IP,
            increment=True,
        ),
    ]
    return any(over_limits)


class ThrottledPasswordResetView(PasswordResetView):
    """Django's password reset, sending no email past a few requests per address or client.

    Every address counts, known or not, so the answer never tells whether it has an account.
    """

    def form_valid(self, form: Any) -> HttpResponse:
        if _reset_is_throttled(self.request, form.cleaned_data["email"]):
            message = _("Too many requests for a new password: please try again later.")
            form.add_error("email", ValidationError(message, code="throttled"))
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)


class ResetPasswordConfirmView(PasswordResetConfirmView):
    """Django's last step of "Forgotten password?": the new password also revokes the
    account's API tokens, in the same transaction. Someone who lost control of the account
    resets it, and whoever held it may have made tokens; a new password already ends their
    sessions. A password changed while logged in (the admin's page) keeps the tokens."""

    @method_decorator(never_cache)
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """A link mailed before the site's administrators turned the account off sets no
        password (Django's reset checks `is_active` only when it mails the link): the page says
        why, to the link's holder only, so that an address's account cannot be probed."""
        user = self.get_user(kwargs["uidb64"])
        try:
            services.check_not_turned_off(user)
        except services.TokenError as error:
            if self._holds_link(user, kwargs["token"]):
                context = {"turned_off": error.message}
                return render(request, self.template_name, context, status=410)
        return super().dispatch(request, *args, **kwargs)

    def _holds_link(self, user: Any, token: str) -> bool:
        """Whether `token` is the user's reset link, as Django's view checks it: the link's,
        or, on the page it redirects to, the one it kept in the session."""
        if token == self.reset_url_token:
            token = self.request.session.get(INTERNAL_RESET_SESSION_TOKEN, "")
        return bool(self.token_generator.check_token(user, token))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if context.get("validlink"):
            context["live_tokens"] = live_tokens_of(self.user).count()
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        with transaction.atomic():
            response = super().form_valid(form)
            revoked = api_tokens.revoke_tokens_of(
                self.user, by=self.user, reason=RevokeReason.PASSWORD_RESET
            )
        if revoked:
            message = ngettext(
                "Your %(count)d API token is revoked: tools using it are refused. Make a new "
                "one on the API tokens page once logged in.",
                "Your %(count)d API tokens are revoked: tools using them are refused. Make new "
                "ones on the API tokens page once logged in.",
                revoked,
            )
            messages.info(self.request, message % {"count": revoked})
        return response


def _organises(user: Any) -> bool:
    return bool(
        user.is_superuser
        or user.organisers.exists()
        or editions_with_role(user, EditionRole.ORGANISER).exists()
    )


def _note_when_not_today(request: HttpRequest, edition: Any) -> None:
    today = edition.today()
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
