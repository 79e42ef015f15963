from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from paddock.events.models import Edition, Room
from paddock.participants.models import Participant


class Badge(models.Model):
    """A participant's printed badge. Its QR code carries only `code`, a random token: a lost
    badge tells nothing about its wearer."""

    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="badge", verbose_name=_("participant")
    )
    code = models.CharField(_("badge code"), max_length=32, unique=True)
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)

    class Meta:
        verbose_name = _("badge")
        verbose_name_plural = _("badges")

    def __str__(self) -> str:
        return self.code


class CheckIn(models.Model):
    """A participant's arrival at the entrance (no room) or at a room of the edition.

    Health data is never stored: only that a health pass was checked, by whom and when.
    """

    edition = models.ForeignKey(
        Edition,
        on_delete=models.CASCADE,
        related_name="checkins",
        verbose_name=_("edition"),
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="checkins",
        verbose_name=_("participant"),
    )
    room = models.ForeignKey(
        Room,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="checkins",
        verbose_name=_("room"),
        help_text=_("Empty means the entrance."),
    )
    checked_in_at = models.DateTimeField(_("checked in at"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked in by"),
    )
    health_pass_checked = models.BooleanField(
        _("health pass checked"),
        default=False,
        help_text=_("That the agent checked a health pass; the pass itself is never stored."),
    )

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-checked_in_at", "-pk"]
        indexes = [models.Index(fields=["participant", "-checked_in_at"])]

    def __str__(self) -> str:
        place = self.room.name if self.room_id else gettext("entrance")
        return f"{self.participant} @ {place}"
