import unicodedata
from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from paddock.accounts.delivery import _deliver
from paddock.accounts.enums import MailKind, OutgoingMailKind
from paddock.accounts.mail import SUPPORTED, _HtmlEmail, absolute_url
from paddock.accounts.outbox import queued_mail
from paddock.core.forms import CleanTextMixin, Form
from paddock.core.links import with_language


class EmailAuthenticationForm(AuthenticationForm):
    """Login by email address, whatever its case.

    An inactive account is refused as a wrong password is, with the same message and after
    the same hashing (the backend's): telling them apart would tell whoever typed a password
    on the open form for someone else's address whether that address had an account (#16).
    """

    username = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).strip().lower()


class PasswordResetForm(CleanTextMixin, DjangoPasswordResetForm):
    """Django's reset, also for active accounts that never chose a password.

    Django skips accounts without a usable password; an organiser (or the admin) adds people
    that way, and the reset is their way in when their set-password link is lost or expired.
    An account that has logged in before and has no usable password had it disabled in the
    admin: it stays so. The page answers the same whether an account exists or not.
    """

    def get_users(self, email: str) -> Iterator[Any]:
        users = get_user_model()._default_manager.filter(email__iexact=email, is_active=True)
        return (
            user
            for user in users
            if _folded(user.email) == _folded(email) and not user.is_password_disabled
        )

    def send_mail(  # noqa: PLR0917 (Django's signature, called positionally)
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        """In the account's chosen language, else the page's: the mail is for the address's
        owner, whoever asked. Its link opens in the same language, on the site's address as
        every mail's (`absolute_url`), not on the host the request named. Written to the
        outbox (`accounts.outbox`): a mail server that fails does not fail the page, which
        answers alike whatever the address, and the mail is tried again."""
        language = context["user"].preferred_language
        if language not in SUPPORTED:
            language = translation.get_language()
        link = absolute_url("accounts:password_reset_confirm", context["uid"], context["token"])
        context = {**context, "link": with_language(link, language)}
        with translation.override(language):
            # As Django's PasswordResetForm.send_mail writes it.
            subject = "".join(render_to_string(subject_template_name, context).splitlines())
            body = render_to_string(email_template_name, context)
            html = (
                render_to_string(html_email_template_name, context)
                if html_email_template_name
                else ""
            )
        message = _HtmlEmail(subject, body, from_email, [to_email])
        if html:
            message.attach_alternative(html, "text/html")
        with transaction.atomic(), queued_mail(kind=OutgoingMailKind.PASSWORD_RESET):
            _deliver(message)


def _folded(email: str) -> str:
    """The address compared as Django's reset compares it (Unicode-normalised, any case)."""
    return unicodedata.normalize("NFKC", email).casefold()


class MailPreferencesForm(Form):
    """The non-essential emails a person wants, ticked; essential ones always go out."""

    wanted = forms.MultipleChoiceField(
        label=_("Emails I want to receive"),
        choices=MailKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Emails about your account, invitations, and changes to your own meetings always "
            "reach you."
        ),
    )

    def opt_outs(self) -> list[str]:
        return [kind for kind in MailKind.values if kind not in self.cleaned_data["wanted"]]
