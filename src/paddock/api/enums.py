"""Choices of the API's tokens: how long a new one lasts, and why one was revoked."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TokenValidity(models.IntegerChoices):
    """Days a new token works. No choice without an end: a token forgotten in a tool nobody
    runs any more, or copied by someone, would otherwise open the account for good."""

    MONTH = 30, _("30 days")
    QUARTER = 90, _("90 days")
    YEAR = 365, _("365 days")


DEFAULT_VALIDITY = TokenValidity.QUARTER


class RevokeReason(models.TextChoices):
    """Why a token was revoked. Every reason but OWNER is a password set by someone who did
    not prove they hold the account with its current one (`services.revoke_tokens_of`)."""

    OWNER = "owner", _("revoked by its owner")
    PASSWORD_RESET = "password_reset", _("revoked by a password reset")
    ADMIN_PASSWORD = "admin_password", _("revoked when an administrator set the password")
    PASSWORD_LINK = "password_link", _("revoked when a password was chosen through a link")
