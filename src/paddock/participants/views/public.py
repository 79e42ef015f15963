"""Registration pages of an edition: the open form, accepting an invitation, confirming an
email address, asking for a new link; and the portal's home, where participants land."""

from typing import Any
from urllib.parse import quote

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView
from django_ratelimit.core import is_ratelimited

from paddock.accounts import services as accounts
from paddock.accounts.enums import TokenPurpose
from paddock.accounts.mail import unsent_mail
from paddock.events.landing import entry_url
from paddock.events.privacy import consent_text
from paddock.participants import registration, rules
from paddock.participants.join_requests import JoinRequestError
from paddock.participants.models import JoinRequest, Participant
from paddock.participants.queries import pending_join_request_count
from paddock.participants.registration_forms import (
    AcceptInvitationForm,
    ConfirmAddressForm,
    RegistrationForm,
)
from paddock.participants.views.home import home_content
from paddock.participants.views.invitations import add_errors
from paddock.participants.views.mixins import ParticipantMixin

LINK_PROBLEM = "participants/public/link_problem.html"

# Where the open registration's service errors go in its form.
_REGISTRATION_FIELDS = {
    "name": "company_name",
    "country": "company_country",
    "city": "company_city",
    "sector": "company_sector",
    "size": "company_size",
    "website": "company_website",
}


def _home_url(edition: Any) -> str:
    return reverse("participants-portal:home", args=[edition.slug])


def link_problem(
    request: HttpRequest, error: Exception, *, purpose: TokenPurpose, token: str
) -> HttpResponse:
    """The page of a link that does not work: why, and how to get a new one. A declined
    invitation's link says so, whatever else went wrong (its account may be gone)."""
    edition = request.edition  # type: ignore[attr-defined]
    if purpose == TokenPurpose.INVITATION:
        error = registration.declined_link(edition, token) or error
    code = getattr(error, "code", "invalid")
    renewable = code in {"expired", "replaced"}
    context = {
        "edition": edition,
        "message": getattr(error, "message", str(error)),
        "code": code,
        "purpose": purpose,
        "token": token,
        # A closed edition's links can no longer be renewed: nothing to ask, and the page
        # says why rather than leave "expired" as the last word.
        "can_ask": renewable and registration.invitations_open(edition),
        "closed": renewable and not registration.invitations_open(edition),
    }
    status = {"invalid": 404, "wrong_account": 403}.get(code, 410)  # `declined` is 410 too
    return render(request, LINK_PROBLEM, context, status=status)


