"""Forms of registration: the organiser's invitations, their acceptance, the open form."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from paddock.accounts.models import EMAIL_MAX_LENGTH
from paddock.core.forms import Form
from paddock.events.enums import Language
from paddock.events.models import Edition
from paddock.events.privacy import ConsentText
from paddock.participants.bulk_invitations import parse_invitation_lines
from paddock.participants.enums import CompanySize, ParticipantRole, Sector
from paddock.participants.forms import ParticipantAddForm, WebsiteField, country_choices

BLANK = [("", "---------")]


def _email_language_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Language of the email"),
        choices=settings.LANGUAGES,
        help_text=_("The invitation is written in this language."),
    )


def _languages_field(*, required: bool) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("Languages spoken"),
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
        required=required,
    )


def _default_language(edition: Edition) -> str:
    supported = {code for code, _name in settings.LANGUAGES}
    return next((code for code in edition.languages if code in supported), "en")


class InvitationForm(ParticipantAddForm):
    """The organiser's add form, plus the language of the invitation (when the account has no
    language of its own)."""

    language = _email_language_field()

    def __init__(self, *args: Any, edition: Edition, **kwargs: Any) -> None:
        super().__init__(*args, edition=edition, **kwargs)
        self.fields["languages"].help_text = _("The person may correct them when registering.")
        self.fields["language"].initial = _default_language(edition)

    def participant_fields(self) -> dict[str, Any]:
        names = ["email", "first_name", "last_name", "job_title", "role", "languages", "language"]
        return {name: self.cleaned_data[name] for name in names}


class BulkInvitationForm(Form):
    lines = forms.CharField(
        label=_("People to invite"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "One person per line: email; first name; last name; company. "
            "Companies already in the edition are recognised by their name."
        ),
    )
    role = forms.ChoiceField(label=_("Role"), choices=ParticipantRole.choices)
    languages = _languages_field(required=True)
    language = _email_language_field()
    new_company_country = forms.ChoiceField(
        label=_("Country of new companies"), required=False, choices=country_choices
    )
    new_company_sector = forms.ChoiceField(
        label=_("Sector of new companies"), required=False, choices=[*BLANK, *Sector.choices]
    )

    def __init__(self, *args: Any, edition: Edition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = _default_language(edition)

    def clean_lines(self) -> str:
        """Malformed lines are reported with the other fields' errors, before any lookup."""
        text = str(self.cleaned_data["lines"])
        _lines, errors = parse_invitation_lines(text)
        if errors:
            raise forms.ValidationError(errors)
        return text

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if bool(cleaned.get("new_company_country")) != bool(cleaned.get("new_company_sector")):
            missing = (
                "new_company_sector"
                if cleaned.get("new_company_country")
                else ("new_company_country")
            )
            self.add_error(missing, _("Give both the country and the sector of new companies."))
        return cleaned

    def new_company_fields(self) -> dict[str, str] | None:
        country = self.cleaned_data["new_company_country"]
        if not country:
            return None
        return {"country": country, "sector": self.cleaned_data["new_company_sector"]}


class PasswordFieldsMixin(Form):
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "At least 8 characters, not a common password, not only digits, and not close to "
            "your name or email address."
        ),
    )
    password_again = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_password_again(self) -> str:
        password = self.cleaned_data.get("password")
        again = self.cleaned_data["password_again"]
        if password and again != password:
            raise forms.ValidationError(_("The two passwords differ."), code="password_mismatch")
        return str(again)


class ConsentFieldsMixin(Form):
    """The required box accepting the privacy notice shown above it, and which version."""

    consent = forms.BooleanField(
        label=_("I have read and accept the privacy notice above"),
        error_messages={"required": _("Tick the box to accept the privacy notice.")},
    )
    consent_version = forms.CharField(widget=forms.HiddenInput, max_length=20)

    def __init__(self, *args: Any, consent: ConsentText, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Not `self.consent`: in a template `form.consent` is the box's bound field.
        self.notice = consent
        self.fields["consent_version"].initial = consent.version
        for name in ("consent", "consent_version"):  # last, after the person's details
            self.fields[name] = self.fields.pop(name)

    def show_consent_again(self) -> None:
        """The notice changed since the form was shown: the box is unticked again and a new
        submission accepts the version now shown."""
        self.data = self.data.copy()
        self.data["consent_version"] = self.notice.version
        self.data.pop("consent", None)


class AcceptInvitationForm(ConsentFieldsMixin, PasswordFieldsMixin):
    """Choose a password (a new account only: an existing one is logged in) and check one's
    details."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    job_title = forms.CharField(label=_("Job title"), max_length=150, required=False)
    languages = _languages_field(required=True)

    field_order = ["password", "password_again", "first_name", "last_name", "job_title"]

    def __init__(self, *args: Any, ask_password: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not ask_password:
            del self.fields["password"], self.fields["password_again"]


class RegistrationForm(ConsentFieldsMixin, PasswordFieldsMixin):
    """The public form of an edition open to registration."""

    email = forms.EmailField(
        label=_("Email address"),
        max_length=EMAIL_MAX_LENGTH,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    job_title = forms.CharField(label=_("Job title"), max_length=150, required=False)
    company_name = forms.CharField(label=_("Company"), max_length=200)
    join_company = forms.BooleanField(
        label=_("Ask to join this company"),
        required=False,
        widget=forms.HiddenInput,
        help_text=_(
            "Its representatives or the organiser then accept or decline your request; you "
            "hear from us by email."
        ),
    )
    company_country = forms.ChoiceField(label=_("Country"), choices=country_choices)
    company_city = forms.CharField(label=_("City"), max_length=100, required=False)
    company_sector = forms.ChoiceField(label=_("Sector"), choices=[*BLANK, *Sector.choices])
    company_size = forms.ChoiceField(
        label=_("Size"), required=False, choices=[*BLANK, *CompanySize.choices]
    )
    company_website = WebsiteField()
    role = forms.ChoiceField(
        label=_("You come as"), choices=ParticipantRole.choices, widget=forms.RadioSelect
    )
    languages = _languages_field(required=True)

    field_order = ["email", "password", "password_again", "first_name", "last_name", "job_title"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ticked = forms.CheckboxInput().value_from_datadict(self.data, self.files, "join_company")
        if self.is_bound and ticked:
            self.offer_to_join()

    def offer_to_join(self) -> None:
        """Shows the box to ask to join the existing company that the name designates."""
        self.fields["join_company"].widget = forms.CheckboxInput()

    def company_fields(self) -> dict[str, str]:
        return {
            name: self.cleaned_data[f"company_{name}"]
            for name in ("name", "country", "city", "sector", "size", "website")
        }


class ConfirmAddressForm(Form):
    """The page of an open form's confirmation link: the password given on the form, when the
    account's address was never confirmed (`registration.confirmation_asks_password`)."""

    password = forms.CharField(
        label=_("Password chosen on the registration form"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, ask_password: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not ask_password:
            del self.fields["password"]
