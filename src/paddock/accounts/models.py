from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from paddock.accounts.enums import OutgoingMailKind, OutgoingMailStatus, TokenPurpose


class UserManager(BaseUserManager["User"]):
    """Users are identified by their email address; there is no username."""

    use_in_migrations = True

    def _create(self, email: str, password: str | None, **fields: object) -> "User":
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields: object) -> "User":
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields: object) -> "User":
        fields["is_staff"] = True
        fields["is_superuser"] = True
        return self._create(email, password, **fields)


# The domain of an erased account's placeholder address (`privacy.services.erased_email`):
# `.invalid` (RFC 6761), which no mail reaches.
ERASED_DOMAIN = "erased.invalid"


def is_erased_address(email: str) -> bool:
    return email.endswith(f"@{ERASED_DOMAIN}")


def display_name(first_name: str, last_name: str, email: str) -> str:
    """How a person is named: the full name, else the address; an erased account, whose
    names are gone and whose address is a placeholder, in words of the active language.
    Pages that read plain values rather than users (issue 16) call it too."""
    name = f"{first_name} {last_name}".strip()
    if name:
        return name
    if is_erased_address(email):
        # Translators: how mails and pages name a person whose data was erased; it reads
        # inside sentences ("Your meeting with %(name)s of %(company)s is cancelled").
        return gettext("an anonymised participant")
    return email


class User(AbstractUser):
    username = None  # type: ignore[assignment]  # email is the login
    email = models.EmailField(_("email address"), unique=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        blank=True,
        help_text=_("Language of the emails sent to this person; empty means the site default."),
    )
    mail_opt_outs = models.JSONField(
        _("emails unsubscribed from"),
        default=list,
        blank=True,
        help_text=_("The kinds of non-essential emails this person no longer receives."),
    )
    turned_off_at = models.DateTimeField(
        _("turned off"),
        null=True,
        blank=True,
        help_text=_(
            "When the site's administrators turned the account off. Empty for an active "
            "account, and for one inactive only because nobody has used it yet."
        ),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return display_name(self.first_name, self.last_name, self.email)

    @property
    def is_turned_off(self) -> bool:
        """The site's administrators turned the account off (`turned_off_at`, or, for one
        turned off before that was recorded, it had logged in): not an account inactive
        because nobody has used it yet (an open form's before its confirmation)."""
        return not self.is_active and (
            self.turned_off_at is not None or self.last_login is not None
        )

    @property
    def is_password_disabled(self) -> bool:
        """The site's administrators disabled its password: it logged in, and has none. No
        link or reset gives it one back."""
        return not self.has_usable_password() and self.last_login is not None


# The longest address an account holds: every form, file and API that takes one checks it,
# since PostgreSQL refuses a longer one with an error (a 500) where SQLite stores it.
EMAIL_MAX_LENGTH: int = User._meta.get_field("email").max_length  # type: ignore[assignment]


class AccountToken(models.Model):
    """A single-use, expiring link sent by email: an invitation or an email verification.

    Only a SHA-256 digest of the secret is stored, so the table alone opens no account.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="tokens", verbose_name=_("user")
    )
    edition = models.ForeignKey(
        "events.Edition",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("edition"),
    )
    purpose = models.CharField(_("purpose"), max_length=16, choices=TokenPurpose.choices)
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    replaced_at = models.DateTimeField(
        _("replaced"), null=True, blank=True, help_text=_("When a newer link replaced this one.")
    )
    # An open form's password, hashed: confirming the address sets the one given with this
    # link, not whatever a later form (anyone's) put on the unconfirmed account meanwhile.
    password = models.CharField(_("password"), max_length=128, blank=True, default="")

    class Meta:
        verbose_name = _("email link")
        verbose_name_plural = _("email links")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "edition", "purpose"], name="token_owner")]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} · {self.user}"


class OutgoingMail(models.Model):
    """A mail of the outbox (`accounts.outbox`): written in the transaction of the action that
    sends it, sent by the task worker or the periodic job, retried with back-off.

    Until it is sent the row holds the whole message, as it will leave (links with tokens in
    it); once sent, only what the edition's mail page shows stays (recipient, kind, time,
    status), and the row goes after `MAIL_KEEP_DAYS`.
    """

    edition = models.ForeignKey(
        "events.Edition",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("edition"),
    )
    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
        help_text=_("The account of the recipient, when the address has one."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=OutgoingMailKind.choices)
    recipient = models.EmailField(_("recipient"), max_length=254)
    subject = models.TextField(_("subject"), blank=True)
    body = models.TextField(_("text"), blank=True)
    html_body = models.TextField(_("HTML"), blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=OutgoingMailStatus.choices,
        default=OutgoingMailStatus.WAITING,
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    refused_for_good = models.BooleanField(
        _("refused for good"),
        default=False,
        help_text=_("The mail server answered that it will never take this mail (5xx)."),
    )
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claim = models.UUIDField(
        _("claim"),
        null=True,
        blank=True,
        help_text=_("The sender that took the mail for its current attempt."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outgoing mails")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outgoing_mail_due"),
            models.Index(fields=["edition", "created_at"], name="outgoing_mail_edition"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.recipient}"