class RegisterView(FormView):
    """The open form, only while the edition's registration is open (404 otherwise)."""

    template_name = "participants/public/register.html"
    form_class = RegistrationForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.edition.open_form_accepted:  # type: ignore[attr-defined]
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Counted before the form is read, valid or not: each one hashes a password and may
        # send a mail. The client address is `core.network.client_ip` (RATELIMIT_IP_META_KEY).
        if is_ratelimited(
            request,
            group="participants:open-form:ip",
            key="ip",
            rate=settings.OPEN_FORM_RATE_PER_IP,
            increment=True,
        ):
            message = _(
                "Too many registration forms were sent from your network address. Try again "
                "later: nothing was saved."
            )
            return render(request, "429.html", {"message": message}, status=429)
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "consent": consent_text(self.request.edition)}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        # The URL's `edition` keyword is the slug: the context carries the edition itself.
        kwargs["edition"] = self.request.edition
        return super().get_context_data(**kwargs)

    def form_valid(self, form: RegistrationForm) -> HttpResponse:
        edition = self.request.edition
        data = form.cleaned_data
        try:
            registration.register_openly(
                edition,
                email=data["email"],
                password=data["password"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                job_title=data["job_title"],
                company_fields=form.company_fields(),
                role=data["role"],
                languages=data["languages"],
                language=(get_language() or "en")[:2],
                join_company=data["join_company"],
                consent_version=data["consent_version"],
            )
        except registration.RegistrationError as error:
            if error.code == "registration_closed":
                raise Http404 from error
            if error.code == "company_exists":
                form.offer_to_join()
            if error.field == "consent":
                form.show_consent_again()
            field = _REGISTRATION_FIELDS.get(error.field or "", error.field)
            form.add_error(field if field in form.fields else None, error.message)
            return self.form_invalid(form)
        except ValidationError as error:
            add_errors(form, error, rename=_REGISTRATION_FIELDS)
            return self.form_invalid(form)
        # The same answer whichever mail the form sent (to a new address, or to the owner of
        # one taking part already), and whether it left or not: the owner's answer goes once
        # an hour, a new address's link every time, so a page saying that the mail server
        # failed would tell a stranger which addresses take part (#16).
        return HttpResponseRedirect(
            reverse("participants-portal:register-sent", args=[edition.slug])
        )


class RegisterSentView(TemplateView):
    template_name = "participants/public/register_sent.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        # The URL's `edition` keyword is the slug: the context carries the edition itself.
        kwargs["edition"] = self.request.edition
        return super().get_context_data(**kwargs)


class AcceptInvitationView(FormView):
    """The invitation's link: choose a password, check one's details, and register.

    An account that can log in already is asked to log in first (and come back); another
    account logged in is refused."""

    template_name = "participants/public/accept_invitation.html"
    form_class = AcceptInvitationForm
    purpose = TokenPurpose.INVITATION

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.edition = request.edition  # type: ignore[attr-defined]
        try:
            self.token = accounts.not_disabled(
                accounts.find_token(kwargs["token"], purpose=self.purpose, edition=self.edition)
            )
        except accounts.TokenError as error:
            return link_problem(request, error, purpose=self.purpose, token=kwargs["token"])
        self.participant = self.edition.participants.filter(user=self.token.user).first()
        if self.participant is None:
            raise Http404
        try:
            registration.check_invitation_acceptable(self.edition)
            registration.check_invitation_acceptor(self.token.user, by=request.user)
        except registration.RegistrationError as error:
            if error.code == "login_required":
                return self.login_first()
            return link_problem(request, error, purpose=self.purpose, token=kwargs["token"])
        return super().dispatch(request, *args, **kwargs)

    def login_first(self) -> HttpResponse:
        """The account exists and has a password: its owner logs in, then comes back here."""
        login_url = f"{reverse('accounts:login')}?next={quote(self.request.path)}"
        context = {
            "edition": self.edition,
            "invitee": self.token.user,
            "login_url": login_url,
            "token": self.kwargs["token"],
        }
        return render(self.request, "participants/public/invitation_login.html", context)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["ask_password"] = not registration.invitation_needs_login(self.token.user)
        kwargs["consent"] = consent_text(self.edition)
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        user = self.token.user
        return {
            "first_name": user.first_name,
            "last_name": user.last_name,
            "job_title": self.participant.job_title,
            "languages": self.participant.languages,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            edition=self.edition, participant=self.participant, invitee=self.token.user, **kwargs
        )

    def form_valid(self, form: AcceptInvitationForm) -> HttpResponse:
        token = self.kwargs["token"]
        try:
            participant = registration.register_from_invitation(
                self.edition,
                token=token,
                by=self.request.user,
                password=form.cleaned_data.get("password", ""),
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                job_title=form.cleaned_data["job_title"],
                languages=form.cleaned_data["languages"],
                consent_version=form.cleaned_data["consent_version"],
            )
        except registration.RegistrationError as error:
            if error.field != "consent":
                return link_problem(self.request, error, purpose=self.purpose, token=token)
            form.show_consent_again()
            form.add_error("consent", error.message)
            return self.form_invalid(form)
        except accounts.TokenError as error:
            return link_problem(self.request, error, purpose=self.purpose, token=token)
        except ValidationError as error:
            add_errors(form, error, rename={})
            return self.form_invalid(form)
        if not self.request.user.is_authenticated:
            login(self.request, participant.user)
        messages.success(
            self.request,
            _("Welcome! You are registered; the organiser will now validate your participation."),
        )
        return HttpResponseRedirect(_home_url(self.edition))


class DeclineInvitationView(View):
    """The invitation's decline link: a page with a button (mail scanners open links), and the
    POST declines. No login needed: saying no opens nothing."""

    purpose = TokenPurpose.INVITATION

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        edition = request.edition  # type: ignore[attr-defined]
        try:
            accounts.find_token(kwargs["token"], purpose=self.purpose, edition=edition)
        except accounts.TokenError as error:
            return link_problem(request, error, purpose=self.purpose, token=kwargs["token"])
        context = {"edition": edition, "declined": False}
        return render(request, "participants/public/decline_invitation.html", context)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        edition = request.edition  # type: ignore[attr-defined]
        try:
            registration.decline_invitation(edition, token=kwargs["token"])
        except (accounts.TokenError, registration.RegistrationError) as error:
            return link_problem(request, error, purpose=self.purpose, token=kwargs["token"])
        context = {"edition": edition, "declined": True}
        return render(request, "participants/public/decline_invitation.html", context)


class VerifyEmailView(View):
    """The verification link (a kept open form's, or one of a registration made before forms
    were kept): a page with a button, so that mail scanners that open links confirm nothing;
    the POST confirms, and logs the person in when they typed the form's password (an account
    active already is not logged in by the link alone). While the address has no account of
    its own, the page asks for the password given on the form,
    so that the owner's click on a link a stranger's form sent gives the stranger nothing; a
    wrong password counts as a failed login (django-axes), and a locked-out account or client
    confirms nothing."""

    purpose = TokenPurpose.EMAIL_VERIFICATION
    template_name = "participants/public/verify_email.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.edition = request.edition  # type: ignore[attr-defined]
        # A kept open form's link; else a link of a registration made before forms were kept.
        self.pending = registration.pending_for_link(self.edition, kwargs["token"])
        try:
            if self.pending is not None:
                registration.check_pending_confirmable(self.edition, self.pending)
                self.email = self.pending.email
                self.asks_password = registration.pending_asks_password(self.pending)
            else:
                self.token = accounts.find_token(
                    kwargs["token"], purpose=self.purpose, edition=self.edition
                )
                accounts.check_not_turned_off(self.token.user)
                registration.check_confirmable(self.edition)
                self.email = self.token.user.email
                self.asks_password = registration.confirmation_asks_password(self.token)
        except (accounts.TokenError, registration.RegistrationError) as error:
            return link_problem(request, error, purpose=self.purpose, token=kwargs["token"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self._page(ConfirmAddressForm(ask_password=self.asks_password))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = ConfirmAddressForm(request.POST, ask_password=self.asks_password)
        if not form.is_valid():
            return self._page(form)
        confirmed = self._confirm(form)
        if isinstance(confirmed, HttpResponse):
            return confirmed
        if isinstance(confirmed, JoinRequest):
            context = {"edition": self.edition, "join_request": confirmed}
            return render(request, "participants/public/join_request_sent.html", context)
        home = _home_url(self.edition)
        if self.asks_password:  # the form's password was typed: as good as a login
            login(request, confirmed.user)
        elif request.user.pk != confirmed.user.pk:
            # An account active already: the link alone, which anyone it was forwarded to
            # holds too, confirms the address but logs nobody in (as an invitation's).
            messages.success(
                request,
                _(
                    "Your email address is confirmed; the organiser will now validate your "
                    "registration. Log in with your password to follow it."
                ),
            )
            return HttpResponseRedirect(f"{reverse('accounts:login')}?next={quote(home)}")
        messages.success(
            request,
            _(
                "Your email address is confirmed; the organiser will now validate your "
                "registration."
            ),
        )
        return HttpResponseRedirect(home)

    def _confirm(self, form: ConfirmAddressForm) -> Participant | JoinRequest | HttpResponse:
        """What the link confirmed, or the page that says why it did not."""
        request, token = self.request, self.kwargs["token"]
        # The login form's name for the account, as django-axes counts its failures.
        credentials = {"username": self.email}
        if self.asks_password and not AxesProxyHandler.is_allowed(request, credentials):
            return get_lockout_response(request, None, credentials)
        try:
            return registration.verify_email(
                self.edition, token=token, password=form.cleaned_data.get("password", "")
            )
        except registration.RegistrationError as error:
            if error.code != "wrong_password":
                return link_problem(request, error, purpose=self.purpose, token=token)
            # A failed login: django-axes counts it (and its middleware answers a lock-out).
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            form.add_error("password", error.message)
            return self._page(form)
        except (accounts.TokenError, JoinRequestError) as error:
            return link_problem(request, error, purpose=self.purpose, token=token)

    def _page(self, form: ConfirmAddressForm) -> HttpResponse:
        context = {
            "edition": self.edition,
            "email": self.email,
            # What the click makes, for a kept form: someone else may have filled it in; the
            # password typed picks one of several (`forms_a_link_confirms`).
            "pending": self.pending,
            "several_forms": self.asks_password
            and self.pending is not None
            and len(registration.forms_a_link_confirms(self.pending)) > 1,
            "form": form,
            "asks_password": self.asks_password,
        }
        return render(self.request, self.template_name, context)


class NewLinkView(View):
    """POST from a link that no longer works: a new verification link, or a word to the
    organisers for a new invitation."""

    purpose = TokenPurpose.INVITATION

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        edition = request.edition  # type: ignore[attr-defined]
        try:
            with unsent_mail() as unsent:
                outcome = registration.ask_for_new_link(
                    edition, token=kwargs["token"], purpose=self.purpose
                )
        except (accounts.TokenError, registration.RegistrationError) as error:
            return link_problem(request, error, purpose=self.purpose, token=kwargs["token"])
        if unsent and outcome == "sent":
            outcome = "unsent"
        context = {"edition": edition, "outcome": outcome}
        return render(request, "participants/public/new_link.html", context)


class AskNewInvitationView(View):
    """The link of the mail that answers the open form sent with an invited person's address:
    a page with a button (mail scanners open links), and the POST tells the organisers that
    the person wants a new invitation."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        context = {"edition": request.edition}  # type: ignore[attr-defined]
        return render(request, "participants/public/ask_new_invitation.html", context)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        edition = request.edition  # type: ignore[attr-defined]
        try:
            registration.ask_for_new_invitation(edition, signed=kwargs["signed"])
        except registration.RegistrationError as error:
            # No stored link: nothing to ask again from this page.
            return link_problem(request, error, purpose=TokenPurpose.INVITATION, token="")
        context = {"edition": edition, "outcome": "organisers_told"}
        return render(request, "participants/public/new_link.html", context)


class PortalHomeView(ParticipantMixin, TemplateView):
    """Where participants land: the edition, its dates and status, and theirs."""

    template_name = "participants/portal/home.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().dispatch(request, *args, **kwargs)
        except PermissionDenied:
            # No participant row: the team's own pages, or the registration form while it is
            # open, serve them better than a refusal (events.landing.entry_url).
            url = entry_url(request.user, request.edition, takes_part=False)  # type: ignore[attr-defined]
            if url is None:
                raise
            return HttpResponseRedirect(url)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        participant = self.request.participant  # type: ignore[attr-defined]
        joins = 0
        if rules.can_answer_join_requests(participant):
            joins = pending_join_request_count(participant)
        context["content"] = home_content(self.request.edition, participant, joins)  # type: ignore[attr-defined]
        return context
