"""Personal tokens of the REST API: scoped to editions, read-only or read-write."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from paddock.api.enums import RevokeReason
from paddock.events.models import Edition


def utc_minute(moment: dt.datetime) -> str:
    """A token's time as tools and the command line read it: `2031-06-12 07:05 UTC`."""
    return f"{moment.astimezone(dt.UTC):%Y-%m-%d %H:%M} UTC"


class ApiToken(models.Model):
    """A person's key to the API. Only a SHA-256 hash of the secret is kept: the secret is
    32 random bytes, shown once when the token is created."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, e.g. “badge printer”.")
    )
    prefix = models.CharField(
        _("prefix"),
        max_length=16,
        unique=True,
        help_text=_("The public start of the token, to recognise it in lists and logs."),
    )
    secret_hash = models.CharField(_("secret hash"), max_length=64)
    editions = models.ManyToManyField(
        Edition, related_name="+", verbose_name=_("editions"), help_text=_("What it may reach.")
    )
    can_write = models.BooleanField(
        _("read and write"), default=False, help_text=_("Otherwise the token only reads.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_because = models.CharField(
        _("revoked because"), max_length=20, choices=RevokeReason.choices, blank=True
    )
    expires_at = models.DateTimeField(
        _("ends"), help_text=_("From this moment the token is refused (401 `expired`).")
    )
    end_warnings_sent = models.PositiveSmallIntegerField(
        _("end warnings sent"),
        default=0,
        help_text=_(
            "How many of the mails telling the owner that the token ends soon were sent: 1 "
            "a week before its end, 2 on its last day."
        ),
    )

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
